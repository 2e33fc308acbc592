/**
 * Loading the replay's YAML data (policy, taxonomy, approvals) with errors that name the file,
 * the line and the field. Unknown keys are errors, as in every agentwarden config.
 *
 * This is not `core/data-file.ts` (JSON Schema through ajv) on purpose: policies are read inside the
 * replay sandbox, which forbids generating code from strings, and ajv compiles schemas to code.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } from 'yaml';
import { compileSafe, type SafeRegex } from './regex.js';
import { globMatch } from './glob.js';
import { MAX_YAML_DEPTH, yamlDepth } from '../core/yaml-depth.js';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(line ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type YPath = (string | number)[];

export function showPath(path: YPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

export interface LoadedYaml {
  value: unknown;
  file: string;
  lineOf(path: YPath): number | undefined;
}

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Parse a YAML (or JSON) file. `file` is the name used in messages. */
export function loadYaml(abs: string, file: string): LoadedYaml {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
  }
  if (text.length > MAX_CONFIG_BYTES) throw new ConfigError(`larger than ${MAX_CONFIG_BYTES} bytes`, file);
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): LoadedYaml {
  if (yamlDepth(text) > MAX_YAML_DEPTH) throw new ConfigError(`nested deeper than ${MAX_YAML_DEPTH} levels`, file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  // warnings (an unresolved tag such as !!js/function) are errors too: a policy means exactly what it says
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length) {
    const err = problems[0]!;
    const line = err.pos ? lc.linePos(err.pos[0]).line : undefined;
    throw new ConfigError(`invalid YAML: ${err.message.split('\n')[0]}`, file, line);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(`invalid YAML: ${(e as Error).message.split('\n')[0]}`, file);
  }
  return {
    value,
    file,
    lineOf(path) {
      // the line of the key for a mapping entry, of the item for a list entry
      let node: unknown = doc.contents;
      let line: number | undefined = isNode(node) && node.range ? lc.linePos(node.range[0]).line : undefined;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
          if (!pair) break;
          if (isNode(pair.key) && pair.key.range) line = lc.linePos(pair.key.range[0]).line;
          node = pair.value;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          if (isNode(node) && node.range) line = lc.linePos(node.range[0]).line;
        } else break;
      }
      return line;
    },
  };
}

/** A small validator that reports the first problem with file, line and field path. */
export class Validator {
  constructor(private readonly y: LoadedYaml) {}

  fail(path: YPath, message: string): never {
    throw new ConfigError(`${showPath(path)}: ${message}`, this.y.file, this.y.lineOf(path));
  }

  object(v: unknown, path: YPath, keys: readonly string[], required: readonly string[] = []): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be a mapping');
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!keys.includes(k)) this.fail([...path, k], `unknown key "${k}" (expected one of: ${keys.join(', ')})`);
    }
    for (const k of required) if (o[k] === undefined) this.fail(path, `"${k}" is required`);
    return o;
  }

  string(v: unknown, path: YPath, opts: { nonEmpty?: boolean } = {}): string {
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    if (opts.nonEmpty && v.trim() === '') this.fail(path, 'must not be empty');
    return v;
  }

  optString(v: unknown, path: YPath): string | undefined {
    return v === undefined ? undefined : this.string(v, path);
  }

  number(v: unknown, path: YPath): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'must be a number');
    return v;
  }

  boolean(v: unknown, path: YPath): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'must be true or false');
    return v;
  }

  oneOf<T extends string>(v: unknown, path: YPath, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(path, `must be one of: ${values.join(', ')}`);
    return v as T;
  }

  strings(v: unknown, path: YPath): string[] {
    if (!Array.isArray(v)) this.fail(path, 'must be a list of strings');
    return v.map((x, i) => this.string(x, [...path, i], { nonEmpty: true }));
  }

  list(v: unknown, path: YPath): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    return v;
  }

  /** A regular expression from the file, compiled once on the linear-time engine (`regex.ts`). */
  regex(v: unknown, path: YPath, flags = 'i'): SafeRegex {
    const source = this.string(v, path, { nonEmpty: true });
    if (source.length > 500) this.fail(path, 'pattern longer than 500 characters');
    const re = compileSafe(source, flags);
    if (typeof re === 'string') this.fail(path, `invalid regular expression: ${re}`);
    return re;
  }
}

/** `*` globs, case-insensitive, matched without a backtracking regular expression (`glob.ts`). */
export function globToRegExp(glob: string): { test(text: string): boolean } {
  const g = glob.toLowerCase();
  return { test: (text: string) => globMatch(g, text.toLowerCase()) };
}

export class ToolMatcher {
  private readonly exact = new Set<string>();
  private readonly patterns: { glob: string; re: { test(text: string): boolean } }[] = [];
  constructor(readonly globs: string[]) {
    for (const g of globs) {
      if (g.includes('*')) this.patterns.push({ glob: g, re: globToRegExp(g) });
      else this.exact.add(g.toLowerCase());
    }
  }
  /** Glob matches by name: sessions call the same few tools again and again. */
  private readonly memo = new Map<string, string | null>();

  /** The first glob that matches one of the names, if any. */
  match(...names: (string | undefined)[]): string | undefined {
    for (const name of names) {
      if (!name) continue;
      const hit = this.matchOne(name);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  private matchOne(name: string): string | undefined {
    const known = this.memo.get(name);
    if (known !== undefined) return known ?? undefined;
    let hit: string | undefined;
    if (this.exact.has(name.toLowerCase())) hit = name;
    else for (const p of this.patterns) if (p.re.test(name)) {
      hit = p.glob;
      break;
    }
    if (name.length <= 256) {
      if (this.memo.size >= 4096) this.memo.clear();
      this.memo.set(name, hit ?? null);
    }
    return hit;
  }
  get empty(): boolean {
    return this.globs.length === 0;
  }
}
