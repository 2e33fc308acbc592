/**
 * The throwaway database of a CI run: a job that starts its own database container (`docker run -e
 * POSTGRES_PASSWORD=… postgres`, or a GitHub Actions `services:` entry with the password in its
 * `env:`) and then connects to it (`postgres://postgres:<that password>@db:5432/app`) or hands its
 * application containers the settings they need beside it (a JWT signing key given with `-e
 * JWT_SECRET_KEY=$JWT_SECRET_KEY` to the image under test). Such values live as long as the job: a
 * test value, not a deployed credential. Listed at info for the inventory.
 */
import type { SecretCandidate } from './analyzer.js';

/** A CI pipeline file: GitHub Actions workflows, GitLab CI, CircleCI, Bitbucket and Azure Pipelines. */
const CI_FILE = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.gitlab-ci|\.circleci\/config|bitbucket-pipelines|azure-pipelines)\.ya?ml$/i;

/** A database or broker image a job starts for itself (`postgres:16`, `ankane/pgvector:v0.5.1`, `bitnami/redis`). */
const DATABASE_IMAGE =
  /(?:^|[\s/"'])(?:postgres|postgresql|pgvector|postgis|timescaledb|mysql|mariadb|percona|mongo|mongodb|redis|redis-stack|valkey|clickhouse|clickhouse-server|neo4j|elasticsearch|opensearch|rabbitmq|mssql-server|cockroach|cassandra|scylla|couchbase|memcached|minio|qdrant|weaviate|milvus)(?::[\w.-]+)?(?=[\s"']|$)/i;

/** The setting a database image takes its password from (`POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`, `NEO4J_AUTH`, `MINIO_ROOT_PASSWORD`). */
const PASSWORD_SETTING = /^[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|PASS|PWD|_AUTH)$/;

/** `-e NAME=value`, `--env NAME=value`, `--env=NAME=value` in a `docker run` command. */
const ENV_OPTION = /(?:^|\s)(?:-e|--env)(?:\s+|=)["']?([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|[^\s"'\\]*))?/g;

const DOCKER_RUN = /\b(?:docker|podman)\s+(?:container\s+)?run\b/;

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
export function markThrowawayServiceValues(relPath: string, text: string, candidates: readonly SecretCandidate[]): void {
  if (candidates.length === 0 || !CI_FILE.test(relPath) || (!DOCKER_RUN.test(text) && !/^\s+services\s*:/m.test(text))) return;
  const jobs = jobsOf(relPath, text).filter((j) => j.passwords.size > 0);
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
    const line = text.slice(ls, le < 0 ? text.length : le);
    if (new RegExp(`^\\s*${key}\\s*:\\s*["']?\\$\\{\\{\\s*env\\.${key}\\s*\\}\\}["']?\\s*$`).test(line)) continue;
    return false;
  }
  return true;
}

/** The jobs of a CI file: the children of GitHub's `jobs:`, else the whole file as one. */
function jobsOf(relPath: string, text: string): Job[] {
  const spans: [number, number][] = relPath.includes('.github/') ? githubJobs(text) : [[0, text.length]];
  return spans.map(([from, to]) => {
    const body = text.slice(from, to);
    const job: Job = { from, to, passwords: new Set(), handed: new Set(), runs: [] };
    for (const [s, e] of dockerRuns(body)) {
      const command = body.slice(s, e);
      job.runs.push([from + s, from + e]);
      const database = DATABASE_IMAGE.test(command.replace(/(?:^|\s)(?:-e|--env)(?:\s+|=)\S+/g, ' '));
      for (const m of command.matchAll(ENV_OPTION)) {
        const [, name, raw] = m;
        const value = raw === undefined ? undefined : unquote(raw);
        if (database && value && PASSWORD_SETTING.test(name!) && !value.startsWith('$')) job.passwords.add(value);
        if (value === undefined || new RegExp(`^\\$\\{?${name}\\}?$|^\\$\\{\\{\\s*env\\.${name}\\s*\\}\\}$`).test(value)) job.handed.add(name!);
      }
    }
    for (const value of servicePasswords(body)) job.passwords.add(value);
    return job;
  });
}

/** The [from, to) offsets of each `docker run` command, with its `\`-continued lines. */
function dockerRuns(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = new RegExp(DOCKER_RUN.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let end = text.indexOf('\n', m.index);
    while (end >= 0 && /\\[ \t]*\r?$/.test(text.slice(Math.max(0, end - 4), end))) end = text.indexOf('\n', end + 1);
    if (end < 0) end = text.length;
    out.push([m.index, end]);
    re.lastIndex = end;
  }
  return out;
}

/** Passwords set in a `services:` block's containers (`POSTGRES_PASSWORD: x`, `- MYSQL_ROOT_PASSWORD=x`). */
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
      if (!m || !PASSWORD_SETTING.test(m[1]!)) continue;
      const value = unquote(m[2]!);
      if (value && !value.startsWith('$')) out.push(value);
    }
  }
  return out;
}

/** GitHub Actions jobs: each child of the top-level `jobs:` key, as [from, to) offsets. */
function githubJobs(text: string): [number, number][] {
  const jobs = /^jobs\s*:\s*(?:#.*)?$/m.exec(text);
  if (!jobs) return [];
  const spans: [number, number][] = [];
  const lineRe = /^( +)([\w-]+|"[^"]*"|'[^']*')\s*:/gm;
  lineRe.lastIndex = jobs.index + jobs[0].length;
  let indent = -1;
  let m: RegExpExecArray | null;
  let end = text.length;
  const rest = text.slice(jobs.index + jobs[0].length);
  const next = rest.search(/\n[^\s#]/);
  if (next >= 0) end = jobs.index + jobs[0].length + next + 1;
  while ((m = lineRe.exec(text)) !== null && m.index < end) {
    const depth = m[1]!.length;
    if (indent < 0) indent = depth;
    if (depth !== indent) continue;
    if (spans.length) spans[spans.length - 1]![1] = m.index;
    spans.push([m.index, end]);
  }
  return spans;
}

function unquote(raw: string): string {
  const v = raw.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}
