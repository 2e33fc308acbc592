/**
 * deploy/datastore-no-auth: which ports publish a passwordless datastore on all interfaces, what
 * counts as a password, and how the file's context rates it.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';
import { findings } from './helpers.js';

async function open(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/datastore-no-auth').map((f) => `${f.severity} ${f.location.path}:${f.location.startLine} ${f.evidence}`);
}

const redis = (ports: string, extra = '') => `services:\n  redis:\n    image: redis:7-alpine\n${extra}    ports:\n${ports}`;

describe('deploy/datastore-no-auth', () => {
  it('reads short and long port syntax, host addresses and the host network', async () => {
    expect(await open({ 'docker-compose.yml': redis('      - "0.0.0.0:6379:6379"\n') })).toEqual(['medium docker-compose.yml:5 redis: ports "0.0.0.0:6379:6379"']);
    expect(await open({ 'docker-compose.yml': redis('      - "6380:6379/tcp"\n') })).toHaveLength(1);
    expect(await open({ 'docker-compose.yml': redis('      - "${REDIS_BIND:-127.0.0.1}:6379:6379"\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': redis('      - target: 6379\n        host_ip: 127.0.0.1\n        published: "6379"\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': redis('      - "[::1]:6379:6379"\n') })).toEqual([]);
    // Loopback with a host port Docker picks; a range holding the store's port; an address a variable with no default stands for.
    expect(await open({ 'docker-compose.yml': redis('      - "127.0.0.1::6379"\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': redis('      - "6370-6380:6370-6380"\n') })).toEqual(['medium docker-compose.yml:5 redis: ports "6370-6380:6370-6380"']);
    expect(await open({ 'docker-compose.yml': redis('      - "${REDIS_BIND}:6379:6379"\n') })).toHaveLength(1);
    // Another container port of the same service is not the store's.
    expect(await open({ 'docker-compose.yml': redis('      - "8001:8001"\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': 'services:\n  redis:\n    image: valkey/valkey:8\n    network_mode: host\n' })).toEqual(['medium docker-compose.yml:4 redis: network_mode: host']);
    // An image from a registry with a port: the store is the last segment of its path.
    expect(await open({ 'docker-compose.yml': 'services:\n  cache:\n    image: localhost:5000/redis:7\n    ports: ["6379:6379"]\n' })).toHaveLength(1);
  });

  it('reads the vector stores: Qdrant without a key or config file, Weaviate with anonymous access only, Chroma without an auth provider', async () => {
    const qdrant = (extra = '') => `services:\n  qdrant:\n    image: qdrant/qdrant:v1.12.4\n${extra}    ports:\n      - "6333:6333"\n`;
    expect(await open({ 'docker-compose.yml': qdrant() })).toEqual(['medium docker-compose.yml:5 qdrant: ports "6333:6333"']);
    expect(await open({ 'docker-compose.yml': qdrant('    environment:\n      - QDRANT__SERVICE__API_KEY=${QDRANT_KEY}\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': qdrant('    volumes:\n      - ./config.yaml:/qdrant/config/production.yaml:ro\n') })).toEqual([]);
    const weaviate = (env: string) => `services:\n  weaviate:\n    image: cr.weaviate.io/semitechnologies/weaviate:1.25.10\n    ports: ["8080:8080"]\n    environment:\n${env}`;
    expect(await open({ 'docker-compose.yml': weaviate("      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: 'true'\n") })).toHaveLength(1);
    // Anonymous access not switched on, or an API key scheme beside it.
    expect(await open({ 'docker-compose.yml': weaviate("      QUERY_DEFAULTS_LIMIT: 25\n") })).toEqual([]);
    expect(await open({ 'docker-compose.yml': weaviate("      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: 'true'\n      AUTHENTICATION_APIKEY_ENABLED: 'true'\n") })).toEqual([]);
    expect(await open({ 'docker-compose.yml': 'services:\n  chroma:\n    image: ghcr.io/chroma-core/chroma:0.6.3\n    ports: ["8000:8000"]\n' })).toHaveLength(1);
    expect(await open({ 'docker-compose.yml': 'services:\n  chroma:\n    image: chromadb/chroma:0.6.3\n    environment:\n      - CHROMA_SERVER_AUTHN_PROVIDER=chromadb.auth.basic_authn.BasicAuthenticationServerProvider\n    ports: ["8000:8000"]\n' })).toEqual([]);
    // Published on loopback only.
    expect(await open({ 'docker-compose.yml': 'services:\n  qdrant:\n    image: qdrant/qdrant:v1.12.4\n    ports: ["127.0.0.1:6333:6333"]\n' })).toEqual([]);
  });

  it('takes a password, an ACL or a config file the command names, and Bitnami\'s refusal to start without one', async () => {
    expect(await open({ 'docker-compose.yml': redis('      - "6379:6379"\n', '    command: ["redis-server", "/usr/local/etc/redis/redis.conf"]\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': redis('      - "6379:6379"\n', '    environment:\n      - REDIS_ARGS=--requirepass s3cr3t-from-env\n') })).toEqual([]);
    expect(await open({ 'docker-compose.yml': 'services:\n  r:\n    image: bitnami/redis:7.2\n    ports: ["6379:6379"]\n' })).toEqual([]);
    expect(await open({ 'docker-compose.yml': 'services:\n  r:\n    image: bitnami/redis:7.2\n    environment:\n      ALLOW_EMPTY_PASSWORD: "yes"\n    ports: ["6379:6379"]\n' })).toHaveLength(1);
    expect(await open({ 'docker-compose.yml': 'services:\n  m:\n    image: mongo:7\n    command: mongod --auth\n    ports: ["27017:27017"]\n' })).toEqual([]);
  });

  it('is lowered in a local-dev compose file and dropped in one a test run starts', async () => {
    expect(await open({ 'docker-compose.dev.yml': redis('      - "6379:6379"\n') })).toEqual(['low docker-compose.dev.yml:5 redis: ports "6379:6379"']);
    expect(await open({ 'docker-compose.test.yml': redis('      - "6379:6379"\n') })).toEqual([]);
  });
});

describe('deploy/datastore-no-auth: images of the same stores', () => {
  it('knows MongoDB Atlas local as MongoDB, and reports it only without a root password', async () => {
    const atlas = (env: string) => `services:\n  mongo:\n    image: mongodb/mongodb-atlas-local:8.0\n${env}    ports:\n      - "27117:27017"\n`;
    expect(await open({ 'docker-compose.yaml': atlas('') })).toEqual(['medium docker-compose.yaml:5 mongo: ports "27117:27017"']);
    expect(await open({ 'docker-compose.yaml': atlas('    environment:\n      MONGODB_INITDB_ROOT_PASSWORD: ${MONGO_PASSWORD}\n') })).toEqual([]);
  });
});

describe('deploy/datastore-no-auth and Grafana', () => {
  const grafana = (env: string, ports = '"3000:3000"') => `services:\n  grafana:\n    image: grafana/grafana:11.4.0\n    environment:\n${env}    ports: [${ports}]\n`;
  const messages = async (code: string) => (await findings('docker-compose.yml', code)).filter((f) => f.ruleId === 'deploy/datastore-no-auth').map((f) => f.message);

  it('reports anonymous access as Admin or Editor on all interfaces, saying what it reaches', async () => {
    const [m] = await messages(grafana('      - GF_AUTH_ANONYMOUS_ENABLED=true\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Editor\n'));
    expect(m).toMatch(/Grafana service "grafana" .*anonymous access is on as Admin or Editor.* queries every datasource/);
  });

  it('leaves the Viewer default, sign-in required, and loopback alone', async () => {
    expect(await messages(grafana('      - GF_AUTH_ANONYMOUS_ENABLED=true\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer\n'))).toEqual([]);
    expect(await messages(grafana('      - GF_AUTH_ANONYMOUS_ENABLED=false\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\n'))).toEqual([]);
    expect(await messages(grafana('      - GF_AUTH_ANONYMOUS_ENABLED=true\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\n', '"127.0.0.1:3000:3000"'))).toEqual([]);
  });
});

describe('deploy/datastore-no-auth in Kubernetes', () => {
  const rated = async (code: string) => (await findings('deploy/k8s/store.yaml', code)).filter((f) => f.ruleId === 'deploy/datastore-no-auth').map((f) => `${f.severity} ${f.location.startLine} ${f.evidence}`);
  const store = (service: string, container = '          image: redis:7.2.5\n          ports:\n            - name: resp\n              containerPort: 6379\n') =>
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: cache\nspec:\n  selector:\n    matchLabels: {app: cache}\n  template:\n    metadata:\n      labels: {app: cache, tier: data}\n    spec:\n      containers:\n        - name: redis\n' +
    container + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: cache-public\n' + service;

  it('is high behind a public LoadBalancer, medium behind a NodePort, an internal or a source-limited one; a named target port counts', async () => {
    expect(await rated(store('spec:\n  type: LoadBalancer\n  selector: {app: cache}\n  ports:\n    - port: 6379\n'))).toEqual(['high 14 StatefulSet default/cache/redis: Service cache-public (type LoadBalancer, port 6379)']);
    expect(await rated(store('spec:\n  type: NodePort\n  selector: {app: cache}\n  ports:\n    - port: 80\n      targetPort: resp\n'))).toEqual(['medium 14 StatefulSet default/cache/redis: Service cache-public (type NodePort, port 80)']);
    const internal = '  annotations:\n    networking.gke.io/load-balancer-type: "Internal"\nspec:\n  type: LoadBalancer\n  selector: {app: cache}\n  ports:\n    - port: 6379\n';
    expect(await rated(store(internal))).toEqual(['medium 14 StatefulSet default/cache/redis: Service cache-public (type LoadBalancer, port 6379)']);
    expect(await rated(store('spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n  selector: {app: cache}\n  ports:\n    - port: 6379\n'))).toHaveLength(1);
  });

  it('is not reported for a Service that selects other pods, sends to another port, or a store given a password', async () => {
    expect(await rated(store('spec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n    - port: 6379\n'))).toEqual([]);
    expect(await rated(store('spec:\n  type: LoadBalancer\n  selector: {app: cache}\n  ports:\n    - port: 9121\n'))).toEqual([]);
    const guarded = '          image: redis:7.2.5\n          env:\n            - name: REDIS_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: cache, key: password}\n          command: ["sh", "-c", "redis-server --requirepass \\"$REDIS_PASSWORD\\""]\n';
    expect(await rated(store('spec:\n  type: LoadBalancer\n  selector: {app: cache}\n  ports:\n    - port: 6379\n', guarded))).toEqual([]);
    const fromSecret = '          image: redis:7.2.5\n          envFrom:\n            - secretRef: {name: cache-auth}\n';
    expect(await rated(store('spec:\n  type: LoadBalancer\n  selector: {app: cache}\n  ports:\n    - port: 6379\n', fromSecret))).toEqual([]);
  });
});

describe('PostgreSQL with POSTGRES_HOST_AUTH_METHOD=trust', () => {
  const pg = (env: string, ports: string) => `services:\n  db:\n    image: postgres:16\n    environment:\n${env}${ports}`;
  const rated = async (code: string, file = 'docker-compose.yml') =>
    (await findings(file, code)).filter((f) => f.ruleId === 'deploy/datastore-no-auth').map((f) => `${f.location.startLine} ${f.severity}`);

  it('is reported published on every interface, not on loopback or unpublished, and not when passwords are checked', async () => {
    expect(await rated(pg('      POSTGRES_HOST_AUTH_METHOD: trust\n', '    ports: ["5432:5432"]\n'))).toEqual(['6 medium']);
    expect(await rated(pg('      POSTGRES_HOST_AUTH_METHOD: trust\n', '    ports: ["127.0.0.1:5432:5432"]\n'))).toEqual([]);
    expect(await rated(pg('      POSTGRES_HOST_AUTH_METHOD: trust\n', ''))).toEqual([]);
    expect(await rated(pg('      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n      POSTGRES_PASSWORD: ${PG_PASSWORD:?}\n', '    ports: ["5432:5432"]\n'))).toEqual([]);
    expect(await rated(pg('      POSTGRES_PASSWORD: ${PG_PASSWORD:?}\n', '    ports: ["5432:5432"]\n'))).toEqual([]);
    // Its own pg_hba.conf decides, whatever the variable says.
    expect(await rated(pg('      POSTGRES_HOST_AUTH_METHOD: trust\n', '    command: postgres -c hba_file=/etc/postgresql/pg_hba.conf\n    ports: ["5432:5432"]\n'))).toEqual([]);
  });

  it('is lowered in an example, as the other stores are', async () => {
    const code = pg('      - POSTGRES_HOST_AUTH_METHOD=trust\n', '    ports: ["5432:5432"]\n');
    expect(await open({ 'examples/quickstart/docker-compose.yml': code, 'docker-compose.yml': code })).toEqual([
      'medium docker-compose.yml:6 db: ports "5432:5432"',
      'low examples/quickstart/docker-compose.yml:6 db: ports "5432:5432"',
    ]);
    expect((await findings('docker-compose.yml', code)).find((x) => x.ruleId === 'deploy/datastore-no-auth')?.message).toContain('POSTGRES_HOST_AUTH_METHOD is trust');
  });
});
