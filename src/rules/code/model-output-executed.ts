/**
 * code/model-output-executed: a model's reply run as code on this host — `eval(reply)` to parse a
 * list of tasks, `exec(llm_output)`, `new Function(completion)()`, `vm.runInNewContext(text)` — with
 * no review in between (OWASP LLM05, improper output handling). Whoever can steer the reply (a page,
 * a document, a tool result the model reads) runs code with this process's files and credentials.
 * Where the reply comes from is worked out by the code model (`model-output-flow.ts`, for Python and
 * TypeScript); this rule reports it.
 */
import { confirmationIn, reportable, type FileAnalysis, type Risk } from './analysis.js';
import { innermostFunction, type CallSite } from './model.js';
import type { SourceFile } from '../../core/source.js';
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
      'A reply from a language model reaches eval, exec, new Function, Node\'s vm module or an interpreter in this process. The ' +
      'model writes text, not trusted code: a reply that is not the list or expression the code expects (a mistake, or ' +
      'instructions planted in anything the model read) runs as code with this host\'s files, network and credentials, and ' +
      'nobody sees it first.',
    remediation:
      'Parse the reply as data instead (json.loads or JSON.parse, ast.literal_eval, a schema or structured output), or run generated code ' +
      'only in a sandbox (a container or a remote code interpreter) after a person or a policy has approved it.',
    examples: {
      positive: [
        // An agent object called directly (lagent): its reply rebinds the parameter in the loop, then runs.
        {
          path: 'agent/planner.py',
          code: 'class Planner:\n    def forward(self, message):\n        for message in self.agent(message):\n            pass\n        exec(message.content, {})\n',
        },
        {
          path: 'agent/planner.py',
          code: 'from openai import OpenAI\n\nclient = OpenAI()\n\ndef plan(goal):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": goal}])\n    return eval(reply.choices[0].message.content)\n',
        },
        {
          path: 'agent/output_handler.py',
          code: 'class TaskOutputHandler:\n    def handle(self, session, assistant_reply):\n        tasks = eval(assistant_reply.strip())\n        for task in tasks:\n            session.add(task)\n',
        },
        {
          path: 'assistant/graph.py',
          code: 'from langgraph.graph import StateGraph\n\n\ndef generate(state: GraphState):\n    solution = code_gen_chain.invoke({"messages": state["messages"]})\n    return {"generation": solution, "iterations": state["iterations"] + 1}\n\n\ndef code_check(state: GraphState):\n    solution = state["generation"]\n    try:\n        exec(solution.imports + "\\n" + solution.code)\n    except Exception as e:\n        return {"error": str(e)}\n    return {"error": ""}\n',
        },
        {
          path: 'assistant/flow.py',
          code: 'from crewai.flow.flow import Flow, router, start\n\n\nclass CodeGenFlow(Flow[CodeGenState]):\n    @start()\n    def generate_code(self):\n        result = code_crew.kickoff(inputs={"question": self.state.question})\n        self.state.generation = result.pydantic\n\n    @router(generate_code)\n    def check_code(self):\n        exec(self.state.generation.imports + "\\n" + self.state.generation.code)\n        return "success"\n',
        },
        // A step writes the reply into the state dict it is handed; the step it passes the dict to runs that key.
        {
          path: 'scraper/codegen.py',
          code: 'class CodeGenStep:\n    def run(self, state: dict) -> dict:\n        state["code"] = self.draft(state)\n        return self.check(state)\n\n    def draft(self, state: dict) -> str:\n        chain = self.prompt | self.llm\n        return chain.invoke({"page": state["page"]})\n\n    def check(self, state: dict) -> dict:\n        ok, out = self.execute(state["code"])\n        return {"ok": ok, "out": out}\n\n    def execute(self, source):\n        scope = {"__builtins__": __builtins__}\n        exec(source, scope)\n        return True, scope.get("result")\n',
        },
        {
          path: 'src/agent/planner.ts',
          code: "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function plan(goal: string) {\n  const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: goal }] });\n  return eval(`(${completion.choices[0].message.content?.trim()})`);\n}\n",
        },
        {
          path: 'src/agent/transform.ts',
          code: "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\nexport async function transform(rows: unknown[], ask: string) {\n  const { text } = await generateText({ model: openai('gpt-4o'), prompt: ask });\n  return new Function('rows', text)(rows);\n}\n",
        },
        // A completion asked of the model object with an `ask` verb (MetaGPT's `aask`); a field of the reply is evaluated.
        {
          path: 'agent/form_filler.py',
          code: 'import re\n\n\nclass FormFiller:\n    async def fill(self, prompt):\n        reply = await self.llm.aask(prompt)\n        found = re.search(r"<items>(.*?)</items>", reply, re.DOTALL)\n        return eval(found.group(1).strip()) if found else []\n',
        },
      ],
      negative: [
        // The same reply parsed as a literal, not run.
        {
          path: 'agent/form_filler.py',
          code: 'import ast\nimport re\n\n\nclass FormFiller:\n    async def fill(self, prompt):\n        reply = await self.llm.aask(prompt)\n        found = re.search(r"<items>(.*?)</items>", reply, re.DOTALL)\n        return ast.literal_eval(found.group(1).strip()) if found else []\n',
        },
        // A function that makes an agent is not the agent's reply; the code run is the spec's own.
        {
          path: 'agent/setup.py',
          code: 'def setup(spec):\n    agent = create_agent(spec)\n    exec(spec.init_code, {"agent": agent})\n',
        },
        // A code-execution sandbox's own server: the code arrives in an HTTP request, whatever its parameter is named.
        {
          path: 'sandbox/server.py',
          code: 'from flask import Flask, request\n\napp = Flask(__name__)\n\n\ndef run_code(generated_code):\n    exec(generated_code, {})\n\n\n@app.post("/execute")\ndef execute():\n    return {"out": run_code(request.json["generated_code"])}\n',
        },
        {
          path: 'agent/planner.py',
          code: 'import json\nfrom openai import OpenAI\n\nclient = OpenAI()\n\ndef plan(goal):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": goal}])\n    return json.loads(reply.choices[0].message.content)\n',
        },
        {
          path: 'agent/output_handler.py',
          code: 'class TaskOutputHandler:\n    def handle(self, session, assistant_reply, expression):\n        tasks = eval(expression)\n        for task in tasks:\n            session.add(task, assistant_reply)\n',
        },
        {
          path: 'assistant/graph.py',
          code: 'import json\nfrom langgraph.graph import StateGraph\n\nSETUP = "import math"\n\n\ndef generate(state: GraphState):\n    solution = code_gen_chain.invoke({"messages": state["messages"]})\n    return {"generation": solution.content, "setup": SETUP}\n\n\ndef code_check(state: GraphState):\n    exec(state["setup"])\n    return {"plan": json.loads(state["generation"])}\n',
        },
        {
          path: 'assistant/flow.py',
          code: 'from crewai.flow.flow import Flow, start\n\n\nclass ReportFlow(Flow[ReportState]):\n    @start()\n    def write(self):\n        self.state.report = report_crew.kickoff(inputs={"topic": self.state.topic}).raw\n        self.state.setup = "import math"\n\n    def check(self):\n        exec(self.state.setup)\n        return len(self.state.report)\n',
        },
        // The reply is written into the state dict under one key; the code run is read from another, which the step fixed.
        {
          path: 'scraper/codegen.py',
          code: 'import json\n\n\nclass CodeGenStep:\n    def run(self, state: dict) -> dict:\n        state["plan"] = self.draft(state)\n        state["setup"] = "import re"\n        return self.check(state)\n\n    def draft(self, state: dict) -> str:\n        chain = self.prompt | self.llm\n        return chain.invoke({"page": state["page"]})\n\n    def check(self, state: dict) -> dict:\n        self.execute(state["setup"])\n        return {"plan": json.loads(state["plan"])}\n\n    def execute(self, source):\n        exec(source, {})\n',
        },
        {
          path: 'src/agent/planner.ts',
          code: "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function plan(goal: string) {\n  const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: goal }] });\n  return JSON.parse(completion.choices[0].message.content ?? '[]');\n}\n",
        },
        {
          path: 'src/agent/transform.ts',
          code: "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { Sandbox } from '@e2b/code-interpreter';\n\nexport async function transform(ask: string) {\n  const { text } = await generateText({ model: openai('gpt-4o'), prompt: ask });\n  const rows = new Function('reply', 'return reply.split(\"\\\\n\")')(text);\n  const sandbox = await Sandbox.create();\n  return { rows, run: await sandbox.runCode(text) };\n}\n",
        },
      ],
    },
  },
  check(file, analysis, ctx) {
    for (const { call, key, source, byName } of executedReplies(file, analysis)) {
      // The tools whose input reaches the same sink: one sink, one finding, theirs named beside it (code/missing-approval leaves them out).
      const tools = analysis.tools.filter((a) => !a.approval.found && reportable(a.risks).some((r) => sameSink(r, call)));
      ctx.report({
        ruleId: ID,
        message:
          `The model's reply (${byName ? `parameter ${source}` : source}) reaches ${call.callee}(…)${key === '0' ? '' : /^\d+$/.test(key) ? ` as argument ${Number(key) + 1}` : ` as ${key}`}: ` +
          'whatever the reply says runs as code in this process, with no review first.' +
          (tools.length ? ` The model also reaches it as ${tools.length > 1 ? 'tools' : 'tool'} ${tools.map((a) => `"${a.tool.name}"`).join(', ')}, with no approval step.` : ''),
        span: call,
        key: `call:${call.callee}:${source}`,
        evidence: `${call.callee}(…)`,
        // A parameter named for a reply says where its value comes from less surely than a completion call does.
        confidence: byName ? 'medium' : 'high',
        ...(tools.length ? { related: tools.map((a) => ({ ...file.location(a.tool.at), message: `tool "${a.tool.name}" reaches this ${call.callee}(…) with no approval step` })) } : {}),
      });
    }
  },
};

/** A sink where the model's reply runs, as this rule reports it: not confirmed first, not a web app's request handler. */
export interface ExecutedReply {
  call: CallSite;
  key: string;
  source: string;
  byName: boolean;
}

/** The sinks of the file that run the model's reply unreviewed (worked out once per file, read by code/missing-approval too). */
export function executedReplies(file: SourceFile, analysis: FileAnalysis): ExecutedReply[] {
  return file.memo('code:executed-replies', () => {
    const { model } = analysis;
    const out: ExecutedReply[] = [];
    let server: boolean | undefined;
    for (const call of model.calls) {
      const replies = call.modelArgs;
      if (!replies) continue;
      const [key, source] = Object.entries(replies)[0]!;
      // A script's top level (TypeScript) is read whole: a prompt anywhere in it may guard the sink.
      const owner = innermostFunction(model.functions, call)?.body ?? { start: 0, end: call.end, text: '', params: [], calls: model.calls, strings: [] };
      if (confirmationIn(owner, model, new Set(), 0)) continue;
      const byName = !source.split(' through ')[0]!.includes('(');
      // Only a parameter's name says it is a reply, and the module is a web app: the code comes in a request
      // (a code-execution sandbox's own server), not from a model in this process; the server's exposure is agent-api-no-auth's.
      if (byName && (server ??= servesRequests(file.text))) continue;
      out.push({ call, key, source, byName });
    }
    return out;
  });
}

/** Whether a tool's risk is that very sink (in this file, at the call). */
export function sameSink(risk: Risk, call: CallSite): boolean {
  return !risk.site && risk.start === call.start && risk.end === call.end;
}

/** A web app of its own: a Flask, Quart, FastAPI or Starlette app with a route, or an Express/Koa/Fastify/Hono route. */
function servesRequests(text: string): boolean {
  return (
    (/\b(?:Flask|Quart|FastAPI|Starlette)\s*\(/.test(text) && /^[ \t]*@[\w.]+\.(?:route|get|post|put|api_route)\s*\(/m.test(text)) ||
    (/['"](?:express|koa|fastify|hono)['"]/.test(text) && /(?<![\w$])[\w$]+\.(?:get|post|put|all)\s*\(\s*['"`]\//.test(text))
  );
}

