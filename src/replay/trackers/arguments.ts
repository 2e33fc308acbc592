/** What a call's arguments say, as text: the whole (bounded), a one-line summary, the hosts it names. */
import type { ToolCallEvent } from '../model.js';

const ARGS_TEXT_LIMIT = 1024 * 1024;

/** The text of a call's arguments that checks search: every string and number leaf, plus the raw JSON text. */
export function argsTextOf(e: Pick<ToolCallEvent, 'args' | 'argsRaw' | 'argsRecorded'>): string {
  if (!e.argsRecorded) return '';
  const parts: string[] = [];
  let total = 0;
  const walk = (v: unknown, depth: number): void => {
    if (total > ARGS_TEXT_LIMIT || depth > 32) return;
    if (typeof v === 'string') {
      parts.push(v);
      total += v.length;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      parts.push(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' || typeof x === 'number') parts.push(`${k}=`);
        walk(x, depth + 1);
      }
    }
  };
  walk(e.args, 0);
  if (e.argsRaw && typeof e.args !== 'string') parts.push(e.argsRaw.length > ARGS_TEXT_LIMIT ? e.argsRaw.slice(0, ARGS_TEXT_LIMIT) : e.argsRaw);
  const text = parts.join('\n');
  return text.length > ARGS_TEXT_LIMIT ? text.slice(0, ARGS_TEXT_LIMIT) : text;
}

const SUMMARY_KEYS = ['command', 'cmd', 'code', 'query', 'sql', 'url', 'uri', 'file_path', 'path', 'to', 'recipient', 'prompt', 'input'];

/** A short, human view of the arguments (the caller scrubs it before printing). */
export function summarizeArgs(e: ToolCallEvent): string {
  if (!e.argsRecorded) return '(arguments not recorded)';
  const a = e.args;
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && !Array.isArray(a)) {
    const o = a as Record<string, unknown>;
    for (const k of SUMMARY_KEYS) {
      const v = o[k];
      if (typeof v === 'string' && v) return v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' ');
    }
    const action = o.action ?? o.exec;
    if (action && typeof action === 'object') return summarizeArgs({ ...e, args: action });
  }
  try {
    return JSON.stringify(a) ?? '';
  } catch {
    return '';
  }
}

const URL_RE = /\b(?:https?|wss?|ftp):\/\/([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:]{2,45}\])(?::\d{1,5})?/g;
const LOCAL = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1|[\w-]{1,63}\.local|[\w-]{1,63}\.internal)$/i;

/** Hosts of the URLs in a text, and whether any is outside this machine. */
export function urlHosts(text: string): { hosts: string[]; external: boolean } {
  const hosts = new Set<string>();
  URL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = URL_RE.exec(text)) !== null && n++ < 200) hosts.add(m[1]!.toLowerCase());
  const list = [...hosts];
  return { hosts: list, external: list.some((h) => !LOCAL.test(h)) };
}
