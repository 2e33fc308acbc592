/**
 * The throwaway database of a CI run or a test script: a job (or a script) that starts its own
 * database container (`docker run -e POSTGRES_PASSWORD=… postgres`, or a GitHub Actions `services:` entry with the password in its
 * `env:`) and then connects to it (`postgres://postgres:<that password>@db:5432/app`) or hands its
 * application containers the settings they need beside it (a JWT signing key given with `-e
 * JWT_SECRET_KEY=$JWT_SECRET_KEY` to the image under test). Such values live as long as the job: a
 * test value, not a deployed credential. Listed at info for the inventory.
 */
import type { SourceFile } from '../../core/source.js';
import { isShellScript } from '../../discovery/classify.js';
import { parseYaml, yamlAt, yamlEntries, yamlItems, yamlScalar, yamlSpan, type YamlNode } from '../../parsers/yaml.js';
import { DOCKER_RUN, dockerRuns, envOption } from '../deploy/docker-run.js';
import type { SecretCandidate } from './analyzer.js';
import { PASSWORD_NAME } from './values.js';

/** A CI pipeline file: GitHub Actions workflows, GitLab CI, CircleCI, Bitbucket and Azure Pipelines. */
const CI_FILE = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.gitlab-ci|\.circleci\/config|bitbucket-pipelines|azure-pipelines)\.ya?ml$/i;

/** A database or broker image a job starts for itself (`postgres:16`, `ankane/pgvector:v0.5.1`, `bitnami/redis`). */
const DATABASE_IMAGE =
  /(?:^|[\s/"'])(?:postgres|postgresql|pgvector|postgis|timescaledb|mysql|mariadb|percona|mongo|mongodb|redis|redis-stack|valkey|clickhouse|clickhouse-server|neo4j|elasticsearch|opensearch|rabbitmq|mssql-server|cockroach|cassandra|scylla|couchbase|memcached|minio|qdrant|weaviate|milvus)(?::[\w.-]+)?(?=[\s"']|$)/i;

/** The setting a database image takes its password from (`POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`, `MINIO_ROOT_PASSWORD`), or its `user/password` pair (`NEO4J_AUTH`). */
export function isPasswordSetting(name: string): boolean {
  return PASSWORD_NAME.test(name) || name.endsWith('_AUTH');
}

/** A variable name, as `-e NAME=value` gives a container one. */
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A step's `env:` passing a workflow variable through unchanged: `${{ env.NAME }}`. */
const ENV_EXPRESSION = /^\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

interface Job {
  from: number;
  to: number;
  /** Passwords given to the database containers the job starts. */
  passwords: Set<string>;
  /** Names the job hands to containers it runs (`-e NAME=$NAME`, `-e NAME`). */
  handed: Set<string>;
  /** Where its `docker run` commands are, as [from, to) offsets. */
  runs: [number, number][];
}

/**
 * Marks at info the candidates of a CI file that belong to a throwaway database its jobs start:
 * the database's own password wherever the same job uses it, and a generic value (matched by its
 * key's name alone) that the file only hands to containers of such jobs. Other values are left as
 * they are: a provider's token in the same workflow is still a leak.
 */
export function markThrowawayServiceValues(file: SourceFile, candidates: readonly SecretCandidate[]): void {
  const text = file.text;
  if (candidates.length === 0) return;
  if (isShellScript(file)) return markScriptDatabase(text, candidates);
  if (!CI_FILE.test(file.relPath) || (!DOCKER_RUN.test(text) && !/^\s+services\s*:/m.test(text))) return;
  const jobs = jobsOf(file).filter((j) => j.passwords.size > 0);
  if (jobs.length === 0) return;
  for (const c of candidates) {
    if (c.info) continue;
    const job = jobs.find((j) => c.start >= j.from && c.start < j.to);
    if (job?.passwords.has(c.secret)) {
      c.info = 'it is the password of a database container the same CI job starts for its own run and throws away (`docker run -e …PASSWORD`, `services:`): a test value, not a deployed credential.';
    } else if (c.pattern.generic && (job?.runs.some(([from, to]) => c.start >= from && c.start < to) || handedOnlyToTestContainers(text, c, jobs))) {
      c.info = 'the CI file only hands it to containers its jobs start beside a throwaway database they create for the run: a test value, not a deployed credential.';
    }
  }
}


/**
 * A script that starts its own database container (`docker run -e POSTGRES_PASSWORD=… postgres`)
 * and connects to it on this machine with that password (`postgres://app:<that password>@localhost/…`),
 * as a test runner does: the password lives as long as the container. Only that password is marked,
 * where the container is given it and where the script connects; a password the script only hands
 * a container (a deploy script's database) and the script's other values are left as they are.
 */
function markScriptDatabase(text: string, candidates: readonly SecretCandidate[]): void {
  if (!DOCKER_RUN.test(text)) return;
  const job: Job = { from: 0, to: text.length, passwords: new Set(), handed: new Set(), runs: [] };
  readDockerRunsIn(text, 0, text.length, job);
  // The URIs to this machine are those the pattern already lowered as such (its `loopback`).
  const local = new Set(candidates.filter((c) => c.pattern.loopback && c.lowered === c.pattern.loopback && job.passwords.has(c.secret)).map((c) => c.secret));
  for (const c of candidates) {
    if (!c.info && local.has(c.secret)) {
      c.info = 'it is the password of a database container the same script starts for itself (`docker run -e …PASSWORD`): a throwaway test database, not a deployed credential.';
    }
  }
}

/**
 * Whether the key the value is assigned to (`JWT_SECRET_KEY: …`) is handed to a container started
 * by a job with a throwaway database, and every other mention of the key is such a hand-over or a
 * step's `env:` passing it through (`JWT_SECRET_KEY: ${{ env.JWT_SECRET_KEY }}`) in such a job.
 */
function handedOnlyToTestContainers(text: string, c: SecretCandidate, jobs: Job[]): boolean {
  const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
  const key = /^[ \t]*-?[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?[ \t]*[:=]/.exec(text.slice(lineStart, c.start))?.[1];
  if (!key || !jobs.some((j) => j.handed.has(key))) return false;
  const mention = new RegExp(`\\b${key}\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = mention.exec(text)) !== null) {
    if (m.index >= lineStart && m.index < c.end) continue;
    const at = m.index;
    const job = jobs.find((j) => at >= j.from && at < j.to);
    if (!job) return false;
    if (job.runs.some(([from, to]) => at >= from && at < to)) continue;
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    const le = text.indexOf('\n', at);
    const setting = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$/.exec(text.slice(ls, le < 0 ? text.length : le));
    if (setting?.[1] === key && ENV_EXPRESSION.exec(unquote(setting[2]!))?.[1] === key) continue;
    return false;
  }
  return true;
}

/** Whether `value` hands a container the variable of its own name: `$NAME`, `${NAME}`, `${{ env.NAME }}`. */
function passesThrough(value: string, name: string): boolean {
  return value === `$${name}` || value === `\${${name}}` || ENV_EXPRESSION.exec(value)?.[1] === name;
}

/**
 * The jobs of a CI file: each child of a GitHub workflow's `jobs:`, with its `services:` read from
 * the YAML tree; for the other formats the whole file as one job, its `services:` read by indentation.
 */
function jobsOf(file: SourceFile): Job[] {
  const parsed = parseYaml(file);
  if (!parsed.ok) return [];
  const text = file.text;
  const roots = parsed.doc.map((d) => d.document.contents);
  if (!file.relPath.includes('.github/')) {
    const job: Job = { from: 0, to: text.length, passwords: new Set(servicePasswords(text)), handed: new Set(), runs: [] };
    for (const root of roots) readDockerRuns(text, root, job);
    return [job];
  }
  const jobs: Job[] = [];
  for (const [, , node] of roots.flatMap((root) => yamlEntries(yamlAt(root, ['jobs'])))) {
    const span = rangeOf(node);
    if (!node || !span) continue;
    const job: Job = { from: span[0], to: span[1], passwords: new Set(servicePasswordsOf(yamlAt(node, ['services']))), handed: new Set(), runs: [] };
    readDockerRuns(text, node, job);
    jobs.push(job);
  }
  return jobs;
}

/** The `docker run` commands in the job's strings (a step's `run:`, a `script:` line): where they are, the passwords they give a database, and the names they hand on. */
function readDockerRuns(text: string, node: unknown, job: Job): void {
  for (const [from, to] of stringSpans(node)) readDockerRunsIn(text, from, to, job);
}

/** The `docker run` commands in text[from, to), read into the job. */
function readDockerRunsIn(text: string, from: number, to: number, job: Job): void {
  for (const run of dockerRuns(text.slice(from, to))) {
    job.runs.push([from + run.start, from + run.end]);
    const env = run.options.filter((o) => envOption(o) !== undefined);
    // The image is read from the command without its `-e` options, whose values may name one (`-e IMAGE=postgres`).
    let rest = run.command;
    for (const o of env) rest = rest.slice(0, o.from - run.start) + ' '.repeat(o.to - o.from) + rest.slice(o.to - run.start);
    const database = DATABASE_IMAGE.test(rest);
    for (const { name, value } of env.map((o) => envOption(o)!).filter((e) => VARIABLE.test(e.name))) {
      if (database && value && isPasswordSetting(name) && !value.startsWith('$')) job.passwords.add(value);
      if (value === undefined || passesThrough(value, name)) job.handed.add(name);
    }
  }
}

/** The source spans of the string scalars under a node. */
function stringSpans(node: unknown, out: [number, number][] = []): [number, number][] {
  for (const [, , value] of yamlEntries(node)) stringSpans(value, out);
  for (const item of yamlItems(node)) stringSpans(item, out);
  const span = typeof yamlScalar(node) === 'string' ? rangeOf(node as YamlNode) : undefined;
  if (span) out.push(span);
  return out;
}

/** A node's [from, to) offsets in the file. */
function rangeOf(node: YamlNode | undefined): [number, number] | undefined {
  const span = yamlSpan(node);
  return span && 'start' in span ? [span.start, span.end] : undefined;
}

/** Passwords in the `env:` of a GitHub job's service containers (`MYSQL_ROOT_PASSWORD: x`). */
function servicePasswordsOf(services: YamlNode | undefined): string[] {
  const out: string[] = [];
  for (const [, , service] of yamlEntries(services)) {
    for (const [name, , valueNode] of yamlEntries(yamlAt(service, ['env']))) {
      const value = yamlScalar(valueNode);
      if (value === undefined || value === null || typeof value === 'boolean' || !isPasswordSetting(name)) continue;
      const v = String(value);
      if (v && !v.startsWith('$')) out.push(v);
    }
  }
  return out;
}

/** Passwords set in a `services:` block's containers by indentation (`POSTGRES_PASSWORD: x`, `- MYSQL_ROOT_PASSWORD=x`), for the CI formats other than GitHub's. */
function servicePasswords(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)services\s*:\s*(?:#.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (/^\s*(?:#.*)?$/.test(line)) continue;
      if (line.length - line.trimStart().length <= indent) break;
      const m = /^\s*-?\s*["']?([A-Z][A-Z0-9_]*)["']?\s*[:=]\s*(.*?)\s*(?:\s#.*)?$/.exec(line);
      if (!m || !isPasswordSetting(m[1]!)) continue;
      const value = unquote(m[2]!);
      if (value && !value.startsWith('$')) out.push(value);
    }
  }
  return out;
}

function unquote(raw: string): string {
  const v = raw.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}
