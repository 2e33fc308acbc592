/**
 * Plain values as the `yaml` package makes them: scalars resolved with its YAML 1.2 core schema
 * (`yaml/dist/schema/core`: the same tests in the same order, the same conversions; a tag names the
 * type explicitly, an unknown local tag such as `!Ref` or `!Sub` leaves the plain string), and map
 * entries added as its `toJS` adds them.
 */
import { unsupported } from './yaml-fast-text.js';

const CORE = 'tag:yaml.org,2002:';
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain (unquoted, untagged) scalar: null, a boolean, a number, else the string. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start anything but a string (NaN: the empty scalar).
  if (c !== c || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) {
    if (NULL.test(s)) return null;
    if (BOOL.test(s)) return c === 116 || c === 84;
    return s;
  }
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return number(s) ?? s;
  return s;
}

function number(s: string): number | undefined {
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return undefined;
}

/** A tag as written (`!Ref`, `!!str`, `!`) as the package names it. */
export function tagName(written: string): string {
  if (written === '!') return '!';
  if (written.includes('%') || written.startsWith('!<')) unsupported('tag form');
  if (written.startsWith('!!')) {
    if (written.length === 2) unsupported('tag form');
    return CORE + written.slice(2);
  }
  if (written.indexOf('!', 1) >= 0 || written.length === 1) unsupported('tag form');
  return written;
}

/** A tagged scalar: a core type must match its tests (else the package's fallbacks apply: left to it). */
export function resolveTagged(tag: string, s: string): unknown {
  if (tag === '!' || tag === CORE + 'str') return s;
  if (!tag.startsWith(CORE)) return s;
  switch (tag.slice(CORE.length)) {
    case 'null':
      if (NULL.test(s)) return null;
      break;
    case 'bool':
      if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
      break;
    case 'int':
      if (INT_OCT.test(s) || INT.test(s) || INT_HEX.test(s)) return number(s);
      break;
    case 'float':
      if (FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s)) return number(s);
      break;
  }
  return unsupported(`tag ${tag}`);
}

/** Names an object has from its prototype (`toString`, `__proto__` …), which an assignment would not make its own. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The `yaml` package's `addPairToJSMap` for a scalar key: its string form, a repeated key
 * overwriting in place. The package defines the property when the name is already `in` the
 * object; for an own property an assignment does the same, so only inherited names need it.
 */
export function addPair(obj: Record<string, unknown>, key: unknown, value: unknown): void {
  const name = key === null ? '' : String(key);
  if (INHERITED.has(name)) Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
  else obj[name] = value;
}
