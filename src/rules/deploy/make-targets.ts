/**
 * The Makefile targets a workflow's command runs (`make npm-publish`, `make -C js release`), with
 * their recipes and those of the targets they depend on or make in turn: what a release step does
 * is often only there, as it is in a package script (see package-scripts.ts). Each Makefile is read
 * once per workflow file and reported through `dependsOn`, so a cached result goes when one changes.
 */
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import type { ScriptRun } from './package-scripts.js';

/** Targets followed from one command at most, and how deep a target's prerequisites are followed. */
const MAX_TARGETS = 64;
const MAX_DEPTH = 4;

/** `make …` or `$(MAKE) …` at a command position, with what follows it in its statement. */
const MAKE = /(?:^|[\s;&|(])(?:make(?![\w.-])|\$\(MAKE\)|\$\{MAKE\})((?:[ \t]+[^\s;&|)]+)*)/gm;
/** Flags of make that take the next word as their value. */
const FLAG_WITH_VALUE = /^-[CfIoWe]$|^--(?:directory|file|makefile|include-dir|old-file|what-if)$/;

interface Rule {
  prerequisites: string[];
  recipe: string;
}

/** A Makefile's rules by target: `target …: prerequisites …` and the tab-indented recipe lines after it. */
function parseMakefile(text: string): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  let current: Rule[] = [];
  for (const line of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    if (line.startsWith('\t')) {
      for (const r of current) r.recipe += `${line.slice(1)}\n`;
      continue;
    }
    // `target …: prerequisites … [; recipe] [# comment]`; not a variable (`X := y`, `X = a:b`).
    const m = /^([^\s:#=][^:#=]*?)\s*::?(?!=)\s*([^;#]*)(?:;([^#]*))?(?:#.*)?$/.exec(line);
    if (!m) {
      if (line.trim() && !line.trimStart().startsWith('#')) current = [];
      continue;
    }
    current = [];
    for (const target of m[1]!.split(/\s+/)) {
      if (!target || target.startsWith('.')) continue;
      const rule = rules.get(target) ?? { prerequisites: [], recipe: '' };
      rule.prerequisites.push(...m[2]!.split(/\s+/).filter(Boolean));
      if (m[3]) rule.recipe += `${m[3]}\n`;
      rules.set(target, rule);
      current.push(rule);
    }
  }
  return rules;
}

/** The Makefiles of a scanned root, each read and parsed once. */
export class Makefiles {
  private readonly parsed = new Map<string, Map<string, Rule> | null>();

  constructor(
    readonly root: string,
    private readonly dependsOn?: DependsOn,
  ) {}

  /** The rules of the Makefile `name` (or the one make picks) in `folder`, with its path; null when there is none. */
  rulesOf(folder: string, name?: string): { file: string; rules: Map<string, Rule> } | null {
    for (const candidate of name ? [name] : ['GNUmakefile', 'makefile', 'Makefile']) {
      const file = path.posix.join(folder, candidate);
      if (!this.parsed.has(file)) {
        const text = readRootFile(this.root, file, this.dependsOn);
        this.parsed.set(file, text === undefined ? null : parseMakefile(text));
      }
      const rules = this.parsed.get(file);
      if (rules) return { file, rules };
    }
    return null;
  }
}

/** The targets `command`, run in `dir` (relative to the root), makes, and the targets those need. */
export function makeTargetsRunBy(makefiles: Makefiles | undefined, command: string, dir: string): ScriptRun[] {
  if (makefiles === undefined || !/\bmake\b|\$[({]MAKE[)}]/.test(command)) return [];
  const out: ScriptRun[] = [];
  const seen = new Set<string>();
  const visit = (text: string, folder: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const m of text.matchAll(MAKE)) {
      const words = m[1]!.trim().split(/\s+/).filter(Boolean);
      let here = folder;
      let file: string | undefined;
      const targets: string[] = [];
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (FLAG_WITH_VALUE.test(w)) {
          const value = words[++i] ?? '';
          if (/^-C$|^--directory$/.test(w)) here = path.posix.join(here, value);
          else if (/^-f$|^--(?:file|makefile)$/.test(w)) file = value;
        } else if (/^--directory=/.test(w)) here = path.posix.join(here, w.slice(w.indexOf('=') + 1));
        else if (!w.startsWith('-') && !w.includes('=') && /^[\w./-]+$/.test(w)) targets.push(w);
      }
      here = here.replace(/^\.$|\/$/g, '');
      if (here.startsWith('..') || path.posix.isAbsolute(here)) continue;
      const found = makefiles.rulesOf(here, file);
      if (found) make(found, targets, here, depth);
    }
  };
  const make = (found: { file: string; rules: Map<string, Rule> }, targets: string[], folder: string, depth: number): void => {
    for (const target of targets) {
      const key = `${found.file}\0${target}`;
      const rule = found.rules.get(target);
      if (!rule || seen.has(key) || seen.size >= MAX_TARGETS) continue;
      seen.add(key);
      out.push({ file: found.file, name: target, command: rule.recipe });
      if (depth < MAX_DEPTH) make(found, rule.prerequisites, folder, depth + 1);
      visit(rule.recipe, folder, depth + 1);
    }
  };
  visit(command, dir.replace(/^\.\/?|\/$/g, ''), 0);
  return out;
}

/** The Makefiles of `file`'s root, shared by every job and step of the file (none when the file has no root). */
export function makefilesOf(file: SourceFile, dependsOn?: DependsOn): Makefiles | undefined {
  const root = file.root;
  return root === undefined ? undefined : file.memo('makefiles', () => new Makefiles(root, dependsOn));
}
