/**
 * SQL the model writes, run where it can only read: a tool that opens its SQLite database read-only
 * (`file:…?mode=ro` or `immutable=1` URIs), or always starts a read-only transaction or session before
 * the query (`BEGIN … READ ONLY`, `SET TRANSACTION READ ONLY`, a constant named for such a
 * transaction, a driver's `readonly=True`). The database refuses every write, so a wrong or injected
 * query reads what the tool exists to read; nothing is changed or destroyed. The risk is kept apart
 * as contained. Only what the tool's own calls do counts: a read-only mode chosen by a flag or a
 * condition (`BEGIN_READ_ONLY if read_only else BEGIN`), or one a message only mentions, does not.
 * Writes (`db-write`) are judged as before.
 *
 * A tool that refuses, before it runs anything, every query that does not start with a reading verb
 * (`if not q.strip().lower().startswith(("select", "show")): return …`, or a `_validate_query` helper it
 * calls and returns or raises on) is a read-only query tool too, kept apart the same way; its reason
 * says the check is weak: the database itself still accepts `SELECT … INTO OUTFILE` or a second
 * statement after a semicolon. A prefix list with any writing verb is no such check.
 */
import type { Body } from './model.js';
import type { Contained, Risk } from './reach.js';

/** A connection opened read-only: the URI's mode, or the driver's keyword set to a literal True. */
const READ_ONLY_CONNECT = /[?&](?:mode=ro|immutable=1)\b|\b(?:postgresql_)?read_?only\s*=\s*True\b/i;
const CONNECT_CALL = /(?:^|\.)(?:connect|set_session|transaction|execution_options|create_engine)$/;
/** A statement (or a constant named for one) that starts a read-only transaction, passed as it is. */
const READ_ONLY_STATEMENT = /(?:^|,)\s*(?:[rbuf]*(?:'''|"""|'|")\s*(?:BEGIN|START|SET)\b[^'"]{0,60}\bREAD\s+ONLY\b|[A-Z_]*READ_?ONLY_TRANSACTION[A-Z_]*\s*(?:,|$))/i;
/** A property of the connection set to read-only (`conn.read_only = True`). */
const READ_ONLY_PROPERTY = /\.\s*read_?only\s*=\s*True\b/;

const READ_ONLY_REASON = 'the tool runs it on a read-only connection or in a read-only transaction: the database refuses writes';
const PREFIX_REASON =
  'the tool refuses any query that does not start with a reading verb (SELECT/SHOW) before running it: a read-only query tool, ' +
  'though a prefix check is weak (SELECT … INTO OUTFILE, a second statement after a semicolon, a writing function called from a SELECT)';

export function readOnlySql(body: Body | undefined, risks: Risk[], functions: ReadonlyMap<string, Body>): { risks: Risk[]; contained: Contained[] } {
  if (!body || !risks.some((r) => r.riskClass === 'sql')) return { risks, contained: [] };
  const reason = readOnly(body) ? READ_ONLY_REASON : prefixChecked(body, functions) ? PREFIX_REASON : undefined;
  if (!reason) return { risks, contained: [] };
  const contained: Contained[] = [];
  const kept = risks.filter((r) => {
    if (r.riskClass !== 'sql') return true;
    contained.push({ riskClass: r.riskClass, evidence: r.evidence, reason, path: r.path, start: r.start, end: r.end, ...(r.site ? { site: r.site } : {}) });
    return false;
  });
  return { risks: kept, contained };
}

/** Reading verbs a query may be held to start with. */
const READ_VERB = String.raw`[rbuRBU]?['"]\s*(?:select|show|describe|desc|explain|with)\s*['"]`;
/** `startswith("select")`, `startswith(("SELECT", "SHOW"))`: only reading verbs. */
const PREFIX_CHECK = new RegExp(String.raw`\.startswith\(\s*\(?\s*${READ_VERB}(?:\s*,\s*${READ_VERB})*\s*,?\s*\)?\s*\)`, 'gi');
/** A failed check that leaves before anything runs: `if not …:` returning or raising. */
const LEAVES_ON_FAILURE = /\bif\s+not\b[^\n]*:\s*\n\s*(?:return|raise)\b/;
/** A helper whose name says it checks what it is given. */
const CHECKER = /(?:^|_)(?:valid\w*|check\w*|ensure\w*|verify\w*|guard\w*|is_safe\w*|is_read_?only\w*|read_?only\w*)$/i;

function prefixChecked(body: Body, functions: ReadonlyMap<string, Body>): boolean {
  if (holdsToReading(body.text)) return LEAVES_ON_FAILURE.test(body.text);
  // A checker the tool calls: it raises itself, or the tool leaves when it reports a failure.
  for (const call of body.calls) {
    const name = call.callee.slice(call.callee.lastIndexOf('.') + 1);
    if (!CHECKER.test(name)) continue;
    const helper = [...functions].find(([key]) => key === name || key.endsWith(`.${name}`))?.[1];
    if (helper && holdsToReading(helper.text) && (/\braise\b/.test(helper.text) || LEAVES_ON_FAILURE.test(body.text))) return true;
  }
  return false;
}

/** Every `startswith` of the text names only reading verbs, SELECT among them. */
function holdsToReading(text: string): boolean {
  const all = text.match(/\.startswith\(/g)?.length ?? 0;
  const reading = [...text.matchAll(PREFIX_CHECK)];
  return all > 0 && reading.length === all && reading.some((m) => /select/i.test(m[0]));
}

function readOnly(body: Body): boolean {
  if (READ_ONLY_PROPERTY.test(body.text)) return true;
  return body.calls.some((c) => {
    const args = c.args.replace(/^\(|\)$/g, '').trim();
    if (/\bif\b|\?/.test(args.replace(/[?&](?:mode=ro|immutable=1)\b/g, ''))) return false;
    return (CONNECT_CALL.test(c.callee) && READ_ONLY_CONNECT.test(args)) || READ_ONLY_STATEMENT.test(args);
  });
}
