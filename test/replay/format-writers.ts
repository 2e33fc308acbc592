/**
 * One recorded session written in each format replay reads, the way each tool actually writes it
 * (field names, nesting, order: exporters write spans as they end). Scenarios are abstract: a user
 * request, then tool calls with their results, optionally handed off to a sub-agent. Written for
 * these tests; no third-party trace is copied.
 */

export interface ScenarioCall {
  tool: string;
  args: Record<string, unknown>;
  result?: string;
  /** The agent making the call (a sub-agent after a hand-off). */
  actor?: string;
}

export interface Scenario {
  user: string;
  calls: ScenarioCall[];
  /** The main agent's name. */
  agent?: string;
  /** A hand-off from the main agent to this sub-agent before the calls whose actor it is. */
  subAgent?: string;
}

export interface Written {
  name: string;
  text: string;
}

export type Writer = (s: Scenario) => Written;

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (step: number): string => new Date(T0 + step * 1000).toISOString();
const jsonl = (lines: unknown[]): string => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const agentOf = (s: Scenario): string => s.agent ?? 'assistant-agent';

export const WRITERS: Record<string, Writer> = {
  'agentwarden-jsonl': (s) => {
    const lines: object[] = [{ type: 'session', schema: 'agentwarden.session/v1', id: 's-1', agent: agentOf(s), time: iso(0) }, { type: 'message', role: 'user', text: s.user, time: iso(0) }];
    let delegated = false;
    s.calls.forEach((c, i) => {
      if (c.actor && c.actor !== agentOf(s) && !delegated) {
        delegated = true;
        lines.push({ type: 'delegation', from: agentOf(s), to: c.actor, time: iso(i + 1) });
      }
      lines.push({ type: 'tool-call', id: `c${i}`, tool: c.tool, args: c.args, actor: c.actor ?? agentOf(s), time: iso(i + 1) });
      if (c.result !== undefined) lines.push({ type: 'tool-result', callId: `c${i}`, output: c.result, time: iso(i + 1) });
    });
    return { name: 'session.jsonl', text: jsonl(lines) };
  },

  'openai-chat': (s) => {
    const messages: object[] = [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: s.user }];
    s.calls.forEach((c, i) => {
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: c.tool, arguments: JSON.stringify(c.args) } }] });
      if (c.result !== undefined) messages.push({ role: 'tool', tool_call_id: `call_${i}`, content: c.result });
    });
    return { name: 'chat.json', text: JSON.stringify({ model: 'gpt-4o', messages }, null, 2) };
  },

  'anthropic-messages': (s) => {
    const messages: object[] = [{ role: 'user', content: s.user }];
    s.calls.forEach((c, i) => {
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_0${i}`, name: c.tool, input: c.args }] });
      if (c.result !== undefined) messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_0${i}`, content: [{ type: 'text', text: c.result }] }] });
    });
    return { name: 'messages.json', text: JSON.stringify({ model: 'claude-sonnet-4-5', system: 'You help with errands.', messages }, null, 2) };
  },

  'openai-responses': (s) => {
    const items: object[] = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: s.user }] }];
    s.calls.forEach((c, i) => {
      items.push({ type: 'function_call', id: `fc_${i}`, call_id: `call_${i}`, name: c.tool, arguments: JSON.stringify(c.args), status: 'completed' });
      if (c.result !== undefined) items.push({ type: 'function_call_output', call_id: `call_${i}`, output: c.result });
    });
    return { name: 'responses.json', text: JSON.stringify(items, null, 2) };
  },

  'gemini-cli': (s) => {
    const messages: object[] = [{ id: 'm0', timestamp: iso(0), type: 'user', content: [{ text: s.user }] }];
    s.calls.forEach((c, i) => {
      const id = `${c.tool}-${1762160400000 + i}`;
      messages.push({
        id: `m${i + 1}`, timestamp: iso(i + 1), type: 'gemini', content: '', model: 'gemini-2.5-pro',
        toolCalls: [{
          id, name: c.tool, args: c.args, status: 'success', timestamp: iso(i + 1), displayName: c.tool,
          ...(c.result !== undefined ? { result: [{ functionResponse: { id, name: c.tool, response: { output: c.result } } }], resultDisplay: c.result } : {}),
        }],
      });
    });
    const record = { sessionId: '3c1d2a0e-5b4f-4a8e-9c7d-1e2f3a4b5c6d', projectHash: 'a'.repeat(64), startTime: iso(0), lastUpdated: iso(s.calls.length), messages };
    return { name: 'session-2026-11-02T09-00-3c1d2a0e.json', text: JSON.stringify(record, null, 2) };
  },

  'gemini-cli-checkpoint': (s) => {
    const history: object[] = [{ role: 'user', parts: [{ text: s.user }] }];
    s.calls.forEach((c, i) => {
      const id = `${c.tool}-${i}`;
      history.push({ role: 'model', parts: [{ functionCall: { id, name: c.tool, args: c.args } }] });
      if (c.result !== undefined) history.push({ role: 'user', parts: [{ functionResponse: { id, name: c.tool, response: { output: c.result } } }] });
    });
    return { name: 'checkpoint-errand.json', text: JSON.stringify(history, null, 2) };
  },

  'claude-code-jsonl': (s) => {
    const sessionId = '0b6f1e2d-3c4a-4b5c-8d7e-9f0a1b2c3d4e';
    const common = { isSidechain: false, userType: 'external', cwd: '/home/dev/app', sessionId, version: '2.0.31', gitBranch: 'main' };
    const lines: object[] = [];
    let parent: string | null = null;
    const add = (o: object): void => {
      const uuid = `u-${lines.length}`;
      lines.push({ parentUuid: parent, ...common, ...o, uuid });
      parent = uuid;
    };
    add({ type: 'user', message: { role: 'user', content: s.user }, timestamp: iso(0) });
    s.calls.forEach((c, i) => {
      const id = `toolu_01${String(i).padStart(4, '0')}`;
      add({ type: 'assistant', message: { id: `msg_${i}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: c.tool, input: c.args }], stop_reason: 'tool_use' }, requestId: `req_${i}`, timestamp: iso(i + 1) });
      if (c.result !== undefined) {
        add({ type: 'user', message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content: c.result }] }, toolUseResult: { stdout: c.result, stderr: '', interrupted: false }, timestamp: iso(i + 1) });
      }
    });
    return { name: `${sessionId}.jsonl`, text: jsonl(lines) };
  },

  'codex-rollout': (s) => {
    const ts = (i: number) => iso(i);
    const lines: object[] = [
      { timestamp: ts(0), type: 'session_meta', payload: { id: '0199f3a2-0000-7000-8000-000000000001', timestamp: ts(0), cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.46.0' } },
      { timestamp: ts(0), type: 'turn_context', payload: { cwd: '/home/dev/app', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false }, model: 'gpt-5-codex' } },
      { timestamp: ts(0), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: s.user }] } },
      { timestamp: ts(0), type: 'event_msg', payload: { type: 'user_message', message: s.user } },
    ];
    s.calls.forEach((c, i) => {
      lines.push({ timestamp: ts(i + 1), type: 'response_item', payload: { type: 'function_call', name: c.tool, arguments: JSON.stringify(c.args), call_id: `call_${i}` } });
      if (c.result !== undefined) lines.push({ timestamp: ts(i + 1), type: 'response_item', payload: { type: 'function_call_output', call_id: `call_${i}`, output: c.result } });
    });
    return { name: 'rollout-2026-11-02T09-00-00-0199f3a2-0000-7000-8000-000000000001.jsonl', text: jsonl(lines) };
  },

  'invariant-trace': (s) => {
    const messages: object[] = [{ role: 'user', content: s.user }];
    s.calls.forEach((c, i) => {
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: String(i), type: 'function', function: { name: c.tool, arguments: c.args } }] });
      if (c.result !== undefined) messages.push({ role: 'tool', tool_call_id: String(i), content: c.result });
    });
    return { name: 'explorer.jsonl', text: jsonl([{ messages, metadata: { source: 'test' } }, { messages: [{ role: 'user', content: 'hello' }], metadata: {} }]) };
  },

  'agentdojo-result': (s) => {
    const text = (t: string) => [{ type: 'text', content: t }];
    const messages: object[] = [{ role: 'system', content: text('You are an AI language model who assists the user by using the given tools.') }, { role: 'user', content: text(s.user) }];
    s.calls.forEach((c, i) => {
      const call = { function: c.tool, args: c.args, id: `call_${i}`, placeholder_args: null };
      messages.push({ role: 'assistant', content: null, tool_calls: [call] });
      if (c.result !== undefined) messages.push({ role: 'tool', content: text(c.result), tool_call_id: `call_${i}`, tool_call: call, error: null });
    });
    return { name: 'result.json', text: JSON.stringify({ suite_name: 'workspace', pipeline_name: 'test-pipeline', user_task_id: 'user_task_1', injection_task_id: null, attack_type: null, injections: {}, messages, error: null, utility: true, security: true, duration: 3.2 }, null, 2) };
  },

  'otlp-json': (s) => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const t0 = BigInt(T0) * 1_000_000n;
    const ns = (step: number, plus = 0n) => String(t0 + BigInt(step) * 1_000_000_000n + plus);
    const kv = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
    const lead = 'a000000000000001';
    const sub = 'a000000000000002';
    const spans: object[] = [];
    const span = (spanId: string, parent: string | undefined, name: string, start: number, end: number, attrs: Record<string, string | number>) => ({
      traceId, spanId, ...(parent ? { parentSpanId: parent } : {}), name, kind: name.startsWith('chat') ? 3 : 1,
      startTimeUnixNano: ns(start), endTimeUnixNano: ns(end, 500_000_000n), attributes: Object.entries(attrs).map(([k, v]) => kv(k, v)), status: {},
    });
    // the model call that read the request
    spans.push(span('c000000000000001', lead, 'chat gpt-4o', 0, 0, {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: s.user }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_0', name: s.calls[0]!.tool, arguments: s.calls[0]!.args }], finish_reason: 'tool_call' }]),
    }));
    let subStart: number | undefined;
    s.calls.forEach((c, i) => {
      const inSub = !!c.actor && c.actor !== agentOf(s);
      if (inSub) subStart ??= i + 1;
      spans.push(span(`b00000000000000${i}`, inSub ? sub : lead, `execute_tool ${c.tool}`, i + 1, i + 1, {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': c.tool, 'gen_ai.tool.call.id': `call_${i}`, 'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.arguments': JSON.stringify(c.args), ...(c.result !== undefined ? { 'gen_ai.tool.call.result': c.result } : {}),
      }));
    });
    if (subStart !== undefined) {
      // the sub-agent's span ends after its tool calls: written after them
      spans.push(span(sub, lead, `invoke_agent ${s.subAgent}`, subStart, s.calls.length, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': s.subAgent! }));
    }
    spans.push(span(lead, undefined, `invoke_agent ${agentOf(s)}`, 0, s.calls.length + 1, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agentOf(s), 'gen_ai.conversation.id': 'conv_5f2a' }));
    const resource = { attributes: [kv('service.name', 'errand-agent')] };
    // the batch span processor: a few spans per export line
    const lines: object[] = [];
    for (let i = 0; i < spans.length; i += 3) lines.push({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_v2' }, spans: spans.slice(i, i + 3) }] }] });
    return { name: 'traces.otlp.jsonl', text: jsonl(lines) };
  },

  'openai-agents-trace': (s) => {
    const traceId = 'trace_4bf92f3577b34da6a3ce929d0e0e4736';
    const lead = 'span_lead000000000000000001';
    const sub = 'span_sub0000000000000000002';
    const items: object[] = [];
    const tools = (actor: string) => [...new Set(s.calls.filter((c) => (c.actor ?? agentOf(s)) === actor).map((c) => c.tool))];
    const span = (id: string, parent: string | null, start: number, end: number, data: object) => ({
      object: 'trace.span', id, trace_id: traceId, parent_id: parent, started_at: iso(start), ended_at: iso(end), span_data: data, error: null,
    });
    // spans are exported as they end
    items.push(span('span_gen00000000000000000000', lead, 0, 0, { type: 'generation', input: [{ role: 'system', content: 'You run errands.' }, { role: 'user', content: s.user }], output: [{ role: 'assistant', content: null }], model: 'gpt-4o', model_config: {}, usage: { input_tokens: 90, output_tokens: 12 } }));
    let subStart: number | undefined;
    s.calls.forEach((c, i) => {
      const inSub = !!c.actor && c.actor !== agentOf(s);
      if (inSub && subStart === undefined) {
        subStart = i + 1;
        items.push(span('span_handoff0000000000000000', lead, i + 0.5, i + 0.5, { type: 'handoff', from_agent: agentOf(s), to_agent: s.subAgent }));
      }
      items.push(span(`span_fn${String(i).padStart(21, '0')}`, inSub ? sub : lead, i + 1, i + 1, { type: 'function', name: c.tool, input: JSON.stringify(c.args), output: c.result ?? null, mcp_data: null }));
    });
    if (subStart !== undefined) items.push(span(sub, null, subStart, s.calls.length, { type: 'agent', name: s.subAgent, handoffs: [], tools: tools(s.subAgent!), output_type: 'str' }));
    items.push(span(lead, null, 0, s.calls.length + 1, { type: 'agent', name: agentOf(s), handoffs: s.subAgent ? [s.subAgent] : [], tools: tools(agentOf(s)), output_type: 'str' }));
    return { name: 'agents-trace.json', text: JSON.stringify({ data: [{ object: 'trace', id: traceId, workflow_name: 'Errand workflow', group_id: null, metadata: null }, ...items] }, null, 2) };
  },

  'langsmith-runs': (s) => {
    const traceId = '1f0b6e2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const stamp = (i: number) => iso(i).replace(/[-:]/g, '').replace('.000Z', '000000Z');
    const rootOrder = `${stamp(0)}${traceId}`;
    const lc = (kind: string, kwargs: object) => ({ lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', kind], kwargs });
    const runs: object[] = [];
    s.calls.forEach((c, i) => {
      const id = `2a0b6e2a-0c3d-4e5f-8a9b-${String(i).padStart(12, '0')}`;
      runs.push({
        id, trace_id: traceId, parent_run_id: traceId, dotted_order: `${rootOrder}.${stamp(i + 1)}${id}`, run_type: 'tool', name: c.tool,
        start_time: iso(i + 1), end_time: iso(i + 1), inputs: c.args, extra: { metadata: { ls_run_depth: 1 } },
        outputs: c.result !== undefined ? { output: lc('ToolMessage', { content: c.result, type: 'tool', name: c.tool, tool_call_id: `call_${i}`, status: 'success' }) } : null,
        error: null, session_id: '9d2f0c1e-0000-4000-8000-000000000000', tags: [],
      });
    });
    runs.push({
      id: traceId, trace_id: traceId, parent_run_id: null, dotted_order: rootOrder, run_type: 'chain', name: agentOf(s), start_time: iso(0), end_time: iso(s.calls.length + 1),
      inputs: { messages: [lc('HumanMessage', { content: s.user, type: 'human' })] }, outputs: { messages: [] }, error: null, extra: { metadata: { user_id: 'u-17' } }, tags: [],
    });
    // the client lists the runs as they ended: children first
    return { name: 'runs.jsonl', text: jsonl(runs) };
  },
};
