/**
 * Whose password a default one is, for deploy/default-password: the server's own (set in the
 * service or image that runs the product the key names: `POSTGRES_PASSWORD` in `postgres:16`), or
 * a client's copy (set beside an address of that product elsewhere: `POSTGRES_HOST: db`), what a
 * workload presents to connect, not a password it serves. The default that matters is the server's:
 * a finding goes to it, and a client's copy alone is low.
 */
import path from 'node:path';
import { snakeCase } from '../context.js';
import { composeEnv, type ComposeService } from '../formats.js';
import { composePorts, holdsPort } from '../compose-ports.js';
import { composeFilesIn, record } from '../compose-folder.js';
import type { DependsOn } from '../../../core/root-file.js';

/** The product a password key belongs to (`POSTGRES_PASSWORD` → `postgres`), lower case. */
function productOf(key: string): string {
  return key.split(/_|(?<=[a-z])(?=[A-Z])/)[0]!.toLowerCase();
}

/** The service runs the product the key configures: its image or its name says so (`postgres:16`, `pgvector/pgvector`, a service `postgres`). */
export function runsIt(service: Pick<ComposeService, 'name' | 'value'>, key: string): boolean {
  const product = productOf(key);
  if (product.length < 3) return false;
  const image = typeof service.value.image === 'string' ? service.value.image.toLowerCase() : '';
  return image.includes(product) || service.name.toLowerCase().includes(product) || (product === 'postgres' && /pgvector|postgis|timescale/.test(image));
}

/**
 * Why a password is a client's: set beside an address of the same prefix (`NEO4J_PASSWORD` beside
 * `NEO4J_URI=bolt://host.docker.internal:7687`, `POSTGRES_PASSWORD` beside `POSTGRES_HOST=db`) in
 * an image (or Compose service) that is not the database the prefix names, it is the password the
 * workload presents to connect to that database elsewhere, not one it serves: the default that
 * matters is the database's own. `who` names the image or service; undefined when it is no client.
 */
export function connectsElsewhere(key: string, env: { key: string; value: unknown }[], image: string, who: string, name = ''): string | undefined {
  const prefix = /^(.+?)_(?:PASSWORD|PASSWD|PWD|PASS)$/.exec(snakeCase(key).toUpperCase())?.[1];
  if (!prefix) return undefined;
  const product = productOf(key);
  const lowerImage = image.toLowerCase();
  if (product.length < 2 || lowerImage.includes(product) || name.toLowerCase().includes(product) || (product === 'postgres' && /pgvector|postgis|timescale/.test(lowerImage))) return undefined;
  const address = env.find((e) => {
    const k = snakeCase(e.key).toUpperCase();
    return k.startsWith(`${prefix}_`) && ADDRESS_SUFFIX.test(k.slice(prefix.length)) && typeof e.value === 'string' && e.value.trim() !== '';
  });
  if (!address) return undefined;
  return `${who} is told where the database is (${address.key}) and is not that database's own image, so the password is the one it presents as a client to connect there, not one it serves; the default that matters is the database's own`;
}

/** A setting naming where a service is: `_HOST`, `_URL`, `_URI`, `_SERVER`, `_ADDR` after its prefix. */
const ADDRESS_SUFFIX = /^_(?:HOST|HOSTNAME|URL|URI|SERVER|ADDR|ADDRESS)$/;

/**
 * The service reaches the product elsewhere (`POSTGRES_HOST: db`, `REDIS_URL: redis://cache`): its copy
 * is a client's. A database's own service handed its clients' settings (one `x-` block merged into
 * both) names itself: not elsewhere.
 */
export function pointsElsewhere(service: ComposeService, key: string): boolean {
  const product = productOf(key);
  return composeEnv(service).some((e) => e.key.toLowerCase().startsWith(`${product}_`) && /_(?:host|hostname|url|uri|server|addr|address)$/i.test(e.key) && hostOf(String(e.value ?? '')).toLowerCase() !== service.name.toLowerCase());
}

/**
 * The ports a datastore's server listens on, by the product its password variables are named for
 * (`POSTGRES_PASSWORD` → postgres): a service that runs the server is named for it or serves one of them.
 */
const SERVER_PORTS: Record<string, number[]> = {
  postgres: [5432],
  postgresql: [5432],
  mysql: [3306],
  mariadb: [3306],
  mongo: [27017],
  mongodb: [27017],
  redis: [6379],
  valkey: [6379],
  neo4j: [7687, 7474],
  rabbitmq: [5672, 15672],
  clickhouse: [8123, 9000],
  elastic: [9200],
  elasticsearch: [9200],
  opensearch: [9200],
};

/**
 * Why a Compose service's datastore password is a client's copy although nothing beside it says
 * where the datastore is (the address may be a default of the application, or another Compose file
 * of the stack runs the database): the key is a datastore's server variable (`POSTGRES_PASSWORD`),
 * and the service neither runs that datastore (its image or name, see `runsIt`) nor publishes or
 * exposes the datastore's port. An application server handed the password connects with it; it
 * checks no one's login against it. Undefined when the service may be the datastore.
 */
export function servesNoDatastore(service: ComposeService, key: string): string | undefined {
  const product = productOf(key);
  const ports = SERVER_PORTS[product];
  if (!ports || runsIt(service, key)) return undefined;
  if (composePorts(service).some((p) => ports.some((port) => holdsPort(p, port)))) return undefined;
  // Sharing another container's or the host's network, its ports are not its own to read here.
  if (typeof service.value.network_mode === 'string' && service.value.network_mode !== 'bridge') return undefined;
  const image = typeof service.value.image === 'string' ? service.value.image : '';
  return (
    `the service (its image ${image || 'built here'}) is not a ${product} server by its image or name and serves no ${product} port (${ports.join(', ')}), ` +
    `so ${key} is the password it presents as a client to a database elsewhere, not one it checks; the default that matters is the database's own`
  );
}

/**
 * The variables a datastore's own image reads to set its password (`MYSQL_ROOT_PASSWORD`,
 * `POSTGRES_PASSWORD`), by product: an env file that sets one can be handed to the server as it is
 * (`docker run --env-file .env postgres:16`, a Compose `env_file:`), so it is the server's password
 * wherever the file is, and keeps its level. A client's setting is any other name (`MYSQL_PASS`).
 */
const SERVER_VARIABLES: Record<string, string[]> = {
  postgres: ['POSTGRES_PASSWORD'],
  postgresql: ['POSTGRESQL_PASSWORD', 'POSTGRESQL_POSTGRES_PASSWORD'],
  mysql: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD'],
  mariadb: ['MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD'],
  mongo: ['MONGO_INITDB_ROOT_PASSWORD'],
  mongodb: ['MONGODB_ROOT_PASSWORD', 'MONGODB_PASSWORD'],
  redis: ['REDIS_PASSWORD'],
  valkey: ['VALKEY_PASSWORD'],
  neo4j: ['NEO4J_AUTH'],
  rabbitmq: ['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_PASSWORD'],
  clickhouse: ['CLICKHOUSE_PASSWORD'],
  elastic: ['ELASTIC_PASSWORD'],
  opensearch: ['OPENSEARCH_INITIAL_ADMIN_PASSWORD'],
};

/** Loopback: the machine the client runs on. */
const LOOPBACK_HOST = /^(?:localhost|[\w-]+\.localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** The host of an address setting's value: the value itself, or the host of a URL (`mysql://root@127.0.0.1:3306/app`). */
function hostOf(value: string): string {
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  const url = /^[a-z][\w+.-]*:\/\/(?:[^/@\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/i.exec(v);
  return url ? url[1]! : v.replace(/:\d+$/, '');
}

/** How many folders are searched for the Compose files that may read an env file: its own and those above it. */
const FOLDERS_UP = 3;
/** The folders below an env file's where a project keeps the Compose files that read it (`env_file: ../.env`). */
const COMPOSE_SUBFOLDERS = ['docker', 'deploy', 'deployment', 'deployments', 'compose', 'infra', 'ops', '.devcontainer'];

/**
 * Why a default password in a committed env file is a client's copy of a local database's password:
 * the key is a datastore's (`MYSQL_PASS`, by its first word, see `productOf`) but not a variable the
 * datastore's image reads (`SERVER_VARIABLES`); the file tells the client where the datastore is with
 * an address of the same prefix on this machine (`MYSQL_HOST=127.0.0.1`) and sets none of the
 * server's own variables; and no Compose service of the file's folder or the folders above it that
 * runs or serves the datastore reads the file (`env_file:`) or the variable (`${MYSQL_PASS}`). It is
 * then the application's setting for a developer's own database, which its owner set up: the
 * repository publishes no server with it. A host elsewhere keeps the finding: a server there has
 * the default password, and this file says where it is. Undefined when it may be a server's.
 */
export function localClientCopy(key: string, entries: readonly { key: string; value: string }[], relPath: string, root: string | undefined, dependsOn?: DependsOn): string | undefined {
  const upper = snakeCase(key).toUpperCase();
  const prefix = /^(.+?)_(?:PASSWORD|PASSWD|PWD|PASS)$/.exec(upper)?.[1];
  const product = productOf(upper);
  const server = SERVER_VARIABLES[product];
  if (!prefix || !server || server.includes(upper)) return undefined;
  if (entries.some((e) => server.includes(e.key.toUpperCase()))) return undefined;
  const address = entries.find((e) => e.key.toUpperCase().startsWith(`${prefix}_`) && ADDRESS_SUFFIX.test(e.key.toUpperCase().slice(prefix.length)) && e.value.trim() !== '');
  if (!address || !LOOPBACK_HOST.test(hostOf(address.value))) return undefined;
  if (root !== undefined && startedWith(root, relPath, key, product, dependsOn)) return undefined;
  return (
    `the file is a client's connection settings for a ${product} on this machine (${address.key}=${address.value.trim()}), and no Compose file near it (its folder, the folders above, a docker/ or deploy/ folder below) starts a ${product} server with it: ` +
    `it is the client's copy of a local database's password, the one the application presents to a developer's own database, not a password the repository deploys`
  );
}

/**
 * A Compose service near the env file (its folder, the folders above, the usual folders below) that
 * runs or serves the product and reads the file (`env_file:`) or the variable (`${KEY}`).
 */
function startedWith(root: string, relPath: string, key: string, product: string, dependsOn?: DependsOn): boolean {
  // A variable is substituted anywhere in the service (`environment:`, `command: --requirepass ${REDIS_PASS}`).
  const substituted = new RegExp(`\\$\\{?${key.replace(/[.-]/g, '\\$&')}(?![\\w.-])`);
  const port = new RegExp(`(?:^|:)(?:${(SERVER_PORTS[product] ?? []).join('|') || '(?!)'})(?:/\\w+)?$`);
  const own = path.posix.dirname(relPath);
  const folders = COMPOSE_SUBFOLDERS.map((sub) => (own === '.' ? sub : `${own}/${sub}`));
  for (let i = 0, dir = own; i <= FOLDERS_UP; i++, dir = path.posix.dirname(dir)) {
    folders.push(dir);
    if (dir === '.') break;
  }
  for (const here of folders) {
    for (const { services } of composeFilesIn(root, here, dependsOn)) {
      for (const [name, value] of Object.entries(services)) {
        const serves = runsIt({ name, value }, product) || ['ports', 'expose'].some((k) => Array.isArray(value[k]) && (value[k] as unknown[]).some((p) => port.test(String(p))));
        if (!serves) continue;
        const envFiles = ([] as unknown[]).concat(value.env_file ?? []).map((f) => (typeof f === 'string' ? f : record(f)?.path)).filter((f): f is string => typeof f === 'string');
        if (envFiles.some((f) => path.posix.normalize(path.posix.join(here, f)) === path.posix.normalize(relPath))) return true;
        if (substituted.test(JSON.stringify(value))) return true;
      }
    }
  }
  return false;
}
