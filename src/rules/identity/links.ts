/**
 * The two ends of one connection: a workload whose configuration names another's Service or
 * Compose service (`ws://box:5410`), and that other workload. A token, secret or password that the
 * pair's own names tie to the link (`BOX_CONTROL_TOKEN`, Secret `runtime-control`) is how the served
 * end checks its one client: both must hold the same value, and that is not two identities sharing
 * one. A provider's key (an API key both present to a third party) is never a link's.
 */
import type { IdentityUse } from '../../core/rule.js';
import type { WorkloadLinks } from '../deploy/service-links.js';

/** Words of a credential's name that say it authenticates something. */
const SECRET_WORD = /^(?:token|tokens|secret|secrets|password|passwd|pwd|psk|auth)$/;
/** Words that say a credential belongs to a link between services rather than to an outside account. */
const LINK_WORD = /^(?:control|internal|shared|rpc|relay|peer|cluster|inter|service|link|handshake)$/;

/** Each workload's names and the hosts it reaches (`workloadLinks` of the deploy rules), by consumer. */
export type LinkIndex = Map<string, WorkloadLinks>;

/**
 * Whether `server` is the end of a connection that `client` opens, and the credential is that link's own:
 * the client is told to present it at the server (the address setting beside it names the server:
 * `OPENAI_API_BASE_URL=http://pipelines:9099` beside `OPENAI_API_KEY`, whatever the key is called), or
 * the pair's names tie it to the link.
 */
export function servesLink(server: IdentityUse, client: IdentityUse, links: LinkIndex): boolean {
  if (server.identityKind !== 'secret' && server.identityKind !== 'variable') return false;
  const s = endOf(server, links);
  const c = endOf(client, links);
  if (presentedAt(client, links).some((h) => s.names.includes(h))) return true;
  if (server.provider) return false;
  if (!c.reaches.some((h) => s.names.includes(h))) return false;
  const words = new Set([...credentialNames(server), ...credentialNames(client)].flatMap(wordsOf));
  if (![...words].some((w) => SECRET_WORD.test(w))) return false;
  const clientWords = new Set(c.names.flatMap(wordsOf));
  const serverOwn = s.names.flatMap(wordsOf).filter((w) => !clientWords.has(w));
  return [...words].some((w) => LINK_WORD.test(w) || serverOwn.includes(w));
}

/** Whether two uses are held by workloads that run one program (one image or build, different commands): one application's parts. */
export function sameProgram(a: IdentityUse, b: IdentityUse, links: LinkIndex): boolean {
  const runs = endOf(a, links).runs;
  return runs !== undefined && runs === endOf(b, links).runs && a.location.path === b.location.path;
}

function endOf(use: IdentityUse, links: LinkIndex): WorkloadLinks {
  // A script's command line (the consumer is the whole file) is found by the line of the use.
  const line = use.consumer === use.location.path ? links.get(`${use.location.path}\0@${use.location.startLine}`) : undefined;
  return line ?? links.get(`${use.location.path}\0${use.consumer}`) ?? { consumer: use.consumer, names: [ownName(use.consumer)], reaches: [] };
}

/** The hosts where the use's holder presents it: those of the address setting beside its credential setting (see `keyedAddresses`). */
export function presentedAt(use: IdentityUse, links: LinkIndex): string[] {
  const end = endOf(use, links);
  if (!end.keyed) return [];
  const { startLine, startColumn } = use.location;
  const setting =
    use.setting ?? end.values?.find(([line, from, to]) => line === startLine && from <= startColumn && startColumn <= to)?.[3] ?? (use.key.startsWith('var:') ? use.key.slice(4) : undefined);
  return setting ? (end.keyed[setting] ?? []) : [];
}

/** `Deployment agents/box` → `box`; `Compose service "box"` → `box`. */
function ownName(consumer: string): string {
  const quoted = /"([^"]+)"/.exec(consumer)?.[1];
  return (quoted ?? consumer.slice(consumer.lastIndexOf('/') + 1)).toLowerCase();
}

/** The names a credential goes by: a Secret's name and key, a variable's name, the setting that holds it. */
function credentialNames(use: IdentityUse): string[] {
  const names = use.setting ? [use.setting] : [];
  if (use.key.startsWith('k8s-secret:')) names.push(use.key.slice(use.key.indexOf('/') + 1));
  else if (use.key.startsWith('var:')) names.push(use.key.slice(4));
  return names;
}

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
