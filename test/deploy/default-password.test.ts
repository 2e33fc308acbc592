/** deploy/default-password in a Compose file: one default password is one finding, on the service that sets it first. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { findings, scanDir } from './helpers.js';

describe('default passwords across the services of one Compose file', () => {
  it('reads settings a service merges whole (`<<: *common`): ports merged in publish it', async () => {
    const compose = (merged: string) =>
      ['x-common: &common', '  restart: unless-stopped', merged, 'services:', '  db:', '    <<: *common', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: postgres'].join('\n');
    const published = (await findings('docker-compose.yml', compose('  ports: ["5432:5432"]'))).filter((f) => f.ruleId === 'deploy/default-password');
    const unpublished = (await findings('docker-compose.yml', compose('  expose: ["5432"]'))).filter((f) => f.ruleId === 'deploy/default-password');
    expect(published.map((f) => f.severity)).toEqual(['medium']);
    expect(unpublished).toHaveLength(1);
    expect(unpublished[0]!.message).toContain('publishes no port');
  });

  it('reads a mapping merged into itself once', async () => {
    const compose = ['services:', '  db: &db', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: postgres', '    <<: *db'].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => f.location.startLine)).toEqual([5]);
  });

  it('reads an environment merged in from an `x-` extension field, at the line that writes it, on the database that runs it', async () => {
    const compose = [
      'x-postgres-config: &postgres-config',
      '  POSTGRES_USER: postgres',
      '  POSTGRES_PASSWORD: postgres',
      '  POSTGRES_URL: postgresql://postgres:postgres@postgres:5432/app',
      'x-store: &store',
      '  environment:',
      '    MINIO_ROOT_USER: minioadmin',
      '    MINIO_ROOT_PASSWORD: minioadmin',
      'services:',
      '  app:',
      '    image: ghcr.io/acme/app:1.2.0',
      '    environment:',
      '      <<: [*postgres-config]',
      '      LOG_LEVEL: info',
      '  postgres:',
      '    image: postgres:16',
      '    ports: ["5432:5432"]',
      '    environment:',
      '      <<: *postgres-config',
      '  minio:',
      '    <<: *store',
      '    image: minio/minio:RELEASE.2025-01-01T00-00-00Z',
      '    ports: ["9000:9000"]',
    ].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    // The database's own service is told its clients' URL too (the block is merged into both): it names itself, not another host.
    expect(found.map((f) => `${f.location.startLine} ${f.severity} ${f.message.split(' is set')[0]} ${/service "(\w+)"/.exec(f.message)?.[1]}`)).toEqual([
      '3 medium POSTGRES_PASSWORD postgres',
      '8 medium MINIO_ROOT_PASSWORD minio',
    ]);
  });

  it("reports the database's default password once, not again for the app's client copy; another default in the app stays", async () => {
    const compose = [
      'services:',
      '  database:',
      '    image: docker.io/pgvector/pgvector:pg15',
      '    environment:',
      '      POSTGRES_PASSWORD: postgres',
      '  app:',
      '    image: ghcr.io/acme/app:1.2.0',
      '    environment:',
      '      - POSTGRES_HOST=database',
      '      - POSTGRES_PASSWORD=postgres',
      '      - ADMIN_PASSWORD=changeme',
    ].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => `${f.location.startLine} ${f.message.split(' is set')[0]}`)).toEqual(['5 POSTGRES_PASSWORD', '11 ADMIN_PASSWORD']);
  });

  it("reads a password that is its user name, on the database that runs it, not on a client whose image is named for its product", async () => {
    const compose = [
      'services:',
      '  quality:',
      '    image: docker.io/library/sonarqube:community',
      '    ports: ["9000:9000"]',
      '    environment:',
      '      SONAR_JDBC_URL: jdbc:postgresql://db:5432/sonar',
      '      SONAR_JDBC_USERNAME: sonar',
      '      SONAR_JDBC_PASSWORD: sonar',
      '  db:',
      '    image: postgres:17',
      '    environment:',
      '      POSTGRES_USER: sonar',
      '      POSTGRES_PASSWORD: sonar',
    ].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => `${f.location.startLine} ${f.severity} ${f.message.split(' is set')[0]}`)).toEqual(['13 low POSTGRES_PASSWORD']);
    expect(found[0]!.message).toContain('the user name set beside it (POSTGRES_USER) as its password');
    // The project's own value, unlike a well-known default, is never shown in full.
    expect(`${found[0]!.message} ${found[0]!.evidence}`).not.toContain('sonar"');
    expect(found[0]!.evidence).not.toMatch(/=sonar$/);
  });

  it('reports a different default for the same key in another service', async () => {
    const compose = 'services:\n  a:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n  b:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: changeme\n';
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => f.location.startLine)).toEqual([5, 9]);
  });

  it('is low for a database that publishes no port (only the other services reach it), medium once it publishes one', async () => {
    const db = (ports: string) => `services:\n  db:\n    image: postgres:16\n${ports}    environment:\n      POSTGRES_PASSWORD: postgres\n`;
    const sev = async (code: string) => (await findings('docker-compose.yml', code)).filter((f) => f.ruleId === 'deploy/default-password').map((f) => f.severity);
    expect(await sev(db(''))).toEqual(['low']);
    expect(await sev(db('    ports: ["5432:5432"]\n'))).toEqual(['medium']);
    expect(await sev(db('    network_mode: host\n'))).toEqual(['medium']);
    const [f] = (await findings('docker-compose.yml', db(''))).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f!.message).toMatch(/publishes no port, so only the other services of this file reach it/);
  });
});

describe("an app's client copy of a database password under another key", () => {
  const compose = (appPassword: string) =>
    [
      'services:',
      '  postgres:',
      '    image: postgres',
      '    ports:',
      '      - 5432:5432',
      '    environment:',
      '      POSTGRES_USER: ${POSTGRES_USER:-postgres}',
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}',
      '  app:',
      '    image: ghcr.io/acme/app:1.2.0',
      '    environment:',
      '      DATABASE_HOST: ${DATABASE_HOST:-postgres}',
      `      DATABASE_PASSWORD: \${DATABASE_PASSWORD:-${appPassword}}`,
      '    depends_on:',
      '      - postgres',
    ].join('\n');
  const lines = async (code: string) => (await findings('docker-compose.yml', code)).filter((f) => f.ruleId === 'deploy/default-password').map((f) => f.location.startLine);

  it('is not reported again when its default is the password reported on the database', async () => {
    expect(await lines(compose('postgres'))).toEqual([8]);
  });

  it('is reported when its default is another password', async () => {
    expect(await lines(compose('changeme'))).toEqual([8, 13]);
  });

  it('keeps one finding per product when two services each run one with the same word', async () => {
    const two = 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_ROOT_PASSWORD: password\n  queue:\n    image: rabbitmq:3\n    environment:\n      RABBITMQ_DEFAULT_PASS: password\n';
    expect(await lines(two)).toEqual([5, 9]);
  });
});

describe('default passwords in a throwaway development stack', () => {
  const db = (extra: string, head = ''): string =>
    `${head}services:\n  postgres:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: password\n    ports:\n      - "54321:5432"\n${extra}`;
  const severity = async (compose: string) => (await findings('docker-compose.yml', compose)).find((f) => f.ruleId === 'deploy/default-password')?.severity;

  it('is low when the database keeps its data in tmpfs, and says why', async () => {
    const [f] = (await findings('docker-compose.yml', db('    tmpfs:\n      - /var/lib/postgresql/data\n'))).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/tmpfs/);
  });

  it('is low when the Compose project names itself a quick start or development stack', async () => {
    expect(await severity(db('', 'name: "electric_quickstart"\n'))).toBe('low');
    expect(await severity(db('', 'name: agent-dev\n'))).toBe('low');
  });

  it('stays medium for a published database with a persistent volume or a tmpfs only for /tmp, or a project named otherwise', async () => {
    expect(await severity(db('    volumes:\n      - pgdata:/var/lib/postgresql/data\n'))).toBe('medium');
    expect(await severity(db('    tmpfs:\n      - /tmp\n'))).toBe('medium');
    expect(await severity(db('', 'name: devices\n'))).toBe('medium');
  });
});

describe("an object store's secret key", () => {
  it('is reported as the login password it is, not as a signing secret', async () => {
    const compose = 'services:\n  minio:\n    image: minio/minio:RELEASE.2024-05-10T01-41-38Z\n    environment:\n      MINIO_ACCESS_KEY: minioadmin\n      MINIO_SECRET_KEY: minioadmin\n    ports: ["9000:9000"]\n';
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password' && /MINIO_SECRET_KEY/.test(f.message));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/default password/);
    expect(found[0]!.message).not.toMatch(/forge/);
  });
});

describe('a default password whose feature is switched off beside it', () => {
  const values = (allow: string, extra = '') =>
    `gateway:\n  secret:\n    BASIC_AUTH_USER: admin\n    BASIC_AUTH_PASSWORD: changeme\n    API_ALLOW_BASIC_AUTH: "${allow}"\n${extra}    ADMIN_PASSWORD: changeme\n`;
  const levels = async (code: string) =>
    (await findings('charts/gateway/values.yaml', code)).filter((f) => f.ruleId === 'deploy/default-password').map((f) => `${f.location.startLine} ${f.severity}`);

  it('is low, saying which switch is off; a password of another feature beside it keeps its level', async () => {
    expect(await levels(values('false'))).toEqual(['4 low', '6 medium']);
    const [f] = (await findings('charts/gateway/values.yaml', values('false'))).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f!.message).toMatch(/switched off beside it \(API_ALLOW_BASIC_AUTH: false\)/);
  });

  it('keeps its level when the switch is on, when one of its switches is on, or when no switch is beside it', async () => {
    expect(await levels(values('true'))).toEqual(['4 medium', '6 medium']);
    expect(await levels(values('false', '    DOCS_ALLOW_BASIC_AUTH: "true"\n'))).toEqual(['4 medium', '7 medium']);
    expect(await levels('gateway:\n  secret:\n    BASIC_AUTH_PASSWORD: changeme\n  other:\n    API_ALLOW_BASIC_AUTH: "false"\n')).toEqual(['3 medium']);
  });

  it('reads the switches of a Compose environment list', async () => {
    const compose = 'services:\n  gateway:\n    image: ghcr.io/acme/gateway:1.2.0\n    ports: ["4444:4444"]\n    environment:\n      - BASIC_AUTH_PASSWORD=changeme\n      - BASIC_AUTH_ENABLED=false\n';
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => `${f.location.startLine} ${f.severity}`)).toEqual(['6 low']);
  });
});

describe('an OS account password set in a Dockerfile', () => {
  const severities = async (code: string) => (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/default-password').map((f) => f.severity);

  it('is low in a desktop sandbox image that runs no login service (its VNC server has its own password)', async () => {
    const code = 'FROM ubuntu:24.04\nRUN apt-get install -y xfce4 tigervnc-standalone-server\nRUN useradd -m agent && echo "agent:agent" | chpasswd && echo "agent ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers\nCMD ["vncserver", ":1"]\n';
    expect(await severities(code)).toEqual(['low']);
    const found = (await findings('Dockerfile', code)).find((f) => f.ruleId === 'deploy/default-password')!;
    expect(found.message).toMatch(/Nothing in the image checks it/);
    // A password that is its user name is the project's own value: named as such, never called a published default.
    expect(found.message).toMatch(/to its own user name/);
    expect(found.message).not.toMatch(/well-known default/);
  });

  it('stays medium when the image installs or starts an SSH or RDP server, or exposes its port', async () => {
    expect(await severities('FROM ubuntu:24.04\nRUN apt-get install -y openssh-server\nRUN echo "root:root" | chpasswd\n')).toEqual(['medium']);
    expect(await severities('FROM ubuntu:24.04\nRUN apt-get install -y xrdp xfce4\nRUN echo "agent:password" | chpasswd\n')).toEqual(['medium']);
    expect(await severities('FROM ubuntu:24.04\nRUN echo "agent:password" | chpasswd\nEXPOSE 22\n')).toEqual(['medium']);
  });

  it("keeps a VNC server's own default password medium", async () => {
    expect(await severities('FROM ubuntu:24.04\nRUN x11vnc -storepasswd secret /home/agent/.vncpass\n')).toEqual(['medium']);
  });

  it("rates an object store's access key pair as a login by its reach, and high when a Swarm stack publishes it on every node", async () => {
    const store = (extra: string) =>
      `services:\n  objects:\n    image: acme/objects:1.0\n${extra}    environment:\n      - OBJECTS_ACCESS_KEY=minioadmin\n      - OBJECTS_SECRET_KEY=minioadmin\n      - OBJECTS_CONSOLE_ENABLE=true\n`;
    const found = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === 'deploy/default-password');
    const [hidden] = await found('deployment/docker-compose.yml', store(''));
    expect(hidden?.severity).toBe('low');
    expect(hidden?.message).toMatch(/Anyone who can reach the service will try it first\. Here the service publishes no port/);
    expect(hidden?.message).not.toMatch(/forge/);
    expect((await found('deployment/docker-compose.yml', store('    ports: ["9000:9000"]\n')))[0]?.severity).toBe('medium');
    const [stack] = await found('deployment/docker-stack.yml', store('    ports: ["9000:9000", "9001:9001"]\n'));
    expect(stack?.severity).toBe('high');
    expect(stack?.message).toMatch(/Swarm stack that publishes its ports on every node/);
    const placed = store('    ports: ["9000:9000"]\n    deploy:\n      placement:\n        constraints: [node.labels.stateful == true]\n');
    expect((await found('deployment/objects.yml', placed))[0]?.severity).toBe('high');
    expect(await found('deployment/docker-stack.yml', store(''))).toMatchObject([{ severity: 'low' }]);
  });

  it('leaves a group of stand-in settings alone, and words an OAuth client secret as one', async () => {
    const auth = (issuer: string, client: string) =>
      `services:\n  web:\n    image: acme/web:1.0\n    ports: ["3000:3000"]\n    environment:\n      - USE_AUTH=\${USE_AUTH}\n      - AUTH0_BASE_URL=http://localhost:3000\n      - AUTH0_ISSUER_BASE_URL=${issuer}\n      - AUTH0_CLIENT_ID=${client}\n      - AUTH0_CLIENT_SECRET=test\n`;
    const found = async (code: string) => (await findings('docker-compose.yml', code)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(await found(auth('https://test.com', 'test'))).toEqual([]);
    expect(await found(auth('https://acme.example.com', 'k2Jd8sPq'))).toEqual([]);
    expect(await found(auth('https://acme.eu.auth0.com', 'test'))).toEqual([]);
    const [real] = await found(auth('https://acme.eu.auth0.com', 'k2Jd8sPq'));
    expect(real?.message).toMatch(/OAuth client secret: anyone who knows it can act as this client/);
    expect(real?.message).not.toMatch(/forge/);
  });

  it("keeps medium a default on a service published on the host's loopback: every service of the stack (an agent runner among them) reaches it", async () => {
    const compose = (port: string): string => ['services:', '  db:', '    image: postgres:17', '    environment:', '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}', '    ports:', `      - ${port}`].join('\n');
    const sev = async (port: string): Promise<string[]> => (await findings('docker-compose.yml', compose(port))).filter((f) => f.ruleId === 'deploy/default-password').map((f) => f.severity);
    expect(await sev('127.0.0.1:5432:5432')).toEqual(['medium']);
    expect(await sev('5432:5432')).toEqual(['medium']);
  });

  it('reads guessable secrets as defaults: a word and "secret", a product and "secret", an encryption key of zeros', async () => {
    const compose = [
      'services:',
      '  web:',
      '    image: ghcr.io/acme/tracer:4',
      '    ports: ["3000:3000"]',
      '    environment:',
      '      NEXTAUTH_SECRET: ${NEXTAUTH_SECRET:-mysecret}',
      '      ENCRYPTION_KEY: ${ENCRYPTION_KEY:-0000000000000000000000000000000000000000000000000000000000000000}',
      '      SALT: ${SALT:-mysalt}',
      '  store:',
      '    image: cgr.dev/chainguard/minio',
      '    ports: ["9090:9000"]',
      '    environment:',
      '      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-miniosecret}',
    ].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    expect(found.map((f) => `${f.message.split(' is set')[0]} ${f.severity}`)).toEqual(['NEXTAUTH_SECRET medium', 'ENCRYPTION_KEY medium', 'MINIO_ROOT_PASSWORD medium']);
    expect(found[1]!.message).toMatch(/decrypt/);
  });

  it('shows a guessable secret redacted (it may be the project\'s own value) and a published default as it is', async () => {
    const compose = [
      'services:',
      '  web:',
      '    image: ghcr.io/acme/tracer:4',
      '    environment:',
      '      SESSION_SECRET: ${SESSION_SECRET:-acmesecret2024}',
      '      ADMIN_PASSWORD: changeme',
    ].join('\n');
    const found = (await findings('docker-compose.yml', compose)).filter((f) => f.ruleId === 'deploy/default-password');
    const guessed = found.find((f) => f.message.startsWith('SESSION_SECRET'))!;
    expect(guessed.message).toMatch(/guessable secret/);
    expect(JSON.stringify(guessed)).not.toContain('acmesecret2024');
    expect(found.find((f) => f.message.startsWith('ADMIN_PASSWORD'))!.message).toMatch(/well-known default password "changeme"/);
  });
});

describe('default passwords in a Compose file that cannot start', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '    ports: ["5432:5432"]',
    '    environment:',
    '      POSTGRES_PASSWORD: changeme',
    '  api:',
    '    build:',
    '      context: ./api',
    '  web:',
    '    build: ./web',
  ].join('\n');
  async function severity(folders: string[]): Promise<{ severity: string; message: string }> {
    const root = mkdtempSync(path.join(tmpdir(), 'aw-stranded-'));
    roots.push(root);
    writeFileSync(path.join(root, 'docker-compose.yml'), compose);
    for (const f of folders) {
      mkdirSync(path.join(root, f), { recursive: true });
      writeFileSync(path.join(root, f, 'Dockerfile'), 'FROM scratch\n');
    }
    const f = (await scanDir(root)).findings.find((x) => x.ruleId === 'deploy/default-password')!;
    return { severity: f.severity, message: f.message };
  }

  it('is low when every folder the file builds is missing from the repository (the app was moved and the file left behind), saying why', async () => {
    const got = await severity([]);
    expect(got.severity).toBe('low');
    expect(got.message).toMatch(/every folder it builds \(\.\/api, \.\/web\) is missing/);
  });

  it('keeps its rating when one of the folders is there: that build still runs', async () => {
    expect((await severity(['web'])).severity).toBe('medium');
    expect((await severity(['api', 'web'])).severity).toBe('medium');
  });
  it('is rated again from a cached scan when a missing folder appears, with files other than a Dockerfile', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'aw-stranded-'));
    const cache = mkdtempSync(path.join(tmpdir(), 'aw-stranded-cache-'));
    roots.push(root, cache);
    writeFileSync(path.join(root, 'docker-compose.yml'), compose);
    const rated = async () => (await scan({ paths: [root], threads: 1, cache })).report.findings.find((x) => x.ruleId === 'deploy/default-password')!.severity;
    expect(await rated()).toBe('low');
    mkdirSync(path.join(root, 'web'));
    writeFileSync(path.join(root, 'web', 'main.py'), 'print("hello")\n');
    expect(await rated()).toBe('medium');
  });
});

describe('a password an image presents as a client of a database elsewhere', () => {
  const rule = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === 'deploy/default-password').map((f) => `${f.location.startLine} ${f.severity}`);

  it('is low in a Dockerfile that connects to the database at another address and is not that database', async () => {
    const client = 'FROM python:3.13-slim\nCOPY src/ /app/src/\nENV GRAPH_URI="bolt://host.docker.internal:7687"\nENV GRAPH_USERNAME="graph"\nENV NEO4J_URI="bolt://host.docker.internal:7687"\nENV NEO4J_PASSWORD="password"\nCMD ["python", "-m", "app"]\n';
    expect(await rule('Dockerfile', client)).toEqual(['6 low']);
    const [f] = (await findings('Dockerfile', client)).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f!.message).toContain('presents as a client');
  });

  it("stays in the database's own image, and without an address of the same prefix", async () => {
    expect(await rule('Dockerfile', 'FROM neo4j:5.20\nENV NEO4J_URI="bolt://0.0.0.0:7687"\nENV NEO4J_PASSWORD="password"\n')).toEqual(['3 medium']);
    expect(await rule('Dockerfile', 'FROM python:3.13-slim\nENV OTHER_URI="bolt://graph:7687"\nENV NEO4J_PASSWORD="password"\n')).toEqual(['3 medium']);
  });

  it('is low for a lone Compose client service; the database service beside it keeps its finding', async () => {
    const app = '  app:\n    image: ghcr.io/acme/app:1.2.0\n    environment:\n      NEO4J_URL: bolt://graph:7687\n      NEO4J_PASSWORD: password\n';
    expect(await rule('docker-compose.yml', `services:\n${app}`)).toEqual(['6 low']);
    expect(await rule('docker-compose.yml', `services:\n  graph:\n    image: neo4j:5.20\n    ports: ["7687:7687"]\n    environment:\n      NEO4J_AUTH: neo4j/password\n${app}`)).toEqual(['6 medium']);
  });

  it("is low for an application service handed a datastore's server variable with no address beside it; a service that serves the datastore's port keeps it", async () => {
    const service = (image: string, ports: string) => `services:\n  chain:\n    image: ${image}\n    ports: [${ports}]\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-password}\n`;
    expect(await rule('docker-compose.yml', service('ghcr.io/acme/chain-server:2.0.1', '"8081:8081"'))).toEqual(['7 low']);
    const [f] = (await findings('docker-compose.yml', service('ghcr.io/acme/chain-server:2.0.1', '"8081:8081"'))).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f!.message).toContain('serves no postgres port');
    // A database image of its own build (nothing in its name), known by the port it publishes.
    expect(await rule('docker-compose.yml', service('ghcr.io/acme/store:2.0.1', '"5432:5432"'))).toEqual(['7 medium']);
    expect(await rule('docker-compose.yml', service('postgres:16', '"5433:5432"'))).toEqual(['7 medium']);
  });
});

describe("a password that is its user name, read through the variables' defaults", () => {
  // A vector database and the app that connects to it, both left at the defaults the file gives its variables.
  const stack = (password: string, user = '${DB_USER:-kb}', ports = '    ports:\n      - "5432:5432"\n'): string =>
    [
      'services:',
      '  vectors:',
      '    image: someone/pgvector:16',
      ports.trimEnd(),
      '    environment:',
      `      POSTGRES_USER: ${user}`,
      `      POSTGRES_PASSWORD: ${password}`,
      '  api:',
      '    image: ghcr.io/acme/api:1.4.0',
      '    ports: ["8000:8000"]',
      '    environment:',
      '      DB_HOST: vectors',
      `      DB_USER: ${user}`,
      `      DB_PASS: ${password}`,
    ]
      .filter((line) => line !== '')
      .join('\n');
  const found = async (code: string) => (await findings('compose.yaml', code)).filter((f) => f.ruleId === 'deploy/default-password');

  it('reports it once, on the database published on every interface, medium, naming both variables and showing no value', async () => {
    const [f, ...rest] = await found(stack('${DB_PASSWORD:-kb}'));
    expect(rest).toEqual([]);
    expect(`${f!.location.startLine} ${f!.severity}`).toEqual('8 medium');
    expect(f!.message).toContain('the user name set beside it (POSTGRES_USER, the default of ${DB_USER}) as its password');
    expect(f!.message).toContain('(It is the default of ${DB_PASSWORD}, used whenever that variable is not set.)');
    expect(`${f!.message} ${f!.evidence}`).not.toMatch(/\bkb\b/);
  });

  it('reads a literal two-letter login and a default password, or a default login and a literal password', async () => {
    expect((await found(stack('kb', 'kb'))).map((f) => f.severity)).toEqual(['medium']);
    expect((await found(stack('kb'))).map((f) => f.severity)).toEqual(['medium']);
    expect((await found(stack('${DB_PASSWORD:-kb2024}'))).map((f) => f.severity)).toEqual(['medium']);
  });

  it('follows the ladder: low with no published port, medium on loopback as on every interface', async () => {
    const [none] = await found(stack('${DB_PASSWORD:-kb}', undefined, ''));
    expect(none?.severity).toEqual('low');
    expect(none?.message).toMatch(/publishes no port, so only the other services of this file reach it/);
    expect((await found(stack('${DB_PASSWORD:-kb}', undefined, '    ports:\n      - "127.0.0.1:5432:5432"\n'))).map((f) => f.severity)).toEqual(['medium']);
  });

  it('is not reported when the file leaves the password to the environment, or the defaults differ, or the login is one character', async () => {
    expect(await found(stack('${DB_PASSWORD:?required}'))).toEqual([]);
    expect(await found(stack('${DB_PASSWORD}'))).toEqual([]);
    expect(await found(stack('${DB_PASSWORD:-}'))).toEqual([]);
    // The same variable with no default on both sides says nothing of its value.
    expect(await found(stack('${DB_USER}', '${DB_USER}'))).toEqual([]);
    expect(await found(stack('${DB_PASSWORD:-Zr8kq2vLw9}'))).toEqual([]);
    expect(await found(stack('${DB_PASSWORD:-x}', '${DB_USER:-x}'))).toEqual([]);
  });
});
