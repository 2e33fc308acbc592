/**
 * Cedar decisions, remembered: a call's decision depends only on the principal, the tool, the
 * server and the parts of the context the policies read, so calls that agree on those share one
 * evaluation. Which parts the policies read comes from their JSON form: every `context.a.b`
 * attribute chain (and `has` test); a policy that uses `context` in any other way (compares or
 * passes the whole record) makes the whole context part of the key. The wasm evaluation costs far
 * more than building the key, and long sessions call the same tools with the same facts.
 */
import { BoundedMap } from './bounded-map.js';

/** A path read for its value, or (`has`) only tested for presence. */
export interface ContextPath {
  path: string[];
  presence: boolean;
}
export type ContextPaths = ContextPath[] | 'all';

const ABSENT = '\u0000absent';
const MAX_KEY = 8 * 1024;

/** The attribute chain an expression reads from `context`, if it is one (`context.input.command` → ['input','command']). */
function chainOf(node: unknown): string[] | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const o = node as Record<string, unknown>;
  if (o.Var === 'context') return [];
  const dot = o['.'] as { left?: unknown; attr?: unknown } | undefined;
  if (dot && typeof dot.attr === 'string') {
    const left = chainOf(dot.left);
    return left ? [...left, dot.attr] : undefined;
  }
  return undefined;
}

/** The context paths the policies (in Cedar's JSON form) read, or 'all'. Iterative: a policy may nest deeply. */
export function contextPaths(policies: unknown[]): ContextPaths {
  const paths = new Map<string, ContextPath>();
  const stack: unknown[] = [...policies];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const o = node as Record<string, unknown>;
    if (o.Var === 'context') return 'all';
    const presence = o['.'] === undefined && o.has !== undefined;
    const access = (o['.'] ?? o.has) as { left?: unknown; attr?: unknown } | undefined;
    if (access && typeof access.attr === 'string') {
      const left = chainOf(access.left);
      if (left) {
        const path = [...left, access.attr];
        paths.set(JSON.stringify([presence, path]), { path, presence });
        continue;
      }
    }
    for (const v of Object.values(o)) stack.push(v);
  }
  return [...paths.values()];
}

function at(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, p)) return ABSENT;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export class DecisionCache<T> {
  private readonly map = new BoundedMap<string, T>(10_000);
  hits = 0;

  constructor(private readonly paths: ContextPaths) {}

  /** The key of a request, or undefined when it is too large to be worth remembering. */
  key(parts: (string | undefined)[], context: Record<string, unknown>): string | undefined {
    let projected: string | undefined;
    try {
      projected = JSON.stringify(this.paths === 'all' ? context : this.paths.map((p) => (p.presence ? at(context, p.path) !== ABSENT : at(context, p.path))));
    } catch {
      return undefined; // nested too deeply to serialize: evaluate without the cache
    }
    const key = `${JSON.stringify(parts)}${projected}`;
    return key.length <= MAX_KEY ? key : undefined;
  }

  get(key: string | undefined): T | undefined {
    if (key === undefined) return undefined;
    const hit = this.map.get(key);
    if (hit !== undefined) this.hits++;
    return hit;
  }

  set(key: string | undefined, value: T): void {
    if (key !== undefined) this.map.set(key, value);
  }
}
