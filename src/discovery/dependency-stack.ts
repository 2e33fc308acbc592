/**
 * A Compose file that starts only the datastores and infrastructure an application needs while it is
 * developed (`docker-compose.dbs.yml`: a database, a cache, an authorization server, a mail catcher)
 * and not the application itself, which the developer runs from the checkout against the published
 * ports. Named for that (`db`, `deps`, `infra`, `dev`, `local`, `isolated`), it is a developer's machine,
 * not a deployment; a file named for production, or one with a service of the project's own (a
 * `build:`, an image that is no datastore), is not one.
 */

/** Name words that say a Compose file holds a development dependency stack. */
const STACK_NAME = /^(?:docker-)?compose[.-](?:[\w-]+[.-])?(?:dbs?|databases?|datastores?|deps|dependencies|infra|isolated|dev|development|local)(?:[.-][\w-]+)?\.ya?ml$/i;
const PRODUCTION_NAME = /(?:^|[.-])(?:prod|production|live|release|stack|swarm)(?:[.-]|$)/i;

/**
 * Images of datastores and of the infrastructure beside them, by repository name (the part after the
 * last `/`, without tag): databases, caches, brokers, search and vector stores, object stores, cloud
 * emulators, authorization and identity servers, mail catchers, tracing and metrics.
 */
const INFRA_IMAGE =
  /^(?:postgres(?:ql)?|pgvector|postgis|timescaledb(?:-ha)?|doltgresql|dolt|mysql|mariadb|mongo(?:db)?(?:-community-server)?|redis(?:-stack(?:-server)?|-cluster)?|valkey|dragonfly|keydb|memcached|rabbitmq|kafka|cp-kafka|zookeeper|cp-zookeeper|redpanda|nats|elasticsearch|opensearch|kibana|opensearch-dashboards|clickhouse-server|neo4j|qdrant|weaviate|milvus|chroma|minio|mc|localstack|dynamodb-local|azurite|fake-gcs-server|spicedb|openfga|keycloak|zitadel|mailpit|mailhog|maildev|smtp4dev|jaeger|all-in-one|opentelemetry-collector(?:-contrib)?|otel-collector|prometheus|grafana|loki|tempo|cockroach|surrealdb|meilisearch|typesense|cassandra|scylla|etcd|consul|vault|temporal|auto-setup|pgadmin4|adminer|redisinsight|mongo-express)$/;

/** Whether `fileName` with `text` is a development dependency stack (see above). */
export function dependencyStack(fileName: string, text: string, blocks: string[]): boolean {
  if (!STACK_NAME.test(fileName) || PRODUCTION_NAME.test(fileName.replace(/\.ya?ml$/i, ''))) return false;
  if (!blocks.length) return false;
  return blocks.every((block) => {
    if (/^\s+build\s*:/m.test(block)) return false;
    const image = /^\s+image\s*:\s*["']?([^\s"'#]+)/m.exec(block)?.[1];
    if (!image) return false;
    const name = image.split('@')[0]!.split('/').pop()!.split(':')[0]!.toLowerCase();
    return INFRA_IMAGE.test(name);
  });
}
