/**
 * code/tracing-disabled: step-level tracing of agent tool calls explicitly turned off in code
 * (OpenAI Agents `set_tracing_disabled(True)` / `tracing_disabled=True`, LangSmith tracing set to
 * false, `OPENAI_AGENTS_DISABLE_TRACING=1`). Without it, nobody can reconstruct what an agent did.
 */
import type { Range } from './model.js';
import { reportable, type FileAnalysis } from './analysis.js';
import type { CodeRule } from './rule.js';

const ID = 'code/tracing-disabled';
const TRUE = /^\s*(?:True|true|1|['"](?:1|true|True)['"]|disabled\s*=\s*True)\s*$/;
const FALSE_STR = /^\s*['"`](?:false|False|0)['"`]\s*$/;
const TRACING_ENV = /^(?:LANGCHAIN_TRACING_V2|LANGCHAIN_TRACING|LANGSMITH_TRACING|LANGSMITH_TRACING_V2)$/;

export const tracingDisabled: CodeRule = {
  meta: {
    id: ID,
    title: 'Tracing of agent tool calls turned off',
    category: 'oversight.missing-audit',
    severity: 'medium',
    confidence: 'high',
    description:
      'The code explicitly disables the tracing that records each model and tool call of the agent. Without step-level traces, ' +
      'a harmful or injected tool call cannot be investigated or attributed afterwards.',
    remediation:
      'Leave tracing on, or send traces to your own backend (an OpenTelemetry exporter or a custom trace processor) if the ' +
      'default destination is the concern; disable only sensitive payloads (trace_include_sensitive_data=False) rather than the trace.',
    examples: {
      positive: [
        { path: 'agents/main.py', code: 'import subprocess\nfrom agents import Agent, Runner, function_tool, set_tracing_disabled\n\n@function_tool\ndef sh(cmd: str) -> str:\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n\nset_tracing_disabled(True)\nagent = Agent(name="ops", tools=[sh])\n' },
        { path: 'agents/run.py', code: 'import os\nfrom langgraph.prebuilt import create_react_agent\nfrom tools import search\n\nos.environ["LANGSMITH_TRACING"] = "false"\nagent = create_react_agent("openai:gpt-4.1", tools=[search])\n' },
        { path: 'src/main.ts', code: "import { Agent, setTracingDisabled } from '@openai/agents';\nimport { lookup } from './tools';\n\nsetTracingDisabled(true);\nexport const a = new Agent({ name: 'a', tools: [lookup] });\n" },
      ],
      negative: [
        { path: 'agents/main.py', code: 'from agents import Agent, Runner, set_tracing_disabled\nfrom tools import lookup\n\nset_tracing_disabled(False)\nagent = Agent(name="helper", tools=[lookup])\n' },
        { path: 'agents/run.py', code: 'import os\nfrom langgraph.prebuilt import create_react_agent\nfrom tools import search\n\nos.environ["LANGSMITH_TRACING"] = "true"\nagent = create_react_agent("openai:gpt-4.1", tools=[search])\n' },
        { path: 'agents/chat.py', code: 'from agents import Agent, set_tracing_disabled\n\nset_tracing_disabled(True)\nagent = Agent(name="chat", instructions="Answer briefly.")\n' },
        // A provider example whose only tool is a stub: nothing it does needs an audit trail.
        {
          path: 'examples/providers/other_model.py',
          code: 'from agents import Agent, function_tool, set_tracing_disabled\n\nset_tracing_disabled(True)  # no platform key with this provider\n\n@function_tool\ndef get_weather(city: str) -> str:\n    return f"The weather in {city} is sunny."\n\nagent = Agent(name="Assistant", tools=[get_weather])\n',
        },
        { path: 'agents/scripted.py', code: 'from pydantic_ai import Agent\nfrom pydantic_ai.models.test import TestModel\nfrom agents import set_tracing_disabled\nfrom tools import lookup\n\nset_tracing_disabled(True)\nagent = Agent(TestModel(), tools=[lookup])\n' },
        // OpenAI Agents JS's scripted test model: the test turns tracing off to stay offline.
        { path: 'docs/testing/orderWorkflow.ts', code: "import { Agent, Runner, tool } from '@openai/agents';\nimport { ScriptedModel, assistantMessage, functionCall } from '@openai/agents/testing';\nimport { z } from 'zod';\n\nconst lookup = tool({ name: 'lookup_order', description: 'Look up an order.', parameters: z.object({ id: z.string() }), execute: async ({ id }) => `${id}: shipped` });\nconst model = new ScriptedModel([[functionCall('lookup_order', { id: 'o-1' })], [assistantMessage('Shipped.')]]);\nconst agent = new Agent({ name: 'Orders', model, tools: [lookup] });\nconst runner = new Runner({ tracingDisabled: true });\nawait runner.run(agent, 'Where is o-1?');\n" },
        { path: 'agents/otel.py', code: 'import os\nfrom agents import Agent, set_tracing_disabled\nfrom tools import lookup\nfrom telemetry import configure_tracing\n\nif os.getenv("OTEL_ENABLED"):\n    configure_tracing()\nelse:\n    set_tracing_disabled(True)\nagent = Agent(name="a", tools=[lookup])\n' },
      ],
    },
  },
  check(_file, analysis, ctx) {
    const { model, tools } = analysis;
    // Tracing matters where an agent with real tools runs unobserved: not for an agent without tools,
    // not with a scripted test model, not when the file sends traces elsewhere instead.
    const hasTools = tools.length > 0 || model.agents.some((a) => (a.tools?.length ?? 0) > 0);
    if (model.agents.length === 0 || !hasTools) return;
    if (model.calls.some((c) => SCRIPTED_MODEL.test(c.callee) || OTHER_TRACING.test(c.callee))) return;
    const risky = tools.some((t) => reportable(t.risks).length > 0);
    if (!risky && onlyInertTools(analysis)) return;
    const severity = risky ? 'medium' : 'low';
    const report = (r: Range, what: string, key: string) =>
      ctx.report({
        ruleId: ID,
        message: `${what}: tool calls of this agent${risky ? ', including its high-risk tools,' : ''} are not traced, so its actions cannot be audited afterwards.`,
        span: r,
        key,
        evidence: what,
        severity,
      });
    for (const call of model.calls) {
      if (/(?:^|\.)(?:set_tracing_disabled|setTracingDisabled)$/.test(call.callee) && TRUE.test(call.args)) {
        report(call, `${call.callee.slice(call.callee.lastIndexOf('.') + 1)}(${call.args.trim()})`, 'call:set_tracing_disabled');
      }
    }
    for (const s of model.settings) {
      if ((s.name === 'tracing_disabled' || s.name === 'tracingDisabled') && TRUE.test(s.value)) report(s, `${s.name}=${s.value.trim()}`, `setting:${s.owner}/${s.name}`);
      else if (TRACING_ENV.test(s.name) && FALSE_STR.test(s.value)) report(s, `${s.name} set to ${s.value.trim()}`, `env:${s.name}`);
      else if (s.name === 'OPENAI_AGENTS_DISABLE_TRACING' && /^\s*['"`](?:1|true|True)['"`]\s*$/.test(s.value)) report(s, `OPENAI_AGENTS_DISABLE_TRACING set to ${s.value.trim()}`, `env:${s.name}`);
    }
  },
};

/**
 * Every tool the file's agents hold is defined here and acts on nothing: no risk, and nothing past
 * the process but lookups at public hosts the code names (a weather stub returning a constant, a
 * calculator). There is then nothing to audit afterwards. A tool defined elsewhere, or one that
 * reaches a file, a database or a private service, keeps the finding.
 */
function onlyInertTools({ model, tools }: FileAnalysis): boolean {
  const known = new Set(tools.flatMap((t) => [t.tool.name, t.tool.binding ?? t.tool.name]));
  const held = model.agents.flatMap((a) => a.tools ?? []);
  return held.every((name) => known.has(name)) && tools.every((t) => !t.pastFixedHosts && !t.unfollowed && !t.tool.runs?.length);
}

/** Scripted models of tests and demos: nothing real runs. */
const SCRIPTED_MODEL = /(?:^|\.)(?:TestModel|FunctionModel|FakeListLLM|FakeListChatModel|GenericFakeChatModel|FakeChatModel|FakeMessagesListChatModel|MockModel|FakeModel|MockLLM|ReplayChatCompletionClient|MockChatCompletionClient|ScriptedModel)$/;
/** Traces sent somewhere else instead (OpenTelemetry, Logfire, Langfuse, a custom processor). */
const OTHER_TRACING = /(?:^|\.)(?:add_trace_processor|set_trace_processors|addTraceProcessor|setTraceProcessors|configure_tracing|configure_otel\w*|set_tracer_provider|TracerProvider|instrument_openai_agents|instrument_\w+|OpenAIAgentsInstrumentor)$|^(?:opentelemetry|logfire|langfuse|openinference|arize|phoenix|agentops|braintrust)\./;
