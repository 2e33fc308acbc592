/** The demo repository through the developer paths: staged scan in a git copy, several formats in one run. */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli, PROJECT_ROOT } from '../helpers/cli.js';
import { git, GIT_ENV, initRepo } from './git.js';

const DEMO = path.join(PROJECT_ROOT, 'fixtures', 'demo');
type Json = { findings: { ruleId: string; fingerprint: string; location: { path: string } }[] };

describe('demo repository', () => {
  it('staged in git, `scan --staged` finds what the directory scan finds in each file', () => {
    const dir = tempTree({});
    cpSync(DEMO, dir, { recursive: true });
    initRepo(dir);
    git(dir, ['add', '-A', '-f', '.']);
    const staged = cli(['scan', '--staged', '--format', 'json', '--fail-on', 'none'], { cwd: dir, env: GIT_ENV });
    const tree = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    expect(staged.code, staged.stderr).toBe(0);
    const a = JSON.parse(staged.stdout) as Json;
    const b = JSON.parse(tree.stdout) as Json;
    expect(a.findings.length).toBeGreaterThan(10);
    // Per-file rules agree exactly; cross-file identity findings may differ with the file set.
    const perFile = (r: Json) => r.findings.filter((f) => !f.ruleId.startsWith('identity/')).map((f) => f.fingerprint).sort();
    expect(perFile(a)).toEqual(perFile(b));
    expect(a.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location.path === '.env')).toBe(true);
  });

  it('one run prints text and writes SARIF and JUnit, and fails on high', () => {
    const out = tempTree({});
    const sarif = path.join(out, 'a.sarif');
    const junit = path.join(out, 'a.xml');
    const r = cli(['scan', DEMO, '--format', 'text', '--format', `sarif:${sarif}`, '--format', `junit:${junit}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ \d+ findings/);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(10);
    expect(existsSync(junit) && readFileSync(junit, 'utf8')).toContain('<testsuite');
  });
});
