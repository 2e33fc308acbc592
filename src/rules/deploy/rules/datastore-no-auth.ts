/**
 * A datastore that accepts connections without any password (Redis, Memcached, MongoDB with no root
 * user, PostgreSQL with `POSTGRES_HOST_AUTH_METHOD=trust`, Elasticsearch or OpenSearch with security switched off, Qdrant, Weaviate or Chroma with no
 * key) whose port a Compose file publishes on all of the host's interfaces: whoever reaches the host
 * reads and rewrites what the agents keep there (sessions, queues, memories, embeddings), and an open
 * Redis is a well-worn way onto the host.
 * Bound to loopback, or only `expose:`d to the other services, it is not reachable from the network.
 */
import { composeEnv, containers, podSpec, POD_KINDS, type ComposeService, type Container, type K8sObject } from '../formats.js';
import { exposedBeyondCluster } from '../k8s-exposure.js';
import type { DeployCtx } from '../context.js';
import { composePorts, holdsPort } from '../compose-ports.js';
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import { deployRule } from '../rule.js';
import { imagePath } from '../dockerfile-stages.js';

const ID = 'deploy/datastore-no-auth';

interface Store {
  name: string;
  /** The image's last path segment, without tag or digest. */
  image: RegExp;
  /** The port it listens on in the container. */
  port: number;
  /** Whether the service, as configured, asks for a password (or may: a config file we cannot see). */
  guarded(s: Settings): boolean;
  /** Why it asks for none, for the message. */
  missing: string;
  /** What anyone who reaches it can do (default: read and rewrite its data). */
  harm?: string;
}

interface Settings {
  image: string;
  /** `command:` and `entrypoint:` as one line. */
  command: string;
  env: Map<string, string>;
  /** The container paths of its `volumes:`, space-separated (a mounted config file may set a password). */
  mounts: string;
}

const has = (s: Settings, ...keys: string[]): boolean => keys.some((k) => (s.env.get(k) ?? '').trim() !== '');
const isTrue = (v: string | undefined): boolean => /^(?:yes|true|1)$/i.test(v?.trim() ?? '');
const isFalse = (v: string | undefined): boolean => /^(?:no|false|0)$/i.test(v?.trim() ?? '');
/** Bitnami's images refuse to start without a password unless told to allow an empty one. */
const bitnamiGuarded = (s: Settings): boolean => /(?:^|\/)bitnami\//.test(s.image) && !isTrue(s.env.get('ALLOW_EMPTY_PASSWORD'));

const STORES: Store[] = [
  {
    name: 'Redis',
    image: /^(?:redis|redis-stack|redis-stack-server|valkey|keydb|dragonfly)$/,
    port: 6379,
    guarded: (s) =>
      bitnamiGuarded(s) ||
      /requirepass|--aclfile|\.conf\b/.test(`${s.command} ${s.env.get('REDIS_ARGS') ?? ''} ${s.env.get('VALKEY_EXTRA_FLAGS') ?? ''}`) ||
      has(s, 'REDIS_PASSWORD', 'REDIS_PASSWORD_FILE', 'VALKEY_PASSWORD', 'DFLY_requirepass'),
    missing: 'no --requirepass, REDIS_PASSWORD or ACL file',
  },
  {
    name: 'Memcached',
    image: /^memcached$/,
    port: 11211,
    guarded: (s) => bitnamiGuarded(s) || /(?:^|\s)(?:-S|--enable-sasl)\b/.test(s.command) || has(s, 'MEMCACHED_PASSWORD'),
    missing: 'no SASL (-S) or MEMCACHED_PASSWORD',
  },
  {
    name: 'MongoDB',
    image: /^(?:mongo|mongodb|mongodb-community-server|mongodb-enterprise-server|mongodb-atlas-local)$/,
    port: 27017,
    guarded: (s) =>
      bitnamiGuarded(s) ||
      /--auth\b|--keyFile\b|\.conf\b/.test(s.command) ||
      has(s, 'MONGO_INITDB_ROOT_PASSWORD', 'MONGO_INITDB_ROOT_PASSWORD_FILE', 'MONGODB_INITDB_ROOT_PASSWORD', 'MONGODB_ROOT_PASSWORD', 'MONGODB_PASSWORD'),
    missing: 'no MONGO_INITDB_ROOT_PASSWORD or --auth',
  },
  {
    // The official image's switch (and its derivatives'): `host all all all trust` in pg_hba.conf, any password or none accepted.
    name: 'PostgreSQL',
    image: /^(?:postgres|pgvector|postgis|timescaledb(?:-ha)?|paradedb)$/,
    port: 5432,
    guarded: (s) => !/^(?:\$\{\w+:?-)?trust\}?$/i.test(s.env.get('POSTGRES_HOST_AUTH_METHOD')?.trim() ?? '') || /hba_file|\.conf\b/.test(s.command) || /pg_hba/.test(s.mounts),
    missing: 'POSTGRES_HOST_AUTH_METHOD is trust: any password, or none, is accepted',
  },
  {
    name: 'Elasticsearch',
    image: /^elasticsearch$/,
    port: 9200,
    // Only security switched off in so many words: 8.x turns it on by default, and 7.x's own settings are elsewhere.
    guarded: (s) => !isFalse(s.env.get('xpack.security.enabled')),
    missing: 'xpack.security.enabled is false',
  },
  {
    name: 'OpenSearch',
    image: /^opensearch$/,
    port: 9200,
    guarded: (s) => !isTrue(s.env.get('DISABLE_SECURITY_PLUGIN')) && !isTrue(s.env.get('plugins.security.disabled')),
    missing: 'the security plugin is disabled',
  },
  {
    // Vector stores, where agents keep their memories and retrieved documents.
    name: 'Qdrant',
    image: /^qdrant$/,
    port: 6333,
    guarded: (s) => has(s, 'QDRANT__SERVICE__API_KEY', 'QDRANT__SERVICE__READ_ONLY_API_KEY') || /--config-path\b/.test(s.command) || /\/qdrant\/config\b/.test(s.mounts),
    missing: 'no QDRANT__SERVICE__API_KEY or config file',
  },
  {
    name: 'Weaviate',
    image: /^weaviate$/,
    port: 8080,
    // Reported only when anonymous access is switched on in so many words and no other scheme is.
    guarded: (s) =>
      !isTrue(s.env.get('AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED')) || isTrue(s.env.get('AUTHENTICATION_APIKEY_ENABLED')) || isTrue(s.env.get('AUTHENTICATION_OIDC_ENABLED')),
    missing: 'AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED is true',
  },
  {
    name: 'Chroma',
    image: /^chroma$/,
    port: 8000,
    guarded: (s) => has(s, 'CHROMA_SERVER_AUTHN_PROVIDER', 'CHROMA_SERVER_AUTH_PROVIDER', 'CHROMA_SERVER_AUTHN_CREDENTIALS', 'CHROMA_SERVER_AUTH_CREDENTIALS') || /\.ya?ml\b/.test(s.command),
    missing: 'no CHROMA_SERVER_AUTHN_PROVIDER',
  },
  {
    // A model server, not a datastore, but as open: Ollama's API has no authentication at all.
    name: 'Ollama',
    image: /^ollama$/,
    port: 11434,
    guarded: () => false,
    missing: 'Ollama has no authentication of its own',
    harm: 'runs prompts on its models at the host\'s expense, pulls new models and deletes them',
  },
  {
    // A dashboard, not a datastore: anonymous visitors as Admin or Editor query every datasource it is given.
    name: 'Grafana',
    image: /^grafana(?:-oss|-enterprise)?$/,
    port: 3000,
    // The anonymous role is Viewer unless set: reported only when anonymous access is on with a role that queries and edits.
    guarded: (s) => !isTrue(s.env.get('GF_AUTH_ANONYMOUS_ENABLED')) || !/^(?:admin|editor)$/i.test((s.env.get('GF_AUTH_ANONYMOUS_ORG_ROLE') ?? '').trim()),
    missing: 'anonymous access is on as Admin or Editor (GF_AUTH_ANONYMOUS_ORG_ROLE)',
    harm: 'queries every datasource it is connected to and changes its dashboards and datasources, without signing in',
  },
];

/** A synthetic Redis Deployment with a Service of `type` in front of it (annotations as YAML lines under metadata), for the examples. */
const K8S_REDIS = (type: string, annotations: string, name = 'cache'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2.5\n          ports:\n            - containerPort: 6379\n` +
  `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${annotations}spec:\n  type: ${type}\n  selector: {app: ${name}}\n  ports:\n    - port: 6379\n      targetPort: 6379\n`;

export const datastoreNoAuth = deployRule({
  meta: {
    id: ID,
    title: 'Datastore, model server or dashboard without a password published on all interfaces',
    category: 'identity.default-account',
    severity: 'medium',
    confidence: 'medium',
    description:
      'A Compose service runs Redis, Memcached, MongoDB (no root password), PostgreSQL told to trust every connection (`POSTGRES_HOST_AUTH_METHOD=trust`), Elasticsearch/OpenSearch with security switched off, or a vector store that asks ' +
      'for no key (Qdrant without an API key, Weaviate with anonymous access, Chroma without an auth provider), and publishes its port ' +
      'on all of the host\'s interfaces (`"6379:6379"`, a bare `"6379"`, or the host network). Every client is the store\'s default, unauthenticated user: ' +
      'whoever reaches the host reads and rewrites the sessions, queues, memories and embeddings the agents keep there, and an open Redis can be made to ' +
      'write files on its host. The same for an Ollama model server, whose API has no authentication: anyone runs, pulls and deletes its models; and for ' +
      'Grafana with anonymous access as Admin or Editor (`GF_AUTH_ANONYMOUS_ENABLED=true`, `GF_AUTH_ANONYMOUS_ORG_ROLE=Admin`): anyone queries the datasources it holds credentials for. ' +
      'Bound to 127.0.0.1, or only exposed to the other services, it is not reported. ' +
      'The same stores in a Kubernetes workload, exposed outside the cluster by a Service of the same manifest that selects its pods: high through a ' +
      'LoadBalancer with no internal annotation or source ranges (an address on the internet), medium through a NodePort or an internal LoadBalancer; ' +
      'a ClusterIP Service reaches only the cluster\'s pods and is not reported.',
    remediation:
      'Drop the `ports:` entry (services on the same Compose network reach it by name), or bind it to loopback (`"127.0.0.1:6379:6379"`); and set a password ' +
      'from a secret (`command: redis-server --requirepass "$${REDIS_PASSWORD}"`, `MONGO_INITDB_ROOT_PASSWORD`, PostgreSQL `POSTGRES_HOST_AUTH_METHOD: scram-sha-256` with `POSTGRES_PASSWORD`, `xpack.security.enabled=true`, ' +
      '`QDRANT__SERVICE__API_KEY`, Weaviate `AUTHENTICATION_APIKEY_ENABLED`, Chroma `CHROMA_SERVER_AUTHN_PROVIDER`).',
    examples: {
      positive: [
        // Kubernetes: a Redis exposed by a LoadBalancer (high), and by a NodePort (medium).
        { path: 'deploy/k8s/redis.yaml', code: K8S_REDIS('LoadBalancer', '') },
        { path: 'deploy/k8s/redis.yaml', code: K8S_REDIS('NodePort', '') },
        {
          path: 'docker-compose.yml',
          code: 'services:\n  redis:\n    image: redis:alpine\n    ports:\n      - "${REDIS_PORT:-6379}:6379"\n  app:\n    image: ghcr.io/acme/agent:1.4.0\n    environment:\n      REDIS_URL: redis://redis:6379\n',
        },
        {
          path: 'compose.yaml',
          code: 'services:\n  mongo:\n    image: mongo:7\n    ports:\n      - target: 27017\n        published: 27017\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.14.0\n    environment:\n      - discovery.type=single-node\n      - xpack.security.enabled=false\n    ports: ["9200:9200"]\n',
        },
        {
          path: 'docker-compose.yml',
          code: 'services:\n  cache:\n    image: memcached:1.6\n    ports: ["11211"]\n',
        },
        {
          // Vector stores with no key: an agent's memories and documents.
          path: 'docker-compose.yml',
          code: 'services:\n  qdrant:\n    image: qdrant/qdrant:v1.12.4\n    ports:\n      - "6333:6333"\n  weaviate:\n    image: cr.weaviate.io/semitechnologies/weaviate:1.25.10\n    ports: ["8080:8080"]\n    environment:\n      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "true"\n  chroma:\n    image: chromadb/chroma:0.6.3\n    ports: ["8000:8000"]\n',
        },
        {
          // Postgres told to trust every connection, the variable's default included.
          path: 'docker-compose.yml',
          code: 'services:\n  db:\n    image: pgvector/pgvector:pg16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: ${POSTGRES_HOST_AUTH_METHOD:-trust}\n    ports: ["5432:5432"]\n',
        },
        {
          path: 'docker-compose.yml',
          code: 'services:\n  llm:\n    image: ollama/ollama:0.5.7\n    ports:\n      - "11434:11434"\n    volumes:\n      - ollama:/root/.ollama\n',
        },
        {
          path: 'docker-compose.yml',
          code: 'services:\n  dashboards:\n    image: grafana/grafana:11.4.0\n    environment:\n      - GF_AUTH_ANONYMOUS_ENABLED=true\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\n    ports:\n      - "3001:3000"\n',
        },
      ],
      negative: [
        {
          // In Kubernetes: a ClusterIP Service, or a LoadBalancer in front of a Redis that asks for its password.
          path: 'k8s/cache.yaml',
          code: K8S_REDIS('ClusterIP', '') + '---\n' + K8S_REDIS('LoadBalancer', '', 'queue').replace('image: redis:7.2.5', 'image: redis:7.2.5\n          args: ["--requirepass", "$(REDIS_PASSWORD)"]'),
        },
        {
          // Loopback only, or exposed to the other services and not to the host.
          path: 'docker-compose.yml',
          code: 'services:\n  redis:\n    image: redis:7\n    ports:\n      - "127.0.0.1:6379:6379"\n  cache:\n    image: memcached:1.6\n    expose: ["11211"]\n  search:\n    image: elasticsearch:8.14.0\n    ports: ["9200:9200"]\n  llm:\n    image: ollama/ollama:0.5.7\n    ports: ["127.0.0.1:11434:11434"]\n',
        },
        {
          // Anonymous visitors only view (the default role), or sign-in is required.
          path: 'docker-compose.yml',
          code: 'services:\n  public:\n    image: grafana/grafana:11.4.0\n    environment:\n      GF_AUTH_ANONYMOUS_ENABLED: "true"\n    ports: ["3000:3000"]\n  team:\n    image: grafana/grafana-oss:11.4.0\n    environment:\n      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin\n    ports: ["3001:3000"]\n',
        },
        {
          // A password is set.
          path: 'docker-compose.yml',
          code: 'services:\n  redis:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n    ports: ["6379:6379"]\n  mongo:\n    image: mongo:7\n    environment:\n      MONGO_INITDB_ROOT_USERNAME: root\n      MONGO_INITDB_ROOT_PASSWORD: ${MONGO_PASSWORD}\n    ports: ["27017:27017"]\n  queue:\n    image: bitnami/redis:7.2\n    environment:\n      REDIS_PASSWORD: ${QUEUE_PASSWORD}\n    ports: ["6380:6379"]\n',
        },
        {
          // Postgres checking passwords (scram, md5, the image's default), or trusting only on loopback or the Compose network.
          path: 'docker-compose.yml',
          code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?}\n    ports: ["5432:5432"]\n  legacy:\n    image: postgres:12\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: md5\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?}\n    ports: ["5433:5432"]\n  plain:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?}\n    ports: ["5434:5432"]\n  local:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n    ports: ["127.0.0.1:5435:5432"]\n  internal:\n    image: postgres:16\n    environment:\n      - POSTGRES_HOST_AUTH_METHOD=trust\n',
        },
        {
          // Vector stores given a key, a config file, or an auth scheme beside anonymous access.
          path: 'docker-compose.yml',
          code: 'services:\n  qdrant:\n    image: qdrant/qdrant:v1.12.4\n    environment:\n      QDRANT__SERVICE__API_KEY: ${QDRANT_API_KEY}\n    ports: ["6333:6333"]\n  qdrant2:\n    image: qdrant/qdrant:v1.12.4\n    volumes:\n      - ./qdrant.yaml:/qdrant/config/production.yaml\n    ports: ["6343:6333"]\n  weaviate:\n    image: semitechnologies/weaviate:1.25.10\n    ports: ["8080:8080"]\n    environment:\n      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "true"\n      AUTHENTICATION_APIKEY_ENABLED: "true"\n  chroma:\n    image: chromadb/chroma:0.6.3\n    environment:\n      CHROMA_SERVER_AUTHN_PROVIDER: chromadb.auth.token_authn.TokenAuthenticationServerProvider\n    ports: ["8000:8000"]\n',
        },
      ],
    },
  },

  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    for (const c of containers(pod)) {
      const image = typeof c.value.image === 'string' ? c.value.image : undefined;
      const store = image ? storeOf(image) : undefined;
      // `envFrom` hands over a whole Secret or ConfigMap, whose keys cannot be seen here: the password may be among them.
      if (!image || !store || (Array.isArray(c.value.envFrom) && c.value.envFrom.length > 0) || store.guarded(containerSettings(c, image))) continue;
      const names = portsOf(c).filter((p) => p.containerPort === store.port && typeof p.name === 'string').map((p) => String(p.name));
      const exposure = exposedBeyondCluster(obj, dc, store.port, names);
      if (exposure) reportK8s(dc, obj, c, store, exposure);
    }
  },
  compose(services, _doc, dc) {
    for (const service of services) {
      const image = imageName(service.value.image);
      if (!image) continue;
      const store = storeOf(image);
      if (!store) continue;
      const settings: Settings = {
        image: image.toLowerCase(),
        command: commandOf(service),
        env: new Map(composeEnv(service).map((e) => [e.key, e.value === null || e.value === undefined ? '' : String(e.value)])),
        mounts: mountsOf(service),
      };
      if (store.guarded(settings)) continue;
      const published = publishedOnNetwork(service, store.port);
      if (!published) continue;
      dc.report({
        ruleId: ID,
        span: published.span ?? yamlSpan(service.keyNode),
        key: `service:${service.name}`,
        evidence: `${service.name}: ${published.how}`,
        message:
          `${store.name} service "${service.name}" is published on all interfaces (${published.how}) and asks for no password (${store.missing}): ` +
          `anyone who reaches the host ${store.harm ?? 'reads and rewrites its data'}.`,
      });
    }
  },
});

/** The store an image runs, by its last path segment. */
function storeOf(image: string): Store | undefined {
  const base = (imagePath(image) ?? image.replace(/[@:].*$/, '')).split('/').pop()!.toLowerCase();
  return STORES.find((s) => s.image.test(base));
}

/** A container's settings as the stores read them: an env value from a Secret or ConfigMap counts as set. */
function containerSettings(c: Container, image: string): Settings {
  const words = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(' ') : '');
  const env = new Map<string, string>();
  for (const e of Array.isArray(c.value.env) ? (c.value.env as { name?: unknown; value?: unknown; valueFrom?: unknown }[]) : []) {
    if (typeof e?.name === 'string') env.set(e.name, e.valueFrom ? '(from a reference)' : e.value === undefined || e.value === null ? '' : String(e.value));
  }
  const mounts = (Array.isArray(c.value.volumeMounts) ? (c.value.volumeMounts as { mountPath?: unknown }[]) : []).map((m) => String(m?.mountPath ?? '')).join(' ');
  return { image: image.toLowerCase(), command: `${words(c.value.command)} ${words(c.value.args)}`.trim(), env, mounts };
}

function portsOf(c: Container): { containerPort?: unknown; name?: unknown }[] {
  return Array.isArray(c.value.ports) ? (c.value.ports as unknown[]).filter((p): p is { containerPort?: unknown; name?: unknown } => !!p && typeof p === 'object') : [];
}

/** A Kubernetes store reached from outside the cluster: high through a LoadBalancer on the internet, medium through a NodePort or an internal one. */
function reportK8s(dc: DeployCtx, obj: K8sObject, c: Container, store: Store, exposure: NonNullable<ReturnType<typeof exposedBeyondCluster>>): void {
  const where = exposure.public
    ? 'a LoadBalancer with no internal annotation or source ranges: an address on the internet'
    : exposure.type === 'NodePort'
      ? "a NodePort: a port on every node's address"
      : 'an internal or source-limited LoadBalancer: reached from the networks it admits';
  dc.report({
    ruleId: ID,
    span: yamlSpan(yamlAt(c.node, ['image'])),
    key: `k8s:${obj.label}/${c.name}`,
    evidence: `${obj.label}/${c.name}: ${exposure.how}`,
    message:
      `${store.name} container "${c.name}" of ${obj.label} is exposed outside the cluster by ${exposure.how}, ${where}, and asks for no password (${store.missing}): ` +
      `anyone who reaches it ${store.harm ?? 'reads and rewrites its data'}.`,
    severity: exposure.public ? 'high' : 'medium',
  });
}

/** The image reference, with a `${VAR:-default}` read as its default. */
function imageName(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\$\{[^}:]*:?-([^}]*)\}/g, '$1').trim();
  return s && !s.includes('${') ? s : undefined;
}

/** The container side of each `volumes:` entry (short `src:dst[:mode]` or long `target:`). */
function mountsOf(service: ComposeService): string {
  const volumes = Array.isArray(service.value.volumes) ? service.value.volumes : [];
  return volumes
    .map((v) => (typeof v === 'string' ? (v.split(':')[1] ?? v) : v && typeof v === 'object' ? String((v as { target?: unknown }).target ?? '') : ''))
    .join(' ');
}

function commandOf(service: ComposeService): string {
  const part = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'string' ? v : '');
  return `${part(service.value.entrypoint)} ${part(service.value.command)}`.trim();
}

/**
 * How the service publishes the container's `port` on the host's network, if it does: a `ports:`
 * entry (short or long syntax) on any interface but loopback, or the host's network.
 */
function publishedOnNetwork(service: ComposeService, port: number): { how: string; span?: ReturnType<typeof yamlSpan> } | undefined {
  if (service.value.network_mode === 'host') return { how: 'network_mode: host', span: yamlSpan(yamlAt(service.node, ['network_mode'])) };
  for (const entry of composePorts(service)) {
    if (!entry.published || entry.interface === 'loopback' || !holdsPort(entry, port)) continue;
    const how = entry.syntax === 'short' ? `ports "${entry.text}"` : `ports target ${port}${entry.hostPort !== undefined ? `, published ${entry.hostPort}` : ''}`;
    return { how, span: yamlSpan(entry.node) };
  }
  return undefined;
}
