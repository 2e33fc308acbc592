/**
 * The replay checks, each a rule with its metadata (for SARIF `tool.driver.rules`, `explain`, docs).
 * The checks themselves live in `checks/`, `trackers/` and `evaluate.ts`; their positive and negative
 * examples are the session fixtures under `fixtures/sessions/`, run by `test/replay/`.
 */
import type { RuleMeta } from '../core/rule.js';

export const RULES = {
  unapprovedHighRisk: {
    id: 'replay/unapproved-high-risk',
    title: 'High-risk tool call without a recorded approval',
    category: 'runtime.unapproved-high-risk',
    severity: 'high',
    description:
      'The agent made a call of a high-risk class (shell or code execution, file writes or deletes, data export, payments, destructive database writes, credential access, privilege changes) and the session records no human or policy approval for it. When the format cannot say whether an approval happened, the finding has low confidence.',
    remediation:
      'Require approval for this class of call in the agent client or gateway (permission prompts, approval policies, MCP require_approval), record approvals in the session or an approvals file, or narrow the tools the agent holds.',
  },
  approvalRequired: {
    id: 'replay/approval-required',
    title: 'Call the policy requires approval for ran without one',
    category: 'runtime.unapproved-high-risk',
    severity: 'high',
    description:
      'The replay policy (tools.requireApproval, an argument constraint with verdict needs-approval, or a Cedar policy annotated @verdict("needs-approval")) requires an approval for this call, and none is recorded.',
    remediation: 'Gate the tool behind an approval step in the agent runtime, or record the approval (session approval records or an approvals file).',
  },
  executedDespiteDenial: {
    id: 'replay/executed-despite-denial',
    title: 'Call ran although its approval was denied',
    category: 'runtime.unapproved-high-risk',
    severity: 'critical',
    description: 'An approval record denies the call, yet a result shows it ran: the approval step did not gate execution.',
    remediation: 'Make the runtime block the call until an approval is granted, and treat a denial as final; investigate what the call changed.',
  },
  toolNotAllowed: {
    id: 'replay/tool-not-allowed',
    title: 'Tool outside the allowed set (intent drift)',
    category: 'runtime.intent-drift',
    severity: 'high',
    description: "The agent called a tool that is not in the policy's tools.allow (or in the tools declared for this agent): it left the scope of its approved objective.",
    remediation: 'Remove the tool from the agent, or add it to the policy if the objective needs it; look at what led the agent to it (a prompt injection in a tool result is a common cause).',
  },
  toolDenied: {
    id: 'replay/tool-denied',
    title: 'Denied tool called',
    category: 'runtime.intent-drift',
    severity: 'high',
    description: "The agent called a tool the policy's tools.deny forbids.",
    remediation: 'Take the tool away from the agent (client config, MCP server allow-list, gateway policy) so that the call cannot be made.',
  },
  argumentConstraint: {
    id: 'replay/argument-constraint',
    title: 'Tool arguments violate a policy constraint',
    category: 'runtime.intent-drift',
    severity: 'high',
    description: "A call's arguments break an argument constraint of the policy (a limit, an allowed value or pattern).",
    remediation: 'Enforce the constraint where the tool runs (input validation, a gateway policy) and review why the agent chose these arguments.',
  },
  cedarDeny: {
    id: 'replay/cedar-deny',
    title: 'Cedar policy denies the call',
    category: 'runtime.intent-drift',
    severity: 'high',
    description: 'The Cedar policies forbid this tool call (a forbid policy applies, or no policy permits it).',
    remediation: 'Enforce the same Cedar policy at run time in the agent gateway, or change the policy if the call was legitimate.',
  },
  secretExfiltration: {
    id: 'replay/secret-exfiltration',
    title: 'Secret from a tool result or the environment sent out',
    category: 'runtime.secret-exfiltration',
    severity: 'critical',
    description:
      'A secret the agent saw in a tool result, its environment or an issued credential reappears (as is, URL-encoded or base64-encoded) in the arguments of a later outbound call (network request, message, upload).',
    remediation: 'Revoke the secret now. Keep secrets out of tool results (redact in the tool), restrict egress to allowed hosts, and require approval for outbound calls.',
  },
  credentialMisuse: {
    id: 'replay/credential-misuse',
    title: 'Long-lived or shared credential used by the agent',
    category: 'runtime.credential-misuse',
    severity: 'medium',
    description:
      'The agent handled a long-lived credential (a static key or personal token) directly in a call, or used a credential that other agents or identities share, so its actions cannot be told apart or contained.',
    remediation: 'Give the agent its own short-lived, narrowly scoped credential (workload identity federation, OAuth on behalf of the user, STS), injected by the tool rather than passed through the model.',
  },
  afterRevocation: {
    id: 'replay/after-revocation',
    title: 'Action after a revocation',
    category: 'runtime.after-revocation',
    severity: 'high',
    description: 'The agent acted after its session, identity, tool, approval or credential had been revoked.',
    remediation: 'Make revocation take effect immediately in the runtime (short token lifetimes, session kill switch, gateway deny list) and review what the late actions did.',
  },
  delegationEscalation: {
    id: 'replay/delegation-escalation',
    title: 'Delegation to an agent with wider tools',
    category: 'runtime.delegation-escalation',
    severity: 'high',
    description: 'An agent delegated work to another agent that holds (or used) tools the delegating agent does not have, which widens what the original request can reach.',
    remediation: "Give sub-agents at most the delegating agent's tools, or require approval for the delegation; declare each agent's tools in the policy (agents:) so replay can check them.",
  },
  untrustedArgument: {
    id: 'replay/untrusted-argument',
    title: 'Decisive argument taken from untrusted tool output',
    category: 'runtime.untrusted-argument',
    severity: 'high',
    description:
      "A consequential call (a payment, an outbound message or share, code execution, credential use) got a decisive argument (a recipient, IBAN, URL or host, command, path, credential) that appears only in an earlier tool result, not in the user's request, the system prompt or the policy, and the user did not point the agent at that result. This is how an injected instruction hijacks a permitted tool. Also reported when the policy says an argument must come from the user (fromUser) and it did not.",
    remediation:
      'Check where the value came from before the call runs (the evidence shows the result and the call); take destinations from the user or an allow-list, mark trusted data sources in the policy (provenance.trustedSources), and constrain the argument (oneOf, hosts, fromUser).',
  },
  callLimit: {
    id: 'replay/call-limit',
    title: 'Tool called more often than the policy allows',
    category: 'runtime.intent-drift',
    severity: 'high',
    description: 'The session called a tool more times than tools.maxCalls allows.',
    remediation: 'Enforce a per-session call budget in the runtime, and review why the agent repeated the call.',
  },
} as const satisfies Record<string, RuleMeta>;

export type ReplayRuleKey = keyof typeof RULES;

/** Rule metadata for SARIF `tool.driver.rules` and `agentwarden explain`. */
export const replayRules: RuleMeta[] = Object.values(RULES);
