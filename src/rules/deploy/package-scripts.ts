/**
 * The package scripts a workflow's command runs: `pnpm run publish` runs the `publish` script of the
 * package.json in its working directory, `pnpm -r run postPublish` that script of every package of the
 * workspace, `changeset publish` (or `npm publish`) each package's publish lifecycle scripts; and a
 * script that runs another is followed into it. What a release step does is often only there. The
 * package files are read once per workflow file, whatever number of jobs and steps run scripts, and
 * reported through `dependsOn`, so a cached result goes when one changes.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import { yamlLib } from '../../parsers/libraries.js';

export interface ScriptRun {
  /** The package.json, relative to the root. */
  file: string;
  /** The script's name. */
  name: string;
  /** The command it runs. */
  command: string;
}

/** Scripts followed from one command at most, and how deep one script may run another. */
const MAX_SCRIPTS = 64;
const MAX_DEPTH = 4;

/** A flag of npm, pnpm, yarn or bun, with the value of those that take one. */
const FLAG = String.raw`(?:(?:--filter|-F|--workspace|--dir|-C|--prefix)[ =]\S+|-{1,2}[\w-]+(?:=\S+)?)`;
/** `npm run x`, `pnpm -r run x`, `yarn workspaces foreach run x`, `bun run x`: the flags before the name and the name. */
const RUN_SCRIPT = new RegExp(String.raw`\b(npm|pnpm|yarn|bun)\s+((?:(?:${FLAG}|workspaces\s+foreach|foreach)\s+)*)(?:run|run-script)\s+((?:${FLAG}\s+)*)([\w:.-]+)`, 'g');
/** A flag that runs the script in another folder (`pnpm -C python run x`, `npm --prefix js run x`). */
const IN_DIR = /(?:^|\s)(?:--dir|-C|--prefix)[ =](\S+)/;
/** Commands that publish each package and so run its publish lifecycle scripts. */
const PUBLISHES = /(?:\bchangeset\s+publish|\b(?:npm|pnpm|yarn|bun)\s+(?:-{1,2}[\w-]+\s+)*publish)\b(?:\s+-{1,2}[\w-]+(?:=\S+)?)*/g;
const PUBLISH_LIFECYCLE = ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'];
/** Flags that run a script across the workspace's packages, not only the one in the folder. */
const RECURSIVE = /(?:^|\s)(?:-r|--recursive|--filter|-F|--workspace|--workspaces|-ws|workspaces\s+foreach|foreach)(?=[\s=]|$)/;

/**
 * The package files of a scanned root, each read and parsed once: every package.json's scripts, and
 * the workspace's package folders. `dependsOn` hears of each file the first time it is read.
 */
export class PackageFiles {
  private readonly manifests = new Map<string, Record<string, unknown> | null>();
  private readonly scripts = new Map<string, Record<string, string> | null>();
  private members: string[] | undefined;

  constructor(
    readonly root: string,
    private readonly dependsOn?: DependsOn,
  ) {}

  /** The package.json of `folder` ('' for the root), parsed; null when it is absent or not JSON. */
  private manifest(folder: string): Record<string, unknown> | null {
    if (this.manifests.has(folder)) return this.manifests.get(folder)!;
    const text = readRootFile(this.root, folder ? `${folder}/package.json` : 'package.json', this.dependsOn);
    let parsed: Record<string, unknown> | null = null;
    try {
      const value = text === undefined ? null : (JSON.parse(text) as unknown);
      parsed = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      parsed = null;
    }
    this.manifests.set(folder, parsed);
    return parsed;
  }

  /** The scripts of the package in `folder`, those whose command is a string. */
  scriptsOf(folder: string): Record<string, string> | null {
    if (this.scripts.has(folder)) return this.scripts.get(folder)!;
    const declared = this.manifest(folder)?.scripts;
    const scripts =
      declared && typeof declared === 'object' ? Object.fromEntries(Object.entries(declared as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string')) : null;
    this.scripts.set(folder, scripts);
    return scripts;
  }

  /** The workspace's package folders. */
  workspace(): string[] {
    return (this.members ??= workspaceFolders(this.root, () => this.manifest(''), this.dependsOn));
  }
}

/** The package files of `file`'s root, shared by every job and step of the file (none when the file has no root). */
export function packageFiles(file: SourceFile, dependsOn?: DependsOn): PackageFiles | undefined {
  const root = file.root;
  return root === undefined ? undefined : file.memo('package-files', () => new PackageFiles(root, dependsOn));
}

/**
 * The scripts `command`, run in `dir` (relative to the root, '' for the root), reaches. Nothing
 * when there is no root or no package.json.
 */
export function scriptsRunBy(packages: PackageFiles | undefined, command: string, dir: string): ScriptRun[] {
  if (packages === undefined) return [];
  const out: ScriptRun[] = [];
  const seen = new Set<string>();
  const visit = (text: string, folder: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const run = (folders: string[], names: string[]) => {
      for (const f of folders) {
        const scripts = packages.scriptsOf(f);
        for (const name of names) {
          const command = scripts?.[name];
          const key = `${f}\0${name}`;
          if (command === undefined || seen.has(key) || seen.size >= MAX_SCRIPTS) continue;
          seen.add(key);
          out.push({ file: f ? `${f}/package.json` : 'package.json', name, command });
          visit(command, f, depth + 1);
        }
      }
    };
    for (const m of text.matchAll(RUN_SCRIPT)) {
      const flags = `${m[2] ?? ''} ${m[3] ?? ''}`;
      const dir = IN_DIR.exec(flags)?.[1];
      const here = dir ? path.posix.join(folder, dir).replace(/^\.$|\/$/g, '') : folder;
      if (here.startsWith('..') || path.posix.isAbsolute(here)) continue;
      // A filtered or workspace run is taken to reach every package: which ones the filter picks is not worked out.
      run(RECURSIVE.test(` ${flags} `) ? [here, ...packages.workspace()] : [here], [m[4]!]);
    }
    // `changeset publish` publishes every package of the workspace; `npm publish` the one in the folder.
    for (const m of text.matchAll(PUBLISHES)) run(/changeset/.test(m[0]) || RECURSIVE.test(` ${m[0]} `) ? [folder, ...packages.workspace()] : [folder], PUBLISH_LIFECYCLE);
  };
  visit(command, dir.replace(/^\.\/?|\/$/g, ''), 0);
  return out;
}

/** The workspace's package folders: `pnpm-workspace.yaml`'s `packages`, or the root package.json's `workspaces`; `dir` and `dir/*` patterns. */
function workspaceFolders(root: string, rootManifest: () => Record<string, unknown> | null, dependsOn?: DependsOn): string[] {
  let patterns: unknown;
  const pnpm = readRootFile(root, 'pnpm-workspace.yaml', dependsOn);
  try {
    if (pnpm !== undefined) patterns = (yamlLib().parse(pnpm, { logLevel: 'silent' }) as { packages?: unknown } | null)?.packages;
  } catch {
    return [];
  }
  if (!Array.isArray(patterns)) {
    const ws = rootManifest()?.workspaces;
    patterns = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  }
  if (!Array.isArray(patterns)) return [];
  const out: string[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || p.startsWith('!')) continue;
    const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
    const star = /^([^*?[{]*?)\/?\*{1,2}$/.exec(clean);
    if (star) {
      try {
        for (const d of readdirSync(path.join(root, star[1]!), { withFileTypes: true })) if (d.isDirectory() && d.name !== 'node_modules') out.push(star[1] ? `${star[1]}/${d.name}` : d.name);
      } catch {
        // A pattern whose folder is absent names no package.
      }
    } else if (!/[*?[{]/.test(clean) && clean && !clean.startsWith('..')) out.push(clean);
  }
  return out.slice(0, MAX_SCRIPTS);
}
