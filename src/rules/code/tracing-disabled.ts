/**
 * code/tracing-disabled: step-level tracing of agent tool calls explicitly turned off in code
 * (OpenAI Agents `set_tracing_disabled(True)` / `tracing_disabled=True`, LangSmith tracing set to
 * false, `OPENAI_AGENTS_DISABLE_TRACING=1`). Without it, nobody can reconstruct what an agent did.
 */
import type { Range } from './model.js';
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
        { path: 'agents/main.py', code: 'from agents import Agent, Runner, set_tracing_disabled\n\nset_tracing_disabled(True)\nagent = Agent(name="helper")\n' },
        { path: 'agents/run.py', code: 'import os\nfrom langgraph.graph import StateGraph\n\nos.environ["LANGSMITH_TRACING"] = "false"\n' },
        { path: 'src/main.ts', code: "import { Agent, setTracingDisabled } from '@openai/agents';\n\nsetTracingDisabled(true);\n" },
      ],
      negative: [
        { path: 'agents/main.py', code: 'from agents import Agent, Runner, set_tracing_disabled\n\nset_tracing_disabled(False)\nagent = Agent(name="helper")\n' },
        { path: 'agents/run.py', code: 'import os\nfrom langgraph.graph import StateGraph\n\nos.environ["LANGSMITH_TRACING"] = "true"\n' },
      ],
    },
  },
  check(_file, analysis, ctx) {
    const report = (r: Range, what: string, key: string) =>
      ctx.report({ ruleId: ID, message: `${what}: tool calls of this agent are not traced, so its actions cannot be audited afterwards.`, span: r, key, evidence: what });
    for (const call of analysis.model.calls) {
      if (/(?:^|\.)(?:set_tracing_disabled|setTracingDisabled)$/.test(call.callee) && TRUE.test(call.args)) {
        report(call, `${call.callee.slice(call.callee.lastIndexOf('.') + 1)}(${call.args.trim()})`, 'call:set_tracing_disabled');
      }
    }
    for (const s of analysis.model.settings) {
      if ((s.name === 'tracing_disabled' || s.name === 'tracingDisabled') && TRUE.test(s.value)) report(s, `${s.name}=${s.value.trim()}`, `setting:${s.owner}/${s.name}`);
      else if (TRACING_ENV.test(s.name) && FALSE_STR.test(s.value)) report(s, `${s.name} set to ${s.value.trim()}`, `env:${s.name}`);
      else if (s.name === 'OPENAI_AGENTS_DISABLE_TRACING' && /^\s*['"`](?:1|true|True)['"`]\s*$/.test(s.value)) report(s, `OPENAI_AGENTS_DISABLE_TRACING set to ${s.value.trim()}`, `env:${s.name}`);
    }
  },
};
