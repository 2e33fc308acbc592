/**
 * SQL the model writes, run where it can only read: a tool that opens its SQLite database read-only
 * (`file:…?mode=ro` or `immutable=1` URIs), or always starts a read-only transaction or session before
 * the query (`BEGIN … READ ONLY`, `SET TRANSACTION READ ONLY`, a constant named for such a
 * transaction, a driver's `readonly=True`). The database refuses every write, so a wrong or injected
 * query reads what the tool exists to read; nothing is changed or destroyed. The risk is kept apart
 * as contained. Only what the tool's own calls do counts: a read-only mode chosen by a flag or a
 * condition (`BEGIN_READ_ONLY if read_only else BEGIN`), or one a message only mentions, does not.
 * Writes (`db-write`) are judged as before.
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

export function readOnlySql(body: Body | undefined, risks: Risk[]): { risks: Risk[]; contained: Contained[] } {
  if (!body || !risks.some((r) => r.riskClass === 'sql') || !readOnly(body)) return { risks, contained: [] };
  const contained: Contained[] = [];
  const kept = risks.filter((r) => {
    if (r.riskClass !== 'sql') return true;
    contained.push({ riskClass: r.riskClass, evidence: r.evidence, reason: 'the tool runs it on a read-only connection or in a read-only transaction: the database refuses writes', path: r.path, start: r.start, end: r.end, ...(r.site ? { site: r.site } : {}) });
    return false;
  });
  return { risks: kept, contained };
}

function readOnly(body: Body): boolean {
  if (READ_ONLY_PROPERTY.test(body.text)) return true;
  return body.calls.some((c) => {
    const args = c.args.replace(/^\(|\)$/g, '').trim();
    if (/\bif\b|\?/.test(args.replace(/[?&](?:mode=ro|immutable=1)\b/g, ''))) return false;
    return (CONNECT_CALL.test(c.callee) && READ_ONLY_CONNECT.test(args)) || READ_ONLY_STATEMENT.test(args);
  });
}
