/** `scan --history`: secrets anywhere in the git history, with the commit that added them. */
import { writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';
import { git, GIT_ENV, initRepo } from './git.js';
import { parseLogOpts, revisionArgs } from '../../src/discovery/history.js';

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

function history(dir: string, args: string[] = []): Json {
  const r = cli(['scan', '--history', ...args, '--format', 'json', '--fail-on', 'none'], { cwd: dir, env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Json;
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

describe('scan --history', () => {
  it('finds a token removed from HEAD, with the commit that added it, once for all its versions', () => {
    const { dir, added, removed } = leakyRepo();
    const report = history(dir);
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
    for (const format of ['text', 'json', 'sarif', 'junit', 'markdown']) {
      const out = cli(['scan', '--history', '--format', format, '--fail-on', 'none'], { cwd: dir, env }).stdout;
      expect(out).not.toContain(GH);
      expect(out).not.toContain(GH2);
    }
  });

  it('applies the baseline, inline ignores and the config', () => {
    const { dir } = leakyRepo();
    const first = cli(['scan', '--history', '--format', 'json', '--output', path.join(dir, '..', `${path.basename(dir)}-base.json`), '--fail-on', 'none'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    const base = history(dir, ['--baseline', path.join(dir, '..', `${path.basename(dir)}-base.json`)]);
    rmSync(path.join(dir, '..', `${path.basename(dir)}-base.json`));
    expect(base.findings).toEqual([]);

    // An inline ignore in the version that added it suppresses that blob's finding.
    const quiet = tempTree({ 'config.py': `TOKEN = "${GH}"  # agentwarden-ignore secrets/github-pat -- test account\n` });
    initRepo(quiet);
    commit(quiet, 'add', '2024-01-01T00:00:00Z');
    expect(history(quiet).findings).toEqual([]);

    writeFileSync(path.join(dir, '.agentwarden.yaml'), 'exclude: ["ci.env"]\n');
    expect(history(dir).findings.map((f) => f.location.path)).toEqual(['deploy.env']);
  });

  it('with --since, scans only what the commits after a revision brought in', () => {
    const { dir, added, moved } = leakyRepo();
    const since = history(dir, ['--since', moved]);
    expect(since.findings.map((f) => f.location.path)).toEqual(['ci.env']);
    // The commit after `added` wrote the token again (a new version of the file): that counts.
    const again = history(dir, ['--since', added]);
    expect(again.findings.map((f) => [f.location.path, f.history?.commit])).toEqual([['ci.env', expect.any(String)], ['deploy.env', moved]]);
    const opts = history(dir, ['--log-opts', `${added}`]);
    expect(opts.findings.map((f) => f.location.path)).toEqual(['deploy.env']);
  });

  it('leaves out large and binary blobs without reading them as text', () => {
    const dir = tempTree({});
    initRepo(dir);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    writeFileSync(path.join(dir, 'dump.bin.txt'), Buffer.concat([Buffer.from(`${GH}\n`), Buffer.alloc(20, 0)]));
    writeFileSync(path.join(dir, 'big.env'), `T=${GH}\n${'x'.repeat(3 * 1024 * 1024)}\n`);
    commit(dir, 'assets', '2024-01-01T00:00:00Z');
    const report = history(dir);
    expect(report.findings).toEqual([]);
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
