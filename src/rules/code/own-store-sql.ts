/**
 * SQL the model writes, run on the agent's own embedded per-instance store: in a module whose only
 * database is a Durable Object's own SQLite (`this.ctx.storage.sql`, `ctx.storage.sql`, the
 * Cloudflare Agents SDK's `this.sql` tagged template, a sub-agent's storage reached through
 * `this.subAgent(…)`), and that names no other database client (D1, Postgres, MySQL, an ORM…). Each
 * agent instance has its own SQLite file: a wrong or injected query reaches that instance's rows, not
 * a database other users or the host share, so the risk stays but is low (below what
 * `code/missing-approval` reports). Python and a module with a
 * second store are judged as before.
 */
import { SEVERITIES } from '../../core/types.js';
import type { CodeModel } from './model.js';
import type { Risk } from './reach.js';

/** The Durable Object's own SQLite: the storage API, or the Agents SDK's tagged template on the agent. */
const OWN_STORE = /\b(?:ctx|state)\.storage\.sql\b|\bthis\.sql\s*(?:<[^>\n]*>)?\s*`/;
/** Any other database the module may reach: a D1 binding's statement, a client library, an ORM, a connection string. */
const OTHER_STORE =
  /\.prepare\s*\(|\bD1Database\b|\bHyperdrive\b|['"](?:pg|postgres|mysql2?(?:\/promise)?|@neondatabase\/[\w-]+|@planetscale\/[\w-]+|@libsql\/client|@prisma\/client|drizzle-orm(?:\/[\w-]+)*|kysely|knex|mongodb|mongoose|@supabase\/supabase-js|better-sqlite3|sqlite3?|@vercel\/postgres|redis|ioredis)['"]|\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?):\/\//;

const LABEL = "runs SQL the model writes on the agent's own per-instance SQLite (its Durable Object storage), not on a database other users or the host share";

export function ownStoreSql(text: string, model: CodeModel, risks: Risk[]): Risk[] {
  if (model.language !== 'typescript' || !risks.some((r) => r.riskClass === 'sql') || !OWN_STORE.test(text) || OTHER_STORE.test(text)) return risks;
  const lowered = risks.map((r): Risk => (r.riskClass === 'sql' ? { ...r, severity: 'low', label: LABEL } : r));
  // Worst first, as the analysis hands them on.
  return lowered.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
