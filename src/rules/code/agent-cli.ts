/**
 * Coding-agent CLIs and the switches that turn their approvals or sandbox off
 * (`rules/code/agent-cli.yaml`), loaded and compiled once, validated against
 * `schema/agent-cli.schema.json`. One list for every place an agent is started: CI steps,
 * configuration that names the command, code that spawns it.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';

interface AgentCliFile {
  version: 1;
  clis: { name: string; programs: string[]; packages?: string[] }[];
  actions?: AgentAction[];
  flags: { pattern: string; effect: 'bypass' | 'edits'; why: string; clis?: string[]; shared?: boolean }[];
}

/** A GitHub Action that starts an agent CLI with switches of its own (`actions:` of the file). */
export interface AgentAction {
  /** `owner/name`, as written in the file (compared without case). */
  uses: string;
  cli: string;
  /** The switches it always passes. */
  passes: string;
  /** `step-only`: it hands the agent no GitHub token of its own, only what its step gives it. */
  token?: 'step-only';
  /** Where a workflow narrows the agent's tools: the input holding the CLI's settings as JSON, and the keys read there. */
  settings?: { input: string; allow: string[]; exclude?: string[]; shell: string[] };
}

export interface UnsafeFlag {
  pattern: RegExp;
  /** `bypass`: every command runs unasked; `edits`: edits (or sandboxed commands) are accepted unasked. */
  effect: 'bypass' | 'edits';
  why: string;
  /** The CLIs whose switch this is, when it means more to them than to the rest (Codex's `--yolo`). */
  clis?: string[];
  /** A word other programs use too (`--force`, `--yes`): it counts only on a command line that names the CLI itself. */
  shared?: boolean;
}

export interface AgentClis {
  /** Program name (`codex`) or package (`@openai/codex`) → the CLI's name. */
  programs: Map<string, string>;
  packages: Map<string, string>;
  flags: UnsafeFlag[];
  /** Agent actions by their `owner/name`, lower case. */
  actions: Map<string, AgentAction>;
  /**
   * Whether a text may hold one of `flags`: false only when no alternative of any switch's pattern
   * finds there all the literal text it needs (`--approval-mode` and `yolo`).
   */
  mayHoldFlag(text: string): boolean;
}

export const AGENT_CLI_FILE = path.join(RULES_DIR, 'code', 'agent-cli.yaml');

let cached: AgentClis | undefined;

export function loadAgentClis(file = AGENT_CLI_FILE): AgentClis {
  if (file === AGENT_CLI_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<AgentCliFile>(file, 'agent-cli', undefined, display);
  const programs = new Map<string, string>();
  const packages = new Map<string, string>();
  for (const c of value.clis) {
    for (const p of c.programs) programs.set(p, c.name);
    for (const p of c.packages ?? []) packages.set(p, c.name);
  }
  const flags = value.flags.map((f, i): UnsafeFlag => {
    const unknown = f.clis?.find((c) => !value.clis.some((x) => x.name === c));
    if (unknown) throw new UsageError(`${display}:${lineOf(['flags', i, 'clis']) ?? '?'}: ${unknown} is not one of clis`);
    try {
      return { pattern: new RegExp(f.pattern), effect: f.effect, why: f.why, ...(f.clis ? { clis: f.clis } : {}), ...(f.shared ? { shared: true } : {}) };
    } catch (err) {
      throw new UsageError(`${display}:${lineOf(['flags', i, 'pattern']) ?? '?'}: pattern is not a valid regular expression: ${(err as Error).message}`);
    }
  });
  const actions = new Map<string, AgentAction>();
  (value.actions ?? []).forEach((a, i) => {
    // An action starting a CLI the file does not list would be judged by no one's switches.
    if (!value.clis.some((c) => c.name === a.cli)) throw new UsageError(`${display}:${lineOf(['actions', i, 'cli']) ?? '?'}: action ${a.uses} starts ${a.cli}, which is not one of clis`);
    actions.set(a.uses.toLowerCase(), a);
  });
  const out = { programs, packages, flags, actions, mayHoldFlag: flagGate(flags) };
  if (file === AGENT_CLI_FILE) cached = out;
  return out;
}

/**
 * For each alternative at the top of a pattern, the runs of characters every match of it holds
 * literally (two characters or more); undefined when an alternative has none. A run ends at
 * anything but a plain character: a class, a group, an escape such as `\\s` or `\\b`, `.`, an
 * anchor, a space (the arguments of a command line are joined by one), and a quantifier, which also
 * takes back the character it makes optional (`?`, `*`, `{…}`).
 */
export function requiredLiterals(pattern: string): string[][] | undefined {
  const out: string[][] = [];
  let runs: string[] = [];
  let run = '';
  const end = () => {
    if (run.length >= 2) runs.push(run);
    run = '';
  };
  /** Where the class opened at `i` closes (in JavaScript the first unescaped `]` closes it). */
  const classEnd = (i: number): number => {
    let j = i + 1;
    while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
    return j;
  };
  /** Where the group opened at `i` closes. */
  const groupEnd = (i: number): number => {
    let depth = 0;
    for (let j = i; j < pattern.length; j++) {
      const c = pattern[j];
      if (c === '\\') j++;
      else if (c === '[') j = classEnd(j);
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j;
    }
    return pattern.length;
  };
  const alternative = (): boolean => {
    end();
    if (runs.length === 0) return false;
    out.push(runs);
    runs = [];
    return true;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '|') {
      if (!alternative()) return undefined;
    } else if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[^\w\s]/.test(next)) {
        run += next;
        i++;
        continue;
      }
      end();
      i++;
      // The escape's own characters (`\\x41`, `\\u{1F600}`, `\\p{L}`, `\\k<name>`, `\\12`) are not literal text.
      if (next === 'x') i += 2;
      else if (next === 'u') i = pattern[i + 1] === '{' ? pattern.indexOf('}', i) : i + 4;
      else if (next === 'c') i++;
      else if (next === 'p' || next === 'P') i = pattern.indexOf('}', i);
      else if (next === 'k') i = pattern.indexOf('>', i);
      else while (/\d/.test(pattern[i + 1] ?? '')) i++;
      if (i < 0) i = pattern.length;
    } else if (c === '[') {
      end();
      i = classEnd(i);
    } else if (c === '(') {
      end();
      i = groupEnd(i);
    } else if (c === '?' || c === '*' || c === '{' || c === '+') {
      if (c !== '+') run = run.slice(0, -1);
      end();
      if (c === '{') {
        const j = pattern.indexOf('}', i);
        if (j > 0) i = j;
      }
    } else if (c === '.' || c === '^' || c === '$' || c === ' ' || c === ')') {
      end();
    } else run += c;
  }
  return alternative() ? out : undefined;
}

/**
 * The quick test of `mayHoldFlag`, built from the patterns: each alternative's literal runs, the
 * first looked for being one that starts with `-` (a substring search runs fastest from a character
 * rare in source text, as `-` is and switches are full of), or failing that the part of a run from
 * its first `-` on (`-full-access` of `danger-full-access`). One regular expression holds every
 * first text; where it matches, the rest of that alternative's texts are looked for. A first text
 * of two characters (`-a` of `-a never`) is found nearly everywhere: its alternatives are tried
 * apart, text by text. Any text passes when some alternative has no literal run.
 */
function flagGate(flags: UnsafeFlag[]): (text: string) => boolean {
  const lists: string[][] = [];
  for (const f of flags) {
    const alternatives = requiredLiterals(f.pattern.source);
    if (!alternatives) return () => true;
    for (const runs of alternatives) {
      const ordered = [...runs].sort((a, b) => Number(!a.startsWith('-')) - Number(!b.startsWith('-')) || b.length - a.length);
      const dash = ordered[0]!.indexOf('-');
      lists.push(dash > 0 && ordered[0]!.length - dash >= 3 ? [ordered[0]!.slice(dash), ...ordered] : ordered);
    }
  }
  const short = lists.filter((l) => l[0]!.length < 3);
  // The rest each first text needs; a text found also holds every first text it starts with.
  const rest = new Map<string, string[][]>();
  for (const [first, ...more] of lists.filter((l) => l[0]!.length >= 3)) rest.set(first!, [...(rest.get(first!) ?? []), more]);
  const firsts = [...rest.keys()];
  const found = new Map(firsts.map((f) => [f, firsts.filter((g) => f.startsWith(g)).flatMap((g) => rest.get(g)!)]));
  const source = trie(firsts) || '(?!)';
  const anyFirst = new RegExp(source);
  const eachFirst = new RegExp(source, 'g');
  const long = (text: string): boolean => {
    if (!anyFirst.test(text)) return false;
    const tried = new Set<string>();
    eachFirst.lastIndex = 0;
    for (let m = eachFirst.exec(text); m; m = eachFirst.exec(text)) {
      // Every place is tried: a first text may start inside another.
      eachFirst.lastIndex = m.index + 1;
      if (tried.has(m[0])) continue;
      tried.add(m[0]);
      if (found.get(m[0])!.some((more) => more.every((t) => text.includes(t)))) return true;
    }
    return false;
  };
  return (text) => long(text) || short.some((list) => list.every((t) => text.includes(t)));
}

/**
 * The words as one regular expression, their common beginnings written once (`-(?:-(?:yolo|auto)|a)`):
 * with every word starting with `-`, the search skips ahead from `-` to `-` rather than trying
 * every word at every place. Where words share a beginning, the longest there is matched.
 */
function trie(words: string[]): string {
  const next = new Map<string, string[]>();
  let ends = false;
  for (const w of words) {
    if (w === '') ends = true;
    else next.set(w[0]!, [...(next.get(w[0]!) ?? []), w.slice(1)]);
  }
  if (next.size === 0) return '';
  const branches = [...next].map(([c, rest]) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') + trie(rest));
  const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  return ends ? `(?:${body})?` : body;
}

/**
 * The switches that mean what they say for `cli`: one listed for that CLI replaces the general entry
 * of the same pattern (Codex's `--yolo` turns its sandbox off too); one listed for other CLIs is not
 * the CLI's. Without a CLI, the general entries.
 */
export function flagsFor(cli: string | undefined): UnsafeFlag[] {
  const all = loadAgentClis().flags;
  const own = (f: UnsafeFlag) => cli !== undefined && (f.clis?.includes(cli) ?? false);
  return all.filter((f) => (f.clis ? own(f) : !all.some((g) => own(g) && g.pattern.source === f.pattern.source)));
}

/** The switches of a command line (its arguments joined by spaces) that turn approvals off, strongest first, as they mean it for `cli`. */
export function unsafeFlags(commandLine: string, cli?: string): UnsafeFlag[] {
  const found = flagsFor(cli).filter((f) => f.pattern.test(commandLine));
  return [...found.filter((f) => f.effect === 'bypass'), ...found.filter((f) => f.effect === 'edits')];
}

const LAUNCHERS = new Set(['npx', 'pnpx', 'bunx', 'uvx', 'pipx', 'yarn', 'pnpm', 'bun', 'dlx', 'run', 'exec', '-y', '--yes', '-q']);

/**
 * The agent CLI a command line starts (its words: `codex`, `/usr/bin/claude`, `npx -y @openai/codex`,
 * `pipx run aider-chat`), or undefined.
 */
export function agentCliOf(words: string[]): string | undefined {
  const clis = loadAgentClis();
  for (let i = 0; i < words.length && i < 4; i++) {
    const w = words[i]!.trim();
    const base = w.slice(w.lastIndexOf('/') + 1);
    const name = clis.programs.get(base) ?? clis.packages.get(w.replace(/(?!^)@[^/@]*$/, '').replace(/[=<>~]=.*$/, ''));
    if (name) return name;
    if (i === 0 ? !LAUNCHERS.has(base) : !LAUNCHERS.has(w)) return undefined;
  }
  return undefined;
}
