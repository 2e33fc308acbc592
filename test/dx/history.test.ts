/** `scan --history`: secrets anywhere in the git history, with the commit that added them. */
import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';
import { git, GIT_ENV, initRepo } from './git.js';
import { parseLogOpts, revisionArgs } from '../../src/discovery/history.js';
import { scanHistory } from '../../src/engine/history.js';

// Made-up values in the shape of real tokens; none was ever issued.
const GH = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';
const GH2 = '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';
const env = { ...GIT_ENV };

interface Json {
  findings: { ruleId: string; fingerprint: string; location: { path: string; startLine: number }; history?: { commit?: string; date?: string; atHead: boolean } }[];
  stats: { filesScanned: number; filesSkipped: number };
  skipped: { path: string; reason: string }[];
}

function commit(dir: string, message: string, date: string): string {
  git(dir, ['add', '-A']);
  const r = git(dir, ['commit', '-qm', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  if (r.code !== 0) throw new Error(r.stderr);
  return git(dir, ['rev-parse', 'HEAD']).stdout.trim();
}

/** The history scan in this process (the CLI runs are kept for output and exit codes). */
async function history(dir: string, options: { since?: string; logOpts?: string; baseline?: string } = {}): Promise<Json> {
  const { report } = await scanHistory({ path: dir, since: options.since, logOpts: parseLogOpts(options.logOpts), baseline: options.baseline });
  return JSON.parse(JSON.stringify(report)) as Json;
}

/** A repository where a token was committed, edited around, then deleted, and another token is still there. */
function leakyRepo() {
  const dir = tempTree({ 'README.md': '# app\n' });
  initRepo(dir);
  const init = commit(dir, 'init', '2024-01-01T10:00:00Z');
  writeFileSync(path.join(dir, 'deploy.env'), `REGION=eu-west-1\nGITHUB_TOKEN=${GH}\n`);
  const added = commit(dir, 'add deploy settings', '2024-02-03T04:05:06+02:00');
  writeFileSync(path.join(dir, 'deploy.env'), `REGION=eu-west-2\nGITHUB_TOKEN=${GH}\n`);
  const moved = commit(dir, 'move region', '2024-03-01T00:00:00Z');
  rmSync(path.join(dir, 'deploy.env'));
  writeFileSync(path.join(dir, 'ci.env'), `TOKEN=${GH2}\n`);
  const removed = commit(dir, 'remove deploy settings, add ci', '2024-04-01T00:00:00Z');
  return { dir, init, added, moved, removed };
}

describe('scan --history', { timeout: 120_000 }, () => {
  it('finds a token removed from HEAD, with the commit that added it, once for all its versions', async () => {
    const { dir, added, removed } = leakyRepo();
    const report = await history(dir);
    const gone = report.findings.filter((f) => f.location.path === 'deploy.env');
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ ruleId: 'secrets/github-pat', location: { path: 'deploy.env', startLine: 2 } });
    expect(gone[0]!.history).toEqual({ commit: added, date: '2024-02-03T04:05:06+02:00', atHead: false });

    const still = report.findings.filter((f) => f.location.path === 'ci.env');
    expect(still).toHaveLength(1);
    expect(still[0]!.history).toMatchObject({ commit: removed, atHead: true });
    // 5 unique blobs: README, two versions of deploy.env, ci.env
    expect(report.stats.filesScanned).toBe(4);
  });

  it('shows the commit in text and SARIF, exits 1, and never prints a whole token', () => {
    const { dir, added } = leakyRepo();
    const text = cli(['scan', '--history', '--no-color'], { cwd: dir, env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`history: added in ${added.slice(0, 12)} on 2024-02-03 · removed from HEAD`);
    expect(text.stdout).toContain('still at HEAD');
    const sarif = cli(['scan', '--history', '--format', 'sarif', '--fail-on', 'none'], { cwd: dir, env });
    const results = JSON.parse(sarif.stdout).runs[0].results as { properties: Record<string, unknown> }[];
    expect(results.map((r) => r.properties)).toContainEqual(expect.objectContaining({ commit: added, commitDate: '2024-02-03T04:05:06+02:00', atHead: false }));
    const formats = ['json', 'sarif', 'junit', 'markdown', 'gitlab'];
    const out = path.join(dir, '..', `${path.basename(dir)}-out`);
    const all = cli(['scan', '--history', '--format', 'text', ...formats.flatMap((f) => ['--format', `${f}:${path.join(out, f)}`]), '--fail-on', 'none'], { cwd: dir, env });
    for (const text of [all.stdout, all.stderr, ...formats.map((f) => readFileSync(path.join(out, f), 'utf8'))]) {
      expect(text).not.toContain(GH);
      expect(text).not.toContain(GH2);
    }
    rmSync(out, { recursive: true });
  }, 120_000);

  it('applies the baseline, inline ignores and the config', async () => {
    const { dir } = leakyRepo();
    const baseline = path.join(dir, '..', `${path.basename(dir)}-base.json`);
    writeFileSync(baseline, JSON.stringify(await history(dir)));
    const base = await history(dir, { baseline });
    rmSync(baseline);
    expect(base.findings).toEqual([]);

    // An inline ignore in the version that added it suppresses that blob's finding.
    const quiet = tempTree({ 'config.py': `TOKEN = "${GH}"  # agentwarden-ignore secrets/github-pat -- test account\n` });
    initRepo(quiet);
    commit(quiet, 'add', '2024-01-01T00:00:00Z');
    expect((await history(quiet)).findings).toEqual([]);

    writeFileSync(path.join(dir, '.agentwarden.yaml'), 'exclude: ["ci.env"]\n');
    expect((await history(dir)).findings.map((f) => f.location.path)).toEqual(['deploy.env']);
  });

  it('with --since, scans only what the commits after a revision brought in', async () => {
    const { dir, added, moved } = leakyRepo();
    const since = await history(dir, { since: moved });
    expect(since.findings.map((f) => f.location.path)).toEqual(['ci.env']);
    // The commit after `added` wrote the token again (a new version of the file): that counts.
    const again = await history(dir, { since: added });
    expect(again.findings.map((f) => [f.location.path, f.history?.commit])).toEqual([['ci.env', expect.any(String)], ['deploy.env', moved]]);
    const opts = await history(dir, { logOpts: added });
    expect(opts.findings.map((f) => f.location.path)).toEqual(['deploy.env']);
  });

  it('leaves out large and binary blobs without reading them as text, and reads long ones whole', async () => {
    const dir = tempTree({});
    initRepo(dir);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    writeFileSync(path.join(dir, 'dump.bin.txt'), Buffer.concat([Buffer.from(`${GH}\n`), Buffer.alloc(20, 0)]));
    writeFileSync(path.join(dir, 'big.env'), `T=${GH}\n${'x'.repeat(3 * 1024 * 1024)}\n`);
    // Arrives from git in many chunks: the token at its end is still found, on the right line.
    writeFileSync(path.join(dir, 'long.env'), `${'# filler line of a long file\n'.repeat(20_000)}T=${GH}\n`);
    commit(dir, 'assets', '2024-01-01T00:00:00Z');
    const report = await history(dir);
    expect(report.findings.map((f) => [f.ruleId, f.location.path, f.location.startLine])).toEqual([['secrets/github-pat', 'long.env', 20_001]]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: 'assets/logo.png', reason: 'binary' },
        { path: 'big.env', reason: 'too-large' },
        { path: 'dump.bin.txt', reason: 'binary' },
      ]),
    );
  });

  it('refuses what it cannot do with a clear usage error', () => {
    const { dir } = leakyRepo();
    expect(cli(['scan', '--history', '--staged'], { cwd: dir, env }).code).toBe(2);
    expect(cli(['scan', '--log-opts', 'main'], { cwd: dir, env }).code).toBe(2);
    const bad = cli(['scan', '--history', '--log-opts', '--output=/tmp/x'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-opts: "--output=/tmp/x" is not accepted');
    const unknown = cli(['scan', '--history', '--since', 'no-such-rev'], { cwd: dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown revision');
  });
});

describe('history revisions', () => {
  it('puts the --since exclusion before any paths', () => {
    expect(revisionArgs({})).toEqual(['--all']);
    expect(revisionArgs({ since: 'v1' })).toEqual(['^v1', 'HEAD']);
    expect(revisionArgs({ since: 'v1', logOpts: ['main', '--', 'src'] })).toEqual(['^v1', 'main', '--', 'src']);
    expect(parseLogOpts('--all --since=2024-01-01 -n100 -- --weird-path')).toEqual(['--all', '--since=2024-01-01', '-n100', '--', '--weird-path']);
    expect(() => parseLogOpts('--ext-diff')).toThrow(/not accepted/);
  });
});
