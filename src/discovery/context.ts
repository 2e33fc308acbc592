/**
 * Context: where a file lives in the life of a project (shipped code, a test, an example, docs …),
 * decided once per file from its path and, for templates and generated code, its first bytes.
 * Findings carry it, and the engine lowers severity where the risk is lower (see `context-policy`).
 */
import type { FindingContext } from '../core/types.js';
import { classify } from './classify.js';
import { dependencyStack } from './dependency-stack.js';
import { TEST_RUNNER } from './test-runner.js';

/** Folder names, any depth, and the context they put a file in. */
const FOLDERS: Record<string, FindingContext> = {};
function folders(context: FindingContext, names: string): void {
  for (const n of names.split(' ')) FOLDERS[n] = context;
}
folders('vendored', 'vendor vendors third_party third-party thirdparty node_modules site-packages bower_components .yarn jspm_packages');
// Not `autogen`: in agent repositories that folder is nearly always Microsoft's AutoGen (an integration,
// a provider, its samples), written by hand. Code generated there says so in its header.
folders('generated', 'generated __generated__ gen-src dist-types');
folders(
  'test',
  'test tests __tests__ __test__ spec specs testdata test-data test_data testfixtures fixtures fixture __fixtures__ ' +
    '__mocks__ mocks golden goldens testing e2e integration-tests integration_tests unittests unit_tests cypress __snapshots__ snapshots ' +
    'testground testgrounds',
);
folders('evaluation', 'eval evals evaluation evaluations benchmark benchmarks bench benches');
folders(
  'example',
  'example examples sample samples demo demos cookbook cookbooks tutorial tutorials quickstart quickstarts playground playgrounds ' +
    'notebooks showcase showcases recipes usecases use_cases use-cases sample-app sample-apps sample_app sample_apps example-app example-apps ' +
    'example_app example_apps demo-app demo-apps demo_app demo_apps',
);
folders('docs', 'docs doc documentation docs-site');
folders('local-dev', '.devcontainer devcontainer hack local-dev localdev dev-env kind minikube k3d');
/** A development image's folder among container builds (`containers/dev/`, `docker/local/`), not a deployed dev environment (`deploy/dev/`). */
const CONTAINER_DIRS = new Set(['docker', 'containers', 'container', 'dockerfiles']);
const DEV_DIRS = new Set(['dev', 'development', 'local']);
// HTTP interactions recorded from real services for replay in tests (VCR.py, pytest-recording, Polly.JS, go-vcr).
folders('recording', 'cassettes cassette vcr_cassettes vcr-cassettes __cassettes__ http_recordings');

/**
 * A repository's top-level `dev/` folder: what its developers run on their own machines (a local
 * cluster's add-ons, an identity provider to test against). Only at the root: `deploy/dev/` or
 * `overlays/dev/` is a deployed development environment, on infrastructure others share.
 */
const ROOT_DEV_DIRS = new Set(['dev', 'development']);

/** Compound test folders: `integration_tests`, `e2e-tests`, `test-utils`, `tests_unit` (not `latest`). */
const TEST_FOLDER = /^(?:[a-z0-9]+[-_])+tests?$|^tests?(?:[-_][a-z0-9]+)+$/;

/**
 * Test folders written as one word, `test` and what it holds for a test run: its helpers
 * (`testutils`, `testhelpers`, `testkit`, `testsupport`), the environment or servers it starts
 * (`testenv`, `testserver`, `testbox`: an image of mock services an end-to-end suite runs against,
 * `testbed`, `testharness`, `testproxy`) and its inputs (`testfixtures`, `testfiles`, `testresources`).
 * Only these words: a joined `test…` name may be what a product is about (`testsets` in an
 * evaluation tool's UI, `testimonials`).
 */
const JOINED_TEST_FOLDER =
  /^tests?(?:utils?|utilities|helpers?|support|kit|lib|libs|env|envs|environment|server|servers|box|bed|harness|infra|proxy|fixtures?|files|resources|scripts)$/;

/**
 * Folders that hold a project's integration tests when what they hold is the containers a test run
 * starts (`libs/sdk/integration/docker-compose.yml`); code in them may be a product's integration
 * with another service, so only compose files and Dockerfiles take the test context from them.
 */
const INTEGRATION_DIRS = new Set(['integration', 'it', 'functional']);
/** A Compose file: `compose.yaml`, `docker-compose.yml`, `compose.full.yaml`, `docker-compose.dev.local.yml`. */
export const COMPOSE_FILE = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i;

/**
 * A Compose file, by its name (`docker-compose.yml`, `compose.full.yaml`) or as the deploy rules read
 * one, a YAML file a Compose path holds (`deploy/compose/vectordb.yaml`, `docker_compose.yaml`,
 * `stack.compose.yml`).
 */
export function isComposeFile(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return COMPOSE_FILE.test(name) || (/\.ya?ml$/i.test(name) && /compose/i.test(relPath));
}

/** A Compose file named for tests (`int-test-deps-docker-compose.yml`, `test-compose.yml`): the containers a test run starts. */
const TEST_COMPOSE_FILE = /^(?:[\w-]*[-_.])?(?:tests?|e2e|it)[-_.][\w.-]*compose[\w.-]*\.ya?ml$/i;
/** Every container a Compose file names is a test's (`container_name: langgraphjs-postgres-test`). */
const TEST_CONTAINER = /^[ \t]+container_name:[ \t]*["']?[\w.-]*?(?:^|[-_.])tests?(?:[-_.][\w.-]*)?["']?[ \t]*$/;

/**
 * Code samples a documentation site pulls in (`fern/snippets/`, a Mintlify site's `snippets/`): examples
 * users copy, unless they sit in a docs folder, which keeps them docs.
 */
const SNIPPET_DIRS = new Set(['snippets', 'code-snippets', 'code_snippets']);

/** Compound example folders: `community_usecase`, `agent-examples`, `mcp_demos` (contributed use cases shipped beside the product). */
const EXAMPLE_FOLDER = /^(?:[a-z0-9]+[-_])+(?:examples?|demos?|use[-_]?cases?|samples?)$/;

/**
 * Compound docs folders named for their readers (`internal_docs`, `dev-docs`, `design-docs`,
 * `contributor-docs`): the maintainers' notes and vignettes. Only these words: `google_docs` or
 * `product_docs` may be a product's integration with a documents service, or the data it serves.
 */
const DOCS_FOLDER = /^(?:internal|dev|developer|developers|design|contributor|contributors|contributing|engineering|maintainer|maintainers)[-_]docs?$/;

/** Named benchmark harnesses: `agbench`, `swe-bench`, `tau_bench`, `llm-benchmarks` (not a `workbench`). */
const BENCH_FOLDER = /^(?!work)[a-z0-9]+[-_]?bench(?:marks?)?$/;

/** What one folder name says, the cheap tests first (most names are none of these). */
function folderContext(dir: string): FindingContext | undefined {
  const named = FOLDERS[dir];
  if (named) return named;
  if (dir.startsWith('test') && JOINED_TEST_FOLDER.test(dir)) return 'test';
  // The compound test and example names are joined by `-` or `_`.
  const compound = dir.includes('-') || dir.includes('_');
  if (compound && TEST_FOLDER.test(dir)) return 'test';
  if (dir.includes('bench') && BENCH_FOLDER.test(dir)) return 'evaluation';
  if (compound && EXAMPLE_FOLDER.test(dir)) return 'example';
  if (compound && DOCS_FOLDER.test(dir)) return 'docs';
  return undefined;
}

/**
 * The contexts a file's folders put it in (`dirs`: the path's folder names, lower case), worked out
 * once per folder: every file of a folder, and every rule asking about it, gets the same answer.
 * The memory is dropped when it grows large, so it stays bounded on any tree.
 */
const byFolder = new Map<string, readonly FindingContext[]>();
const FOLDER_MEMORY = 4096;
function folderContexts(dirs: string[]): readonly FindingContext[] {
  const key = dirs.join('/');
  let contexts = byFolder.get(key);
  if (contexts) return contexts;
  const found = new Set<FindingContext>();
  dirs.forEach((dir, i) => {
    const c = folderContext(dir);
    if (c) found.add(c);
    if (i > 0 && DEV_DIRS.has(dir) && CONTAINER_DIRS.has(dirs[i - 1]!)) found.add('local-dev');
    if (i === 0 && ROOT_DEV_DIRS.has(dir)) found.add('local-dev');
    // Helm and cookiecutter templates: a chart's templates folder, or a templated folder name.
    if (dir.includes('{{')) found.add('template');
  });
  if (!found.has('docs') && dirs.some((dir) => SNIPPET_DIRS.has(dir))) found.add('example');
  contexts = [...found];
  if (byFolder.size >= FOLDER_MEMORY) byFolder.clear();
  byFolder.set(key, contexts);
  return contexts;
}

/**
 * Every context the folders of `relPath` put it in, before precedence picks one: a vendored
 * project's own tests (`third_party/mbedtls/tests/data_files/`) are vendored and test.
 */
export function folderContextsOf(relPath: string): readonly FindingContext[] {
  return folderContexts(relPath.toLowerCase().split('/').slice(0, -1));
}

/**
 * Precedence when several folders or names apply: the first wins (a test inside docs is a test; a
 * recording inside tests is a recording: its traffic was real).
 */
const PRECEDENCE: FindingContext[] = ['vendored', 'generated', 'recording', 'test', 'evaluation', 'example', 'docs', 'template', 'local-dev'];

/** Whether a file in `context` stays there when a test module inside it would say test: a vendored, generated or recorded file. */
export function outranksTest(context: FindingContext): boolean {
  const rank = PRECEDENCE.indexOf(context);
  return rank >= 0 && rank < PRECEDENCE.indexOf('test');
}

/**
 * Key material and tokens whose own name says they are an example (`example1.key`, `sample-cert.pem`,
 * `demo_token.jwt`), as a folder so named would: published for readers to try, as a README beside
 * them usually says. Only such files: code named so (`run_example.py`) may be the product's own.
 */
export const EXAMPLE_MATERIAL_FILE = /^(?:[\w-]*[-_.])?(?:example|sample|demo)s?\d*(?:[-_.][\w.-]*)?\.(?:key|pem|crt|cer|der|p8|p12|pfx|jks|jwt|jwk|jwks|token|pub|csr)$/i;

/** File names (as written: Java's `FooTest.java` is told from `Latest.java` by case). */
const FILE_RULES: [RegExp, FindingContext][] = [
  // Generated code and lockfiles.
  [/(?:\.pb\.go|_pb2(?:_grpc)?\.pyi?|\.generated\.[a-z]+|\.gen\.[a-z]+|\.g\.dart|\.min\.js|\.min\.css)$/i, 'generated'],
  [/^(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|pdm\.lock|pipfile\.lock|cargo\.lock|go\.sum|composer\.lock|gemfile\.lock|bun\.lock)$/i, 'generated'],
  // Tests by name.
  [/(?:_test\.(?:go|py|rb|exs?)|\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?|^test_[^/]*\.py|^conftest\.py|_spec\.rb|\.snap|\.golden)$/i, 'test'],
  // Rust's test modules in files of their own: `tests.rs` (`#[cfg(test)] mod tests;`, or a `#[path]` to it),
  // `foo_tests.rs` and `foo_test.rs` beside `foo.rs`. Compiled only for `cargo test`, as a `_test.go` is only for `go test`.
  [/(?:^tests?|_tests?)\.rs$/i, 'test'],
  [/(?:Test|Tests|IT)\.(?:java|kt|cs|scala)$/, 'test'],
  // Compose files that only a test run or CI starts: throwaway databases and services under test.
  [/^(?:docker-)?compose[.-](?:tests?|testing|ci|e2e|integration|it|functional)(?:[.-][\w-]+)?\.ya?ml$/i, 'test'],
  // Dockerfiles named for tests or CI (`Dockerfile.test`, `ci.Dockerfile`).
  [/^(?:dockerfile[._-](?:tests?|testing|ci|e2e|integration)|(?:tests?|testing|ci|e2e|integration)\.dockerfile)$/i, 'test'],
  // Examples and samples by name.
  [/(?:\.(?:example|sample|dist)(?:\.[a-z0-9]+)?|^\.env\.(?:example|sample|template|dist)|\.ipynb)$/i, 'example'],
  // A configuration file named as an example by a joined word (`config_example.json`, `example-settings.yaml`): a data
  // file only, since code named so (`run_example.py`) may be the product's own.
  [/^(?:[\w.-]+[-_](?:example|sample)|(?:example|sample)[-_][\w.-]+)\.(?:json|jsonc|json5|ya?ml|toml)$/i, 'example'],
  [EXAMPLE_MATERIAL_FILE, 'example'],
  // A script named as a demo (`autogen_demo.py`, `mcp-demo.ts`, `demo.py`), not the product's own code. Only
  // `demo` as the whole name or its last word: `demo_mode.py` may be how the product runs a demo mode.
  [/^(?:[\w.-]+[-_])?demo\.(?:py|[cm]?[jt]sx?)$/i, 'example'],
  // Prose.
  [/\.(?:md|mdx|markdown|rst|adoc|asciidoc)$/i, 'docs'],
  // Templates by extension.
  [/\.(?:j2|jinja2?|tmpl|tpl|gotmpl|mustache|hbs|template)$/i, 'template'],
  // Dev-only compose files and Dockerfiles (`dev.Dockerfile`, `Dockerfile.local`), local clusters (a chart's
  // `values-minikube.yaml`, `values-kind.yaml`: the values it is installed with on a developer's cluster) and local env files.
  [
    /^(?:(?:docker-)?compose[.-](?:dev|development|local|override|debug)\.ya?ml|kind(?:-config)?\.ya?ml|minikube[^/]*\.ya?ml|values[-_.](?:minikube|kind|k3d|k3s|microk8s|local|dev|development)(?:[-_.][\w-]+)?\.ya?ml|tiltfile|skaffold\.ya?ml|\.env\.(?:local|dev|development|test)|devcontainer\.json|dockerfile[._-](?:dev|development|local|debug)|(?:dev|development|local|debug)\.dockerfile)$/i,
    'local-dev',
  ],
];

/** Go, Python and protobuf generators and most others say so in the first lines. */
const GENERATED_HEADER = /(?:code generated .{0,80}do not edit|@generated\b|auto-?generated (?:by|file|code)|this file (?:is|was) (?:automatically )?generated)/i;
/** Jinja/Go/Helm placeholders (`{{ .Values.x }}`, `{{ base_image }}`), not GitHub's `${{ … }}`. */
const TEMPLATE_MARKER = /(?<!\$)\{\{-?\s*[.\w$]|\{%-?\s*(?:if|for|set|include|block)\b/;
/**
 * HTTP interactions recorded for replay in tests, by the recorder's own file shape, wherever they sit
 * (a `recordings/` folder beside the package, a test's own folder): VCR.py, pytest-recording and
 * Ruby VCR cassettes (`interactions:` / `http_interactions:` whose first entry is a `request:`, YAML
 * or JSON), go-vcr (`version:` then `interactions:` of `- id:` / `request:`), Betamax, the Azure
 * SDK's test proxy (`"Entries": [{"RequestUri": …`), Polly.JS (a HAR `log` with its
 * `_recordingName`) and nock's recorder (`[{"scope": "https://…", "method": …`). A folder's name
 * alone says nothing: `recordings/` also holds audio, screen casts and docs about them.
 */
const RECORDED_HTTP = [
  /^(?:---[ \t]*\r?\n)?(?:#.*\r?\n)*(?:version:[ \t]*\d+[ \t]*\r?\n)?(?:http_)?interactions:[ \t]*\r?\n[ \t]*-[ \t]+(?:request:|id:[ \t]*\d+[ \t]*\r?\n[ \t]+request:)/,
  /^\s*\{\s*(?:"version"\s*:\s*\d+\s*,\s*)?"(?:http_)?interactions"\s*:\s*\[\s*\{\s*(?:"recorded_at"\s*:\s*"[^"]*"\s*,\s*)?"request"\s*:/,
  /^\s*\{\s*"Entries"\s*:\s*\[\s*\{\s*"RequestUri"\s*:/,
  /^\s*\{\s*"log"\s*:\s*\{\s*"_recordingName"\s*:/,
  /^\s*\[\s*\{\s*"scope"\s*:\s*"https?:\/\/[^"]*"\s*,\s*"method"\s*:/,
];
/** The files recorders write: YAML, JSON and HAR. */
const RECORDING_FILE = /\.(?:ya?ml|json|har)$/i;

/**
 * JavaScript a compiler or bundler wrote (`out/extension.js` from `src/extension.ts`, a `dist/`
 * bundle): the copy of source the repository also holds, or a library's build. Told by what the
 * tools write and people do not: tsc's CommonJS preamble (after `"use strict";` and any comments
 * it carries over, `Object.defineProperty(exports, "__esModule", { value: true });`), a bundler's
 * head (esbuild's helpers, `var __defProp = Object.defineProperty;`, followed by the comment that
 * opens each module it inlined, `// node_modules/zod/lib/index.mjs` or `// src/server.ts`; webpack's
 * bootstrap, whose lines start with six asterisks between slashes), or a last line pointing at the source map (`//# sourceMappingURL=extension.js.map`,
 * or the map inline).
 */
const TSC_COMMONJS_HEAD = /^(?:#!.*\n)?(?:\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*"use strict";\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/;
const SOURCE_MAP_TRAILER = /^\/\/[#@] sourceMappingURL=\S/;
const ESBUILD_HELPERS = /^(?:#!.*\n)?(?:\s*["']use strict["'];)?\s*var __(?:create|defProp|name|getOwnPropNames|commonJS|esm|require|toESM) = /;
const ESBUILD_MODULE = /\n\/\/ (?:node_modules|src|lib|packages)\/[^\s]+\.(?:[cm]?[jt]sx?|json)\n/;
const WEBPACK_BOOTSTRAP = /^(?:#!.*\n)?\s*\/\*{6}\/ /;
const SCRIPT_FILE = /\.[cm]?js$/i;

/** Whether `text` (a script's) is compiled output: tsc's preamble in `head`, or a source map named on its last line. */
function isCompiledScript(head: string, text: string): boolean {
  if (TSC_COMMONJS_HEAD.test(head) || WEBPACK_BOOTSTRAP.test(head)) return true;
  if (ESBUILD_HELPERS.test(head) && ESBUILD_MODULE.test(head)) return true;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  // Only the last line is read, from its start: an inline map makes it long, but nothing before it is scanned.
  const last = text.lastIndexOf('\n', end - 1) + 1;
  return SOURCE_MAP_TRAILER.test(text.slice(last, last + 24));
}

/** A kind cluster or a minikube profile is a local cluster whatever the file is called. */
const LOCAL_CLUSTER = /^apiVersion:\s*kind\.x-k8s\.io\//m;

const HEAD_BYTES = 2048;

/** A Compose file whose every named container is a test's, and that names at least one. */
function testContainersOnly(text: string): boolean {
  const names = text.split('\n').filter((l) => /^[ \t]+container_name:/.test(l));
  return names.length > 0 && names.every((l) => TEST_CONTAINER.test(l));
}

/** What a Compose file takes from the checkout: bind-mount sources (`- ./testdata/x.yml:/etc/x.yml`) and build contexts (`build: ./testdata/gitserver`). */
const CHECKOUT_SOURCE = /^[ \t]*(?:-[ \t]*|(?:build|context)[ \t]*:[ \t]*|source[ \t]*:[ \t]*)["']?(\.{1,2}\/[^\s:"']*)/gm;

/**
 * A Compose file whose every service that takes something from the checkout takes it from a test
 * folder (`./testdata/provisioning`, `./tests/fixtures/seed.sh`): the services a test run starts
 * and seeds, at least two such sources. One source elsewhere (`./certs`, `./data`) keeps its context.
 */
function mountsOnlyTestData(text: string): boolean {
  const body = text.length > COMPOSE_BYTES ? text.slice(0, COMPOSE_BYTES) : text;
  const sources = [...body.matchAll(CHECKOUT_SOURCE)].map((m) => m[1]!.toLowerCase().split('/').filter((p) => p && p !== '.' && p !== '..'));
  return sources.length >= 2 && sources.every((parts) => parts.some((dir) => folderContext(dir) === 'test'));
}

/**
 * The context of a file at `relPath` (root-relative, `/` separators). `text` is its content, when
 * known: only its first bytes are read, for generated headers and template markers.
 */
export function contextOf(relPath: string, text?: string): FindingContext {
  const parts = relPath.toLowerCase().split('/');
  const dirs = parts.slice(0, -1);
  const found = new Set(folderContexts(dirs));
  const fileName = relPath.slice(relPath.lastIndexOf('/') + 1);
  for (const [pattern, c] of FILE_RULES) if (pattern.test(fileName)) found.add(c);
  if (dirs.length && INTEGRATION_DIRS.has(dirs[dirs.length - 1]!) && (COMPOSE_FILE.test(fileName) || classify(fileName) === 'dockerfile')) found.add('test');
  if (TEST_COMPOSE_FILE.test(fileName)) found.add('test');
  if (text !== undefined) {
    const head = text.length > HEAD_BYTES ? text.slice(0, HEAD_BYTES) : text;
    if (GENERATED_HEADER.test(head)) found.add('generated');
    if (LOCAL_CLUSTER.test(head)) found.add('local-dev');
    if (RECORDING_FILE.test(fileName) && RECORDED_HTTP.some((shape) => shape.test(head))) found.add('recording');
    if (SCRIPT_FILE.test(fileName) && isCompiledScript(head, text)) found.add('generated');
    if (COMPOSE_FILE.test(fileName) && runsDevServerOnSource(text)) found.add('local-dev');
    if (COMPOSE_FILE.test(fileName) && dependencyStack(fileName, text, composeServiceBlocks(text.length > COMPOSE_BYTES ? text.slice(0, COMPOSE_BYTES) : text))) found.add('local-dev');
    if (COMPOSE_FILE.test(fileName) && (testContainersOnly(text) || mountsOnlyTestData(text) || runsOnlyTests(text))) found.add('test');
    if (!found.has('template') && isTemplated(parts, head)) found.add('template');
  }
  for (const c of PRECEDENCE) if (found.has(c)) return c;
  return 'production';
}

/** Helm chart templates and other placeholder-filled config: the values come later, from elsewhere. */
function isTemplated(parts: string[], head: string): boolean {
  if (!TEMPLATE_MARKER.test(head)) return false;
  // A GitHub workflow runs as written: `{{ … }}` in it is an action's own input template (a comment
  // format, an issue body), not a placeholder of the workflow itself.
  if (parts.length >= 3 && parts[parts.length - 2] === 'workflows' && parts[parts.length - 3] === '.github') return false;
  const name = parts[parts.length - 1]!;
  // Code that merely contains a template string (a prompt, a Jinja string in Python) is still code.
  return !/\.(?:py|[cm]?[jt]sx?|go|rs|java|rb)$/.test(name);
}

/** A dev server with live reload: a package script named dev (`npm run dev`, `pnpm docs:dev`), `next dev`, `nodemon`, `--reload`, `flask run`, `runserver`. */
const DEV_SERVER = /^\s*(?:command|entrypoint)\s*:.*(?:\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?[\w:-]*\bdev\b|\bnext\s+dev\b|\bnodemon\b|\s--reload\b|\bflask\s+run\b|\bmanage\.py\s+runserver\b)/m;
/** A bind mount of the checkout itself (`./client:/app`, `.:/usr/src/app`). */
const SOURCE_MOUNT = /^\s*-\s*["']?\.{1,2}(?:\/[\w.-]*)*:\/[\w./-]*\b(?:app|src|code|usr|workspace|srv|project)\b/m;
/** How much of a Compose file is read for its services. */
const COMPOSE_BYTES = 32768;

/**
 * A Compose file with a service that runs a dev server over the source mounted from the checkout
 * (`./client:/app` and `npm run dev`): it is run on a developer's machine, whatever it is called.
 */
function runsDevServerOnSource(text: string): boolean {
  const body = text.length > COMPOSE_BYTES ? text.slice(0, COMPOSE_BYTES) : text;
  if (!DEV_SERVER.test(body) || !SOURCE_MOUNT.test(body)) return false;
  return composeServiceBlocks(body).some((block) => DEV_SERVER.test(block) && SOURCE_MOUNT.test(block));
}

/**
 * A word every test runner's command holds, for a quick look before the services are read: not a
 * healthcheck's `test:` key nor `healthcheck` itself, which nearly every Compose file has. The
 * command is matched after its exec or list form is read as words (`["npm", "test"]`), so
 * `TEST_RUNNER` itself cannot be the look.
 */
const TEST_WORD = /test(?![ \t]*:(?:\s|$))|jest|mocha|\b[tn]ox\b|rspec|phpunit|\b(?:verify|check)\b/;

/**
 * A Compose file whose every service runs a test runner as its command (`command: pytest -q tests`,
 * `sh -c "npm test"`): a harness a developer or CI starts to run a suite, not a deployment. The
 * command is read with the lines of a block scalar or list below it.
 */
function runsOnlyTests(text: string): boolean {
  const body = text.length > COMPOSE_BYTES ? text.slice(0, COMPOSE_BYTES) : text;
  if (!TEST_WORD.test(body)) return false;
  const blocks = composeServiceBlocks(body);
  return blocks.length > 0 && blocks.every((block) => TEST_RUNNER.test(serviceCommand(block)));
}

/** A service's `command:`: its line and the more indented lines that continue it, as one line of words. */
function serviceCommand(block: string): string {
  const lines = block.split('\n');
  const at = lines.findIndex((l) => /^\s+command\s*:/.test(l));
  if (at < 0) return '';
  const depth = lines[at]!.length - lines[at]!.trimStart().length;
  const out = [lines[at]!.replace(/^\s+command\s*:/, '')];
  for (const line of lines.slice(at + 1)) {
    const indent = line.length - line.trimStart().length;
    // A line above the command's depth ends it, and one at its depth unless a list item (`command:` / `- pytest`).
    if (line.trim() && (indent < depth || (indent === depth && line[depth] !== '-'))) break;
    out.push(line);
  }
  // Exec and list forms (`["npm", "test"]`, `- python` / `- -m` / `- pytest`) read as the words they run.
  return out.map((l) => l.replace(/^\s*-\s/, ' ')).join(' ').replace(/["',[\]]/g, ' ').replace(/\s+/g, ' ');
}

/** The text of each service under a Compose file's top-level `services:`, by indentation. */
function composeServiceBlocks(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^services\s*:\s*(?:#.*)?$/.test(l));
  if (start < 0) return [];
  const blocks: string[][] = [];
  let indent = -1;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const depth = line.length - line.trimStart().length;
    if (depth === 0) break;
    if (indent < 0) indent = depth;
    if (depth === indent) blocks.push([line]);
    else blocks[blocks.length - 1]?.push(line);
  }
  return blocks.map((b) => b.join('\n'));
}
