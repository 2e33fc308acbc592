/** OTLP/JSON attribute values (`{stringValue}`, `{intValue: "3"}`, `{kvlistValue}` …) as plain JSON. */
import { arr, obj, str, type Obj } from './formats/util.js';

/** OTLP AnyValue → plain JSON. */
export function anyValue(v: unknown, depth = 0): unknown {
  const o = obj(v);
  if (!o || depth > 20) return undefined;
  if ('stringValue' in o) return o.stringValue;
  if ('boolValue' in o) return o.boolValue;
  if ('intValue' in o) return typeof o.intValue === 'string' ? Number(o.intValue) : o.intValue;
  if ('doubleValue' in o) return o.doubleValue;
  if ('bytesValue' in o) return o.bytesValue;
  if ('arrayValue' in o) return arr(obj(o.arrayValue)?.values).map((x) => anyValue(x, depth + 1));
  if ('kvlistValue' in o) return attributes(obj(o.kvlistValue)?.values, depth + 1);
  return undefined;
}

/** A KeyValue list → plain JSON; with `only`, just those keys (the others' values are not decoded). */
export function attributes(list: unknown, depth = 0, only?: ReadonlySet<string>): Obj {
  const out: Obj = {};
  for (const kv of arr(list)) {
    const k = str(obj(kv)?.key);
    if (k && k !== '__proto__' && (!only || only.has(k))) out[k] = anyValue(obj(kv)?.value, depth);
  }
  return out;
}
