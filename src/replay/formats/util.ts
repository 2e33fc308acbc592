/** Small, defensive accessors shared by the format readers (inputs are untrusted JSON). */
import { jsonErrorMessage, type InputRecord, type InputSource, type Path } from '../input.js';
import type { EventSink, FormatId, SourceRef } from '../model.js';

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

export function has(o: Obj | undefined, key: string): boolean {
  return !!o && Object.prototype.hasOwnProperty.call(o, key);
}

const MAX_TEXT = 1024 * 1024;

/** Text of a message content: a string, or parts such as `{type:'text', text}`, `{type:'text', content}` (AgentDojo). */
export function textOf(content: unknown, depth = 0): string {
  if (typeof content === 'string') return content.length > MAX_TEXT ? content.slice(0, MAX_TEXT) : content;
  if (content === null || content === undefined) return '';
  if (depth > 6) return '';
  if (Array.isArray(content)) {
    const parts: string[] = [];
    let total = 0;
    for (const part of content) {
      const t = textOf(part, depth + 1);
      if (t) {
        parts.push(t);
        total += t.length;
        if (total > MAX_TEXT) break;
      }
    }
    return parts.join('\n');
  }
  const o = obj(content);
  if (o) {
    // a LangChain-serialised message (`{lc: 1, type: "constructor", id: [...ToolMessage], kwargs: {content}}`)
    const kwargs = o.lc !== undefined ? obj(o.kwargs) : undefined;
    if (kwargs && kwargs.content !== undefined) return textOf(kwargs.content, depth + 1);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.content === 'string') return o.content;
    if (Array.isArray(o.content)) return textOf(o.content, depth + 1);
    if (typeof o.output === 'string') return o.output;
    if (typeof o.stdout === 'string' || typeof o.stderr === 'string') {
      return [o.stdout, o.stderr].filter((x) => typeof x === 'string' && x).join('\n');
    }
    try {
      const s = JSON.stringify(o);
      return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
    } catch {
      return '';
    }
  }
  return typeof content === 'number' || typeof content === 'boolean' ? String(content) : '';
}

/** Arguments as recorded: a JSON string (OpenAI), an object (Anthropic, Invariant), or absent. */
export function parseArgs(raw: unknown): { args: unknown; argsRecorded: boolean; argsRaw?: string; argsError?: string } {
  if (raw === undefined || raw === null) return { args: undefined, argsRecorded: false };
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (t === '') return { args: {}, argsRecorded: true, argsRaw: raw };
    try {
      return { args: JSON.parse(t), argsRecorded: true, argsRaw: raw };
    } catch (e) {
      return { args: raw, argsRecorded: true, argsRaw: raw, argsError: `arguments are not valid JSON (${jsonErrorMessage(e)})` };
    }
  }
  return { args: raw, argsRecorded: true };
}

export function isoFromUnixSeconds(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : undefined;
}

export function isoTime(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length <= 64 && !Number.isNaN(Date.parse(v))) return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    // seconds, milliseconds or nanoseconds since the epoch
    const ms = v > 1e17 ? v / 1e6 : v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

export function src(rec: InputRecord, sub: Path = []): SourceRef {
  const pointer = sub.length ? `${rec.pointer}${sub.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}` : rec.pointer;
  return { line: sub.length ? rec.lineOf(sub) : rec.line, pointer: pointer || undefined };
}

export interface ReaderContext {
  /** A problem at a line of the session file: goes to the report's `errors`, and reading goes on. */
  error(line: number, message: string): void;
  /** Session file name (for messages only). */
  file: string;
}

export interface FormatReader {
  id: FormatId;
  title: string;
  /** 0 (not this format) … 1 (certainly this format), from the first records. */
  detect(sample: unknown[], shape: 'jsonl' | 'document'): number;
  read(input: InputSource, emit: EventSink, ctx: ReaderContext): Promise<void>;
}

/** For message-list formats: the messages of a record that is a message, a list, or a wrapper object. */
export function* messageList(rec: InputRecord, keys: string[]): Generator<{ value: unknown; path: Path }> {
  const v = rec.value;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield { value: v[i], path: [i] };
    return;
  }
  const o = obj(v);
  if (!o) return;
  for (const key of keys) {
    if (Array.isArray(o[key])) {
      const list = o[key] as unknown[];
      for (let i = 0; i < list.length; i++) yield { value: list[i], path: [key, i] };
      return;
    }
  }
  yield { value: v, path: [] };
}
