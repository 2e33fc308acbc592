import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk, type WalkEntry } from '../../src/discovery/walk.js';
import { tempTree } from '../helpers/tmp.js';
import { git, hasCommand, initRepo } from '../dx/git.js';

function run(root: string, options: Partial<Parameters<typeof walk>[0]> = {}) {
  const entries: WalkEntry[] = [...walk({ root, paths: [root], ...options })];
  return {
    files: entries.flatMap((e) => (e.type === 'file' ? [e.file.relPath] : [])),
    skipped: entries.flatMap((e) => (e.type === 'skipped' ? [`${e.skipped.path}:${e.skipped.reason}`] : [])),
  };
}

describe('walk', () => {
  it('honours nested .gitignore files and prunes ignored folders', () => {
    const root = tempTree({
      '.gitignore': 'secret-out/\n*.gen.ts\n',
      'a.ts': '',
      'b.gen.ts': '',
      'secret-out/x.env': '',
      'pkg/.gitignore': 'local.json\n!keep.gen.ts\n',
      'pkg/local.json': '',
      'pkg/config.json': '',
      'other/local.json': '',
    });
    const { files } = run(root);
    expect(files).toEqual(['.gitignore', 'a.ts', 'other/local.json', 'pkg/.gitignore', 'pkg/config.json']);
  });

  it.skipIf(!hasCommand('git'))('walks what git tracks although a .gitignore pattern matches it (a committed file is in every clone)', () => {
    const root = tempTree({
      '.gitignore': '*.yaml\nrelease/\n',
      '.github/workflows/ci.yaml': 'on: push\n',
      'release/deploy/values.yaml': 'image: app\n',
      'release/naïve plan/steps.yaml': 'run: x\n',
      'a.ts': '',
    });
    initRepo(root);
    // Committed before the patterns that match them, as a repository does when its .gitignore changes later.
    expect(git(root, ['add', '-f', '.github/workflows/ci.yaml', 'release/deploy/values.yaml', 'release/naïve plan/steps.yaml', 'a.ts', '.gitignore']).code).toBe(0);
    writeFileSync(path.join(root, 'local.yaml'), 'x: 1\n');
    writeFileSync(path.join(root, 'release/out.js'), '');
    mkdirSync(path.join(root, 'release/build'));
    writeFileSync(path.join(root, 'release/build/app.yaml'), 'x: 1\n');
    expect(run(root).files).toEqual(['.github/workflows/ci.yaml', '.gitignore', 'a.ts', 'release/deploy/values.yaml', 'release/naïve plan/steps.yaml']);
    // Without git (a folder that is no work tree), the patterns decide alone.
    const plain = tempTree({ '.gitignore': '*.yaml\n', '.github/workflows/ci.yaml': 'on: push\n', 'a.ts': '' });
    expect(run(plain).files).toEqual(['.gitignore', 'a.ts']);
  });

  it('matches .gitignore patterns case-sensitively, as git does (ENV/ does not ignore env/)', () => {
    const root = tempTree({ '.gitignore': 'ENV/\n*.LOG\n', 'rl/env/docker/Dockerfile': 'FROM x\n', 'ENV/bin/activate': '', 'run.log': '', 'RUN.LOG': '' });
    expect(run(root).files).toEqual(['.gitignore', 'rl/env/docker/Dockerfile', 'run.log']);
  });

  it('leaves out built-in excludes, lock files, and --exclude globs', () => {
    const root = tempTree({
      'node_modules/x/index.js': '',
      '.git/config': '',
      'venv/pyvenv.cfg': '',
      'myenv/pyvenv.cfg': '',
      'myenv/lib/x.py': '',
      'package-lock.json': '{}',
      'app/main.py': '',
      'app/gen/out.py': '',
      'docs/a.md': '',
    });
    const { files } = run(root, { exclude: ['**/gen/**', '*.md'] });
    expect(files).toEqual(['app/main.py']);
  });

  it('skips binaries by name, and files named explicitly over the size limit (others are measured when opened)', () => {
    const root = tempTree({ 'big.txt': 'x'.repeat(5000), 'img.png': 'png', 'ok.txt': 'ok' });
    const { files, skipped } = run(root, { maxFileSize: 4096 });
    expect(files).toEqual(['big.txt', 'ok.txt']);
    expect(skipped).toEqual(['img.png:binary']);
    const explicit = [...walk({ root, paths: [path.join(root, 'big.txt')], maxFileSize: 4096 })];
    expect(explicit).toEqual([{ type: 'skipped', skipped: { path: 'big.txt', reason: 'too-large' } }]);
  });

  it('never follows symlinks out of the root and survives loops', () => {
    const outside = tempTree({ 'creds.env': 'X=1' });
    const root = tempTree({ 'inside.txt': 'ok', 'sub/real.txt': 'ok' });
    symlinkSync(outside, path.join(root, 'escape'));
    symlinkSync(path.join(outside, 'creds.env'), path.join(root, 'creds.env'));
    symlinkSync(path.join(root, 'sub'), path.join(root, 'sub-again'));
    mkdirSync(path.join(root, 'loop'));
    symlinkSync(path.join(root, 'loop', 'b'), path.join(root, 'loop', 'a'));
    symlinkSync(path.join(root, 'loop', 'a'), path.join(root, 'loop', 'b'));
    const { files, skipped } = run(root);
    expect(files).toEqual(['inside.txt', 'sub/real.txt']);
    expect(skipped).toEqual(['creds.env:symlink-outside-root', 'escape:symlink-outside-root', 'loop/a:symlink-loop', 'loop/b:symlink-loop']);
  });

  it('yields a file once when the given paths overlap', () => {
    const root = tempTree({ 'a.txt': '', 'sub/b.txt': '' });
    const files = [...walk({ root, paths: [root, path.join(root, 'sub'), path.join(root, 'sub', 'b.txt')] })].flatMap((e) =>
      e.type === 'file' ? [e.file.relPath] : [],
    );
    expect(files).toEqual(['a.txt', 'sub/b.txt']);
  });

  it('classifies each file once', () => {
    const root = tempTree({ '.mcp.json': '{}', 'Dockerfile': 'FROM x', 'agent.py': '' });
    const kinds = [...walk({ root, paths: [root] })].flatMap((e) => (e.type === 'file' ? [`${e.file.relPath}=${e.file.kind}`] : []));
    expect(kinds).toEqual(['.mcp.json=json', 'Dockerfile=dockerfile', 'agent.py=python']);
  });
});
