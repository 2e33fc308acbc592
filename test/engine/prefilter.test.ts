/**
 * The prefilters that spare a file its parse skip work, never findings: the project's fixtures
 * give the same findings, errors and facts with every prefilter on as with every prefilter off,
 * and every code rule's examples that yield anything pass the prefilter.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, type ScanResult } from '../../src/engine/scan.js';
import { CODE_RULES } from '../../src/rules/code/index.js';
import { mayDeclareAgentCode, mayRunModelReply } from '../../src/rules/code/markers.js';
import { mayLaunchMcpServer } from '../../src/rules/code/mcp-code-launch.js';
import { classify } from '../../src/discovery/classify.js';
import { analyzeCodeFile } from '../code/helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** A scan with the prefilters' modules as they are, or with each prefilter answering "maybe" to every file. */
async function scanFixtures(prefilters: boolean): Promise<ScanResult> {
  if (prefilters) delete process.env.AGENTWARDEN_PREFILTER;
  else process.env.AGENTWARDEN_PREFILTER = 'off';
  try {
    return await scan({ paths: [FIXTURES], threads: 1 });
  } finally {
    delete process.env.AGENTWARDEN_PREFILTER;
  }
}

const essence = (r: ScanResult) => ({
  findings: r.report.findings,
  errors: r.report.errors,
  identities: r.facts.identities,
  inventory: r.facts.inventory,
});

describe('prefilters', () => {
  it('the fixtures give the same findings, errors and facts with and without them', async () => {
    const off = essence(await scanFixtures(false));
    const on = essence(await scanFixtures(true));
    expect(off.findings.length).toBeGreaterThan(50);
    expect(on).toEqual(off);
  }, 60_000);

  it('the switch is honoured', () => {
    const framework = "import { ChatOpenAI } from '@langchain/openai';\n";
    expect(mayDeclareAgentCode(framework, 'typescript')).toBe(false);
    process.env.AGENTWARDEN_PREFILTER = 'off';
    try {
      expect(mayDeclareAgentCode(framework, 'typescript')).toBe(true);
    } finally {
      delete process.env.AGENTWARDEN_PREFILTER;
    }
  });

  it('every code rule example that yields a finding or a fact passes the agent-code prefilter', async () => {
    let yielding = 0;
    for (const rule of CODE_RULES) {
      for (const example of [...(rule.meta.examples?.positive ?? []), ...(rule.meta.examples?.negative ?? [])]) {
        const relPath = example.path ?? 'example.py';
        const r = await analyzeCodeFile(relPath, example.code);
        if (r.findings.length + r.inventory.length + r.identities.length === 0) continue;
        yielding++;
        const language = classify(relPath) === 'python' ? 'python' : 'typescript';
        // A model's reply run as code, and a stdio MCP server's launch, are looked for in files with no framework too.
        expect(mayDeclareAgentCode(example.code, language) || mayRunModelReply(example.code, language) || mayLaunchMcpServer(example.code), `${rule.meta.id}: ${example.code}`).toBe(true);
      }
    }
    expect(yielding).toBeGreaterThan(10);
  });

  it('passes over framework files that declare nothing, and not over those that do', () => {
    const ts = (body: string) => `import { ChatOpenAI } from '@langchain/openai';\n${body}`;
    // Prose and type names mention tools without declaring one.
    expect(mayDeclareAgentCode(ts('/** Calls a tool for the model. */\nexport const model = new ChatOpenAI({ model: "gpt-4o" });\n'), 'typescript')).toBe(false);
    expect(mayDeclareAgentCode(ts('export type ToolChoice = "auto";\nconst q = db.query("select 1");\n'), 'typescript')).toBe(false);
    // Every way a tool can be named: called, generic, aliased, destructured, optionally called.
    for (const body of ['tool(async () => 1, { name: "x" });', 'tool<Input>(fn, {});', "import { tool as t } from '@langchain/core/tools';", "const { tool: t } = require('ai');", 'server.tool?.("x", fn);']) {
      expect(mayDeclareAgentCode(ts(body), 'typescript'), body).toBe(true);
    }
    expect(mayDeclareAgentCode(ts('const a = createAgent({ model });'), 'typescript')).toBe(true);
    expect(mayDeclareAgentCode(ts('process.env.LANGSMITH_TRACING = "false";'), 'typescript')).toBe(true);
    // query() is an agent only from the Claude Agent SDK.
    expect(mayDeclareAgentCode("import { query } from '@anthropic-ai/claude-agent-sdk';\nfor await (const m of query({ prompt })) {}\n", 'typescript')).toBe(true);
    // A framework's own sources: the names in documentation comments, object keys, parameter types,
    // type assertions, optional member reads, import paths and messages, and where they are declared.
    for (const body of [
      '/**\n * const agent = createAgent({ model, tools: [tool(fn, { name: "x" })] });\n */\nexport const x = 1;',
      '// const t = tool(async () => 1, { name: "x" });\nexport const x = 1;',
      'return { tool: action.name, toolInput: input };',
      'return { tool: "_Exception", toolInput: text };',
      'export function isTool(tool: StructuredToolInterface): boolean { return tool?.name !== undefined; }',
      'const spec = tool as unknown as ToolSpec;\nconst def = tool as OpenAI.Tool;',
      'import { createMiddleware } from "./middleware.js";\nimport { runHooks } from "../hooks/index.js";',
      'throw new Error("Error in adding all hooks");',
      'export function createAgent<S>(params: AgentParams<S>) { return build(params); }',
      'export async function* tool() { yield 1; }',
    ]) {
      expect(mayDeclareAgentCode(ts(body), 'typescript'), body).toBe(false);
    }
    // …while settings count as keys, quoted keys and shorthand, calls count after a comment line,
    // and a block comment that closes mid-line leaves the code after it.
    for (const body of [
      'const opts = { hooks: { PreToolUse: [] } };',
      'const opts = { "permissionMode": "bypassPermissions" };',
      'const opts = { model, middleware };',
      '// a tool\nconst t = tool(async () => 1, { name: "x" });',
      '/* a tool */ const t = tool(async () => 1, { name: "x" });',
      'const {\n  // the builder\n  tool: t,\n} = require("ai");',
      'function make() {}\nconst t = tool /* builder */ (fn, {});',
    ]) {
      expect(mayDeclareAgentCode(ts(body), 'typescript'), body).toBe(true);
    }
    // Python: settings are keyword arguments, and comment lines declare nothing.
    expect(mayDeclareAgentCode('from langchain_openai import ChatOpenAI\n# human_input_mode is left at its default\nx = 1\n', 'python')).toBe(false);
    expect(mayDeclareAgentCode('from langchain_openai import ChatOpenAI\nMODES = ["human_input_mode"]\n', 'python')).toBe(false);
    expect(mayDeclareAgentCode('from langchain_openai import ChatOpenAI\nconfig = make(human_input_mode="NEVER")\n', 'python')).toBe(true);
    expect(mayDeclareAgentCode('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o")\n', 'python')).toBe(false);
    expect(mayDeclareAgentCode('from langchain_core.tools import tool\n\n@tool\ndef run(cmd: str): ...\n', 'python')).toBe(true);
    expect(mayDeclareAgentCode('from langchain.tools import BaseTool as B\nclass Shell(B): ...\n', 'python')).toBe(true);
  });

  it('reads what fixtures/code-prefilter holds: a template literal line that looks like a comment, a parenthesised or subscripted constructor, a project template', () => {
    const ts = (body: string) => mayDeclareAgentCode(`import { Agent } from '@openai/agents';\n${body}`, 'typescript');
    // A line of a template literal is its text, not a comment, whatever it starts with…
    expect(ts('const ignore = `\n/*.log\n`;\nexport const a = new Agent({ name: "x" });\n/** Done. */\n')).toBe(true);
    expect(ts('const page = `\n// not a comment\n${`nested`}\n/* nor this\n`;\nexport const a = new Agent({ name: "x" });\n')).toBe(true);
    // …and after the literal closes, documentation is read as documentation again.
    expect(ts('const s = `a\n/* b */ c`;\n/**\n * const a = new Agent({ name: "x" });\n */\nexport const x = 1;\n')).toBe(false);
    expect(ts("const s = '\\`';\n/**\n * tool(fn, {});\n */\nexport const x = 1;\n")).toBe(false);
    // Banners of `//` and runs of comments after a name, with no call after them: read in one pass.
    expect(ts(`export const hooks = 1; ${'/* a */ '.repeat(30)}\nconst x = { hooks ${'//'.repeat(40)}\n;`)).toBe(false);
    // A parenthesised callee is still called; a type in parentheses is not.
    expect(ts('export const a = new (Agent)({ name: "x" });')).toBe(true);
    expect(ts('const t = (ai.tool)({ description: "x" });')).toBe(true);
    expect(ts('const b = (x as Agent);\nlog(Agent);')).toBe(false);
    // Python: a constructor whose type is parameterised before the call.
    const py = (body: string) => mayDeclareAgentCode(body, 'python');
    expect(py('import agents as oa\nbot = oa.Agent[Ctx](name="bot")\n')).toBe(true);
    expect(py('import agents as oa\nbot = oa.Agent[dict[str, list[int]]](\n    name="bot")\n')).toBe(true);
    expect(py('from agents import RunContextWrapper\ndef f(a: oa.Agent[Ctx]) -> oa.Agent[Ctx]: ...\n')).toBe(false);
    // A project template does not parse, so it is parsed (and reported) both ways; placeholders in strings are text.
    expect(py('from crewai.flow import Flow\nfrom {{package}}.crews import Writer\n')).toBe(true);
    expect(py('from crewai.flow import Flow\nclass {{name}}Flow(Flow): ...\n')).toBe(true);
    expect(py('from crewai.flow import Flow\n{% if memory %}\nx = 1\n{% endif %}\n')).toBe(true);
    expect(py('from crewai import LLM\nPROMPT = """\n{{name}} writes {% raw %}\n"""\nMSG = f"{{x}} {y}"\n')).toBe(false);
  });

  it('admits a file with no framework for a model reply run as code only when it runs code and names a model', () => {
    const ts = (body: string) => mayRunModelReply(body, 'typescript');
    expect(ts("const r = await client.chat.completions.create({ model: 'gpt-4.1', messages });\neval(r.choices[0].message.content);")).toBe(true);
    expect(ts('export function handle(llmOutput: string) { return new Function(llmOutput)(); }')).toBe(true);
    expect(ts("import vm from 'node:vm';\nconst { text } = await generateText({ prompt });\nvm.runInNewContext(text, {});")).toBe(true);
    expect(ts("const res = await this.llm.invoke(q);\nnew vm.Script(res.content).runInThisContext();")).toBe(true);
    // Code that runs code but names no model, and a model named where nothing runs code.
    expect(ts("export const calc = (e: string) => eval(e.replace(/[^\\d+*/().-]/g, ''));")).toBe(false);
    expect(ts("const r = await client.chat.completions.create({ model: 'gpt-4.1', messages });\nreturn JSON.parse(r.choices[0].message.content);")).toBe(false);
    // Methods that only share the name, a type, a browser's user agent.
    expect(ts("const t = await page.$eval('h1', (el) => el.textContent);\nconst ok = isFunction(x) && navigator.userAgent;\nlet f: Function;\nmodel.eval();")).toBe(false);
    expect(ts('if (navigator.userAgent.includes("x")) eval(code);')).toBe(false);
  });
});
