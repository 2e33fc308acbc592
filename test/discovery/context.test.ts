/** Context classification: where a file lives, from its path and its first bytes. */
import { describe, expect, it } from 'vitest';
import { contextOf, folderContextsOf } from '../../src/discovery/context.js';
import type { FindingContext } from '../../src/core/types.js';

const byPath: [string, FindingContext][] = [
  ['src/agent.py', 'production'],
  ['deploy/k8s/agent.yaml', 'production'],
  ['docker-compose.yml', 'production'],
  ['.github/workflows/release.yml', 'production'],
  ['tests/test_tools.py', 'test'],
  ['pkg/server/server_test.go', 'test'],
  ['src/tools/search.test.ts', 'test'],
  ['src/tools/search.spec.tsx', 'test'],
  ['libs/core/test_utils.py', 'test'],
  ['conftest.py', 'test'],
  ['environment_tests/docker-compose.yml', 'test'],
  ['packages/test-utils/keys.ts', 'test'],
  ['latest/config.yaml', 'production'],
  ['internal/testdata/golden.json', 'test'],
  ['e2e/__snapshots__/run.snap', 'test'],
  // A manual playground for trying the CLI by hand, which the test runner leaves out.
  ['packages/cli/testground/demo-basic/Dockerfile', 'test'],
  // Compose files named for the containers a test run starts; a name that only contains the letters is not one.
  ['int-test-deps-docker-compose.yml', 'test'],
  ['test-compose.yml', 'test'],
  ['latest-compose.yml', 'production'],
  ['src/main/java/org/acme/ClientTest.java', 'test'],
  // Rust's test modules in files of their own (`#[cfg(test)] mod tests;` in the parent), not a name that only ends in the letters.
  ['crates/gateway/src/http/auth/tests.rs', 'test'],
  ['crates/gateway/src/http/apikey_tests.rs', 'test'],
  ['crates/gateway/src/http/route_test.rs', 'test'],
  ['crates/gateway/src/http/latest.rs', 'production'],
  ['crates/gateway/src/contest.rs', 'production'],
  ['crates/gateway/src/tests_api.rs', 'production'],
  // Test folders written as one word: helpers and the mock services an end-to-end suite starts, even under a local-dev `hack/`.
  ['controller/hack/testbox/mock_idp.go', 'test'],
  ['controller/hack/testbox/Dockerfile', 'test'],
  ['pkg/testutils/jwt.go', 'test'],
  ['internal/testutil/db.go', 'test'],
  ['src/testhelpers/mockRemote.ts', 'test'],
  ['hack/certs/gen.sh', 'local-dev'],
  // …but not a joined name a product is about: an evaluation tool's test sets, a page of testimonials.
  ['web/src/features/testsets/TestsetTable.tsx', 'production'],
  ['web/src/components/testimonials/List.tsx', 'production'],
  ['src/testing_agent/run.py', 'production'],
  ['src/main/java/org/acme/Latest.java', 'production'],
  ['examples/quickstart/agent.py', 'example'],
  ['cookbook/notebook.ipynb', 'example'],
  ['community_usecase/Airbnb-MCP/mcp_servers_config.json', 'example'],
  ['packages/agent-examples/search/index.ts', 'example'],
  ['use_cases/triage/app.py', 'example'],
  ['packages/sample-app/sample_app/chat.py', 'example'],
  ['apps/demo-app/server.ts', 'example'],
  ['src/sample_apps_registry.py', 'production'],
  ['src/usecase/handler.py', 'production'],
  ['src/example_loader/loader.py', 'production'],
  ['.env.example', 'example'],
  // Key material and tokens whose own name says they are an example; not other keys, nor code so named.
  ['manifests/jwt/example1.key', 'example'],
  ['certs/sample-cert.pem', 'example'],
  ['auth/demo_token.jwt', 'example'],
  ['certs/server.example.key', 'example'],
  ['certs/server.key', 'production'],
  ['certs/resample.pem', 'production'],
  ['certs/counterexample.key', 'production'],
  ['config/settings.sample.yaml', 'example'],
  // Configuration named as an example by a joined word; code named so keeps its place.
  ['config_example.json', 'example'],
  ['deploy/example-settings.yaml', 'example'],
  ['mcp-servers-sample.toml', 'example'],
  ['src/run_example.py', 'production'],
  ['src/counterexample.json', 'production'],
  ['docs/setup.md', 'docs'],
  ['README.md', 'docs'],
  ['docs/snippets/client.py', 'docs'],
  // Compound docs folders named for their readers; a product's documents integration keeps its place.
  ['internal_docs/vignettes/postgresql_tls/docker-compose.yaml', 'docs'],
  ['dev-docs/architecture/runtime.ts', 'docs'],
  ['mcp_servers/google_docs/server.py', 'production'],
  ['src/dbt_mcp/product_docs/fetch.py', 'production'],
  ['fern/snippets/tool-router/agent.ts', 'example'],
  ['snippets/quickstart.py', 'example'],
  ['src/snippet/render.ts', 'production'],
  ['docs/examples/agent.py', 'example'],
  ['evals/harness.py', 'evaluation'],
  ['benchmarks/run.ts', 'evaluation'],
  ['python/packages/agbench/src/agbench/res/Dockerfile', 'evaluation'],
  ['swe-bench/harness.py', 'evaluation'],
  ['tau_bench/envs/retail.py', 'evaluation'],
  ['apps/workbench/server.py', 'production'],
  ['vendor/github.com/x/y/z.go', 'vendored'],
  ['third_party/lib/client.py', 'vendored'],
  ['api/v1/service.pb.go', 'generated'],
  ['proto/agent_pb2.py', 'generated'],
  ['package-lock.json', 'generated'],
  // A folder named for Microsoft's AutoGen holds an integration written by hand, not generated code.
  ['python/providers/autogen/composio_autogen/toolset.py', 'production'],
  // A script named as a demo shows the product; one about a demo mode is the product.
  ['python/providers/autogen/autogen_demo.py', 'example'],
  ['src/mcp-demo.ts', 'example'],
  ['src/demo_mode.py', 'production'],
  ['src/democracy.py', 'production'],
  ['integrations/autogen/src/tools.py', 'production'],
  ['tutorials/agents/autogen/agent.py', 'example'],
  ['charts/agent/templates/deployment.tpl', 'template'],
  ['{{cookiecutter.project}}/settings.py', 'template'],
  ['docker-compose.dev.yml', 'local-dev'],
  ['packages/postgres/docker-compose.test.yaml', 'test'],
  ['tests/cassettes/test_embedder.yaml', 'recording'],
  ['lib/tools/tests/cassettes/rag/test_search.yaml', 'recording'],
  ['spec/vcr_cassettes/login.yml', 'recording'],
  ['node_modules/pkg/test/cassettes/a.json', 'vendored'],
  ['compose.ci.yml', 'test'],
  ['docker-compose.e2e.yml', 'test'],
  ['docker-compose-integration.yaml', 'test'],
  ['docker-compose.test.postgres.yml', 'test'],
  ['docker-compose.prod.yml', 'production'],
  ['docker-compose.contest.yml', 'production'],
  ['compose.override.yaml', 'local-dev'],
  ['.devcontainer/devcontainer.json', 'local-dev'],
  ['.env.local', 'local-dev'],
  ['hack/kind-config.yaml', 'local-dev'],
  ['server/dev.Dockerfile', 'local-dev'],
  ['kind/manifests/ingress.yaml', 'local-dev'],
  ['minikube/deployment.yaml', 'local-dev'],
  ['containers/dev/compose.yml', 'local-dev'],
  ['docker/local/Dockerfile', 'local-dev'],
  ['deploy/dev/deployment.yaml', 'production'],
  ['k8s/overlays/dev/kustomization.yaml', 'production'],
  ['src/dev/server.ts', 'production'],
  // A repository's top-level dev folder: what its developers run locally (a dev cluster's storage driver, an identity provider).
  ['dev/config/csi-hostpath/driver.yaml', 'local-dev'],
  ['dev/config/keycloak/rbac.yaml', 'local-dev'],
  ['services/dev/deployment.yaml', 'production'],
  // A chart's values for a local cluster; its other values files ship.
  ['charts/agent/values-minikube.yaml', 'local-dev'],
  ['charts/agent/values.kind.yaml', 'local-dev'],
  ['charts/agent/values-prod.yaml', 'production'],
  ['charts/agent/values.yaml', 'production'],
  ['Dockerfile.dev', 'local-dev'],
  ['docker/Dockerfile.local', 'local-dev'],
  ['Dockerfile.test', 'test'],
  ['Dockerfile_test', 'test'],
  ['Dockerfile-dev', 'local-dev'],
  ['ci.Dockerfile', 'test'],
  ['server/Dockerfile', 'production'],
  ['Dockerfile.prod', 'production'],
  ['devtools.Dockerfile', 'production'],
  ['Dockerfile.developer-portal', 'production'],
  // The containers of a project's integration tests; code in an integration folder is a product's integration.
  ['libs/sdk-py/integration/docker-compose.yml', 'test'],
  ['libs/sdk-py/integration/Dockerfile', 'test'],
  ['services/it/compose.yaml', 'test'],
  ['src/integration/slack.ts', 'production'],
  ['integration/Dockerfile/notes.txt', 'production'],
  // A test inside docs is a test; vendored wins over everything.
  ['docs/tests/test_docs.py', 'test'],
  ['vendor/x/tests/a_test.go', 'vendored'],
];

describe('contextOf by path', () => {
  it.each(byPath)('%s → %s', (p, expected) => {
    expect(contextOf(p)).toBe(expected);
  });
});

describe('contextOf by content', () => {
  it("a Compose file whose every named container is a test's is test", () => {
    const compose = (name: string) => `services:\n  postgres:\n    image: postgres:16\n    container_name: ${name}\n    environment:\n      POSTGRES_DB: testdb\n`;
    expect(contextOf('libs/checkpoint/docker-compose.yml', compose('checkpoint-postgres-test'))).toBe('test');
    expect(contextOf('libs/checkpoint/docker-compose.yml', compose('checkpoint-postgres'))).toBe('production');
    expect(contextOf('libs/checkpoint/docker-compose.yml', 'services:\n  postgres:\n    image: postgres:16\n')).toBe('production');
  });

  it('a Compose file that takes from the checkout only test folders is test', () => {
    const compose = (second: string) =>
      `services:\n  grafana:\n    image: grafana/grafana:11\n    volumes:\n      - ./testdata/provisioning:/etc/grafana/provisioning\n  gitserver:\n    build: ./testdata/gitserver\n  search:\n    image: search:2\n    volumes:\n      - ${second}\n`;
    expect(contextOf('docker-compose.yaml', compose('./testdata/search-seed.sh:/seed.sh'))).toBe('test');
    expect(contextOf('docker-compose.yaml', compose('./tests/fixtures/seed.sh:/seed.sh'))).toBe('test');
    // One source outside a test folder: the file also runs what the project ships, or one mount alone is too little to tell.
    expect(contextOf('docker-compose.yaml', compose('./certs:/certs:ro'))).toBe('production');
    expect(contextOf('docker-compose.yaml', 'services:\n  app:\n    build: .\n    volumes:\n      - ./tests/loadtest:/mnt/locust:ro\n')).toBe('production');
  });

  it('a Compose file whose every service runs a test runner is test', () => {
    const runner = (command: string) =>
      `name: sandbox\nservices:\n  tests:\n    build: .\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    command: ${command}\n    environment:\n      CI: "1"\n`;
    expect(contextOf('sandbox/docker-compose.yml', runner('>\n      sh -lc "pytest -q tests/unit"'))).toBe('test');
    expect(contextOf('docker-compose.yml', runner('["npm", "test"]'))).toBe('test');
    expect(contextOf('docker-compose.yml', runner('go test ./...'))).toBe('test');
    expect(contextOf('docker-compose.yml', runner('\n      - python\n      - -m\n      - pytest'))).toBe('test');
    // A server, or a test runner beside a service that is not one: what the file runs is deployed too.
    expect(contextOf('docker-compose.yml', runner('uvicorn app:api --port 8000'))).toBe('production');
    expect(contextOf('docker-compose.yml', runner('python latest_tests_report.py'))).toBe('production');
    expect(contextOf('docker-compose.yml', `${runner('pytest')}  api:\n    build: .\n    command: gunicorn app:api\n`)).toBe('production');
    expect(contextOf('docker-compose.yml', `${runner('pytest')}  db:\n    image: postgres:16\n`)).toBe('production');
    // A healthcheck's `test:` runs no suite; `make` and `playwright test` do.
    expect(contextOf('docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n')).toBe('production');
    expect(contextOf('docker-compose.yml', runner('make unit-tests'))).toBe('test');
    expect(contextOf('docker-compose.yml', runner('npx playwright test --project=chromium'))).toBe('test');
  });

  it('a generated header makes any file generated', () => {
    expect(contextOf('internal/client/zz.go', '// Code generated by protoc-gen-go. DO NOT EDIT.\npackage client\n')).toBe('generated');
    expect(contextOf('src/schema.ts', '/* @generated */\nexport const x = 1;\n')).toBe('generated');
  });

  it('a Helm or Jinja placeholder makes config a template, but not code that holds a template string', () => {
    expect(contextOf('charts/agent/templates/deployment.yaml', 'apiVersion: apps/v1\nimage: {{ .Values.image }}\n')).toBe('template');
    expect(contextOf('docker/Dockerfile', 'FROM {{ base_image }}\n')).toBe('template');
    expect(contextOf('agent/prompts.py', 'PROMPT = "Hello {{ name }}"\n')).toBe('production');
  });

  it("GitHub's ${{ }} expressions are not template placeholders", () => {
    expect(contextOf('.github/workflows/ci.yml', 'env:\n  TOKEN: ${{ secrets.TOKEN }}\n')).toBe('production');
  });

  it("a workflow is not a template because an action's input holds its own {{ }} format", () => {
    const wf = 'on: issues\njobs:\n  run:\n    steps:\n      - uses: acme/find-duplicates@v1\n        with:\n          comment: "- [#{{ number }}] {{ title }}"\n';
    expect(contextOf('.github/workflows/duplicates.yml', wf)).toBe('production');
    expect(contextOf('deploy/values.yml', 'image: {{ .Values.image }}\n')).toBe('template');
  });

  it('a Compose file with a service running a dev server over the mounted source is local-dev whatever its name', () => {
    const compose = (command: string, volume: string) =>
      `# Run the website\nservices:\n  client:\n    build: ./client\n    ports:\n      - "5173:5173"\n    volumes:\n      - ${volume}\n    environment:\n      - NODE_ENV=development\n    command: ${command}\n  cache:\n    image: ghcr.io/acme/cache:latest\n`;
    expect(contextOf('website/compose.yml', compose('sh -c "npm i && npm run docs:dev -- --host"', './client:/app'))).toBe('local-dev');
    expect(contextOf('docker-compose.yml', compose('uvicorn app.main:app --host 0.0.0.0 --reload', '.:/usr/src/app'))).toBe('local-dev');
    // A built image started as it ships, or a dev server over no mounted source, or data mounted beside a server.
    expect(contextOf('docker-compose.yml', compose('node dist/server.js', './client:/app'))).toBe('production');
    expect(contextOf('docker-compose.yml', compose('npm run dev', 'node_modules:/app/node_modules'))).toBe('production');
    const split = 'services:\n  web:\n    image: ghcr.io/acme/web:1.2\n    command: npm run dev\n  db:\n    image: postgres:16\n    volumes:\n      - ./data:/srv/data\n';
    expect(contextOf('docker-compose.yml', split)).toBe('production');
  });

  it('a Compose file named as a dependency stack that runs only datastores is local-dev; with the app, or named for production, it is not', () => {
    const stores = 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: password\n    ports: ["5432:5432"]\n  authz:\n    image: authzed/spicedb:latest\n    ports: ["50051:50051"]\n  mail:\n    image: axllent/mailpit:v1.20\n';
    expect(contextOf('docker-compose.dbs.yml', stores)).toBe('local-dev');
    expect(contextOf('template/docker-compose.db.yml', stores)).toBe('local-dev');
    expect(contextOf('docker-compose.isolated.yml', stores)).toBe('local-dev');
    expect(contextOf('compose.local-deps.yaml', stores)).toBe('local-dev');
    // The application is in it (built here, or its own image), or the name says nothing of development, or says production.
    expect(contextOf('docker-compose.db.yml', `${stores}  api:\n    build: .\n`)).toBe('production');
    expect(contextOf('docker-compose.db.yml', `${stores}  api:\n    image: ghcr.io/acme/api:1.2\n`)).toBe('production');
    expect(contextOf('docker-compose.yml', stores)).toBe('production');
    expect(contextOf('docker-compose.prod-db.yml', stores)).toBe('production');
  });

  it('a kind cluster definition is local-dev whatever its name', () => {
    expect(contextOf('cluster.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n')).toBe('local-dev');
  });
});

describe('recorded HTTP sessions by content', () => {
  const vcr = 'interactions:\n- request:\n    body: null\n    method: GET\n    uri: https://storage.example.net/runs/1\n  response:\n    status:\n      code: 200\n';
  it.each([
    ['VCR.py YAML in a recordings folder', 'pkg/recordings/azure/test_download_run.yaml', vcr],
    ['VCR.py YAML with CRLF line ends and indented entries', 'tests/recordings/test_upload.yaml', 'interactions:\r\n  - request:\r\n      body: null\r\n'],
    ['Ruby VCR', 'spec/support/http/login.yml', '---\nhttp_interactions:\n- request:\n    method: post\n'],
    ['go-vcr v2', 'internal/client/fixtures2/list.yaml', '---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        proto: HTTP/1.1\n'],
    ['VCR.py JSON', 'tests/openai_recordings/chat.json', '{\n  "interactions": [\n    {\n      "request": {\n        "method": "POST"'],
    ['Betamax', 'tests/integration/betamax/list.json', '{"http_interactions": [{"recorded_at": "2030-01-01T00:00:00", "request": {"body": ""}}]}'],
    ['the Azure SDK test proxy', 'sdk/storage/recordings/test_blob.json', '{\n  "Entries": [\n    {\n      "RequestUri": "https://acct.blob.core.windows.net/c?restype=container",\n'],
    ['Polly.JS', 'test/__recordings__/api_1/recording.har', '{\n  "log": {\n    "_recordingName": "api/list",\n    "creator": {}\n'],
    ['nock', 'test/nock-records/list.json', '[\n  {\n    "scope": "https://api.acme.test:443",\n    "method": "GET",\n    "path": "/v1/runs"'],
  ])('%s is a recording', (_name, path, text) => {
    expect(contextOf(path, text)).toBe('recording');
  });

  it('is not a recording for the folder name alone, nor for another list of interactions', () => {
    // Audio, screen casts and the docs about them live in recordings folders too.
    expect(contextOf('src/app/recordings/index.md', '# Screen recordings\n')).toBe('docs');
    expect(contextOf('src/app/recordings/settings.yaml', 'format: wav\nsample_rate: 16000\n')).toBe('production');
    expect(contextOf('src/app/recordings/session.json', '{"interactions": [{"message": "hello", "role": "user"}]}')).toBe('production');
    expect(contextOf('agent/conversations/chat.yaml', 'interactions:\n- message: What can you do?\n  role: USER\n')).toBe('production');
    // The shape in code is a test's own string, not a recording.
    expect(contextOf('src/replay.py', vcr)).toBe('production');
  });
});

describe('compiled JavaScript by content', () => {
  const esm = "import express from 'express';\nexport const start = () => express().listen(8080);\n";
  it('a script whose last line names its source map is generated, the map in a file or inline', () => {
    expect(contextOf('servers/vscode/out/extension.js', `${esm}//# sourceMappingURL=extension.js.map\n`)).toBe('generated');
    expect(contextOf('dist/index.mjs', `${esm}//# sourceMappingURL=data:application/json;base64,${'eyJ2ZXJzaW9uIjozfQ'.repeat(400)}`)).toBe('generated');
  });

  it("tsc's CommonJS preamble makes a script generated, after a license comment too", () => {
    const cjs = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.start = void 0;\n';
    expect(contextOf('lib/server.js', cjs)).toBe('generated');
    expect(contextOf('lib/server.js', `/*\n * Copyright Acme\n */\n${cjs}`)).toBe('generated');
    expect(contextOf('lib/server.js', `#!/usr/bin/env node\n"use strict";\n// Entry point\nObject.defineProperty(exports, "__esModule", { value: true });\n`)).toBe('generated');
  });

  it("a bundler's output is generated: esbuild's helpers and the comment opening a module it inlined, webpack's bootstrap", () => {
    const esbuild = '#!/usr/bin/env node\nvar __defProp = Object.defineProperty;\nvar __name = (target, value) => __defProp(target, "name", { value, configurable: true });\n\n';
    expect(contextOf('test-standalone.js', `${esbuild}// node_modules/zod/lib/index.mjs\nvar util;\n`)).toBe('generated');
    expect(contextOf('cli.js', `${esbuild}// src/server.ts\nimport { spawn } from "node:child_process";\n`)).toBe('generated');
    expect(contextOf('main.js', '/******/ (() => { // webpackBootstrap\n/******/ \tvar __webpack_modules__ = ({\n')).toBe('generated');
  });

  it('hand-written scripts, and a source map named anywhere but the last line, are not', () => {
    // esbuild's helper names written by hand, with no module it inlined; a module comment with no helpers.
    expect(contextOf('polyfill.js', 'var __defProp = Object.defineProperty;\nexport const define = __defProp;\n')).toBe('production');
    expect(contextOf('server.js', `// src/server.ts\n${esm}`)).toBe('production');
    expect(contextOf('out/extension.js', esm)).toBe('production');
    expect(contextOf('server.js', '"use strict";\nconst http = require("http");\nmodule.exports = http.createServer();\n')).toBe('production');
    expect(contextOf('scripts/maps.js', `// keeps //# sourceMappingURL= comments when copying\n${esm}`)).toBe('production');
    expect(contextOf('src/extension.ts', `${esm}//# sourceMappingURL=extension.js.map\n`)).toBe('production');
  });
});

describe('folderContextsOf: every context the folders name, before precedence', () => {
  it("says vendored and test for a vendored project's own tests, and only vendored beside them", () => {
    expect([...folderContextsOf('third_party/tlslib/tests/data_files/server2.key')].sort()).toEqual(['test', 'vendored']);
    expect(contextOf('third_party/tlslib/tests/data_files/server2.key')).toBe('vendored');
    expect(folderContextsOf('third_party/tlslib/library/ssl.c')).toEqual(['vendored']);
    expect(folderContextsOf('src/agent.py')).toEqual([]);
  });
});
