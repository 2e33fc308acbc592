/**
 * `policy learn`: from benign sessions' facts to a commented YAML policy. What it writes:
 *
 * - tools.allow: every tool seen; tools.maxCalls: the most calls of a consequential tool in one session
 * - per decisive argument (recipients, IBANs, URLs and hosts, paths, commands, credentials):
 *     every seen value came from the user's request      → fromUser: true
 *     otherwise                                           → oneOf the seen values (case-insensitive),
 *                                                            or a domain pattern when there are many
 *   URLs and hosts (also inside messages and commands)   → hosts: the seen hosts
 *   amounts                                              → max: the highest seen
 *   paths                                                → oneOf, or a prefix pattern when there are many
 * - identifiers of consequential tools (short scalar arguments that are not free text) → oneOf
 * - approvals: tools.requireApproval for tools every session approved; when the format records no
 *   approvals, a comment says so and highRisk.requireApproval is left empty instead of invented.
 */
import type { LearnedCall, SessionFacts } from './collect.js';
import { AMOUNT_KEYS, COMMAND_KEYS, CREDENTIAL_KEYS, PATH_KEYS, RECIPIENT_KEYS, URL_KEYS, hostOf } from '../decisive-values.js';
import { hostsIn, valuesAt } from '../checks/arguments.js';
import { findSecrets } from '../secrets.js';

const CONSEQUENTIAL = /^(?:send|create|delete|remove|update|share|reserve|book|post|invite|add|pay|schedule|transfer|append|cancel|write|edit|move|rename|upload|forward|reply|set|grant|execute|run|exec|purchase|buy|order|refund|charge)/i;
const FREE_TEXT = /^(?:body|content|text|message|msg|description|subject|title|note|notes|comment|markdown|html|query|prompt|summary|reason|date|time|day|start|end|start_?(?:time|date|day)|end_?(?:time|date|day)|datetime|timestamp|location)$/i;
const MAX_ONE_OF = 24;
const DECISIVE_KEYS = [RECIPIENT_KEYS, URL_KEYS, PATH_KEYS, COMMAND_KEYS, CREDENTIAL_KEYS, AMOUNT_KEYS];

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
const q = (v: unknown): string => JSON.stringify(v);

interface Slot {
  tool: string;
  path: string;
  kind: string;
  values: Set<string>;
  allFromUser: boolean;
  hosts: Set<string>;
}

interface ToolStats {
  calls: number;
  sessions: number;
  maxPerSession: number;
  approved: number;
}

export interface LearnOptions {
  /** Shown in the header: how the sessions were given. */
  sources: string[];
}

function scalarLeaves(args: unknown): { path: string; key: string; value: string | number }[] {
  const out: { path: string; key: string; value: string | number }[] = [];
  if (!args || typeof args !== 'object' || Array.isArray(args)) return out;
  for (const [k, v] of Object.entries(args)) {
    if (secretLike(k, v)) continue;
    if (typeof v === 'number' || (typeof v === 'string' && v.length <= 80)) out.push({ path: k, key: k, value: v });
  }
  return out;
}

/** A learned policy is output: a value under a credential's name, or one that looks like a secret, is never written into it. */
const SECRET_NAME = /token|secret|passw(?:or)?d|passphrase|api_?key|apikey|credential|private_?key|auth/i;
function secretLike(key: string, value: unknown): boolean {
  return SECRET_NAME.test(key) || (typeof value === 'string' && findSecrets(value, 1).length > 0);
}

export function learnPolicy(sessions: SessionFacts[], opts: LearnOptions): string {
  const tools = new Map<string, ToolStats>();
  const slots = new Map<string, Slot>();
  const amounts = new Map<string, { tool: string; path: string; max: number }>();
  const ids = new Map<string, { tool: string; path: string; values: Set<string | number>; sessions: number }>();
  const formats = new Set<string>();
  let approvalsRecorded = false;

  for (const s of sessions) {
    formats.add(s.format);
    approvalsRecorded ||= s.approvalsRecorded;
    const perSession = new Map<string, number>();
    const idSeen = new Set<string>();
    for (const c of s.calls) {
      perSession.set(c.tool, (perSession.get(c.tool) ?? 0) + 1);
      const st = tools.get(c.tool) ?? { calls: 0, sessions: 0, maxPerSession: 0, approved: 0 };
      st.calls++;
      if (c.approved) st.approved++;
      tools.set(c.tool, st);
      learnValues(c, slots, amounts);
      if (CONSEQUENTIAL.test(c.tool) && c.argsRecorded) {
        for (const leaf of scalarLeaves(c.args)) {
          if (FREE_TEXT.test(leaf.key) || DECISIVE_KEYS.some((re) => re.test(leaf.key))) continue; // decisive values have rules of their own
          const key = `${c.tool}\0${leaf.path}`;
          const slot = ids.get(key) ?? { tool: c.tool, path: leaf.path, values: new Set(), sessions: 0 };
          slot.values.add(typeof leaf.value === 'string' ? leaf.value.toLowerCase() : leaf.value);
          if (!idSeen.has(key)) {
            idSeen.add(key);
            slot.sessions++;
          }
          ids.set(key, slot);
        }
      }
    }
    for (const [tool, n] of perSession) {
      const st = tools.get(tool)!;
      st.sessions++;
      st.maxPerSession = Math.max(st.maxPerSession, n);
    }
  }

  const lines: string[] = [];
  lines.push(`# Learned by agentwarden policy learn from ${sessions.length} benign session${sessions.length === 1 ? '' : 's'} (${[...formats].join(', ') || 'no format'}).`);
  for (const src of opts.sources.slice(0, 20)) lines.push(`#   ${src}`);
  if (opts.sources.length > 20) lines.push(`#   … and ${opts.sources.length - 20} more`);
  lines.push('# Review it before use: every constraint below is only as good as the sessions it was learned from.');
  lines.push('version: 1');
  lines.push('tools:');
  const toolNames = [...tools.keys()].sort();
  lines.push('  # seen: ' + (toolNames.map((t) => `${t} ×${tools.get(t)!.calls}`).join(', ') || 'no tool calls'));
  lines.push(`  allow: [${toolNames.map(q).join(', ')}]`);
  lines.push('  # tools named as reads (get_, list_, search_ …) that no high-risk class covers pass too');
  lines.push('  allowReads: true');
  const limited = toolNames.filter((t) => CONSEQUENTIAL.test(t));
  if (limited.length) {
    lines.push('  # twice the most calls of each consequential tool seen in one session, at least two more (retries happen)');
    lines.push('  maxCalls:');
    for (const t of limited) lines.push(`    ${q(t)}: ${Math.max(tools.get(t)!.maxPerSession * 2, tools.get(t)!.maxPerSession + 2)}`);
  }
  const alwaysApproved = toolNames.filter((t) => tools.get(t)!.approved === tools.get(t)!.calls && tools.get(t)!.calls > 0);
  if (approvalsRecorded && alwaysApproved.length) {
    lines.push('  # every call of these was approved in the sessions');
    lines.push(`  requireApproval: [${alwaysApproved.map(q).join(', ')}]`);
  }

  const rules: string[] = [];
  // one rule per argument: addresses win (an emails rule lets other values through), else the kind seen most
  const chosen = new Map<string, Slot>();
  for (const slot of slots.values()) {
    const key = `${slot.tool}\0${slot.path}`;
    const prev = chosen.get(key);
    const rank = (x: Slot): number => (x.kind === 'email' ? 1e9 : 0) + (x.kind === 'url' ? 1e8 : 0) + x.values.size;
    if (!prev || rank(slot) > rank(prev)) chosen.set(key, slot);
  }
  for (const slot of [...chosen.values()].sort((a, b) => `${a.tool}.${a.path}`.localeCompare(`${b.tool}.${b.path}`))) {
    const head = `  - tool: ${q(slot.tool)}\n    path: ${q(slot.path)}`;
    const kindsNote = `${slot.kind}, ${slot.values.size} value${slot.values.size === 1 ? '' : 's'} seen`;
    if (slot.kind === 'url' || slot.kind === 'host') {
      rules.push(`  # ${slot.tool} ${slot.path}: hosts seen (${kindsNote})\n${head}\n    hosts: [${[...slot.hosts].sort().map(q).join(', ')}]`);
      continue;
    }
    if (!CONSEQUENTIAL.test(slot.tool)) continue; // a read: only its hosts are constrained
    if (slot.allFromUser) {
      rules.push(`  # ${slot.tool} ${slot.path}: every value seen came from the user's request (${kindsNote})\n${head}\n    fromUser: true`);
      continue;
    }
    if (slot.kind === 'command') {
      if (slot.hosts.size) rules.push(`  # ${slot.tool} ${slot.path}: hosts named in commands\n${head}\n    hosts: [${[...slot.hosts].sort().map(q).join(', ')}]`);
      continue;
    }
    if (slot.kind === 'email') {
      const domains = [...new Set([...slot.values].map((v) => v.split('@')[1] ?? ''))].filter(Boolean).sort();
      const list = slot.values.size <= MAX_ONE_OF ? [...slot.values].sort() : domains.map((d) => `*@${d}`);
      rules.push(`  # ${slot.tool} ${slot.path}: addresses seen (${kindsNote}); the user's own words pass too\n${head}\n    emails: [${list.map(q).join(', ')}]\n    allowFromUser: true`);
    } else if (slot.values.size <= MAX_ONE_OF) {
      rules.push(`  # ${slot.tool} ${slot.path} (${kindsNote}); the user's own words pass too\n${head}\n    ignoreCase: true\n    oneOf: [${[...slot.values].sort().map(q).join(', ')}]\n    allowFromUser: true`);
    } else if (slot.kind === 'path') {
      const prefix = commonDir([...slot.values]);
      if (prefix) rules.push(`  # ${slot.tool} ${slot.path}: ${slot.values.size} paths under ${prefix}\n${head}\n    pattern: ${q(`^${esc(prefix)}`)}`);
    }
  }
  for (const a of [...amounts.values()].sort((x, y) => `${x.tool}.${x.path}`.localeCompare(`${y.tool}.${y.path}`))) {
    rules.push(`  # ${a.tool} ${a.path}: the highest amount seen\n  - tool: ${q(a.tool)}\n    path: ${q(a.path)}\n    max: ${a.max}`);
  }
  for (const id of [...ids.values()].sort((x, y) => `${x.tool}.${x.path}`.localeCompare(`${y.tool}.${y.path}`))) {
    if (id.values.size > 5 || [...slots.values()].some((s) => s.tool === id.tool && s.path === id.path)) continue;
    if (amounts.has(`${id.tool}\0${id.path}`)) continue;
    rules.push(`  # ${id.tool} ${id.path}: the values seen in ${id.sessions} session${id.sessions === 1 ? '' : 's'}\n  - tool: ${q(id.tool)}\n    path: ${q(id.path)}\n    ignoreCase: true\n    oneOf: [${[...id.values].map(q).join(', ')}]`);
  }
  if (rules.length) {
    lines.push('arguments:');
    lines.push(...rules);
  }
  if (!approvalsRecorded) {
    lines.push('highRisk:');
    lines.push(`  # ${[...formats].join(', ') || 'these sessions'} record${formats.size === 1 ? 's' : ''} no approvals, so none is required here;`);
    lines.push('  # list the taxonomy classes that need approval once the runtime records them.');
    lines.push('  requireApproval: []');
  }
  return `${lines.join('\n')}\n`;
}

function learnValues(c: LearnedCall, slots: Map<string, Slot>, amounts: Map<string, { tool: string; path: string; max: number }>): void {
  const seenHere = new Set<string>();
  for (const v of c.values) {
    // A policy file is output: a credential, or any value that looks like a secret, is never written into it.
    if (v.kind === 'credential' || secretLike(v.path.split('.').pop() ?? '', v.value)) continue;
    if (v.kind === 'amount') {
      const n = Number(v.value);
      if (!Number.isFinite(n)) continue;
      const key = `${c.tool}\0${v.path}`;
      const a = amounts.get(key) ?? { tool: c.tool, path: v.path, max: n };
      a.max = Math.max(a.max, n);
      amounts.set(key, a);
      continue;
    }
    const urlish = v.kind === 'url' || v.kind === 'host';
    // addresses: one rule on the argument, whether it holds a string or a list
    const path = v.kind === 'email' ? v.path.replace(/\[\]$/, '') : v.path;
    const key = `${c.tool}\0${path}\0${urlish ? 'url' : v.kind}`;
    let slot = slots.get(key);
    if (!slot) {
      // a text argument with URLs inside: a hosts rule on that argument
      slot = { tool: c.tool, path, kind: urlish ? 'url' : v.kind, values: new Set(), allFromUser: true, hosts: new Set() };
      slots.set(key, slot);
    }
    if (v.kind === 'email' && isTextArg(c, v.path)) {
      // an address inside a message body is not a recipient: it needs no oneOf of its own
      slots.delete(key);
      continue;
    }
    slot.values.add(v.value.toLowerCase());
    if (v.origin !== 'user' && v.origin !== 'system') slot.allFromUser = false;
    if (urlish) slot.hosts.add(hostOf(v.value));
    if (v.kind === 'command') for (const h of hostsIn(v.value)) slot.hosts.add(h);
    seenHere.add(key);
  }
}

function isTextArg(c: LearnedCall, path: string): boolean {
  const last = path.split('.').pop() ?? '';
  if (!FREE_TEXT.test(last.replace(/\[\]$/, ''))) return false;
  const v = valuesAt(c.args, path)[0]?.value;
  return typeof v === 'string' && v.length > 60;
}

function commonDir(paths: string[]): string {
  if (!paths.length) return '';
  let prefix = paths[0]!;
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('/');
  return cut > 0 ? prefix.slice(0, cut + 1) : '';
}

