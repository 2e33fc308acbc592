/**
 * A well-known default password (`changeme`, `mysecretpassword`, `admin`, `password`, the image's
 * own user name), or an application signing secret left at such a word (`SECRET_KEY=secret`), set
 * for a service in a deployable file. Not a leaked secret, but a default
 * credential: the first one anyone tries. Documentation is not deployable and is not read here.
 */
import type { Span } from '../../../core/rule.js';
import { snakeCase, TEMPLATE_MARK, type DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { credentialValueHandlers } from './credential-values.js';
import { composeEnv, type ComposeService } from '../formats.js';
import { dockerAssignments, type DockerInstruction } from '../dockerfile-format.js';
import { finalStage } from '../dockerfile-stages.js';
import type { YamlNode } from '../../../parsers/yaml.js';
import { yamlSpan } from '../../../parsers/yaml.js';
import { redact } from '../../../core/redact.js';
import { defaultIn, isListedDefault } from '../default-words.js';
import { accessKeyPair, besideKeys, clientConnection, featureSwitchedOff, placeholderGroup } from '../beside.js';
import { missingBuildContexts } from '../compose-builds.js';

const ID = 'deploy/default-password';

/** Keys that set a password (`POSTGRES_PASSWORD`, `adminPassword`, `NEO4J_AUTH` as user/password). */
const PASSWORD_KEY = /(?:^|_)(?:password|passwd|pwd|pass)$|(?:^|_)(?:root|admin|db|database|redis|mongo|rabbitmq|neo4j|mysql|postgres)_?auth$/i;
/**
 * Keys that set an application's signing secret (`SECRET_KEY`, `DJANGO_SECRET_KEY`, `JWT_SECRET`): sessions and tokens are signed with it;
 * or its encryption key (`ENCRYPTION_KEY`): what it stores encrypted (provider API keys, credentials) is decrypted with it.
 */
const ENCRYPTION_KEY = /(?:^|_)encryption_key$/i;
const SIGNING_KEY = new RegExp(String.raw`(?:^|_)secret(?:_key)?$|${ENCRYPTION_KEY.source}`, 'i');
const NOT_A_VALUE_KEY = /(?:_file|_path|_env|_ref|_key_ref|_secret_name|_hash|_min_length|_length|_policy)$/i;

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
      'anyone tries, and the same in every copy of the repository and every environment deployed from it. Low for a Compose service that ' +
      'publishes no port (only the file\'s other services reach it), keeps its data in tmpfs (a throwaway database), or belongs to a Compose ' +
      'project named as a development stack (quickstart, dev, local, demo); low too for a password whose feature a switch beside it turns ' +
      'off (`BASIC_AUTH_PASSWORD` next to `API_ALLOW_BASIC_AUTH: "false"`): as written nothing accepts it; low in a Compose file whose every `build:` ' +
      'folder is missing from the repository (`docker compose up` fails on it as committed: a file left behind). An OS account password a ' +
      'Dockerfile sets (`chpasswd`) is low unless the image installs or starts a login service that checks it (an SSH, RDP, telnet or FTP ' +
      'server): a desktop sandbox\'s VNC server has its own password. A password set beside an address of the same prefix (`NEO4J_PASSWORD` beside ' +
      '`NEO4J_URI`) in a Dockerfile, or a Compose service, that is not the database the prefix names is low: it is what the workload presents as a ' +
      'client to connect there, not a password it serves. High for a service of a Swarm stack that publishes its ports: the ingress ' +
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
        { path: 'docker-compose.yml', code: 'services:\n  graph:\n    image: neo4j:5.20\n    environment:\n      - NEO4J_AUTH=neo4j/pleaseletmein\n' },
        // The default Compose uses whenever the variable is not set.
        { path: 'docker-compose.yml', code: 'services:\n  browser:\n    image: ghcr.io/acme/browser:1.2.0\n    ports: ["5901:5901"]\n    environment:\n      - VNC_PASSWORD=${VNC_PASSWORD:-yourvncpassword}\n' },
        // A password set on the build's command line, baked into every container of the image (the account's is low: no login service checks it here).
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN useradd -m agent && echo "agent:agent" | chpasswd\nRUN x11vnc -storepasswd secret /home/agent/.vncpass\n' },
        // An account password in an image that runs an SSH server: anyone who reaches port 22 logs in with it.
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y openssh-server\nRUN useradd -m agent && echo "agent:password" | chpasswd\nCMD ["/usr/sbin/sshd", "-D"]\n' },
        // The database password of an MCP Toolbox config, left at the image's default.
        { path: 'deployment/mcp-toolbox/tools.yaml', code: 'sources:\n  tickets:\n    kind: cloud-sql-postgres\n    database: tickets\n    user: postgres\n    password: admin\ntools:\n  search-tickets:\n    kind: postgres-sql\n    source: tickets\n    statement: SELECT id FROM tickets\n' },
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
    // password; the server's own variable is the finding, wherever it is set.
    const keys = entries.map((e) => e.key);
    handlers.dotenv?.(entries.filter((e) => !clientConnection(e.key, keys)), dc);
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
        const client = running.length ? undefined : connectsElsewhere(owner.key, composeEnv(owner.service), image, `the service (its image ${image || 'built here'})`, owner.service.name);
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
    for (const ins of instructions) if (ins.op === 'RUN' || ins.op === 'CMD' || ins.op === 'ENTRYPOINT') commandLinePasswords(ins, dc, login);
  },
});

/**
 * Passwords a build sets on a command line: an account's (`echo 'root:root' | chpasswd`) or a
 * server's (`x11vnc -storepasswd secret …`, `--password admin`). Baked into the image, the same in
 * every container started from it.
 */
const CHPASSWD = /(["']?)([\w.-]{1,32}):([^\s"':|]{1,40})\1\s*\|\s*(?:sudo\s+)?chpasswd\b/g;
const PASSWORD_FLAG = /(?:^|[\s;&|"'])(-{1,2}(?:store)?passw(?:or)?d|--pass)(?:=|\s+)(["']?)([^\s"';&|]{1,40})\2/g;

/**
 * What checks an OS account's password from outside the container: an SSH, RDP, telnet or FTP
 * server, a web console or shell, installed or started by the image (or its base image's name).
 * Without one, the password guards nothing reachable (a VNC or desktop server has its own).
 */
const LOGIN_SERVICE = /\b(?:openssh-server|sshd|dropbear|xrdp|telnetd|inetutils-telnetd|vsftpd|proftpd|pure-ftpd|cockpit|webmin|shellinabox|ttyd\s[^\n]*\blogin\b)\b|\bservice\s+ssh\s+start\b/i;

function loginService(instructions: DockerInstruction[]): boolean {
  return instructions.some(
    (i) => (i.op === 'RUN' || i.op === 'CMD' || i.op === 'ENTRYPOINT' || i.op === 'FROM' || i.op === 'EXPOSE') && (LOGIN_SERVICE.test(i.args) || (i.op === 'EXPOSE' && /\b(?:22|3389|23)\b/.test(i.args))),
  );
}

function commandLinePasswords(ins: DockerInstruction, dc: DeployCtx, login: boolean): void {
  // `userName`: the password is the account's own name, the project's value rather than a published default: never shown.
  const report = (what: string, password: string, account: boolean, userName = false): void => {
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
  };
  for (const m of ins.args.matchAll(CHPASSWD)) {
    const [, , user, password] = m;
    if (defaultIn(password!) !== undefined) report(`the password of account "${user}"`, password!, true);
    else if (password!.toLowerCase() === user!.toLowerCase()) report(`the password of account "${user}"`, password!, true, true);
  }
  for (const m of ins.args.matchAll(PASSWORD_FLAG)) {
    const password = m[3]!;
    if (defaultIn(password) !== undefined) report(`a password (${m[1]})`, password, false);
  }
}

/** Whether `key` (as written, or in snake case) is one that sets a password. */
export function isPasswordKey(key: string): boolean {
  return PASSWORD_KEY.test(snakeCase(key)) || PASSWORD_KEY.test(key);
}

/** Keys that name where a secret is kept (`existingSecretKey`, `passwordSecretKey`: a key of a Kubernetes Secret), not the secret. */
const NAMES_A_SECRET = /existing|passw|user|name|ref|file|path/i;

/** An object store's access key pair (`MINIO_SECRET_KEY` beside `MINIO_ACCESS_KEY`): its secret half is the login's password, not a signing key. */
const STORE_KEY_PAIR = /^(?:minio|s3|r2|b2|spaces|oss|cos|object_?store|storage)_/i;

/** `beside`: the keys set beside it; a secret key with its access key there is a login's password (see `accessKeyPair`). */
function isSigningKey(key: string, beside: readonly string[] = []): boolean {
  return (SIGNING_KEY.test(snakeCase(key)) || SIGNING_KEY.test(key)) && !NAMES_A_SECRET.test(key) && !STORE_KEY_PAIR.test(snakeCase(key)) && !accessKeyPair(key, beside);
}

/** An OAuth client's secret (`AUTH0_CLIENT_SECRET`, `googleClientSecret`): whoever holds it acts as the client at the identity provider. */
const CLIENT_SECRET = /(?:^|_)client_?secret$/i;

function isStoreSecret(key: string): boolean {
  return STORE_KEY_PAIR.test(snakeCase(key)) && SIGNING_KEY.test(snakeCase(key)) && !NAMES_A_SECRET.test(key);
}

/** The well-known default password set under `key`, if that is what the value is. */
export function defaultPasswordOf(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = snakeCase(key);
  if (!(isPasswordKey(key) || isSigningKey(key) || isStoreSecret(key)) || NOT_A_VALUE_KEY.test(name) || value.includes(TEMPLATE_MARK)) return undefined;
  const v = value.trim();
  return defaultIn(VAR_DEFAULT.exec(v)?.[2]?.trim() ?? v);
}

/** `${VNC_PASSWORD:-changeme}`: what Compose and the shell use when the variable is not set. */
const VAR_DEFAULT = /^\$\{([A-Za-z_]\w*):?-([^{}$]*)\}$/;

/** The product a password key belongs to (`POSTGRES_PASSWORD` → `postgres`), lower case. */
function productOf(key: string): string {
  return key.split(/_|(?<=[a-z])(?=[A-Z])/)[0]!.toLowerCase();
}

/** The service runs the product the key configures: its image or its name says so (`postgres:16`, `pgvector/pgvector`, a service `postgres`). */
function runsIt(service: ComposeService, key: string): boolean {
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
function connectsElsewhere(key: string, env: { key: string; value: unknown }[], image: string, who: string, name = ''): string | undefined {
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
function pointsElsewhere(service: ComposeService, key: string): boolean {
  const product = productOf(key);
  return composeEnv(service).some((e) => e.key.toLowerCase().startsWith(`${product}_`) && /_(?:host|hostname|url|uri|server|addr|address)$/i.test(e.key));
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
  const clientSecret = signing && CLIENT_SECRET.test(snakeCase(key));
  // A published default is shown as it is; a guessable one may be the project's own value, and the user name's always is.
  const listed = known !== undefined && isListedDefault(known);
  const shown = listed ? known : redact(password);
  const kind = listed ? 'well-known default' : 'guessable';
  const what =
    known === undefined
      ? `user name set beside it (${fromUser!.userKey})${/\d$/.test(password) ? ' with a short number after it' : ''} as its password`
      : `${kind} password "${shown}"`;
  const off = featureSwitchedOff(dc.file, key, span);
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
        : signing && ENCRYPTION_KEY.test(snakeCase(key))
          ? `${key} is set to the ${kind} key "${shown}" in ${where}. Anyone who knows it can decrypt what the service stores encrypted with it (credentials, API keys it keeps).`
        : signing
          ? `${key} is set to the ${kind} secret "${shown}" in ${where}. Anyone who knows it can forge what the service signs with it (sessions, tokens).`
          : `${key} is set to the ${what} in ${where}. Anyone who can reach the service will try it first.`) +
      (typeof value === 'string' && VAR_DEFAULT.test(value.trim()) ? ` (It is the default of \${${VAR_DEFAULT.exec(value.trim())![1]}}, used whenever that variable is not set.)` : '') +
      (reach ? ` Here ${reach}.` : '') +
      (stranded ? ` The Compose file cannot start: ${stranded}.` : '') +
      (exposed && !low ? ` Here ${exposed}.` : '') +
      (off ? ` The feature it is for is switched off beside it (${off}): as written nothing accepts it, until someone turns that on.` : ''),
    ...(low ? { severity: 'low' as const } : exposed && !signing ? { severity: 'high' as const } : {}),
  });
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

/** What a login's keys share (`RABBITMQ_DEFAULT_USER`, `RABBITMQ_DEFAULT_PASS` → `rabbitmq`; `USER`, `PASSWORD` → ``). */
function loginPrefix(key: string): string {
  return snakeCase(key).toLowerCase().replace(/_?(?:default_)?(?:user|username|user_name|login|password|passwd|pwd|pass)$/, '');
}

/** Keys that set the login a password goes with (`RABBITMQ_DEFAULT_USER`, `POSTGRES_USER`, `ADMIN_USERNAME`). */
const USER_KEY = /(?:^|_)(?:user|username|user_name|login)$/i;

/**
 * A password that is the user name set beside it, alone or with a short number (`motia` / `motia123`):
 * anyone who sees the login (a management page's, a connection string's) guesses the password.
 * `env` is the environment it is set in; the user key must configure the same login (`RABBITMQ_DEFAULT_USER` for `RABBITMQ_DEFAULT_PASS`).
 */
interface UserNamePassword {
  password: string;
  /** The key that sets the user name (`RABBITMQ_DEFAULT_USER`). */
  userKey: string;
}

function userNamePassword(key: string, value: unknown, env: { key: string; value: unknown }[]): UserNamePassword | undefined {
  if (typeof value !== 'string' || !isPasswordKey(key) || isSigningKey(key) || value.includes(TEMPLATE_MARK) || value.includes('$')) return undefined;
  const login = loginPrefix(key);
  const password = value.trim();
  for (const e of env) {
    if (typeof e.value !== 'string' || !USER_KEY.test(snakeCase(e.key)) || loginPrefix(e.key) !== login) continue;
    const user = e.value.trim().toLowerCase();
    if (user.length < 3 || /[^\w.-]/.test(user)) continue;
    const p = password.toLowerCase();
    if (p === user || (p.startsWith(user) && /^\d{1,4}$/.test(p.slice(user.length)))) return { password, userKey: e.key };
  }
  return undefined;
}
