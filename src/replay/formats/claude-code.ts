/**
 * Claude Code session transcripts (`~/.claude/projects/<cwd>/<session>.jsonl`, sub-agents in
 * `…/subagents/agent-*.jsonl`). Records form a tree by `parentUuid`; the active branch is the chain
 * from the last main-line record back to the root (following `logicalParentUuid` across
 * compactions). Records on other branches were rewound by the user but their tool calls did run,
 * so they are still evaluated and marked `abandoned`; sidechain records are a sub-agent's work.
 * Assistant records embed Anthropic Messages content; tool results carry a structured
 * `toolUseResult` beside them. Permission modes come from `permission-mode` records and the
 * `permissionMode` of user records. Per-call approvals are not recorded, except declines, which
 * show as an error tool result ("The user doesn't want to proceed with this tool use").
 *
 * Two passes over the file: the first keeps only ids (uuid → parent), the second emits events.
 */
import type { FormatReader } from './util.js';
import { has, obj, str, textOf } from './util.js';
import { emitContent } from './anthropic-messages.js';

const RECORD_TYPES = new Set([
  'user', 'assistant', 'system', 'summary', 'progress', 'file-history-snapshot', 'queue-operation', 'permission-mode',
  'attachment', 'pr-link', 'agent-name', 'custom-title', 'last-prompt', 'ai-title', 'agent-setting', 'bridge-session',
  'worktree-state', 'cost-state', 'mode',
]);
const DELEGATING_TOOLS = new Set(['Task', 'Agent']);
const DENIAL = /doesn't want to proceed|does not want to proceed|user (?:rejected|denied|declined)|permission to use \S{1,200} (?:has been |was )?denied|tool use was rejected/i;
const MAX_IDS = 2_000_000;

export const claudeCode: FormatReader = {
  id: 'claude-code-jsonl',
  title: 'Claude Code JSONL transcript',
  detect(sample, shape) {
    let score = 0;
    for (const rec of sample) {
      const o = obj(rec);
      if (!o || !RECORD_TYPES.has(String(o.type))) continue;
      if (has(o, 'parentUuid') && (has(o, 'sessionId') || has(o, 'uuid'))) return shape === 'jsonl' ? 1 : 0.9;
      if (o.type === 'permission-mode' || o.type === 'file-history-snapshot' || (o.type === 'summary' && has(o, 'leafUuid'))) score = 0.8;
      if ((o.type === 'user' || o.type === 'assistant') && obj(o.message) && has(o, 'sessionId')) score = Math.max(score, 0.8);
    }
    return score;
  },
  async read(input, emit, ctx) {
    // Pass 1: the tree, and which sub-agent type each agent id runs.
    const parent = new Map<string, string | null>();
    // a tool result hangs off the assistant record of its call, which leaves parallel results of one
    // message off the main chain although nothing was rewound
    const resultOf = new Map<string, string>();
    // … and parallel calls of one message are written as sibling records with the same message id
    const messageOf = new Map<string, string>();
    const sidechain = new Set<string>();
    const subagentTypeOfCall = new Map<string, string>();
    const agentType = new Map<string, string>();
    const lineOf = new Map<string, number>();
    const mainLine: string[] = [];
    let leaf: string | undefined;
    let sidechainLeaf: string | undefined;
    for await (const rec of input.records(() => {})) {
      const o = obj(rec.value);
      if (!o) continue;
      const uuid = str(o.uuid);
      if (uuid && parent.size < MAX_IDS) {
        parent.set(uuid, str(o.parentUuid) ?? str(o.logicalParentUuid) ?? null);
        lineOf.set(uuid, rec.line);
        if (o.isSidechain === true) sidechain.add(uuid);
        if (o.type === 'user' || o.type === 'assistant') {
          if (o.isSidechain === true) sidechainLeaf = uuid;
          else {
            leaf = uuid;
            mainLine.push(uuid);
          }
        }
        const messageId = o.type === 'assistant' ? str(obj(o.message)?.id) : undefined;
        if (messageId) messageOf.set(uuid, messageId);
        if (o.type === 'user' && firstToolResultId(obj(o.message)?.content)) {
          const source = str(o.sourceToolAssistantUUID) ?? str(o.parentUuid);
          if (source) resultOf.set(uuid, source);
        }
      }
      const content = obj(o.message)?.content;
      if (o.type === 'assistant' && Array.isArray(content)) {
        for (const b of content) {
          const block = obj(b);
          if (block?.type === 'tool_use' && DELEGATING_TOOLS.has(String(block.name))) {
            const type = str(obj(block.input)?.subagent_type);
            if (type && typeof block.id === 'string') subagentTypeOfCall.set(block.id, type);
          }
        }
      }
      const tur = obj(o.toolUseResult);
      if (o.type === 'user' && tur && typeof tur.agentId === 'string') {
        const callId = str(o.sourceToolUseID) ?? firstToolResultId(content);
        const type = callId ? subagentTypeOfCall.get(callId) : undefined;
        if (type) agentType.set(tur.agentId, type);
      }
    }
    const active = new Set<string>();
    let start = leaf ?? sidechainLeaf;
    for (let rounds = 0; start && rounds < 10_000; rounds++) {
      let id: string | null | undefined = start;
      let last = start;
      for (let guard = 0; id && parent.has(id) && !active.has(id) && guard < MAX_IDS; guard++) {
        active.add(id);
        last = id;
        id = parent.get(id);
      }
      // A compaction starts a new chain whose logical parent is often not in the file: carry on
      // from the last main-line record written before the boundary.
      const dangling = typeof id === 'string' && !parent.has(id);
      if (!dangling) break;
      const before = lineOf.get(last) ?? 0;
      start = undefined;
      for (let i = mainLine.length - 1; i >= 0; i--) {
        const candidate = mainLine[i]!;
        if ((lineOf.get(candidate) ?? 0) < before && !active.has(candidate)) {
          start = candidate;
          break;
        }
      }
    }
    parent.clear();
    lineOf.clear();
    const activeMessages = new Set<string>();
    for (const id of active) {
      const m = messageOf.get(id);
      if (m) activeMessages.add(m);
    }
    messageOf.forEach((m, id) => {
      if (!activeMessages.has(m)) messageOf.delete(id);
    });
    const main = (uuid: string | undefined): boolean => !!uuid && (active.has(uuid) || messageOf.has(uuid));
    const onMainLine = (uuid: string): boolean => main(uuid) || main(resultOf.get(uuid));

    // Pass 2: events.
    const seenCalls = new Set<string>();
    let sessionSent = false;
    let mode: string | undefined;
    let mainAgent = 'claude-code';
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const o = obj(rec.value);
      if (!o) continue;
      const type = str(o.type);
      const time = str(o.timestamp);
      if (!sessionSent && typeof o.sessionId === 'string') {
        sessionSent = true;
        emit({ kind: 'session', sessionId: o.sessionId, agent: mainAgent, src: { line: rec.line }, time });
      }
      if (type === 'agent-name' && typeof o.agentName === 'string' && o.isSidechain !== true) mainAgent = o.agentName;
      const newMode = type === 'permission-mode' ? str(o.permissionMode) : type === 'user' ? str(o.permissionMode) : undefined;
      if (newMode && newMode !== mode) {
        mode = newMode;
        emit({ kind: 'session', settings: { permissionMode: newMode }, src: { line: rec.line }, time });
      }
      if (type !== 'user' && type !== 'assistant') continue;
      const message = obj(o.message);
      if (!message) continue;
      const uuid = str(o.uuid);
      const isSide = o.isSidechain === true;
      const branch = isSide ? ('sidechain' as const) : uuid && active.size && !onMainLine(uuid) ? ('abandoned' as const) : undefined;
      const agentId = str(o.agentId);
      const actor = isSide ? (agentId && agentType.get(agentId)) ?? `subagent:${agentId ?? str(o.slug) ?? 'sidechain'}` : type === 'user' ? 'user' : mainAgent;
      const tur = o.toolUseResult;
      const toolUseResultText = tur === undefined ? undefined : textOf(tur);
      const role = type === 'user' ? 'user' : 'assistant';
      if (type === 'user' && o.isMeta === true && typeof message.content === 'string') {
        emit({ kind: 'message', role: 'system', text: message.content, actor: 'claude-code', src: { line: rec.line, pointer: '/message/content' }, time, id: uuid, branch });
        continue;
      }
      emitContent(message.content, {
        rec,
        path: ['message', 'content'],
        role,
        actor,
        time,
        branch,
        emit: (e) => emit(e.kind === 'message' || e.kind === 'tool-call' ? { ...e, id: e.kind === 'tool-call' ? e.callId : uuid } : e),
        toolUseResultText: toolUseResultText && toolUseResultText.length < 1_000_000 ? toolUseResultText : undefined,
        seen: (id) => {
          if (seenCalls.has(id)) return false;
          if (seenCalls.size < MAX_IDS) seenCalls.add(id);
          return true;
        },
        denial: (text) => DENIAL.test(text.slice(0, 2000)),
        onToolUse: (block, path) => {
          if (!DELEGATING_TOOLS.has(String(block.name))) return;
          const input = obj(block.input);
          emit({
            kind: 'delegation',
            from: actor,
            to: str(input?.subagent_type) ?? 'general-purpose',
            callId: str(block.id),
            actor,
            src: { line: rec.line, pointer: `/message/content/${path[path.length - 1]}` },
            time,
            branch,
          });
        },
      });
    }
  },
};

function firstToolResultId(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const b of content) {
    const block = obj(b);
    if (block?.type === 'tool_result' && typeof block.tool_use_id === 'string') return block.tool_use_id;
  }
  return undefined;
}
