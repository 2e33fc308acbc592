/**
 * The sandbox: parsing and evaluation run in a child process under Node's permission model. A probe
 * run the same way shows that code in the child cannot write a file, spawn a process, start a worker,
 * read outside its grants, generate code from strings or open a connection; and the real replay of
 * hostile inputs through the sandbox completes without touching anything.
 * (Needs the compiled child: `npm test` builds first.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runReplay } from '../../src/commands/replay.js';
import { HARDEN_ENTRY, SandboxError, runSandboxed, DEFAULT_SANDBOX_LIMITS } from '../../src/replay/sandbox/launch.js';
import { RESULT_MARKER } from '../../src/replay/sandbox/protocol.js';
import { FIXTURES, SESSION, scratch } from './helpers.js';

let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const PROBE = (outside: string, written: string) => `
import ${JSON.stringify(pathToFileURL(HARDEN_ENTRY).href)};
import fs from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import cp from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import os from 'node:os';
import traceEvents from 'node:trace_events';
import { Worker } from 'node:worker_threads';
import { createSocket } from 'node:dgram';
const port = Number(JSON.parse(fs.readFileSync(0, 'utf8')).port);
const out = {};
const attempt = async (name, fn) => { try { await fn(); out[name] = 'ALLOWED'; } catch (e) { out[name] = e.code ?? e.name; } };
await attempt('writeFile', () => fs.writeFileSync(${JSON.stringify(written)}, 'pwned'));
await attempt('appendFile', () => fs.appendFileSync(${JSON.stringify(written)}, 'pwned'));
await attempt('mkdir', () => fs.mkdirSync(${JSON.stringify(written + '.d')}));
await attempt('readOutside', () => fs.readFileSync(${JSON.stringify(outside)}, 'utf8'));
await attempt('spawn', () => cp.spawnSync('/bin/sh', ['-c', 'touch ${written}.sh']));
await attempt('exec', () => cp.execSync('touch ${written}.exec'));
await attempt('worker', () => new Worker('1', { eval: true }));
await attempt('binding', () => process.binding('tcp_wrap'));
await attempt('eval', () => eval('1 + 1'));
await attempt('function', () => new Function('return 1')());
await attempt('netConnect', () => new Promise((resolve, reject) => { const s = net.connect(port, '127.0.0.1'); s.on('connect', resolve); s.on('error', reject); }));
await attempt('socketConnect', () => new Promise((resolve, reject) => { const s = new net.Socket(); s.on('connect', resolve); s.on('error', reject); s.connect(port, '127.0.0.1'); }));
await attempt('http', () => new Promise((resolve, reject) => { const r = http.get('http://127.0.0.1:' + port + '/'); r.on('response', resolve); r.on('error', reject); }));
await attempt('fetch', () => fetch('http://127.0.0.1:' + port + '/'));
await attempt('listen', () => new Promise((resolve, reject) => { const s = new net.Server(); s.on('error', reject); s.listen(0, '0.0.0.0', () => { s.close(); resolve(); }); }));
await attempt('httpListen', () => new Promise((resolve, reject) => { const s = new http.Server(); s.on('error', reject); s.listen(0, () => { s.close(); resolve(); }); }));
await attempt('udpClass', () => new Promise((resolve, reject) => { const s = new dgram.Socket('udp4'); s.on('error', reject); s.send('x', port, '127.0.0.1', (e) => (e ? reject(e) : resolve())); }));
await attempt('udpNamedImport', () => createSocket('udp4'));
await attempt('dnsLookup', () => new Promise((resolve, reject) => dns.lookup('localhost', (e) => (e ? reject(e) : resolve()))));
await attempt('dnsResolver', () => new Promise((resolve, reject) => new dns.Resolver().resolve4('example.com', (e) => (e ? reject(e) : resolve()))));
await attempt('dnsPromisesResolver', () => new dns.promises.Resolver().resolve4('example.com'));
await attempt('traceEvents', () => traceEvents.createTracing({ categories: ['node.perf'] }).enable());
await attempt('killParent', () => process.kill(process.ppid, 0));
await attempt('setPriorityParent', () => os.setPriority(process.ppid, os.getPriority(process.ppid)));
await attempt('inspector', async () => (await import('node:inspector')).open(0, '127.0.0.1'));
process.stdout.write(${JSON.stringify(RESULT_MARKER)} + JSON.stringify(out));
`;

describe('sandbox confinement', () => {
  it('denies writes, processes, workers, reads outside its grants, code from strings, connections, listening, UDP, DNS, tracing and signals', async () => {
    const s = scratch();
    const outsideDir = scratch();
    try {
      const outside = outsideDir.write('secret.txt', 'top secret');
      const written = join(s.dir, 'pwned.txt');
      const probe = s.write('probe.mjs', PROBE(outside, written));
      const out = await runSandboxed<Record<string, string>>({ entry: probe, input: { port }, readPaths: [probe], limits: { timeoutMs: 20_000, memoryMb: 256 } });
      expect(out).toEqual({
        writeFile: 'ERR_ACCESS_DENIED',
        appendFile: 'ERR_ACCESS_DENIED',
        mkdir: 'ERR_ACCESS_DENIED',
        readOutside: 'ERR_ACCESS_DENIED',
        spawn: 'ERR_ACCESS_DENIED',
        exec: 'ERR_ACCESS_DENIED',
        worker: 'ERR_ACCESS_DENIED',
        binding: 'ERR_ACCESS_DENIED',
        eval: 'EvalError',
        function: 'EvalError',
        netConnect: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        socketConnect: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        http: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        fetch: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        listen: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        httpListen: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        udpClass: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        udpNamedImport: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        dnsLookup: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        dnsResolver: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        dnsPromisesResolver: 'ERR_AGENTWARDEN_SANDBOX_NETWORK',
        traceEvents: 'ERR_AGENTWARDEN_SANDBOX_DENIED',
        killParent: 'ERR_AGENTWARDEN_SANDBOX_DENIED',
        setPriorityParent: 'ERR_AGENTWARDEN_SANDBOX_DENIED',
        inspector: 'ERR_ACCESS_DENIED',
      });
      expect(readdirSync(s.dir)).toEqual(['probe.mjs']);
      expect(connections).toBe(0);
    } finally {
      s.cleanup();
      outsideDir.cleanup();
    }
  });

  it('stops a child that runs past the time limit', async () => {
    const s = scratch();
    try {
      const probe = s.write('loop.mjs', 'for (;;) {}\n');
      await expect(runSandboxed({ entry: probe, input: {}, readPaths: [probe], limits: { timeoutMs: 1500, memoryMb: 128 } })).rejects.toThrow(/timed out after 1500 ms/);
    } finally {
      s.cleanup();
    }
  });

  it('stops a child that goes over the memory limit', async () => {
    const s = scratch();
    try {
      const probe = s.write('hog.mjs', 'const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random()));\n');
      await expect(runSandboxed({ entry: probe, input: {}, readPaths: [probe], limits: { timeoutMs: 30_000, memoryMb: 64 } })).rejects.toBeInstanceOf(SandboxError);
    } finally {
      s.cleanup();
    }
  });
});

describe('replay through the sandbox', () => {
  it('gives the same result as in process for every fixture format', async () => {
    const files = [join(FIXTURES, 'claude-code'), join(FIXTURES, 'otlp'), join(FIXTURES, 'openai-responses/mcp-approvals.json')];
    const boxed = await runReplay(files, { root: FIXTURES });
    const plain = await runReplay(files, { root: FIXTURES, sandbox: false });
    expect(boxed.exitCode).toBe(plain.exitCode);
    expect(boxed.report.findings).toEqual(plain.report.findings);
    expect(boxed.report.sessions).toEqual(plain.report.sessions);
  });

  it('replays a hostile transcript and a hostile policy without writing, spawning or connecting', async () => {
    const s = scratch();
    try {
      const url = `http://127.0.0.1:${port}/exfil`;
      const session = s.write('hostile.jsonl', [
        { ...SESSION, env: { PATH: '/usr/bin' }, __proto__: { polluted: true } },
        { type: 'tool-call', id: 'c1', tool: 'constructor', args: { __proto__: { admin: true }, constructor: { prototype: { x: 1 } }, url } },
        { type: 'tool-call', id: 'c2', tool: '__proto__', args: JSON.parse('{"__proto__": {"isAdmin": true}, "command": "require(\\"child_process\\").execSync(\\"touch pwned\\")"}') },
        { type: 'tool-result', callId: 'c2', output: '${process.exit(1)} {{constructor.constructor("return process")()}}' },
        { type: 'tool-call', id: 'c3', tool: 'http_get', args: { url } },
      ]);
      const policy = s.write('policy.yaml', [
        'version: 1',
        'objective: !!js/function "function () { require(\'child_process\').execSync(\'touch pwned\') }"',
        'tools:',
        `  allow: [http_get]`,
      ].join('\n'));
      const before = readdirSync(s.dir).sort();
      const { report, exitCode } = await runReplay([session], { root: s.dir, policy });
      // the unknown YAML tag is a policy error: exit 2, nothing evaluated, nothing executed
      expect(exitCode).toBe(2);
      expect(report.errors[0]!.message).toMatch(/policy\.yaml/);
      const plainPolicy = s.write('plain.yaml', 'version: 1\ntools:\n  allow: [http_get]\n');
      const second = await runReplay([session], { root: s.dir, policy: plainPolicy });
      expect(second.exitCode).toBe(1);
      expect(second.report.findings.map((f) => f.ruleId)).toContain('replay/tool-not-allowed');
      expect(readdirSync(s.dir).sort()).toEqual([...before, 'plain.yaml'].sort());
      expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(connections).toBe(0);
    } finally {
      s.cleanup();
    }
  });

  it('does not echo a file a policy points at', async () => {
    const s = scratch();
    try {
      const secretFile = s.write('not-yaml.txt', 'root:x:0:0:SECRET-CONTENT-1234:/root:/bin/bash\n');
      const session = s.write('s.jsonl', [SESSION]);
      const policy = s.write('policy.yaml', `version: 1\napprovals:\n  files: [${secretFile}]\n`);
      const { report, exitCode } = await runReplay([session], { root: s.dir, policy });
      expect(exitCode).toBe(2);
      expect(JSON.stringify(report)).not.toContain('SECRET-CONTENT');
    } finally {
      s.cleanup();
    }
  });

  it('has sensible defaults', () => {
    expect(DEFAULT_SANDBOX_LIMITS.timeoutMs).toBeGreaterThan(0);
    expect(DEFAULT_SANDBOX_LIMITS.memoryMb).toBeGreaterThanOrEqual(256);
  });
});
