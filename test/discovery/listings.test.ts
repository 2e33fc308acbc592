/**
 * A walk that takes unchanged folders' listings from the last walk yields exactly what a walk that
 * reads every folder yields, whatever changed in between: files added, removed or moved, a
 * `.gitignore` edited, added or removed, git's index rewritten.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk, type WalkEntry } from '../../src/discovery/walk.js';
import { FolderStore } from '../../src/engine/folder-store.js';
import { tempTree } from '../helpers/tmp.js';

const summary = (entries: WalkEntry[]) => entries.map((e) => (e.type === 'file' ? `${e.file.relPath} ${e.file.kind}` : `skipped ${e.skipped.path} ${e.skipped.reason}`));
const plain = (root: string) => summary([...walk({ root, paths: [root] })]);
/** Folders written a moment ago count as settled for these walks. */
const LATER = () => Date.now() + 60_000;

type Saved = { folders: unknown; index: unknown };
function walkWith(root: string, saved?: Saved, started = LATER()) {
  const store = FolderStore.open(root, saved?.folders, saved?.index, started)!;
  const entries = summary([...walk({ root, paths: [root], listings: store })]);
  return { entries, store, saved: { folders: store.next, index: store.index } as Saved };
}

const TREE = {
  '.gitignore': 'out/\n*.log\n',
  'agent/tools.py': 'import os\n',
  'agent/notes.log': 'x\n',
  'agent/out/build.py': 'x = 1\n',
  'deploy/compose.yaml': 'services: {}\n',
  'deploy/logo.png': 'png',
  'web/src/index.ts': 'export {};\n',
};

describe('folder listings', () => {
  it('a repeat walk of an unchanged tree reads no folder and yields what a full walk yields', () => {
    const root = tempTree(TREE);
    const first = walkWith(root);
    expect(first.entries).toEqual(plain(root));
    expect(first.entries).toContain('deploy/logo.png'.replace(/^/, 'skipped ') + ' binary');
    const second = walkWith(root, first.saved);
    expect(second.entries).toEqual(first.entries);
    expect(second.store.changed).toBe(false);
  });

  const changes: [string, (root: string) => void][] = [
    ['a file added deep down', (r) => writeFileSync(path.join(r, 'web/src/new.ts'), 'x\n')],
    ['a file removed', (r) => rmSync(path.join(r, 'agent/tools.py'))],
    ['the root .gitignore edited to ignore a folder below', (r) => writeFileSync(path.join(r, '.gitignore'), 'out/\n*.log\nsrc/\n')],
    ['the root .gitignore edited to bring files back', (r) => writeFileSync(path.join(r, '.gitignore'), 'out/\n')],
    ['a .gitignore added to a folder', (r) => writeFileSync(path.join(r, 'web/.gitignore'), '*.ts\n')],
    ['the root .gitignore removed', (r) => rmSync(path.join(r, '.gitignore'))],
    ['an ignored folder moved where nothing ignores it', (r) => renameSync(path.join(r, 'agent/out'), path.join(r, 'web/build-out'))],
    ['a folder moved under an ignored name', (r) => renameSync(path.join(r, 'web/src'), path.join(r, 'agent/out/src'))],
    ['a folder replaced by a file of the same name', (r) => (rmSync(path.join(r, 'deploy'), { recursive: true }), writeFileSync(path.join(r, 'deploy'), 'x\n'))],
    ['a virtualenv marker added', (r) => writeFileSync(path.join(r, 'web/pyvenv.cfg'), 'home = /usr\n')],
  ];
  for (const [what, change] of changes) {
    it(`after ${what}, yields what a full walk yields`, () => {
      const root = tempTree(TREE);
      const first = walkWith(root);
      change(root);
      const second = walkWith(root, first.saved);
      expect(second.entries).toEqual(plain(root));
      // And the listings it kept serve the walk after it.
      expect(walkWith(root, second.saved).entries).toEqual(plain(root));
    });
  }

  it('looks at a symbolic link again each walk', () => {
    const root = tempTree(TREE);
    const outside = tempTree({ 'keys.env': 'X=1\n' });
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'agent/link'));
    const first = walkWith(root);
    expect(first.entries.some((e) => e.includes('agent/link'))).toBe(false);
    // The link's target appears outside the root: the folder holding the link did not change.
    rmSync(path.join(root, 'agent/link'));
    symlinkSync(path.join(outside, 'keys.env'), path.join(root, 'agent/link'));
    expect(walkWith(root, first.saved).entries).toEqual(plain(root));
    expect(plain(root)).toContain('skipped agent/link symlink-outside-root');
  });

  it('keeps nothing for a folder changed just before the walk, and reuses nothing once git’s index changed', () => {
    const root = tempTree(TREE);
    expect(Object.keys(walkWith(root, undefined, Date.now()).saved.folders as object)).toEqual([]);
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.git/index'), 'one');
    const first = walkWith(root);
    expect(walkWith(root, first.saved).store.changed).toBe(false);
    writeFileSync(path.join(root, '.git/index'), 'two');
    expect(walkWith(root, first.saved).store.changed).toBe(true);
  });

  it('is off in a work tree whose .git is a file, and a malformed listing is never used', () => {
    const root = tempTree({ ...TREE, '.git': 'gitdir: ../elsewhere\n' });
    expect(FolderStore.open(root, {}, 0, LATER())).toBeUndefined();
    const other = tempTree(TREE);
    const first = walkWith(other);
    const broken = { ...(first.saved.folders as object), web: [[1, 2, 3], 0, ['Xa', 5]] };
    const again = walkWith(other, { folders: broken, index: first.saved.index });
    expect(again.store.changed).toBe(true);
    expect(again.entries).toEqual(plain(other));
  });
});
