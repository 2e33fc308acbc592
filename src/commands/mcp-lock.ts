/**
 * `agentwarden mcp lock [path] [--from-session <files…>] [--check]`: writes the MCP lockfile
 * (`agentwarden-mcp.lock.json` at the scanned folder) from a scan's facts — the servers the
 * repository configures and the MCP tools its code defines — and from `tools/list` responses in
 * recorded sessions. Tools learned from sessions earlier stay in the lockfile until a session
 * records them again. `--check` writes nothing: it lists what differs and exits 1 when anything does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseValidated } from '../core/data-file.js';
import { scan } from '../engine/scan.js';
import {
  addSessionTools,
  compareLocks,
  LOCKFILE_NAME,
  normalizeLock,
  serverKey,
  serversFromInventory,
  type LockedServer,
  type Lockfile,
} from '../rules/mcp/lockfile.js';
import { recordedTools, sessionFiles } from '../rules/mcp/session-tools.js';
import { writeOutput } from './output.js';

export interface McpLockOptions {
  fromSession?: string[];
  output?: string;
  check?: boolean;
  quiet?: boolean;
}

export async function runMcpLock(dir: string, options: McpLockOptions): Promise<number> {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new UsageError(`path does not exist: ${root}`);
  const file = options.output ?? path.join(root, LOCKFILE_NAME);
  const existing = existsSync(file) ? readLock(file) : undefined;

  const { report, facts } = await scan({ paths: [root] });
  const servers = serversFromInventory(facts.inventory);
  const errors = [...report.errors];
  if (options.fromSession?.length) {
    const sessions = await recordedTools(sessionFiles(options.fromSession), root);
    addSessionTools(servers, sessions.recorded);
    errors.push(...sessions.errors);
  }
  if (!options.quiet) for (const e of errors) process.stderr.write(`agentwarden: ${e.path}: ${e.message}\n`);

  if (options.check) {
    if (!existing) throw new UsageError(`no MCP lockfile at ${file}: run \`agentwarden mcp lock\` first`);
    const changes = compareLocks(existing, servers);
    for (const c of changes) process.stdout.write(`${c.message}\n`);
    if (!options.quiet) process.stderr.write(changes.length ? `${changes.length} change${changes.length === 1 ? '' : 's'} not in ${path.basename(file)}\n` : `${path.basename(file)} is up to date\n`);
    return changes.length ? 1 : 0;
  }

  const lock = normalizeLock(existing ? keepSessionTools(existing, servers) : servers);
  writeOutput(file, `${JSON.stringify(lock, null, 2)}\n`);
  if (!options.quiet) {
    const tools = lock.servers.reduce((n, s) => n + s.tools.length, 0);
    process.stderr.write(`wrote ${path.relative(process.cwd(), file) || file}: ${lock.servers.length} server${lock.servers.length === 1 ? '' : 's'}, ${tools} tool${tools === 1 ? '' : 's'}\n`);
  }
  return 0;
}

/** Tools an earlier lock learned from sessions, kept unless re-recorded now (a scan cannot see them). */
function keepSessionTools(existing: Lockfile, servers: LockedServer[]): LockedServer[] {
  const byKey = new Map(servers.map((s) => [serverKey(s), s]));
  for (const old of existing.servers) {
    const fromSessions = old.tools.filter((t) => t.from.startsWith('session:'));
    if (old.origin === 'session' && !byKey.has(serverKey(old))) {
      servers.push({ ...old, tools: fromSessions });
      continue;
    }
    const now = byKey.get(serverKey(old));
    if (!now) continue;
    for (const t of fromSessions) if (!now.tools.some((x) => x.name === t.name)) now.tools.push(t);
  }
  return servers;
}

function readLock(file: string): Lockfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseValidated<Lockfile>(text, file, 'agentwarden-mcp-lock').value;
}
