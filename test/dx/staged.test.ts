/** `scan --staged` reads the git index, not the working tree; `scan --since` reads what changed. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';
import { git, GIT_ENV, initRepo } from './git.js';
import { excludeFilter, stagedSources } from '../../src/discovery/git.js';
import { decode } from '../../src/discovery/decode.js';

const LEAK = 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n';
const CLEAN = 'GITHUB_TOKEN=${GITHUB_TOKEN}\n';
const env = { ...GIT_ENV };

function scanJson(args: string[], cwd: string) {
  const r = cli(['scan', ...args, '--format', 'json', '--fail-on', 'none'], { cwd, env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path: string; startLine: number } }[]; stats: { filesScanned: number } };
}

describe('scan --staged', () => {
  it('reports a secret that is staged even when the working tree no longer has it', () => {
    const dir = tempTree({ 'README.md': '# app\n' });
    initRepo(dir);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'init']);
    writeFileSync(path.join(dir, '.env'), LEAK);
    git(dir, ['add', '.env']);
    writeFileSync(path.join(dir, '.env'), CLEAN); // fixed on disk, not in the index

    const staged = scanJson(['--staged'], dir);
    expect(staged.findings.map((f) => f.ruleId)).toContain('secrets/github-pat');
    expect(staged.findings[0]!.location).toMatchObject({ path: '.env', startLine: 1 });
    expect(staged.stats.filesScanned).toBe(1); // only what is staged, not README.md

    const tree = scanJson([dir], dir);
    expect(tree.findings.map((f) => f.ruleId)).not.toContain('secrets/github-pat');
  });

  it('does not report a secret that is only in the working tree', () => {
    const dir = tempTree({ '.env': CLEAN });
    initRepo(dir);
    git(dir, ['add', '.env']);
    writeFileSync(path.join(dir, '.env'), LEAK); // not staged
    expect(scanJson(['--staged'], dir).findings).toEqual([]);
    const r = cli(['scan', '--staged'], { cwd: dir, env });
    expect(r.code).toBe(0);
  });

  it('exits 1 on a staged secret with the default threshold, and 2 outside a repository', () => {
    const dir = tempTree({ '.env': LEAK });
    initRepo(dir);
    git(dir, ['add', '.env']);
    const r = cli(['scan', '--staged'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secrets/github-pat');
    expect(r.stdout).not.toContain('ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L');
    const outside = tempTree({ 'a.txt': 'x' });
    const bad = cli(['scan', '--staged'], { cwd: outside, env: { ...env, GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not inside a git work tree');
  });

  it('limits to the paths given, skips deletions, binaries and default excludes', () => {
    const dir = tempTree({ 'a/.env': LEAK, 'b/.env': LEAK, 'gone.txt': 'x', 'node_modules/x/.env': LEAK, 'logo.png': Buffer.from([0x89, 0x50, 0, 0]) });
    initRepo(dir);
    git(dir, ['add', 'gone.txt']);
    git(dir, ['commit', '-qm', 'init']);
    git(dir, ['rm', '-q', 'gone.txt']);
    git(dir, ['add', '-f', 'a/.env', 'b/.env', 'node_modules/x/.env', 'logo.png']);
    const only = stagedSources(dir, { paths: [path.join(dir, 'a')] });
    expect(only.sources.map((s) => s.relPath)).toEqual(['a/.env']);
    const all = stagedSources(dir, { paths: [] });
    expect(all.sources.map((s) => s.relPath).sort()).toEqual(['a/.env', 'b/.env']);
    expect(all.skipped).toEqual([{ path: 'logo.png', reason: 'binary' }]);
  });

  it('decodes blobs as the directory walk does', () => {
    expect(decode(Buffer.from('a\0b')).binary).toBe(true);
    expect(decode(Buffer.from('\ufeffhé', 'utf8')).text).toBe('hé');
    expect(decode(Buffer.from([0xff, 0xfe, 0x68, 0x00])).text).toBe('h');
    expect(decode(Buffer.from([0xe9, 0x41])).note).toMatch(/Latin-1/);
    const keep = excludeFilter(['docs/**']);
    expect([keep('src/a.ts'), keep('docs/x.md'), keep('dist/a.js'), keep('package-lock.json')]).toEqual([true, false, false, false]);
  });
});

describe('scan --since', () => {
  it('scans files changed since a revision and new untracked files, nothing else', () => {
    const dir = tempTree({ 'old/.env': LEAK, 'README.md': '# x\n' });
    initRepo(dir);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'init']);
    writeFileSync(path.join(dir, 'new.env'), LEAK);
    writeFileSync(path.join(dir, 'README.md'), '# y\n');
    const report = scanJson(['--since', 'HEAD'], dir);
    expect(report.stats.filesScanned).toBe(2);
    expect(report.findings.map((f) => f.location.path)).toEqual(['new.env']);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'two']);
    expect(scanJson(['--since', 'HEAD'], dir).stats.filesScanned).toBe(0);
    const bad = cli(['scan', '--since', 'no-such-rev'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown revision');
    expect(cli(['scan', '--staged', '--since', 'HEAD'], { cwd: dir, env }).code).toBe(2);
  });
});
