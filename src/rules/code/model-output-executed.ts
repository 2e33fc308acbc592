/**
 * code/model-output-executed: a model's reply run as code on this host — `eval(reply)` to parse a
 * list of tasks, `exec(llm_output)` — with no review in between (OWASP LLM05, improper output
 * handling). Whoever can steer the reply (a page, a document, a tool result the model reads) runs
 * Python with this process's files and credentials. Where the reply comes from is worked out by the
 * code model (`python-model-output.ts`); this rule reports it.
 */
import { confirmationIn } from './analysis.js';
import type { Body, CallSite } from './model.js';
import type { CodeRule } from './rule.js';

const ID = 'code/model-output-executed';

export const modelOutputExecuted: CodeRule = {
  meta: {
    id: ID,
    title: "Model's reply executed as code",
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'A reply from a language model reaches eval, exec or an interpreter in this process. The model writes text, not trusted ' +
      'code: a reply that is not the list or expression the code expects (a mistake, or instructions planted in anything the ' +
      'model read) runs as Python with this host\'s files, network and credentials, and nobody sees it first.',
    remediation:
      'Parse the reply as data instead (json.loads, ast.literal_eval, a schema or structured output), or run generated code ' +
      'only in a sandbox (a container or a remote code interpreter) after a person or a policy has approved it.',
    examples: {
      positive: [
        {
          path: 'agent/planner.py',
          code: 'from openai import OpenAI\n\nclient = OpenAI()\n\ndef plan(goal):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": goal}])\n    return eval(reply.choices[0].message.content)\n',
        },
        {
          path: 'agent/output_handler.py',
          code: 'class TaskOutputHandler:\n    def handle(self, session, assistant_reply):\n        tasks = eval(assistant_reply.strip())\n        for task in tasks:\n            session.add(task)\n',
        },
      ],
      negative: [
        {
          path: 'agent/planner.py',
          code: 'import json\nfrom openai import OpenAI\n\nclient = OpenAI()\n\ndef plan(goal):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": goal}])\n    return json.loads(reply.choices[0].message.content)\n',
        },
        {
          path: 'agent/output_handler.py',
          code: 'class TaskOutputHandler:\n    def handle(self, session, assistant_reply, expression):\n        tasks = eval(expression)\n        for task in tasks:\n            session.add(task, assistant_reply)\n',
        },
      ],
    },
  },
  check(_file, analysis, ctx) {
    const { model } = analysis;
    for (const call of model.calls) {
      const replies = call.modelArgs;
      if (!replies) continue;
      const [key, source] = Object.entries(replies)[0]!;
      const owner = enclosing(model.functions.values(), call);
      const confirmed = owner ? confirmationIn(owner, model, new Set(), 0) : undefined;
      if (confirmed) continue;
      const byName = !source.split(' through ')[0]!.includes('(');
      ctx.report({
        ruleId: ID,
        message:
          `The model's reply (${byName ? `parameter ${source}` : source}) reaches ${call.callee}(…)${key === '0' ? '' : ` as ${key}`}: ` +
          'whatever the reply says runs as Python in this process, with no review first.',
        span: call,
        key: `call:${call.callee}:${source}`,
        evidence: `${call.callee}(…)`,
        // A parameter named for a reply says where its value comes from less surely than a completion call does.
        confidence: byName ? 'medium' : 'high',
      });
    }
  },
};

/** The innermost function whose body holds the call. */
function enclosing(bodies: Iterable<Body>, call: CallSite): Body | undefined {
  let best: Body | undefined;
  for (const b of bodies) if (b.start <= call.start && call.end <= b.end && (!best || b.start >= best.start)) best = b;
  return best;
}
