/**
 * Decisive values: the arguments of a tool call that decide where its effect lands (recipients and
 * e-mail addresses, IBANs, account and phone numbers, URLs and hosts, file paths, shell commands and
 * the URLs inside them, credentials, amounts), found by argument name and by shape, and their
 * normal forms for searching the session's sources.
 */

export type ValueKind = 'email' | 'iban' | 'phone' | 'account' | 'url' | 'host' | 'path' | 'command' | 'recipient' | 'credential' | 'amount';
export interface DecisiveValue {
  /** Argument path, `recipients[0]`, `command`. */
  path: string;
  kind: ValueKind;
  /** The value as it appears (the caller scrubs it before printing). */
  value: string;
}

const MAX_VALUES = 48;

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b/g;
const URL = /\b(?:(?:https?|wss?|ftp):\/\/|www\.)[^\s"'<>`)\]},]{2,2048}/gi;
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?(?:\/\S*)?$/i;

export const RECIPIENT_KEYS = /^(?:to|cc|bcc|recipients?|recipient_?(?:iban|email|id|address)?|emails?|email_?address(?:es)?|participants?|attendees?|invitees?|users?|user_?(?:id|email|name)?|channels?|channel_?(?:id|name)?|account|account_?(?:id|number)|iban|phone(?:_?number)?|number|address|receiver|payee|destination|target|assignee|members?|share_?with|emails_to)$/i;
export const URL_KEYS = /^(?:url|uri|link|href|website|webpage|endpoint|host|hostname|domain|server|site|remote|webhook|callback)(?:_?url)?$/i;
export const PATH_KEYS = /^(?:path|file_?path|filename|file_?name|file|dest(?:ination)?_?path|target_?path|output_?path|directory|dir)$/i;
export const COMMAND_KEYS = /^(?:command|cmd|script|code|shell|commands|args|argv)$/i;
export const CREDENTIAL_KEYS = /^(?:password|new_?password|passphrase|token|api_?key|secret|access_?key|private_?key|credentials?)$/i;
export const AMOUNT_KEYS = /^(?:amount|price|value|sum|total|quantity)$/i;
const TEXT_KEYS = /^(?:body|content|text|message|msg|description|subject|note|comment|markdown|html)$/i;

type KeyClass = 'credential' | 'amount' | 'command' | 'url' | 'path' | 'recipient' | 'text' | 'other';
const keyClasses = new Map<string, KeyClass>();

/** What an argument's key says its value is (first matching family wins), remembered per key. */
function keyClass(key: string): KeyClass {
  let c = keyClasses.get(key);
  if (c) return c;
  c = CREDENTIAL_KEYS.test(key)
    ? 'credential'
    : AMOUNT_KEYS.test(key)
      ? 'amount'
      : COMMAND_KEYS.test(key)
        ? 'command'
        : URL_KEYS.test(key)
          ? 'url'
          : PATH_KEYS.test(key)
            ? 'path'
            : RECIPIENT_KEYS.test(key)
              ? 'recipient'
              : TEXT_KEYS.test(key)
                ? 'text'
                : 'other';
  if (keyClasses.size < 4096) keyClasses.set(key, c);
  return c;
}

/** Normalised form of a text for matching: lowercased, whitespace collapsed, quotes kept. */
export function normText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
export function compactText(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A URL without scheme, `www.`, trailing slash; lowercased host. */
export function normUrl(url: string): string {
  let u = url.trim().replace(/^[a-z][a-z0-9+.-]{0,15}:\/\//i, '').replace(/^www\./i, '');
  u = u.replace(/[.,;:!?]+$/, '').replace(/\/+$/, '');
  return u.toLowerCase();
}
export function hostOf(url: string): string {
  return normUrl(url).split(/[/?#]/)[0]!.replace(/:\d+$/, '');
}

export const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

export function stripQuotes(s: string): string {
  return s.trim().replace(/^["'`]+|["'`]+$/g, '');
}

/** The decisive values in a call's arguments. */
export function decisiveValues(args: unknown): DecisiveValue[] {
  const out: DecisiveValue[] = [];
  const seen = new Set<string>();
  const add = (path: string, kind: ValueKind, value: string): void => {
    const v = stripQuotes(value);
    if (v.length < 2 || out.length >= MAX_VALUES) return;
    const key = `${kind}\0${v.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, kind, value: v });
  };
  const inText = (path: string, s: string, urlsOnly: boolean): void => {
    if (s.includes('@')) for (const m of s.matchAll(EMAIL)) add(path, 'email', m[0]);
    if (s.includes('://') || /www\./i.test(s)) for (const m of s.matchAll(URL)) add(path, 'url', m[0]);
    if (urlsOnly) return;
    for (const m of s.matchAll(IBAN)) add(path, 'iban', m[0]);
  };
  const walk = (v: unknown, path: string, key: string, depth: number): void => {
    if (depth > 12 || out.length >= MAX_VALUES) return;
    if (Array.isArray(v)) {
      const n = Math.min(v.length, 64);
      for (let i = 0; i < n; i++) walk(v[i], `${path}[${i}]`, key, depth + 1);
      return;
    }
    if (v && typeof v === 'object') {
      let n = 0;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (n++ >= 128) break;
        walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, k, depth + 1);
      }
      return;
    }
    const cls = keyClass(key);
    if (typeof v === 'number') {
      if (cls === 'amount') add(path, 'amount', String(v));
      return;
    }
    if (typeof v !== 'string' || !v.trim()) return;
    const s = v.length > 8192 ? v.slice(0, 8192) : v;
    switch (cls) {
      case 'credential':
        return add(path, 'credential', s);
      case 'amount':
        if (/^\s*[$€£]?\s*\d[\d,.]*\s*$/.test(s)) add(path, 'amount', s.replace(/[^\d.]/g, ''));
        return;
      case 'command':
        inText(path, s, true);
        if (s.trim().length >= 12) add(path, 'command', s);
        return;
      case 'url':
        if (BARE_HOST.test(s.trim()) && !/^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(s.trim())) add(path, 'host', s);
        else inText(path, s, true);
        if (!/\s/.test(s.trim()) && /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(s.trim())) add(path, 'url', s);
        return;
      case 'path':
        add(path, 'path', s);
        return;
      case 'recipient': {
        const t = s.trim();
        if (EMAIL.test(t)) {
          EMAIL.lastIndex = 0;
          inText(path, t, false);
        } else if (/^[A-Z]{2}\d{2}[A-Z0-9 -]{11,40}$/i.test(t)) add(path, 'iban', t);
        else if (/^\+?[\d ().-]{7,20}$/.test(t)) add(path, /^\+|^00/.test(t) ? 'phone' : 'account', t);
        else if (t.length <= 128) add(path, 'recipient', t);
        EMAIL.lastIndex = 0;
        return;
      }
      case 'text':
        // free text (a message body): its links decide where readers go; addresses and numbers in it are content
        inText(path, s, true);
        return;
      default:
        if (s.length > 24) inText(path, s, false);
    }
  };
  walk(args, '', '', 0);
  return out;
}
