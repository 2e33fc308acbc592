/**
 * The Compose stack around a file: the services of the Compose files in its folder and the folders
 * above it. A database URI whose host is one of those services (`postgres://app:…@db:5432`, in the
 * stack's env file or its compose file) reaches a database the same stack creates with a password
 * the stack itself sets: no one issued it, and the stack's own passwords are the default-password
 * rule's to judge. A script that starts such a stack (`docker compose -f … up`) and connects to it
 * on this machine with the password the stack gives its database uses a throwaway test database.
 */
import path from 'node:path';
import { rootFact, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import type { Severity } from '../../core/types.js';
import { severityRank } from '../../core/severity.js';
import { COMPOSE_FILE } from '../../discovery/context.js';
import { composeFilesIn, record, settingPairs } from '../deploy/compose-folder.js';
import type { SecretCandidate } from './analyzer.js';
import { isPasswordSetting } from './ci-services.js';
import { isShellScript } from '../../discovery/classify.js';


/** How many folders above the file's own are searched for the stack's Compose files. */
const FOLDERS_UP = 2;

interface ComposeService {
  /** The names the stack's network knows it by: the service's, its `hostname`, `container_name` and network aliases. */
  hosts: Set<string>;
  /** Passwords its `environment:` sets (`POSTGRES_PASSWORD: x`, `- MYSQL_PASSWORD=x`). */
  passwords: Set<string>;
}

/** What the file analyzer does with a candidate of a Compose stack: lower it, or list it at info. */
export type StackVerdict = { lowered: { severity: Severity; reason: string } } | { info: string };

/** A script line that starts a Compose stack. */
const COMPOSE_UP = /\bdocker(?:\s+compose|-compose)\b[^\n]*\s(?:up|run|start)\b/;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?![\w.-])/i;

const SCRIPT_INFO =
  'the script starts a Compose stack (`docker compose … up`) whose database is given this password, and connects to it on this machine: a throwaway test database, not a deployed credential.';

/**
 * For each candidate of a pattern that says how to treat a Compose sibling host (`composeService`):
 * in an env file or a Compose file, a URI to a service of the stack is lowered; in a shell script that
 * starts the stack, a URI to this machine carrying the password of one of its services is listed at info.
 */
export function composeStackVerdicts(file: SourceFile, candidates: readonly SecretCandidate[], dependsOn?: DependsOn): Map<SecretCandidate, StackVerdict> {
  const out = new Map<SecretCandidate, StackVerdict>();
  const open = candidates.filter((c) => c.pattern.composeService && !c.info);
  if (open.length === 0 || file.root === undefined) return out;
  const name = path.posix.basename(file.relPath);
  const script = isShellScript(file) && COMPOSE_UP.test(file.text);
  if (!script && file.kind !== 'env' && !COMPOSE_FILE.test(name)) return out;
  const services = servicesAround(file.root, file.relPath, dependsOn);
  if (services.length === 0) return out;
  for (const c of open) {
    const host = /^@([A-Za-z0-9_.-]+|\[[^\]]*\])/.exec(file.text.slice(c.end, c.end + 256))?.[1];
    if (!host) continue;
    if (script) {
      if (LOOPBACK.test(host) && services.some((s) => s.passwords.has(c.secret))) out.set(c, { info: SCRIPT_INFO });
    } else if (services.some((s) => s.hosts.has(host))) {
      const own = c.pattern.composeService!;
      out.set(c, { lowered: c.lowered && severityRank(c.lowered.severity) < severityRank(own.severity) ? c.lowered : own });
    }
  }
  return out;
}


/** The services of the Compose files in the file's folder and up to FOLDERS_UP folders above it. */
function servicesAround(root: string, relPath: string, dependsOn?: DependsOn): ComposeService[] {
  const out: ComposeService[] = [];
  let dir = path.posix.dirname(relPath);
  for (let i = 0; i <= FOLDERS_UP; i++) {
    const here = dir;
    out.push(...rootFact(root, `secrets:compose-services:${here}`, dependsOn, (read) => servicesIn(root, here, read)));
    if (here === '.') break;
    dir = path.posix.dirname(here);
  }
  return out;
}

/** The services of the Compose files directly in `dir`. */
function servicesIn(root: string, dir: string, read: DependsOn): ComposeService[] {
  return composeFilesIn(root, dir, read).flatMap(({ services }) => Object.entries(services).map(([name, s]) => serviceOf(name, s)));
}

function serviceOf(name: string, s: Record<string, unknown>): ComposeService {
  const hosts = new Set([name]);
  for (const k of ['hostname', 'container_name']) if (typeof s[k] === 'string') hosts.add(s[k]);
  for (const network of Object.values(record(s.networks) ?? {})) {
    const aliases = record(network)?.aliases;
    if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') hosts.add(a);
  }
  const passwords = new Set<string>();
  for (const [k, v] of settingPairs(s.environment)) {
    if ((typeof v === 'string' || typeof v === 'number') && isPasswordSetting(k) && !String(v).startsWith('$') && String(v)) passwords.add(String(v));
  }
  return { hosts, passwords };
}
