/**
 * The normalized session model every format reader produces. A reader turns one recorded session
 * into an ordered stream of events; the evaluator turns events into timeline steps, verdicts and
 * findings. Each event keeps a pointer back to its line in the session file.
 *
 * Facts a format cannot supply stay `undefined` (or `'unknown'`), never a guessed "allowed".
 */

export const FORMAT_IDS = [
  'agentwarden-jsonl',
  'openai-chat',
  'openai-responses',
  'anthropic-messages',
  'claude-code-jsonl',
  'codex-rollout',
  'otlp-json',
  'mcp-jsonrpc',
  'openai-agents-trace',
  'langsmith-runs',
  'invariant-trace',
  'agentdojo-result',
  'gemini-cli',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** Where an event came from: a 1-based line (and column) in the session file, plus a JSON pointer inside it. */
export interface SourceRef {
  line: number;
  column?: number;
  pointer?: string;
}

interface EventBase {
  /** Stable id from the source (message uuid, span id, call id …), when there is one. */
  id?: string;
  /** ISO-8601, when the format records time. */
  time?: string;
  /** Who acted: `user`, `assistant`, an agent name, `subagent:<id>`, an MCP client … */
  actor?: string;
  src: SourceRef;
  /** Claude Code: the step lies on a sidechain (sub-agent) or on a branch the user rewound. */
  branch?: 'sidechain' | 'abandoned';
}

/** Session-level facts. Not a timeline step; `boundary` starts a new session inside the same file. */
export interface SessionEvent extends EventBase {
  kind: 'session';
  boundary?: boolean;
  sessionId?: string;
  /** The agent that runs the session (default principal). */
  agent?: string;
  /** The human (or service) the agent acts for. */
  user?: string;
  objective?: string;
  /** Environment variables the agent ran with (values are scanned for secrets, never printed). */
  env?: Record<string, string>;
  settings?: SessionSettings;
  /** Tools an agent holds, when the format declares them (agent spans, normalized sessions). */
  agentTools?: { agent: string; tools: string[] }[];
}

export interface SessionSettings {
  /** Claude Code `permissionMode`. */
  permissionMode?: string;
  /** Codex `approval_policy`. */
  approvalPolicy?: string;
  /** Codex `sandbox_policy.mode` (or its string form). */
  sandboxPolicy?: string;
}

export interface MessageEvent extends EventBase {
  kind: 'message';
  role: 'user' | 'assistant' | 'system' | 'developer' | 'tool';
  text: string;
}

export interface ToolCallEvent extends EventBase {
  kind: 'tool-call';
  callId?: string;
  tool: string;
  /** MCP server label, when known. */
  server?: string;
  /** Parsed arguments; only meaningful when `argsRecorded`. */
  args: unknown;
  /** False when the format did not record the arguments (e.g. OTel spans without opt-in attributes). */
  argsRecorded: boolean;
  /** The raw argument text, when the format stores arguments as a JSON string. */
  argsRaw?: string;
  argsError?: string;
  /** The call asked to leave its sandbox (Codex `sandbox_permissions: require_escalated`). */
  escalation?: boolean;
  /** Responses `mcp_call.approval_request_id`. */
  approvalRequestId?: string;
  /** Normalized sessions: id of the credential the call used. */
  credential?: string;
  /** The format records approvals per call; a call with none was not approved (Responses MCP calls). */
  approvalRecordedPerCall?: boolean;
}

export interface ToolResultEvent extends EventBase {
  kind: 'tool-result';
  callId?: string;
  tool?: string;
  text: string;
  isError?: boolean;
}

export interface ApprovalEvent extends EventBase {
  kind: 'approval';
  callId?: string;
  /** An approval request id (Responses `mcp_approval_request.id`). */
  requestId?: string;
  tool?: string;
  decision: 'approved' | 'denied' | 'requested';
  approver?: string;
  scope?: 'once' | 'session';
  reason?: string;
  /** Derived from indirect evidence (e.g. a tool result saying the user declined). */
  inferred?: boolean;
}

export interface DelegationEvent extends EventBase {
  kind: 'delegation';
  from?: string;
  to: string;
  /** Tools the delegate holds, when declared. */
  tools?: string[];
  callId?: string;
}

export interface CredentialIssueEvent extends EventBase {
  kind: 'credential-issue';
  credential: string;
  lifetime?: 'long-lived' | 'expiring' | 'unknown';
  shared?: boolean;
  holder?: string;
  /** The secret value, when recorded: tracked for flow and use, never printed. */
  value?: string;
}

export interface CredentialRevokeEvent extends EventBase {
  kind: 'credential-revoke';
  target: 'credential' | 'session' | 'agent' | 'tool' | 'approval';
  ref?: string;
}

export type ReplayEvent =
  | SessionEvent
  | MessageEvent
  | ToolCallEvent
  | ToolResultEvent
  | ApprovalEvent
  | DelegationEvent
  | CredentialIssueEvent
  | CredentialRevokeEvent;

/** What the readers hand events to; synchronous so that reading paces evaluation (bounded memory). */
export type EventSink = (event: ReplayEvent) => void;
