/**
 * A well-known default password (`changeme`, `mysecretpassword`, `admin`, `password`, the image's
 * own user name), or an application signing secret left at such a word (`SECRET_KEY=secret`), set
 * for a service in a deployable file. Not a leaked secret, but a default
 * credential: the first one anyone tries. Documentation is not deployable and is not read here.
 *
 * This module reads each format, finds who can reach the service and words and rates the findings.
 * What a key and its value are (a password, a signing key, a default) is `default-password-keys.ts`;
 * whether a password is a server's own or a client's copy, `default-password-clients.ts`; the
 * passwords a Dockerfile's commands set, `default-password-commands.ts`.
 */
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { credentialValueHandlers } from './credential-values.js';
import { composeEnv, type ComposeService } from '../formats.js';
import { dockerAssignments, type DockerInstruction } from '../dockerfile-format.js';
import { finalStage } from '../dockerfile-stages.js';
import type { YamlNode } from '../../../parsers/yaml.js';
import { yamlSpan } from '../../../parsers/yaml.js';
import { redact } from '../../../core/redact.js';
import { isListedDefault } from '../default-words.js';
import { besideKeys, clientConnection, featureSwitchedOff, placeholderGroup } from '../beside.js';
import { missingBuildContexts } from '../compose-builds.js';
import { defaultedVariable, defaultPasswordOf, isClientSecret, isEncryptionKey, isSigningKey, userNamePassword, type UserNamePassword } from './default-password-keys.js';
import { connectsElsewhere, localClientCopy, pointsElsewhere, runsIt, servesNoDatastore } from './default-password-clients.js';
import { commandLinePasswords, loginService, type CommandLinePassword } from './default-password-commands.js';

const ID = 'deploy/default-password';

const handlers = credentialValueHandlers(check);

export const defaultPassword = deployRule({
  meta: {
    id: ID,
    title: 'Default password in a deployment file',
    category: 'credential.long-lived',
    severity: 'medium',
    confidence: 'high',
    description:
      'A service is deployed with a well-known default password (changeme, admin, password, the image name, any of them with a short number ' +
      'after it) or with the user name set beside it as its password (alone or with a short number). It is the first credential ' +
      'anyone tries, and the same in every copy of the repository and every environment deployed from it. Either may be the default of a ' +
      'variable (`POSTGRES_PASSWORD: ${DB_PASSWORD:-ai}` beside `POSTGRES_USER: ${DB_USER:-ai}`): what the service gets whenever nothing sets it. Low for a Compose service that ' +
      'publishes no port (only the file\'s other services reach it), keeps its data in tmpfs (a throwaway database), or belongs to a Compose ' +
      'project named as a development stack (quickstart, dev, local, demo); low too for a password whose feature a switch beside it turns ' +
      'off (`BASIC_AUTH_PASSWORD` next to `API_ALLOW_BASIC_AUTH: "false"`): as written nothing accepts it; low in a Compose file whose every `build:` ' +
      'folder is missing from the repository (`docker compose up` fails on it as committed: a file left behind). An OS account password a ' +
      'Dockerfile sets (`chpasswd`) is low unless the image installs or starts a login service that checks it (an SSH, RDP, telnet or FTP ' +
      'server): a desktop sandbox\'s VNC server has its own password. A password set beside an address of the same prefix (`NEO4J_PASSWORD` beside ' +
      '`NEO4J_URI`) in a Dockerfile, or a Compose service, that is not the database the prefix names is low: it is what the workload presents as a ' +
      'client to connect there, not a password it serves; so is a datastore\'s own variable (`POSTGRES_PASSWORD`) in a Compose service that is not that datastore by ' +
      'its image or name and publishes or exposes none of its ports (an application server handed the password to connect). Low too in a committed env ' +
      'file for a datastore\'s client setting (`MYSQL_PASS`, not a variable the image reads such as `MYSQL_ROOT_PASSWORD`) beside a host of the same prefix ' +
      'on this machine (`MYSQL_HOST=127.0.0.1`), when the file sets none of the server\'s variables and no Compose service near it that runs the datastore ' +
      'reads the file or the variable: the client\'s copy of a developer\'s local database\'s password. A host elsewhere keeps the level: a server there has it. High for a service of a Swarm stack that publishes its ports: the ingress ' +
      'mesh publishes them on every node of the cluster. Not reported when the settings of the same group beside it are stand-ins (an issuer ' +
      'at a test or documentation domain, a client id `test`): the file fills a feature it leaves off. A secret key beside its access key ' +
      '(`RUSTFS_SECRET_KEY` with `RUSTFS_ACCESS_KEY`) is a login\'s password, not a signing key; an OAuth client secret lets one act as the client.',
    remediation:
      'Generate a random password per environment and inject it from a secret store (a Kubernetes Secret via secretKeyRef, Compose ' +
      '`secrets:`, a secret manager reference); keep the default only in documented local-development files.',
    examples: {
      positive: [
        { path: 'docker-compose.yml', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: mysecretpassword\n' },
        { path: 'docker-compose.yml', code: 'services:\n  graph:\n    image: neo4j:5\n    environment:\n      NEO4J_AUTH: neo4j/password\n' },
        { path: 'charts/agent/values.yaml', code: 'postgresql:\n  auth:\n    password: changeme\n' },
        {
          path: 'k8s/db.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: mysql:8\n          env:\n            - name: MYSQL_ROOT_PASSWORD\n              value: admin\n',
        },
        { path: '.env', code: 'ADMIN_PASSWORD=changeme\n' },
        // The server's own variable in an env file, even with a host beside it; a client password with no host beside it is still read as set.
        { path: 'docker/env/postgres.env', code: 'POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=postgres\nPOSTGRES_HOST=postgres\n' },
        { path: 'docker/env/app.env', code: 'APP_REDIS_PASSWORD=changeme\n' },
        // A client's settings for a local database: low, the client's copy; medium for a server elsewhere, or once the repository's Compose file starts the database with it.
        { path: '.env', code: 'MYSQL_HOST=127.0.0.1\nMYSQL_USER=root\nMYSQL_PASS=root\n' },
        { path: '.env', code: 'MYSQL_HOST=mysql.internal.acme.io\nMYSQL_USER=root\nMYSQL_PASS=root\n' },
        { path: '.env', code: 'MYSQL_HOST=127.0.0.1\nMYSQL_PASS=root\n', with: { 'docker-compose.yml': 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_PASS}\n' } },
        { path: 'docker-compose.yml', code: 'services:\n  graph:\n    image: neo4j:5.20\n    environment:\n      - NEO4J_AUTH=neo4j/pleaseletmein\n' },
        // The default Compose uses whenever the variable is not set.
        { path: 'docker-compose.yml', code: 'services:\n  browser:\n    image: ghcr.io/acme/browser:1.2.0\n    ports: ["5901:5901"]\n    environment:\n      - VNC_PASSWORD=${VNC_PASSWORD:-yourvncpassword}\n' },
        // A password set on the build's command line, baked into every container of the image (the account's is low: no login service checks it here).
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN useradd -m agent && echo "agent:agent" | chpasswd\nRUN x11vnc -storepasswd secret /home/agent/.vncpass\n' },
        // An account password in an image that runs an SSH server: anyone who reaches port 22 logs in with it.
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y openssh-server\nRUN useradd -m agent && echo "agent:password" | chpasswd\nCMD ["/usr/sbin/sshd", "-D"]\n' },
        // The database password of an MCP Toolbox config, left at the image's default.
        { path: 'deployment/mcp-toolbox/tools.yaml', code: 'sources:\n  tickets:\n    kind: cloud-sql-postgres\n    database: tickets\n    user: postgres\n    password: admin\ntools:\n  search-tickets:\n    kind: postgres-sql\n    source: tickets\n    statement: SELECT id FROM tickets\n' },
        // The user name as its password, both the defaults of variables (a two-letter login too): what the database gets whenever nothing sets them, on every interface.
        { path: 'compose.yaml', code: 'services:\n  vectors:\n    image: someone/pgvector:16\n    ports: ["5432:5432"]\n    environment:\n      POSTGRES_USER: ${DB_USER:-kb}\n      POSTGRES_PASSWORD: ${DB_PASSWORD:-kb}\n' },
        // The user name it goes with, and a short number: guessed from the login.
        { path: 'docker-compose.yml', code: 'services:\n  broker:\n    image: rabbitmq:3-management\n    ports: ["15672:15672"]\n    environment:\n      RABBITMQ_DEFAULT_USER: orbit\n      RABBITMQ_DEFAULT_PASS: orbit123\n' },
        // An application's signing secret left at a word everyone knows: sessions and tokens can be forged.
        { path: 'docker-compose.yml', code: 'services:\n  web:\n    image: ghcr.io/acme/assistant:1.4.0\n    environment:\n      - DJANGO_SECRET_KEY=secret\n' },
        // A signing secret, an encryption key of zeros and an object store's root password left at the compose defaults: guessable words.
        {
          path: 'docker-compose.yml',
          code: 'services:\n  web:\n    image: ghcr.io/acme/tracer:4\n    ports: ["3000:3000"]\n    environment:\n      AUTH_SECRET: ${AUTH_SECRET:-mysecret}\n      ENCRYPTION_KEY: ${ENCRYPTION_KEY:-0000000000000000000000000000000000000000000000000000000000000000}\n  store:\n    image: cgr.dev/chainguard/minio\n    ports: ["9090:9000"]\n    environment:\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-miniosecret}\n',
        },
        // An OAuth client secret left at a default beside a real tenant: anyone can act as the client.
        { path: 'docker-compose.yml', code: 'services:\n  web:\n    image: ghcr.io/acme/assistant:1.4.0\n    environment:\n      - OIDC_ISSUER_URL=https://login.acme.io\n      - OIDC_CLIENT_ID=assistant\n      - OIDC_CLIENT_SECRET=secret\n' },
      ],
      negative: [
        { path: 'docker-compose.yml', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-}\n' },
        { path: 'docker-compose.yml', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}\n' },
        // A password the file leaves to the environment (required, or a variable with no default), whatever the user name's default.
        { path: 'compose.yaml', code: 'services:\n  vectors:\n    image: someone/pgvector:16\n    ports: ["5432:5432"]\n    environment:\n      POSTGRES_USER: ${DB_USER:-kb}\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?required}\n  replica:\n    image: someone/pgvector:16\n    ports: ["5433:5432"]\n    environment:\n      POSTGRES_USER: ${DB_USER:-kb}\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n' },
        { path: 'docker-compose.yml', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n' },
        { path: 'docs/setup.md', code: 'Set `POSTGRES_PASSWORD: changeme` in your compose file, then change it.\n' },
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN echo "agent:$(openssl rand -hex 16)" | chpasswd\nRUN x11vnc -storepasswd "$VNC_PASSWORD" /home/agent/.vncpass\n' },
        { path: 'charts/agent/values.yaml', code: 'auth:\n  password: "Zr8#kq2!vLw9"\n  passwordMinLength: 12\n' },
        { path: 'docker-compose.yml', code: 'services:\n  web:\n    image: ghcr.io/acme/assistant:1.4.0\n    environment:\n      - DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY}\n      - JWT_SECRET=q8Zr2kLw9vXp4mN7tB3c\n' },
        // A password that starts with the user name but is more than a short number after it; a user of another product.
        { path: 'docker-compose.yml', code: 'services:\n  broker:\n    image: rabbitmq:3-management\n    environment:\n      RABBITMQ_DEFAULT_USER: orbit\n      RABBITMQ_DEFAULT_PASS: orbit-Zr8kq2vLw9\n      POSTGRES_USER: relay\n      RABBITMQ_PASSWORD: relay1\n' },
        // The key of an existing Kubernetes Secret that holds the password, not a password.
        { path: 'charts/exporter/values.yaml', code: 'rabbitmq:\n  existingPasswordSecret: rabbitmq-auth\n  existingPasswordSecretKey: password\n' },
        { path: 'charts/agents/values.yaml', code: 'postgres:\n  auth:\n    existingSecret: ""\n    password: ""\n    secretKey: password\n' },
        // The group's other settings are stand-ins (an issuer at a test domain, a client id `test`): the secret is one too.
        { path: 'docker-compose.yml', code: 'services:\n  web:\n    image: ghcr.io/acme/assistant:1.4.0\n    environment:\n      - USE_AUTH=${USE_AUTH}\n      - OIDC_ISSUER_URL=https://test.com\n      - OIDC_CLIENT_ID=test\n      - OIDC_CLIENT_SECRET=secret\n' },
        // A generated key, and a secret that only contains the word among random characters.
        { path: 'docker-compose.yml', code: 'services:\n  web:\n    image: ghcr.io/acme/tracer:4\n    environment:\n      ENCRYPTION_KEY: 3f9a1c7e5b2d4068a1f3c5e7092b4d6f8a0c2e4f6b8d0a1c3e5f7092b4d6f8a0\n      AUTH_SECRET: Zr8kq2vLw9secretXp4mN7\n'},
        // An application's connection settings in an env file (its name may hold a digit): the database's own POSTGRES_PASSWORD is the default password, not its client's copy.
        { path: 'docker/env/app.env', code: 'A1B_POSTGRES_USER=postgres\nA1B_POSTGRES_PASSWORD=postgres\nA1B_POSTGRES_HOST=postgres\nDB_HOST=db\nDB_PASSWORD=changeme\n' },
        // (In one Compose file, the client's copy in the app beside the database's own is reported once, on the database: see test/deploy/default-password.test.ts.)
      ],
    },
  },

  ...handlers,
  dotenv(entries, dc) {
    // A client's connection settings (`R2R_POSTGRES_PASSWORD` beside `R2R_POSTGRES_HOST`) copy the server's
    // password; the server's own variable is the finding, wherever it is set. A datastore's client
    // setting beside a host on this machine (`MYSQL_PASS` beside `MYSQL_HOST=127.0.0.1`) that nothing
    // of the repository starts a server with is the copy of a local database's password: low.
    const keys = entries.map((e) => e.key);
    const local = credentialValueHandlers((d, key, value, consumer, span, where) =>
      check(d, key, value, consumer, span, where, defaultPasswordOf(key, value) === undefined ? undefined : localClientCopy(key, entries, d.file.relPath, d.file.root, d.ctx.dependsOn?.bind(d.ctx))),
    );
    local.dotenv?.(entries.filter((e) => !clientConnection(e.key, keys)), dc);
  },
  compose(services, doc, dc) {
    const project = developmentProject(doc.value);
    // Whether the file builds only missing folders: looked up (and its folders recorded) once, when a finding is about to be reported.
    let strandedText: string | undefined | null = null;
    const stranded = (): string | undefined => {
      if (strandedText !== null) return strandedText;
      const missing = missingBuildContexts(services, dc);
      return (strandedText = missing ? `every folder it builds (${missing.join(', ')}) is missing from the repository, so \`docker compose up\` fails as committed: a file left behind` : undefined);
    };
    // One default password, one finding: the services that connect to a database carry a copy of the
    // password its own service sets (`POSTGRES_PASSWORD` beside `POSTGRES_HOST: db`, or the app's
    // `DATABASE_PASSWORD: ${DATABASE_PASSWORD:-postgres}`). Copies are known by their value, whatever
    // their key. The finding goes to the service that runs it (its image or name says so, or it points
    // at no other host), and how far it is reachable is that service's; two services that each run a
    // product keep a finding each.
    const groups = new Map<string, { service: ComposeService; key: string; value: unknown; node: YamlNode; fromUser?: UserNamePassword }[]>();
    for (const service of services) {
      const env = composeEnv(service);
      const keys = env.map((x) => x.key);
      for (const e of env) {
        const fromUser = userNamePassword(e.key, e.value, env);
        const password = defaultPasswordOf(e.key, e.value) ?? fromUser?.password;
        if (password === undefined) continue;
        const id = `${isSigningKey(e.key, keys) ? 'secret' : 'password'}=${password}`;
        const group = groups.get(id) ?? [];
        group.push({ service, ...e, ...(fromUser ? { fromUser } : {}) });
        groups.set(id, group);
      }
    }
    for (const group of groups.values()) {
      // A service that is told where the product is (`SONAR_JDBC_URL` beside `SONAR_JDBC_PASSWORD`) is its client, whatever its image.
      const running = group.filter((x) => runsIt(x.service, x.key) && !pointsElsewhere(x.service, x.key));
      const owners = running.length
        ? running.filter((x, i) => running.findIndex((y) => y.key === x.key) === i)
        : [group.find((x) => !pointsElsewhere(x.service, x.key)) ?? group[0]!];
      for (const owner of owners) {
        const image = typeof owner.service.value.image === 'string' ? owner.service.value.image : '';
        const client = running.length
          ? undefined
          : (connectsElsewhere(owner.key, composeEnv(owner.service), image, `the service (its image ${image || 'built here'})`, owner.service.name) ?? servesNoDatastore(owner.service, owner.key));
        const reach = client
          ? client
          : !publishesPorts(owner.service.value)
          ? 'the service publishes no port, so only the other services of this file reach it'
          : dataInTmpfs(owner.service.value)
            ? 'the service keeps its data in tmpfs, discarded with the container: a throwaway development database'
            : project
              ? `the Compose project is named "${project}": a development stack`
              : undefined;
        const name = owner.service.name;
        const cluster = reach === undefined ? swarmPublished(owner.service.value, dc.file.relPath) : undefined;
        check(dc, owner.key, owner.value, `Compose service "${name}"`, yamlSpan(owner.node), `the environment of Compose service "${name}"`, reach, owner.fromUser, cluster, stranded);
      }
    }
  },
  dockerfile(instructions, dc) {
    // An image that connects to a database elsewhere (`NEO4J_URI=bolt://graph:7687` beside `NEO4J_PASSWORD`) and is not that database: its password is a client's.
    const base = finalStage(instructions)?.base ?? '';
    const env = instructions.filter((i) => i.op === 'ENV' || i.op === 'ARG').flatMap((i) => dockerAssignments(i));
    const asClient = credentialValueHandlers((d, key, value, consumer, span, where) => check(d, key, value, consumer, span, where, connectsElsewhere(key, env, base, 'the image')));
    asClient.dockerfile?.(instructions, dc);
    const login = loginService(instructions);
    for (const ins of instructions) {
      if (ins.op !== 'RUN' && ins.op !== 'CMD' && ins.op !== 'ENTRYPOINT') continue;
      for (const set of commandLinePasswords(ins.args)) reportCommandLine(ins, set, dc, login);
    }
  },
});

/**
 * `reach`, when set, says why only a few can reach the service: the finding is then low. So is a
 * password whose feature a switch beside it turns off (`API_ALLOW_BASIC_AUTH: "false"`): as written,
 * nothing accepts it. `fromUser`: the password is the user name set beside it (see `userNamePassword`):
 * the project's own value, so it is redacted wherever it is shown, as a well-known default need not be.
 * `strandedBy` says why the Compose file cannot start (every folder it builds is missing); it is asked
 * only for a finding about to be reported, since it looks the folders up.
 */
function check(dc: DeployCtx, key: string, value: unknown, _consumer: string, span: Span | undefined, where: string, reach?: string, fromUser?: UserNamePassword, exposed?: string, strandedBy?: () => string | undefined): void {
  const known = defaultPasswordOf(key, value);
  const password = known ?? fromUser?.password;
  if (password === undefined) return;
  // The settings of its group are stand-ins too (an issuer at a test domain, a client id `test`): the
  // file fills a feature it leaves off, and the secret is one more stand-in, no one's credential.
  if (placeholderGroup(dc.file, key, span)) return;
  const stranded = strandedBy?.();
  const signing = isSigningKey(key, besideKeys(dc.file, span));
  const clientSecret = signing && isClientSecret(key);
  // A published default is shown as it is; a guessable one may be the project's own value, and the user name's always is.
  const listed = known !== undefined && isListedDefault(known);
  const shown = listed ? known : redact(password);
  const kind = listed ? 'well-known default' : 'guessable';
  const what =
    known === undefined
      ? `user name set beside it (${fromUser!.userKey}${fromUser!.userVariable ? `, the default of \${${fromUser!.userVariable}}` : ''})${/\d$/.test(password) ? ' with a short number after it' : ''} as its password`
      : `${kind} password "${shown}"`;
  const off = featureSwitchedOff(dc.file, key, span);
  const variable = defaultedVariable(value);
  const low = (reach !== undefined && !signing) || off !== undefined || stranded !== undefined;
  dc.report({
    ruleId: ID,
    span,
    key: `${key}:${password}`,
    evidence: `${key}=${shown}`,
    ...(listed ? {} : { secret: password }),
    message:
      (clientSecret
        ? `${key} is set to the ${kind} secret "${shown}" in ${where}. It is an OAuth client secret: anyone who knows it can act as this client at its identity provider (exchange codes and request tokens in its name).`
        : signing && isEncryptionKey(key)
          ? `${key} is set to the ${kind} key "${shown}" in ${where}. Anyone who knows it can decrypt what the service stores encrypted with it (credentials, API keys it keeps).`
        : signing
          ? `${key} is set to the ${kind} secret "${shown}" in ${where}. Anyone who knows it can forge what the service signs with it (sessions, tokens).`
          : `${key} is set to the ${what} in ${where}. Anyone who can reach the service will try it first.`) +
      (variable ? ` (It is the default of \${${variable}}, used whenever that variable is not set.)` : '') +
      (reach ? ` Here ${reach}.` : '') +
      (stranded ? ` The Compose file cannot start: ${stranded}.` : '') +
      (exposed && !low ? ` Here ${exposed}.` : '') +
      (off ? ` The feature it is for is switched off beside it (${off}): as written nothing accepts it, until someone turns that on.` : ''),
    ...(low ? { severity: 'low' as const } : exposed && !signing ? { severity: 'high' as const } : {}),
  });
}

/**
 * A password a build sets on a command line (see `default-password-commands.ts`). An account's is
 * low unless `login`: with no login service in the image, nothing reachable checks it yet.
 */
function reportCommandLine(ins: DockerInstruction, { what, password, account, userName }: CommandLinePassword, dc: DeployCtx, login: boolean): void {
  const listed = !userName && isListedDefault(password);
  const shown = listed ? password : redact(password);
  dc.report({
    ruleId: ID,
    span: dc.lineSpan(ins.line),
    key: `docker:${what}:${password}`,
    evidence: `${what}=${shown}`,
    ...(listed ? {} : { secret: password }),
    message:
      (userName
        ? `A ${ins.op} instruction sets ${what} to its own user name: it is the same in every container started from this image`
        : `A ${ins.op} instruction sets ${what} to the ${listed ? 'well-known default' : 'guessable'} password "${shown}": it is the same in every container started from this image`) +
      (account && !login
        ? '. Nothing in the image checks it yet: no SSH, RDP, telnet or FTP server or other login service is installed or started (a VNC server has its own password); it becomes the first one anyone tries once one is added.'
        : ', and the first one anyone tries.'),
    ...(account && !login ? { severity: 'low' as const } : {}),
  });
}

/** A Compose service reachable from the host's network: ports published, or the host's own network. */
function publishesPorts(service: Record<string, unknown>): boolean {
  return (Array.isArray(service.ports) && service.ports.length > 0) || service.network_mode === 'host';
}

/** A tmpfs mount over a data directory (`/var/lib/postgresql/data`, `/data`): nothing the service stores outlives the container. */
function dataInTmpfs(service: Record<string, unknown>): boolean {
  const tmpfs = typeof service.tmpfs === 'string' ? [service.tmpfs] : Array.isArray(service.tmpfs) ? service.tmpfs : [];
  return tmpfs.some((t) => typeof t === 'string' && /^\/(?:var\/lib\/|data\b|bitnami\/)/.test(t.split(':')[0]!.trim()));
}

/** The Compose project's own name (`name: electric_quickstart`) when it says the stack is for development or a demo. */
function developmentProject(value: unknown): string | undefined {
  const name = value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && /(?:^|[-_.])(?:quickstart|quick-start|dev|development|local|demo|example|sandbox|playground)(?:$|[-_.])/i.test(name) ? name : undefined;
}

/**
 * A service of a Swarm stack (a `*stack*.yml` file, or a service placed on nodes by `deploy:`) that
 * publishes ports: `docker stack deploy` publishes them on every node of the cluster through the
 * ingress mesh, on all interfaces, a production cluster rather than a developer's machine. The
 * reason to say, or undefined.
 */
function swarmPublished(service: Record<string, unknown>, relPath: string): string | undefined {
  if (!Array.isArray(service.ports) || service.ports.length === 0) return undefined;
  const deploy = service.deploy && typeof service.deploy === 'object' ? (service.deploy as Record<string, unknown>) : {};
  const stackFile = /(?:^|[-_.])stack[-_.][\w.-]*ya?ml$/i.test(relPath.slice(relPath.lastIndexOf('/') + 1));
  const placed = ['placement', 'mode', 'update_config', 'rollback_config', 'endpoint_mode'].some((k) => k in deploy);
  if (!stackFile && !placed) return undefined;
  return 'the service is part of a Swarm stack that publishes its ports on every node of the cluster, on all interfaces';
}
