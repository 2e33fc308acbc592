/**
 * Whose password a default one is, for deploy/default-password: the server's own (set in the
 * service or image that runs the product the key names: `POSTGRES_PASSWORD` in `postgres:16`), or
 * a client's copy (set beside an address of that product elsewhere: `POSTGRES_HOST: db`), what a
 * workload presents to connect, not a password it serves. The default that matters is the server's:
 * a finding goes to it, and a client's copy alone is low.
 */
import { snakeCase } from '../context.js';
import { composeEnv, type ComposeService } from '../formats.js';

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
