/**
 * code/host-code-execution: a code-writing agent whose code runs on this host, not in a sandbox —
 * smolagents `CodeAgent` with the local executor (the default) and `additional_authorized_imports`
 * that open the host (`"*"`, `os`, `subprocess`, …), worse when the same agent reads untrusted web
 * pages: one injected page is then code running with the host's files and credentials.
 */
import type { AgentDecl, Setting } from './model.js';
import type { CodeRule } from './rule.js';

const ID = 'code/host-code-execution';

/** Executors that run the agent's code away from this host. */
const SANDBOXED = /^(?:e2b|docker|modal|wasm|blaxel|remote)$/;
/** Imports that give generated code the host: the process, files, network, interpreter internals. */
const HOST_MODULES = /^(?:\*|os(?:\.\*)?|subprocess|sys|shutil|socket|pathlib|io|builtins|importlib|pickle|ctypes|multiprocessing|posix|pty|requests|urllib(?:\.\w+)?|httpx|glob|tempfile|signal|threading)$/;
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
      'pages, text planted on one of them can make it run anything with this host\'s files and credentials.',
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
      ],
    },
  },
  check(_file, analysis, ctx) {
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
      const modules = imports ? [...imports.value.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!) : [];
      const open = modules.filter((m) => HOST_MODULES.test(m));
      const browsing = (agent.tools ?? []).some((t) => BROWSING.test(t)) || browsingInFile;
      if (open.length === 0 && !browsing) continue;
      const where = imports ?? executor ?? agent;
      const opened = open.includes('*') ? 'any module ("*")' : open.join(', ');
      const message = open.length
        ? `CodeAgent${name(agent)} runs the code its model writes on this host (executor ${kind}) with ${opened} authorised${browsing ? ', while it reads web pages: text planted on a page can make it run anything here' : ': nothing reviews that code before it runs'}.`
        : `CodeAgent${name(agent)} runs the code its model writes on this host (executor ${kind}) while it reads web pages: the local executor's import limits are not a security boundary against an injected page.`;
      ctx.report({
        ruleId: ID,
        message,
        span: where,
        key: `agent:${agent.name ?? agent.start}`,
        evidence: open.length ? `additional_authorized_imports: ${opened}` : `executor_type=${kind}`,
        severity: open.length ? 'high' : 'low',
        confidence: open.length && browsing ? 'high' : 'medium',
      });
    }
  },
};

function name(agent: AgentDecl): string {
  return agent.name ? ` "${agent.name}"` : '';
}
