/**
 * The fixture credential a CI step seeds into the database its job runs for itself: a GitHub step
 * (in a workflow or in one of the repository's own composite actions under `.github/actions/`)
 * whose `run:` works with a database container on the runner (`docker exec postgres psql …`,
 * `pg_isready`) and runs a seed (`make -C tests/integration seed`, `npm run db:seed`,
 * `go run seed.go`), with the value in its own `env:` under a name that says it is a test's
 * (`TESTS_API_KEY`, `E2E_ACCESS_TOKEN`, `SEED_ADMIN_TOKEN`). The seed writes that value into the
 * throwaway database as an accepted key, and the service under test, started on the runner, accepts
 * it for the length of the job: a test fixture, not a key any deployed service honours. Listed at info
 * for the inventory.
 *
 * Each of the three is needed: a provider's key under its usual name (`OPENAI_API_KEY`) given to
 * a seed step is the key the seed calls that provider with; a seed with no database on the runner
 * may write a shared environment's; and a test-named key in a step that seeds nothing is what the
 * tests call a real service with.
 */
import type { SourceFile } from '../../core/source.js';
import { parseYaml, yamlAt, yamlEntries, yamlItems, yamlScalar, yamlSpan, type YamlNode } from '../../parsers/yaml.js';
import type { SecretCandidate } from './analyzer.js';

/** A GitHub workflow, or a composite action of the repository's own (`.github/actions/start-services/action.yml`). */
const GITHUB_CI_FILE = /(?:^|\/)\.github\/(?:workflows\/[^/]+|actions\/(?:[^/]+\/)*action)\.ya?ml$/i;

/**
 * A seed run as a command: a make target (`make seed`, `make -C tests seed-db`), a package script
 * (`npm run seed`, `pnpm db:seed`), a framework's seed task (`rails db:seed`, `prisma db seed`,
 * `artisan db:seed`) or a seed program (`go run seed.go`, `python scripts/seed_data.py`). Not a
 * random seed (`--seed 42`, `SEED=1`).
 */
const SEED_COMMAND =
  /\bmake\b[^\n;&|]*?\s(?:[\w-]+[-_])?seed(?:[-_][\w-]+)?(?![\w=-])|\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:[\w-]+:)?[\w-]*seed[\w:-]*|\bdb:seed\b|\bdb\s+seed\b|(?:^|[\s/])(?:[\w-]+[-_])?seed(?:[-_][\w-]+)?\.(?:go|py|[cm]?[jt]s|rb|sh|sql)\b/im;

/** A database container on the runner the step works with: a `docker` command naming one, or its readiness check. */
const LOCAL_DATABASE =
  /\bdocker(?:-compose)?\b[^\n]*?\b(?:postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|redis|valkey|clickhouse|cockroach(?:db)?|mssql|supabase)\b|\bpg_isready\b|\bmysqladmin\s+ping\b|\b(?:localhost|127\.0\.0\.1):(?:5432|3306|27017|6379|26257|1433)\b/i;

/** A word of a variable's name that says the value is a test's: `TESTS_E2B_API_KEY`, `E2E_TOKEN`, `SEED_ADMIN_KEY`. */
// Not `CI` (`CI_DEPLOY_TOKEN` is the pipeline's own) nor `INTEGRATION` (a third-party integration's key).
const TEST_NAME_WORD = /^(?:tests?|testing|e2e|seed|seeded|fixtures?)$/i;

/** Whether a variable's name says its value is for a test run. */
export function isTestVariableName(name: string): boolean {
  return name.split(/[_.-]+|(?<=[a-z])(?=[A-Z])/).some((word) => TEST_NAME_WORD.test(word));
}

/** Marks at info the values of a GitHub CI file that a step seeds into the database on its runner (see above). */
export function markSeededFixtures(file: SourceFile, candidates: readonly SecretCandidate[]): void {
  if (!GITHUB_CI_FILE.test(file.relPath) || !SEED_COMMAND.test(file.text) || !LOCAL_DATABASE.test(file.text)) return;
  const open = candidates.filter((c) => !c.info);
  if (open.length === 0) return;
  const parsed = parseYaml(file);
  if (!parsed.ok) return;
  for (const step of parsed.doc.flatMap((d) => stepsOf(d.document.contents))) {
    const run = yamlScalar(yamlAt(step, ['run']));
    if (typeof run !== 'string' || !SEED_COMMAND.test(run) || !LOCAL_DATABASE.test(run)) continue;
    for (const [name, , value] of yamlEntries(yamlAt(step, ['env']))) {
      const span = yamlSpan(value);
      if (!span || !('start' in span) || !isTestVariableName(name)) continue;
      for (const c of open) {
        if (c.start >= span.start && c.start < span.end) {
          c.info = `the CI step that sets it (\`${name}\`) seeds the database it runs on the runner: a fixture key the seed writes for the service under test to accept during the job, not a credential a deployed service honours.`;
        }
      }
    }
  }
}

/** The steps of a workflow's jobs and of a composite action. */
function stepsOf(root: unknown): YamlNode[] {
  const jobs = yamlEntries(yamlAt(root, ['jobs'])).flatMap(([, , job]) => yamlItems(yamlAt(job, ['steps'])));
  return [...jobs, ...yamlItems(yamlAt(root, ['runs', 'steps']))];
}
