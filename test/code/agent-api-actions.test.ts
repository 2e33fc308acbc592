/**
 * code/agent-api-no-auth for Next.js server actions: an action of a `"use server"` module whose
 * arguments reach the command of a process launch, here through a helper of the module and a
 * function of another module of the app, is high; a module or middleware that authenticates, a
 * fixed command, an argument that only picks a stored server, or no Next.js app report nothing.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';
const NEXT_APP = JSON.stringify({ scripts: { start: 'next start' }, dependencies: { next: '15.3.0' } });

function actions(check = ''): string {
  return (
    "'use server';\nimport { openClient, dropClient } from './client';\n\n" +
    `export async function addServer(id: string, config: { command: string; args: string[] }) {\n${check}  await saveConfig(id, config);\n  return init(id, config);\n}\n\n` +
    'export async function resumeServer(id: string) {\n  const stored = await loadConfig();\n  const config = stored.servers[id];\n  return openClient(id, config);\n}\n\n' +
    'export async function removeServer(id: string) {\n  return dropClient(id);\n}\n\n' +
    'async function init(id: string, config: { command: string; args: string[] }) {\n  const client = await openClient(id, config);\n  return client;\n}\n'
  );
}
function client(command = 'command: config.command, args: config.args'): string {
  return (
    "import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\nimport { spawn } from 'node:child_process';\n\n" +
    `export async function openClient(id: string, config: { command: string; args: string[] }) {\n  const transport = new StdioClientTransport({ ${command} });\n  return { id, transport };\n}\n\n` +
    "export function dropClient(id: string) {\n  return spawn('pkill', ['-f', id]);\n}\n"
  );
}

async function found(files: Record<string, string>) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID).map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message }));
}

describe('Next.js server actions', () => {
  it('an action whose arguments become a stdio transport command in another module: high, at that action only', async () => {
    const r = await found({ 'package.json': NEXT_APP, 'app/mcp/actions.ts': actions(), 'app/mcp/client.ts': client() });
    expect(r.map((f) => [f.at, f.severity])).toEqual([['app/mcp/actions.ts:4', 'high']]);
    expect(r[0]!.message).toContain('server action addServer()');
    expect(r[0]!.message).toContain('StdioClientTransport');
  });

  it('a spawn given the action argument through a local binding: high', async () => {
    const code = "'use server';\nimport { spawn } from 'node:child_process';\n\nexport async function runTool(input: { cmd: string }) {\n  const { cmd } = input;\n  return spawn(cmd, []);\n}\n";
    expect((await found({ 'package.json': NEXT_APP, 'lib/actions.ts': code })).map((f) => f.at)).toEqual(['lib/actions.ts:4']);
  });

  it('a function that opens with the directive, in a module without it: high', async () => {
    const code = "import { exec } from 'node:child_process';\n\nexport default function Page() {\n  async function run(cmd: string) {\n    'use server';\n    exec(cmd);\n  }\n  return null;\n}\n";
    expect((await found({ 'package.json': NEXT_APP, 'app/page.tsx': code })).map((f) => f.at)).toEqual(['app/page.tsx:4']);
  });

  it('nothing when the module checks the session, the command is fixed, a middleware authenticates, or the app is no Next.js app', async () => {
    const guarded = actions("  const session = await auth();\n  if (!session) throw new Error('unauthorized');\n");
    expect(await found({ 'package.json': NEXT_APP, 'app/mcp/actions.ts': guarded, 'app/mcp/client.ts': client() })).toEqual([]);
    expect(await found({ 'package.json': NEXT_APP, 'app/mcp/actions.ts': actions(), 'app/mcp/client.ts': client("command: 'npx', args: ['-y', 'notes-mcp']") })).toEqual([]);
    const middleware =
      "import { NextResponse } from 'next/server';\nimport { auth } from './auth';\n\nexport async function middleware() {\n  const session = await auth();\n" +
      "  if (!session) return NextResponse.redirect('/login');\n  return NextResponse.next();\n}\n";
    expect(await found({ 'package.json': NEXT_APP, 'middleware.ts': middleware, 'app/mcp/actions.ts': actions(), 'app/mcp/client.ts': client() })).toEqual([]);
    expect(await found({ 'package.json': JSON.stringify({ dependencies: { express: '5.0.0' } }), 'app/mcp/actions.ts': actions(), 'app/mcp/client.ts': client() })).toEqual([]);
  });
});
