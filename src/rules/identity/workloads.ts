/**
 * Which uses of an identity belong to one workload. Sharing means one identity used by distinct
 * workloads; these are not distinct:
 * - an app and its helpers in one Compose file (`app`, `app-worker`, `celery`, `migrate`), and the
 *   database whose password they use; services of one Compose file that run one program (one image
 *   with a namespace, or one build) with different commands (`api`, `mcp`, `task-worker`), joined in
 *   `shared-identity.ts` through the links' `runs`;
 * - the jobs and workflows of one repository's CI (repository secrets are one store, and a bot's
 *   key in its several workflows is one bot);
 * - one MCP server configured for several clients (`.mcp.json`, `.cursor/mcp.json` … of a plugin)
 *   and handed the same variable in each;
 * - the pods named after the ServiceAccount made for them (`x-admission-create`, `x-admission-patch`
 *   on `x-admission`);
 * - the service that issues a credential (a database, a broker, an identity provider) and its client;
 * - a Helm chart's values.yaml and the values files that install it (`values-prod.yaml`,
 *   `values.oss.example.yaml`, elsewhere in the repository): one release's settings, not two workloads.
 * - code reading an environment variable: several modules of a library, a script, or a CI job and the
 *   library it tests reading `OPENAI_API_KEY` are programs asking for a setting, not workloads holding
 *   one identity; a variable is shared only when deployment config (CI, Compose, Kubernetes, MCP
 *   clients) hands it to two workloads of one deployment (see `deploymentOf`).
 */
import path from 'node:path';
import type { IdentityUse } from '../../core/rule.js';

/** Source files and notebooks: a variable read there is a setting the program asks for, not a workload holding it. */
const SOURCE_FILE = /\.(?:py|pyi|ipynb|[cm]?[jt]sx?|go|rs|java|kt|rb|php|cs|swift|scala)$/i;

export function isCodeVariableRead(use: IdentityUse): boolean {
  return use.identityKind === 'variable' && SOURCE_FILE.test(use.location.path);
}

/** The package a source file belongs to: its first folder, or `packages/<x>` in a monorepo. */
function packageOf(path: string): string {
  const parts = path.split('/');
  if (parts.length === 1) return '.';
  if (/^(?:packages|libs|apps|services|plugins|extensions|integrations)$/.test(parts[0]!) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}

/** The workload a use belongs to: uses with the same workload are one consumer. */
export function workloadOf(use: IdentityUse): string {
  const p = use.location.path;
  if (/(?:^|\/)\.github\//.test(p) || /^workflow /.test(use.consumer)) return 'ci:github-actions';
  if (isCodeVariableRead(use)) return `code:${packageOf(p)}`;
  const service = /^Compose service "([^"]+)"/.exec(use.consumer)?.[1];
  if (service) {
    // Compose files side by side (prebuilt, from source, queue mode), or in a helper folder beneath
    // (`docker/worker/`), are alternative ways to run one app.
    const dir = composeHome(p);
    const words = service.toLowerCase().split(/[-_.]/);
    return words.some((w) => HELPER.test(w)) ? `compose:${dir}:${HELPER_GROUP}` : `compose:${dir}:${words[0]}`;
  }
  const mcp = /^MCP server "([^"]+)"/.exec(use.consumer);
  if (mcp && use.identityKind === 'variable') return `mcp:${mcp[1]!.toLowerCase()}`;
  if (use.key.startsWith('k8s-sa:')) {
    const sa = use.key.slice(use.key.lastIndexOf('/') + 1);
    const name = use.consumer.slice(use.consumer.lastIndexOf('/') + 1);
    if (name === sa || name.startsWith(`${sa}-`) || sa.startsWith(`${name}-`)) return `k8s-sa-app:${use.key}`;
  }
  return use.consumer;
}

/**
 * The deployment a configured use belongs to: what is started together, so that one variable handed
 * to two of its workloads is one value in two holders. A Compose project (its folder: Compose names
 * the project after it), a Kubernetes namespace, the MCP client configurations of one project (its
 * developers' workstation: `.mcp.json` and `.vscode/mcp.json` beside it start their servers alike), the
 * repository's CI; otherwise the file's folder (a Helm chart, a kustomization). Two deployments
 * that each read a variable of the same name (a quick-start stack and a separate server's stack, a
 * Kubernetes Deployment and a developer's MCP client) are each given their own user's value.
 */
export function deploymentOf(use: IdentityUse): string {
  const w = workloadOf(use);
  if (w === 'ci:github-actions') return w;
  const p = use.location.path;
  if (/^Compose service "/.test(use.consumer)) return `compose:${composeHome(p)}`;
  if (/^MCP server "/.test(use.consumer)) return `mcp-clients:${clientProject(p)}`;
  // `Deployment agents/planner`; a manifest that names no namespace says nothing of what it runs beside.
  const ns = /^[A-Z]\w* ([^/\s]+)\/\S+$/.exec(use.consumer)?.[1];
  if (ns && ns !== 'default') return `k8s:${ns}`;
  return `dir:${path.posix.dirname(p)}`;
}

/** The project folder an MCP client's configuration belongs to: the folder above the client's own dot-folder (`.vscode/`, `.cursor/`), or its own. */
function clientProject(path: string): string {
  const dirs = path.split('/').slice(0, -1);
  const dot = dirs.findIndex((d) => d.startsWith('.'));
  return (dot < 0 ? dirs : dirs.slice(0, dot)).join('/');
}

/** The folder a Compose file runs its app from: its own, less trailing helper folders (`worker/`). */
function composeHome(path: string): string {
  const dirs = path.split('/').slice(0, -1);
  while (dirs.length && HELPER.test(dirs[dirs.length - 1]!.toLowerCase())) dirs.pop();
  return dirs.length ? `${dirs.join('/')}/` : '';
}

/** Compose services that do an app's background work rather than being a workload of their own. */
const HELPER = /^(?:worker|workers|celery|beat|scheduler|queue|cron|migrate|migrations|migration|init|setup|jobs|consumer|tasks)$/;
const HELPER_GROUP = '(helpers)';

/**
 * Helpers join the app they serve: when a Compose file holds both, the helpers' uses are the app's.
 * Takes one use per workload, returns one per workload after the merge.
 */
export function mergeHelpers(uses: IdentityUse[]): IdentityUse[] {
  const apps = new Set(uses.map(workloadOf).filter((w) => w.startsWith('compose:') && !w.endsWith(HELPER_GROUP)).map((w) => w.slice(0, w.lastIndexOf(':'))));
  return uses.filter((u) => {
    const w = workloadOf(u);
    return !(w.endsWith(HELPER_GROUP) && apps.has(w.slice(0, w.lastIndexOf(':'))));
  });
}

/** A chart's own values (`values.yaml`) and a values file for one install of a chart (`values-prod.yaml`, `values.ee.example.yaml`). */
const BASE_VALUES = /(?:^|\/)values\.ya?ml$/i;
const INSTALL_VALUES = /(?:^|\/)values[-_.][^/]+\.ya?ml$/i;

/**
 * The uses of one identity with the values files that install a chart joined to that chart: when
 * the uses name exactly one chart's own values.yaml, an install's values file that repeats the value
 * (a per-environment or example values file, in the chart's folder or another) is that chart, one
 * workload. Other uses are returned as they are.
 */
export function joinChartInstalls(uses: IdentityUse[]): IdentityUse[] {
  const helm = (u: IdentityUse): boolean => u.consumer.startsWith('Helm chart ');
  const bases = [...new Set(uses.filter((u) => helm(u) && BASE_VALUES.test(u.location.path)).map((u) => u.consumer))];
  if (bases.length !== 1) return uses;
  return uses.map((u) => (helm(u) && INSTALL_VALUES.test(u.location.path) ? { ...u, consumer: bases[0]! } : u));
}

/** Services that issue or check a credential rather than present it to someone else. */
const ISSUER = /\b(?:postgres(?:ql)?|pg|pgvector|mysql|mariadb|mssql|sqlserver|cockroach(?:db)?|mongo(?:db)?|couchdb|couchbase|redis|valkey|keydb|dragonfly(?:db)?|memcached|rabbitmq|kafka|nats|pulsar|activemq|mosquitto|emqx|minio|seaweedfs|keycloak|vault|elasticsearch|opensearch|meilisearch|typesense|neo4j|falkordb|memgraph|arangodb|surrealdb|influxdb|qdrant|weaviate|milvus|chroma(?:db)?|clickhouse|cassandra|etcd|zookeeper|db|database|ldap|dex|oauth2?-?server)\b/i;

/** Whether a consumer is such an issuer (`Compose service "postgres"`, `StatefulSet data/db`). */
export function isIssuer(consumer: string): boolean {
  const name = /"([^"]+)"/.exec(consumer)?.[1] ?? consumer.slice(consumer.lastIndexOf('/') + 1);
  return ISSUER.test(name.replace(/[_-]/g, ' '));
}
