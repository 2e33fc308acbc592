/**
 * code/mcp-unpinned-launch: code that starts a stdio MCP server through npx/bunx/pnpm dlx/uvx/pipx with
 * a package and no fixed version (Python `StdioServerParameters(command="npx", args=[…])`, the OpenAI
 * Agents SDK's `MCPServerStdio(params={…})`, TypeScript `new StdioClientTransport({ command, args })`),
 * hands an agent SDK a map of servers (`ClaudeAgentOptions(mcp_servers={"name": {"command": …}})`,
 * `options: { mcpServers: { name: { command, args } } }`: `mcp-server-maps.ts`), or hands a server's
 * config to another SDK's call named for MCP (`agent.initializeMCPClient({ servers: [{ command, args }] })`,
 * `MCPStdioPlugin(command="uvx", args=[…])`: `mcp-launch-calls.ts`). It is the same launch `mcp/unpinned-package` reports in a client's config, written in code: the
 * command line is read by the MCP rules' own parser and judged by their verdict (`mcp/launch.ts`,
 * `mcp/rules/unpinned.ts`). Only literal command lines are read, up to the first argument that is not
 * one (the package comes before the server's own arguments: `["@scope/server@latest", "--url", url]`
 * is read); a program or a package given by a variable is left out.
 */
import { launchOfCommand } from '../mcp/launch.js';
import type { Val } from '../mcp/model.js';
import { publisherNote, UNPINNED_WHY, unpinnedVerdict } from '../mcp/rules/unpinned.js';
import { gateWords, holdsAny } from './gate-words.js';
import { mayHoldServerMap, serverConfigsInMaps } from './mcp-server-maps.js';
import { mayHandServerConfig, serverConfigsInCalls } from './mcp-launch-calls.js';
import type { Body, CallSite, CodeModel, Range } from './model.js';
import type { CodeRule } from './rule.js';

const ID = 'code/mcp-unpinned-launch';
/** The constructors of a stdio server's launch in the MCP SDKs and the agent SDKs built on them. */
const STDIO_LAUNCH = /(?:^|\.)(?:StdioServerParameters|StdioClientTransport|MCPServerStdio|MCPServerStdioParams|StdioServerParams)$/;
const COMMAND = /['"]?\bcommand['"]?\s*[=:]\s*(['"`])([^'"`$\n]+)\1/;
const ARGS = /['"]?\bargs['"]?\s*[=:]\s*\[([^\]]*)\]/;
const STRING = /(['"`])((?:(?!\1)[^\\\n])*)\1/g;
/** The words of `mayLaunchMcpServer`: a stdio launch's constructor, a map of servers, a `command` key. */
const LAUNCH_WORDS = gateWords(['StdioServerParam', 'StdioClientTransport', 'MCPServerStdio', 'mcp_servers', 'mcpServers', 'command']);
/** Whether a file may start a stdio MCP server at all (the analyzer's prefilter). */
export function mayLaunchMcpServer(text: string): boolean {
  if (!holdsAny(text, LAUNCH_WORDS)) return false;
  return /\b(?:StdioServerParameters|StdioClientTransport|MCPServerStdio|StdioServerParams)\b/.test(text) || mayHoldServerMap(text) || mayHandServerConfig(text);
}

/**
 * Every stdio launch of the file with its literal command lines: a launch constructor's arguments
 * (with the values callers give a parameter it passes on: `args=[package]` in `connect(self, package)`,
 * called with `connect("@scope/server")`), each server of a map of servers given to a call, and each
 * server config handed to a call named for MCP. One config reached two ways (a transport's object
 * inside an MCP client's call) is one launch: the first way kept, by where its `command` is.
 */
function launchesOf(text: string, model: CodeModel): { span: Range; config: string; lines: Val[][] }[] {
  const out: { span: Range; config: string; lines: Val[][] }[] = [];
  const seen = new Set<number>();
  const add = (span: Range, config: string, at: number, named: (name: string) => string[]): void => {
    const command = COMMAND.exec(config);
    if (!command || seen.has(at + command.index)) return;
    seen.add(at + command.index);
    out.push({ span, config, lines: commandLines(config, span, named) });
  };
  for (const call of model.calls) {
    if (!STDIO_LAUNCH.test(call.callee)) continue;
    add({ start: call.start, end: call.end }, call.args, text.indexOf(call.args, call.start), (name) => passedTo(call, name, model));
  }
  for (const server of serverConfigsInMaps(text, model.calls)) add({ start: server.start, end: server.end }, server.text, server.start, () => []);
  for (const server of serverConfigsInCalls(text, model.calls)) {
    add({ start: server.start, end: server.end }, server.text, server.at, (name) => passedTo(server.call, name, model));
  }
  return out;
}
/** A server its config turns off (`enabled=False`, `"disabled": true`), as a client's config does. */
const TURNED_OFF = /\b(?:enabled['"]?\s*[:=]\s*(?:false|False)|disabled['"]?\s*[:=]\s*(?:true|True))\b/;
/** The whole environment handed to the server: every secret the process holds. */
const WHOLE_ENV = /\benv['"]?\s*[=:]\s*(?:dict\(\s*)?(?:\{\s*(?:\*\*|\.\.\.)\s*(?:\(\s*){0,3})?(?:os\.environ|process\.env)\b/;

/**
 * The literal command lines a launch's config text gives, program first: one, or one per value
 * `named` gives a name the args list (the values a function's callers give its parameter). A line
 * ends before the first argument that is neither a literal nor such a name: what the runner fetches
 * comes before the arguments the server is handed (`["@scope/server@latest", "start", "--url", url]`);
 * an argument before it that is not read leaves no package to judge (`["-y", pkg]` reads `npx -y`).
 */
function commandLines(config: string, span: Range, named: (name: string) => string[]): Val[][] {
  const command = COMMAND.exec(config);
  if (!command) return [];
  let lines: Val[][] = [[{ value: command[2]!, span }]];
  const args = ARGS.exec(config);
  for (const item of args ? args[1]!.split(',').map((s) => s.trim()).filter(Boolean) : []) {
    const m = new RegExp(`^${STRING.source}$`).exec(item);
    const values = m ? (m[1] === '`' && m[2]!.includes('${') ? [] : [m[2]!]) : /^[A-Za-z_]\w*$/.test(item) ? named(item) : [];
    if (!values.length) break;
    lines = lines.flatMap((line) => values.map((value) => [...line, { value, span }]));
  }
  return lines;
}

/** The literal values this file's calls give `name`, a parameter of the function the call sits in. */
function passedTo(call: CallSite, name: string, model: CodeModel): string[] {
  let inner: [string, Body] | undefined;
  for (const [key, body] of model.functions) {
    if (body.start <= call.start && call.end <= body.end && (!inner || body.start >= inner[1].start)) inner = [key, body];
  }
  const index = inner?.[1].params.findIndex((p) => p.length === 1 && p[0] === name) ?? -1;
  if (!inner || index < 0) return [];
  const fn = inner[0].slice(inner[0].lastIndexOf('.') + 1);
  const callers = model.calls.filter((c) => c.callee.slice(c.callee.lastIndexOf('.') + 1) === fn);
  const values = callers.map((c) => (c.argv?.[String(index)] ?? c.argv?.[name])?.constant);
  return callers.length && values.every((v): v is string => v !== undefined) ? [...new Set(values)] : [];
}

export const mcpUnpinnedLaunch: CodeRule = {
  meta: {
    id: ID,
    title: 'MCP server started from code without a pinned package version',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'Code starts a stdio MCP server with npx/bunx/pnpm dlx/yarn dlx/npm exec or uvx/pipx run and a package without an exact version, ' +
      'through an MCP SDK\'s stdio launch, in a map of servers handed to an agent SDK (`mcp_servers={…}`, `mcpServers: {…}`) or in a server\'s ' +
      'config handed to a call named for MCP (`initializeMCPClient({ servers: [{ command, args }] })`, `MCPStdioPlugin(command=…, args=…)`) ' +
      '(no version, `@latest`, a range, or git without a commit), as `mcp/unpinned-package` reports in a client\'s config. Each launch may ' +
      'run different code than the one reviewed, with the credentials the server is handed (the whole environment when it is given ' +
      '`os.environ` or `process.env`). The repository\'s own package is low; a server its config turns off (`enabled=False`) is info.',
    remediation:
      'Pin the exact version in the launch (`args=["-y", "@scope/server@1.4.2"]`, `uvx server==1.4.2`) and update it deliberately after ' +
      'review; pass the server only the variables it needs, not the whole environment.',
    examples: {
      positive: [
        {
          path: 'app/maps_client.py',
          code: 'import os\nfrom mcp import ClientSession, StdioServerParameters\nfrom mcp.client.stdio import stdio_client\n\nparams = StdioServerParameters(command="npx", args=["-y", "@example/maps-server"], env=os.environ)\n\n\nasync def main():\n    async with stdio_client(params) as (read, write):\n        async with ClientSession(read, write) as session:\n            await session.initialize()\n',
        },
        {
          path: 'src/client.ts',
          code: "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\n\nconst transport = new StdioClientTransport({ command: 'uvx', args: ['example-fetch-server'] });\nconst client = new Client({ name: 'c', version: '1.0.0' });\nawait client.connect(transport);\n",
        },
        // A map of servers handed to the Claude Agent SDK: the second server is fetched unpinned.
        {
          path: 'builder/client.py',
          code:
            'from claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient\n\n\ndef make_client():\n    return ClaudeSDKClient(\n        options=ClaudeAgentOptions(\n' +
            '            mcp_servers={\n                "notes": {"command": "python", "args": ["notes_server.py"]},\n                "browser": {"command": "npx", "args": ["example-browser-mcp"]},\n            },\n' +
            '            allowed_tools=["mcp__browser__open"],\n        )\n    )\n',
        },
        {
          path: 'src/agent.ts',
          code:
            "import { query } from '@anthropic-ai/claude-agent-sdk';\n\nfor await (const m of query({ prompt: 'Tidy the board', options: { mcpServers: { board: { command: 'npx', args: ['-y', 'example-board-mcp@latest'] } } } })) {\n  console.log(m);\n}\n",
        },
        // A list of servers handed to an agent's own MCP method; the package is read up to the server's own arguments, which a variable ends.
        {
          path: 'src/sheets.ts',
          code:
            "import { BrowserAgent } from 'example-browser-agent';\n\nexport async function run(sheetsUrl: string) {\n  const agent = new BrowserAgent({ model: 'gpt-4o' });\n" +
            "  await agent.initializeMCPClient({\n    servers: [{ command: 'npx', args: ['example-sheets-mcp@latest', 'start', '--url', sheetsUrl], env: { npm_config_yes: 'true' } }],\n  });\n  return agent.executeTask('Fill the sheet');\n}\n",
        },
        // A plugin whose launch is written as keyword arguments.
        {
          path: 'app/notes_agent.py',
          code:
            'from semantic_kernel.connectors.mcp import MCPStdioPlugin\n\n\nasync def notes_plugin():\n    async with MCPStdioPlugin(name="notes", command="uvx", args=["example-notes-mcp"]) as plugin:\n        return plugin\n',
        },
      ],
      negative: [
        {
          path: 'app/maps_client.py',
          code: 'from mcp import ClientSession, StdioServerParameters\nfrom mcp.client.stdio import stdio_client\n\nparams = StdioServerParameters(command="npx", args=["-y", "@example/maps-server@1.2.3"], env={"MAPS_KEY": "placeholder"})\n\n\nasync def main():\n    async with stdio_client(params) as (read, write):\n        async with ClientSession(read, write) as session:\n            await session.initialize()\n',
        },
        // The project's own server script, run by its interpreter: nothing is fetched.
        {
          path: 'src/client.ts',
          code: "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\n\nconst transport = new StdioClientTransport({ command: 'python', args: ['server.py'] });\nconst client = new Client({ name: 'c', version: '1.0.0' });\nawait client.connect(transport);\n",
        },
        // The same map with the package pinned, and a map shown in a docstring (an illustration given to no call).
        {
          path: 'builder/client.py',
          code:
            'from claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient\n\n\ndef make_client():\n    """Build the client.\n\n    Example: mcp_servers={"browser": {"command": "npx", "args": ["example-browser-mcp"]}}\n    """\n' +
            '    return ClaudeSDKClient(options=ClaudeAgentOptions(mcp_servers={"browser": {"command": "npx", "args": ["example-browser-mcp@2.1.0"]}}))\n',
        },
        // A config snippet a page builds as text for the user to copy: a string, not a launch.
        {
          path: 'web/app/connect/page.tsx',
          code:
            "import { query } from '@anthropic-ai/claude-agent-sdk';\nimport { useMemo } from 'react';\n\nexport function Connect({ apiKey }: { apiKey: string }) {\n" +
            '  const snippet = useMemo(() => `{ "mcpServers": { "board": { "command": "npx", "args": ["example-board-mcp"], "env": { "BOARD_KEY": "${apiKey}" } } } }`, [apiKey]);\n' +
            '  return <pre>{snippet}</pre>;\n}\n',
        },
        // A route that serves sample MCP settings as JSON, and a settings file written out: data returned or written, not a launch.
        {
          path: 'web/app/api/settings/route.ts',
          code:
            "export function GET() {\n  return Response.json({ mcp_servers: { board: { enabled: true, type: 'stdio', command: 'uvx', args: ['example-board-mcp'] } } });\n}\n",
        },
        // A check of a server's config and a writer of the user's client settings: configs read or kept, not started; and the agent's own server run by node.
        {
          path: 'src/setup.ts',
          code:
            "import { validateMcpServerConfig, writeMcpConfig } from './config';\nimport { BrowserAgent } from 'example-browser-agent';\n\nconst server = { command: 'npx', args: ['example-board-mcp'] };\n" +
            "validateMcpServerConfig({ command: 'npx', args: ['example-board-mcp'] });\nwriteMcpConfig('~/.board/mcp.json', { servers: [{ command: 'npx', args: ['example-board-mcp'] }] });\n" +
            "await new BrowserAgent({}).initializeMCPClient({ servers: [{ command: 'node', args: ['dist/board-server.js'] }] });\n",
        },
        {
          path: 'tools/write_settings.py',
          code:
            'import json\n\n\ndef write_settings(path):\n    with open(path, "w") as f:\n        f.write(json.dumps({"mcpServers": {"board": {"command": "npx", "args": ["example-board-mcp"]}}}))\n',
        },
      ],
    },
  },
  check(file, analysis, ctx) {
    const dependsOn = (relPath: string, hash: string): void => ctx.dependsOn?.(relPath, hash);
    for (const { span, config, lines } of launchesOf(file.text, analysis.model)) {
      for (const parts of lines) {
        const launch = launchOfCommand(parts);
        if (!launch || (launch.kind !== 'npm' && launch.kind !== 'python') || launch.pin.pinned) continue;
        const verdict = unpinnedVerdict(file, launch, dependsOn);
        const wholeEnv = WHOLE_ENV.test(config);
        // Turned off in its config (`enabled=False`), as a client's config turns a server off: nothing runs until someone turns it on.
        const off = TURNED_OFF.test(config);
        ctx.report({
          ruleId: ID,
          message:
            `Code starts an MCP server with ${launch.runner} ${launch.spec.value}${publisherNote(verdict)}` +
            (verdict.installed
              ? `, a dependency of this project: ${launch.runner} runs the copy the project installs, at the version its lockfile fixes.`
              : ` ${UNPINNED_WHY[launch.pin.why]}.`) +
            (wholeEnv ? ' The server is also handed the whole environment, every secret this process holds.' : '') +
            (off ? ' (For information: the server is disabled in this config, so nothing runs until it is turned on.)' : ''),
          span,
          key: `launch:${launch.runner} ${launch.spec.value}`,
          evidence: `${launch.runner} ${launch.spec.value}`,
          severity: verdict.installed || off ? 'info' : verdict.severity,
          ...(verdict.contextFloor && !verdict.installed && !off ? { contextFloor: verdict.contextFloor } : {}),
        });
      }
    }
  },
};
