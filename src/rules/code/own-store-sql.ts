/**
 * SQL the model writes, run on the agent's own embedded per-instance store. In a TypeScript module
 * whose text uses a Durable Object's own SQLite (`ctx.storage.sql`, `state.storage.sql`, or the
 * Cloudflare Agents SDK's `this.sql` tagged template; a tool that hands the query to a sub-agent class
 * of the same module counts through that class's code) and names no other database (a D1
 * statement, a client library, an ORM, a connection string), a tool's SQL risks are lowered to low,
 * below what `code/missing-approval` reports: each agent instance has its own SQLite file, so a wrong
 * or injected query reaches that instance's rows, not a database other users or the host share.
 * Python modules, and modules that name another store, keep the severity the analysis gave.
 */
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
  // analysis.ts puts them back in order once, after every adjuster.
  return risks.map((r): Risk => (r.riskClass === 'sql' ? { ...r, severity: 'low', label: LABEL } : r));
}
