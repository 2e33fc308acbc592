/**
 * code/host-code-execution: a code-writing agent whose code runs on this host, not in a sandbox —
 * smolagents `CodeAgent` with the local executor (the default) and `additional_authorized_imports`
 * that open the host (`"*"`, `os`, `subprocess`, …), worse when the same agent reads untrusted web
 * pages: one injected page is then code running with the host's files and credentials. The imports
 * are read where they are given or from the module-level list they name (`AUTHORIZED_IMPORTS`), and
 * rate the finding: high for those that run anything, medium for files, environment and network.
 */
import type { AgentDecl, Setting } from './model.js';
import type { CodeRule } from './rule.js';

const ID = 'code/host-code-execution';

/** Executors that run the agent's code away from this host. */
const SANDBOXED = /^(?:e2b|docker|modal|wasm|blaxel|remote)$/;
/** Imports that give generated code the host: the process, files, network, interpreter internals. */
const HOST_MODULES = /^(?:\*|os(?:\.\*)?|subprocess|sys|shutil|socket|pathlib|io|builtins|importlib|pickle|ctypes|multiprocessing|posix|pty|requests|urllib(?:\.\w+)?|httpx|glob|tempfile|signal|threading)$/;
/**
 * Of those, the ones that run programs or any code outright: every module, a process API, the
 * interpreter's import machinery or builtins, a C call, unpickling. The rest (`os`, `sys`, files,
 * sockets, HTTP) reach the host's files, environment and network, and the local executor refuses the
 * shell helpers among them (`os.system`, `os.popen`): a finding, one step below.
 */
const RUNS_ANYTHING = /^(?:\*|subprocess|pty|ctypes|importlib|multiprocessing|builtins|pickle|marshal|runpy|code|codeop)$/;
/** Tools and libraries that read web pages or drive a browser. */
const BROWSING = /(?:WebSearchTool|VisitWebpageTool|DuckDuckGoSearchTool|GoogleSearchTool|ApiWebSearchTool|WikipediaSearchTool|SimpleTextBrowser|Browser\w*|browser\w*|visit_?\w*|web_?search\w*|fetch_?url\w*|crawl\w*|scrape\w*)|^(?:helium|selenium|playwright)\b/;

export const hostCodeExecution: CodeRule = {
  meta: {
    id: ID,
    title: 'Agent-written code runs on the host',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'A code agent executes the Python its model writes with the local executor, in this process, and its authorised imports ' +
      'open the host (any module, or os/subprocess/sys). Nobody reviews the code before it runs; if the agent also reads web ' +
      'pages, text planted on one of them can make it run anything with this host\'s files and credentials. High when the imports run ' +
      'programs or any code outright ("*", subprocess, importlib, ctypes, builtins…), medium when they reach files, environment and network ' +
      '(os, sys, shutil, requests…), low when the agent only reads web pages with no such import.',
    remediation:
      'Run the agent\'s code in a sandbox (executor_type="e2b", "docker", "modal" or "wasm"), authorise only the modules the task ' +
      'needs (never "*", os, subprocess or sys), and keep browsing in a separate agent without code execution.',
    examples: {
      positive: [
        {
          path: 'agents/research.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel, VisitWebpageTool, WebSearchTool\n\nagent = CodeAgent(\n    tools=[WebSearchTool(), VisitWebpageTool()],\n    model=InferenceClientModel(),\n    additional_authorized_imports=["*"],\n)\n',
        },
        {
          path: 'agents/analyst.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel\n\nagent = CodeAgent(tools=[], model=InferenceClientModel(), additional_authorized_imports=["pandas", "subprocess"], executor_type="local")\n',
        },
        // The imports kept in a module-level list the agent names.
        {
          path: 'agents/reporter.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel\n\nREPORT_IMPORTS = [\n    "pandas",\n    "os",  # to list the report folder\n]\n\n\ndef build():\n    return CodeAgent(tools=[], model=InferenceClientModel(), additional_authorized_imports=REPORT_IMPORTS)\n',
        },
      ],
      negative: [
        {
          path: 'agents/research.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel, VisitWebpageTool, WebSearchTool\n\nagent = CodeAgent(\n    tools=[WebSearchTool(), VisitWebpageTool()],\n    model=InferenceClientModel(),\n    additional_authorized_imports=["*"],\n    executor_type="e2b",\n)\n',
        },
        {
          path: 'agents/analyst.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel\n\nagent = CodeAgent(tools=[], model=InferenceClientModel(), additional_authorized_imports=["pandas", "numpy"])\n',
        },
        {
          path: 'agents/reporter.py',
          code: 'from smolagents import CodeAgent, InferenceClientModel\n\nREPORT_IMPORTS = ["pandas", "numpy", "statistics"]\n\nagent = CodeAgent(tools=[], model=InferenceClientModel(), additional_authorized_imports=REPORT_IMPORTS + ["math"])\n',
        },
      ],
    },
  },
  check(file, analysis, ctx) {
    const { model } = analysis;
    if (!model.frameworks.has('smolagents')) return;
    const browsingInFile = model.agents.some((a) => (a.tools ?? []).some((t) => BROWSING.test(t))) || model.calls.some((c) => BROWSING.test(c.callee));
    for (const agent of model.agents) {
      if (!/(?:^|\.)CodeAgent$/.test(agent.callee)) continue;
      const own = (name: string): Setting | undefined => model.settings.find((s) => s.name === name && agent.start <= s.start && s.end <= agent.end);
      const executor = own('executor_type');
      const kind = executor ? executor.value.trim().replace(/^(['"])(.*)\1$/, '$2') : 'local';
      if (SANDBOXED.test(kind)) continue;
      // A variable or expression we cannot read: the executor may be a sandbox.
      if (executor && !/^['"]/.test(executor.value.trim())) continue;
      const imports = own('additional_authorized_imports');
      const modules = imports ? authorisedModules(imports.value, file.text) : [];
      const open = modules.filter((m) => HOST_MODULES.test(m));
      const browsing = (agent.tools ?? []).some((t) => BROWSING.test(t)) || browsingInFile;
      if (open.length === 0 && !browsing) continue;
      const where = imports ?? executor ?? agent;
      const opened = open.includes('*') ? 'any module ("*")' : open.join(', ');
      const anything = open.some((m) => RUNS_ANYTHING.test(m));
      // What the authorised modules let the code do, said as the severity rates it.
      const reach = anything ? 'run anything here' : "use them on this host's files, environment and network";
      const bounds = anything ? '' : ' (they reach files, environment and network; the local executor refuses os.system and os.popen)';
      const message = open.length
        ? `CodeAgent${name(agent)} runs the code its model writes on this host (executor ${kind}) with ${opened} authorised${bounds}${browsing ? `, while it reads web pages: text planted on a page can make it ${reach}` : ': nothing reviews that code before it runs'}.`
        : `CodeAgent${name(agent)} runs the code its model writes on this host (executor ${kind}) while it reads web pages: the local executor's import limits are not a security boundary against an injected page.`;
      ctx.report({
        ruleId: ID,
        message,
        span: where,
        key: `agent:${agent.name ?? agent.start}`,
        evidence: open.length ? `additional_authorized_imports: ${opened}` : `executor_type=${kind}`,
        severity: anything ? 'high' : open.length ? 'medium' : 'low',
        confidence: open.length && browsing ? 'high' : 'medium',
      });
    }
  },
};

/**
 * The module names an `additional_authorized_imports` value lists: its string literals, and those of
 * the module-level lists it names (`AUTHORIZED_IMPORTS`, `BASE_IMPORTS + ["pandas"]`).
 */
function authorisedModules(value: string, text: string): string[] {
  const strings = (t: string) => [...t.matchAll(/['"]([^'"\n]+)['"]/g)].map((m) => m[1]!);
  const out = strings(value);
  for (const [name] of value.replace(/(['"])[^'"\n]*\1/g, '').matchAll(/(?<![\w.])[A-Za-z_]\w*(?![\w(])/g)) {
    const list = moduleList(text, name);
    if (list) out.push(...strings(list));
  }
  return out;
}

/** The source of a list or tuple literal a module-level name is bound to (`NAME = [ … ]`), brackets matched. */
function moduleList(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}\\s*(?::[^=\\n]+)?=\\s*([[(])`, 'm').exec(text);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) - 1;
    else if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && --depth === 0) return text.slice(open, i + 1);
  }
  return undefined;
}

function name(agent: AgentDecl): string {
  return agent.name ? ` "${agent.name}"` : '';
}
