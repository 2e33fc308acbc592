/**
 * Whose password a default one is, for deploy/default-password: the server's own (set in the
 * service or image that runs the product the key names: `POSTGRES_PASSWORD` in `postgres:16`), or
 * a client's copy (set beside an address of that product elsewhere: `POSTGRES_HOST: db`), what a
 * workload presents to connect, not a password it serves. The default that matters is the server's:
 * a finding goes to it, and a client's copy alone is low.
 */
import { snakeCase } from '../context.js';
import { composeEnv, type ComposeService } from '../formats.js';
import { composePorts, holdsPort } from '../compose-ports.js';

/** The product a password key belongs to (`POSTGRES_PASSWORD` → `postgres`), lower case. */
function productOf(key: string): string {
  return key.split(/_|(?<=[a-z])(?=[A-Z])/)[0]!.toLowerCase();
}

/** The service runs the product the key configures: its image or its name says so (`postgres:16`, `pgvector/pgvector`, a service `postgres`). */
export function runsIt(service: ComposeService, key: string): boolean {
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

/** The service reaches the product elsewhere (`POSTGRES_HOST: db`, `REDIS_URL: redis://cache`): its copy is a client's. */
export function pointsElsewhere(service: ComposeService, key: string): boolean {
  const product = productOf(key);
  return composeEnv(service).some((e) => e.key.toLowerCase().startsWith(`${product}_`) && /_(?:host|hostname|url|uri|server|addr|address)$/i.test(e.key));
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
