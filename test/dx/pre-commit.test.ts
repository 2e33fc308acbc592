/**
 * The real pre-commit framework (https://pre-commit.com) with this repository's .pre-commit-hooks.yaml:
 * a commit with a staged secret is refused, a clean commit goes through. Skipped only when
 * `pre-commit` is not installed (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { git, hasCommand, initRepo } from './git.js';

const available = hasCommand('pre-commit');

describe.skipIf(!available)('pre-commit framework', () => {
  it('refuses a commit with a secret and accepts a clean one', () => {
    // A hook repository holding only our .pre-commit-hooks.yaml, as pre-commit clones it.
    const hookRepo = tempTree({ '.pre-commit-hooks.yaml': readFileSync(path.join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8') });
    initRepo(hookRepo);
    git(hookRepo, ['add', '.']);
    git(hookRepo, ['commit', '-qm', 'hooks']);
    const rev = git(hookRepo, ['rev-parse', 'HEAD']).stdout.trim();

    // `agentwarden` on PATH is this checkout's build (the agentwarden-system hook uses what is installed).
    const home = tempTree({});
    const binDir = path.join(home, 'bin');
    mkdirSync(binDir);
    const shim = path.join(binDir, 'agentwarden');
    writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${path.join(PROJECT_ROOT, 'bin', 'agentwarden.js')}' "$@"\n`);
    chmodSync(shim, 0o755);
    const env = { PATH: `${binDir}:${process.env.PATH}`, PRE_COMMIT_HOME: path.join(home, 'cache'), NO_COLOR: '1' };

    const repo = tempTree({
      'app.py': 'print("hello")\n',
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: agentwarden-system\n`,
    });
    initRepo(repo);
    const install = spawnSync('pre-commit', ['install'], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(install.status, install.stderr + install.stdout).toBe(0);

    git(repo, ['add', '.']);
    const clean = git(repo, ['commit', '-m', 'clean'], env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toMatch(/agentwarden \(installed\)\.+Passed/);

    writeFileSync(path.join(repo, '.env'), 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n');
    git(repo, ['add', '.env']);
    const leak = git(repo, ['commit', '-m', 'leak'], env);
    const out = leak.stdout + leak.stderr;
    expect(leak.code).not.toBe(0);
    expect(out).toMatch(/agentwarden \(installed\)\.+Failed/);
    expect(out).toContain('secrets/github-pat');
    expect(out).not.toContain('ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L');
    expect(git(repo, ['log', '--oneline']).stdout.trim().split('\n')).toHaveLength(1);

    // Fixed in the index: the commit goes through.
    writeFileSync(path.join(repo, '.env'), 'GITHUB_TOKEN=${GITHUB_TOKEN}\n');
    git(repo, ['add', '.env']);
    const fixed = git(repo, ['commit', '-m', 'fixed'], env);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
  });
});
