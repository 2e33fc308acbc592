/**
 * Release workflows that publish with a long-lived registry token kept in repository secrets, where
 * the registry offers trusted publishing: PyPI, npm, crates.io and RubyGems accept the job's OIDC
 * token and issue a credential that expires with it.
 */
import type { Span } from '../../../core/rule.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import { packageFiles, scriptsRunBy, type PackageFiles, type ScriptRun } from '../package-scripts.js';
import { makefilesOf, makeTargetsRunBy, type Makefiles } from '../make-targets.js';
import { deployRule } from '../rule.js';
import { actionName, jobSpan, stepSpan, workingDirectory } from './workflow-util.js';
import { inlineToken, JOB_TOKEN, nugetKey, PREPARE, PUBLISH, SECRET_REF, uploadingStatements, variableSecret, type Registry } from './registry-commands.js';

const ID = 'deploy/ci-registry-token';

const NAME: Record<Registry, string> = { pypi: 'PyPI', npm: 'npm', crates: 'crates.io', rubygems: 'RubyGems', nuget: 'NuGet.org', ghcr: 'GitHub Container Registry' };
const FIX: Record<Registry, string> = {
  pypi: 'Configure a trusted publisher for this repository and workflow on PyPI, grant the job `id-token: write`, drop `password:` from pypa/gh-action-pypi-publish (or `uv publish --trusted-publishing always`), and revoke the API token.',
  npm: 'Configure trusted publishing for the package on npmjs.com, grant the job `id-token: write`, publish with npm 11.5 or later without NODE_AUTH_TOKEN, and revoke the automation token.',
  crates: 'Configure trusted publishing for the crate on crates.io, grant the job `id-token: write`, get a short-lived token from rust-lang/crates-io-auth-action, and revoke the API token.',
  rubygems: 'Configure a trusted publisher on rubygems.org, grant the job `id-token: write`, publish with rubygems/release-gem or rubygems/configure-rubygems-credentials, and revoke the API key.',
  nuget: 'Add a trusted publishing policy for this repository and workflow on nuget.org, grant the job `id-token: write`, get a short-lived API key from NuGet/login and pass it to `dotnet nuget push`, and revoke the API key.',
  ghcr: 'Log in with the job\'s own token (`password: ${{ secrets.GITHUB_TOKEN }}`, `username: ${{ github.actor }}`), grant the job `packages: write`, and revoke the personal access token.',
};

/** Variables that hand a publishing command its token. */
const TOKEN_ENV: [RegExp, Registry][] = [
  [/^(?:TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_\w+|POETRY_HTTP_BASIC_PYPI_PASSWORD|FLIT_PASSWORD|HATCH_INDEX_AUTH|PDM_PUBLISH_PASSWORD|PYPI_(?:API_)?TOKEN|PYPI_PASSWORD)$/, 'pypi'],
  [/^(?:NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|NPM_CONFIG__AUTH|NPM_CONFIG_TOKEN)$/, 'npm'],
  [/^CARGO_REGISTRY_TOKEN$|^CARGO_REGISTRIES_CRATES_IO_TOKEN$/, 'crates'],
  [/^GEM_HOST_API_KEY$|^RUBYGEMS_API_KEY$/, 'rubygems'],
];

/**
 * semantic-release publishes wherever its plugins do (`semantic-release-pypi` uploads to PyPI with
 * `PYPI_TOKEN`): a plugin installed on the command line (`npx -p semantic-release-pypi semantic-release`)
 * or handed to the semantic-release action (`extra_plugins:`) makes the job publish there.
 */
const RELEASE_PLUGINS: [RegExp, Registry][] = [
  [/(?:^|[\s'"@/])semantic-release-pypi\b/, 'pypi'],
  [/(?:^|[\s'"@/])semantic-release-(?:cargo|rust)\b/, 'crates'],
  [/(?:^|[\s'"@/])semantic-release-rubygem\b/, 'rubygems'],
];

/** Publishing actions and the input that takes the token. */
export const PUBLISH_ACTIONS: [RegExp, Registry, string[]][] = [
  [/^pypa\/gh-action-pypi-publish$/, 'pypi', ['password']],
  [/^js-devtools\/npm-publish$/, 'npm', ['token']],
  [/^changesets\/action$/, 'npm', []],
  [/^katyo\/publish-crates$/, 'crates', ['registry-token']],
  [/^cycjimmy\/semantic-release-action$/, 'npm', []],
  [/^docker\/login-action$|^redhat-actions\/podman-login$/, 'ghcr', ['password']],
  [/^docker\/build-push-action$/, 'ghcr', []],
];

/** The login step is for GitHub's registry (`registry: ghcr.io`): the job's own GITHUB_TOKEN can push there. */
const GHCR = /^(?:https?:\/\/)?ghcr\.io(?:\/|$)/i;

export const ciRegistryToken = deployRule({
  meta: {
    id: ID,
    title: 'Release publishes with a long-lived registry token',
    category: 'credential.long-lived',
    severity: 'medium',
    confidence: 'high',
    description:
      'A workflow publishes to PyPI, npm, crates.io, RubyGems or NuGet.org with an API token stored in repository secrets (directly, through a package script or a Makefile target, or through semantic-release and its registry plugin). The token never expires, works from anywhere ' +
      'and can publish any version; a compromised step, action or log of the release job leaks it. These registries offer trusted publishing: the job\'s OIDC ' +
      'token is exchanged for a credential that expires with the job and is bound to this repository and workflow. The same holds for images pushed to ' +
      'GitHub\'s container registry (ghcr.io) with a stored personal access token: the job\'s own GITHUB_TOKEN, granted `packages: write`, pushes there and ' +
      'expires with the job. A token whose every upload goes to TestPyPI (test.pypi.org, `--repository testpypi`) is low: it cannot publish a release to PyPI. ' +
      'A job given the token that only prepares a release (`release-plz release-pr`) is reported too, as what it is: the token is exposed there without being needed.',
    remediation: `${FIX.pypi} ${FIX.npm}`,
    examples: {
      positive: [
        {
          path: '.github/workflows/release.yml',
          code: 'on: release\npermissions: {contents: read}\njobs:\n  pypi:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m build\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.PYPI_TOKEN }}\n',
        },
        // A fallback chain of secrets is still a stored token.
        {
          path: '.github/workflows/pypi-release.yml',
          code: 'on: workflow_dispatch\npermissions: {contents: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      UV_PUBLISH_USERNAME: __token__\n      UV_PUBLISH_PASSWORD: ${{ secrets.PYPI_TOKEN || secrets.PYPI_API_TOKEN }}\n    steps:\n      - run: |\n          uv build\n          uv publish --check-url https://pypi.org/simple/\n',
        },
        {
          path: '.github/workflows/publish.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  npm:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish --access public\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
        },
        {
          path: '.github/workflows/npm.yml',
          code: 'on: release\npermissions: {contents: read, id-token: write}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > ~/.npmrc\n          pnpm publish -r\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
        },
        // A dry run first, then the real upload: the second statement publishes.
        {
          path: '.github/workflows/npm-release.yml',
          code: 'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    env:\n      NPM_CONFIG_TOKEN: ${{ secrets.NPM_TOKEN }}\n    steps:\n      - run: bun publish --dry-run && bun publish\n',
        },
        {
          path: '.github/workflows/release.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  crate:\n    runs-on: ubuntu-latest\n    env:\n      CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES_TOKEN }}\n    steps:\n      - run: cargo publish\n',
        },
        // Reported low: every upload goes to TestPyPI, the sandbox index (see test/deploy/ci-registry-token.test.ts).
        {
          path: '.github/workflows/preview.yml',
          code: 'on: pull_request\npermissions: {contents: read}\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv publish --publish-url https://test.pypi.org/legacy/ dist/*\n        env:\n          UV_PUBLISH_TOKEN: ${{ secrets.TEST_PYPI_TOKEN }}\n',
        },
        // semantic-release with its PyPI plugin uploads with the stored token, though the job could use trusted publishing.
        {
          path: '.github/workflows/release.yml',
          code: 'on: push\npermissions: {contents: write, id-token: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: cycjimmy/semantic-release-action@v4\n        with:\n          extra_plugins: |\n            semantic-release-pypi@3\n            @semantic-release/git\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n',
        },
        // Images pushed to ghcr.io with a personal access token where the job's own token would do.
        {
          path: '.github/workflows/images.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ secrets.REGISTRY_USER }}\n          password: ${{ secrets.REGISTRY_PAT }}\n      - run: docker buildx build --push -t ghcr.io/acme/agent:latest .\n',
        },
        {
          path: '.github/workflows/push.yml',
          code: 'on: release\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo ${{ secrets.CR_PAT }} | docker login ghcr.io -u acme-bot --password-stdin\n          docker push ghcr.io/acme/agent:1.2.0\n',
        },
        // `cargo login` with the token on its command line, then the upload.
        {
          path: '.github/workflows/release.yml',
          code: 'on:\n  push:\n    tags: [\'v*\']\npermissions: {contents: read}\njobs:\n  crate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo login ${{ secrets.CRATES_TOKEN }}\n      - run: cargo publish -p agent-core\n',
        },
        // A NuGet.org push with a stored API key (NuGet.org offers trusted publishing through NuGet/login).
        {
          path: '.github/workflows/release.yml',
          code: 'on: release\npermissions: {}\njobs:\n  nuget:\n    runs-on: ubuntu-latest\n    steps:\n      - run: dotnet nuget push\n          packages/*.nupkg\n          --source https://api.nuget.org/v3/index.json\n          --api-key ${{ secrets.NUGET_KEY }}\n',
        },
        // A job that only opens the release pull request, given the publishing token all the same (reported as exposed, not as publishing).
        {
          path: '.github/workflows/release-pr.yml',
          code: 'on:\n  push:\n    branches: [main]\npermissions: {contents: write, pull-requests: write}\njobs:\n  pr:\n    runs-on: ubuntu-latest\n    steps:\n      - run: release-plz release-pr\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n',
        },
        // The token is written to .npmrc by a step of its own; a later step builds, another publishes one package of the workspace.
        {
          path: '.github/workflows/release.yml',
          code: "on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo \"//registry.npmjs.org/:_authToken=${{ secrets.NPM_TOKEN }}\" > .npmrc\n      - run: pnpm build\n      - run: pnpm --filter @acme/agent-core publish --access public --no-git-checks\n",
        },
        // The upload is in a Makefile target the step makes, and the token is set for the whole workflow: every step receives it.
        {
          path: '.github/workflows/release.yml',
          code: "on:\n  push:\n    tags: ['*']\nenv:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\npermissions: {contents: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: softprops/action-gh-release@v2\n      - run: make npm-publish\n",
          with: { Makefile: 'npm-publish: build\n\tcd npm && echo "//registry.npmjs.org/:_authToken=$(NPM_TOKEN)" > .npmrc && npm publish\nbuild:\n\tgo build ./...\n' },
        },
      ],
      negative: [
        // A Makefile target that only builds: the token beside it may only install private packages.
        {
          path: '.github/workflows/build.yml',
          code: 'on: push\nenv:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make -C npm build\n',
          with: { 'npm/Makefile': 'build:\n\tnpm ci && npm run build\n' },
        },
        // A push to a private NuGet feed, which offers no trusted publishing; a crates.io login whose job only checks the package.
        {
          path: '.github/workflows/packages.yml',
          code: 'on: push\npermissions: {packages: write}\njobs:\n  feed:\n    runs-on: ubuntu-latest\n    steps:\n      - run: dotnet nuget push "out/*.nupkg" --source https://nuget.pkg.github.com/acme/index.json --api-key ${{ secrets.FEED_TOKEN }}\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cargo login ${{ secrets.CRATES_TOKEN }}\n          cargo publish --dry-run\n',
        },
        // semantic-release without a PyPI plugin publishes no Python package: a PyPI token beside it uploads nothing.
        {
          path: '.github/workflows/release.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: cycjimmy/semantic-release-action@v4\n        with:\n          extra_plugins: |\n            @semantic-release/git\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n',
        },
        // The job's own token, and a registry without trusted publishing; a login that only pulls.
        {
          path: '.github/workflows/images.yml',
          code: 'on: push\npermissions: {contents: read, packages: write}\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n      - uses: docker/login-action@v3\n        with:\n          username: ${{ secrets.DOCKERHUB_USER }}\n          password: ${{ secrets.DOCKERHUB_TOKEN }}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/agent:latest\n',
        },
        {
          path: '.github/workflows/test.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: acme-bot\n          password: ${{ secrets.PULL_PAT }}\n      - run: docker compose pull && docker compose run tests\n',
        },
        {
          path: '.github/workflows/release.yml',
          code: 'on: release\npermissions: {contents: read, id-token: write}\njobs:\n  pypi:\n    runs-on: ubuntu-latest\n    environment: pypi\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n',
        },
        // Publish commands told only to check upload nothing, whatever token sits beside them.
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  pack:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bun publish --dry-run\n        env:\n          NPM_CONFIG_TOKEN: ${{ secrets.NPM_TOKEN }}\n      - run: |\n          cargo publish --dry-run\n          cargo release patch\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES_TOKEN }}\n      - run: poetry publish --dry-run --build\n        env:\n          POETRY_PYPI_TOKEN_PYPI: ${{ secrets.PYPI_TOKEN }}\n',
        },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_READ_TOKEN }}\n',
        },
        // A token written to .npmrc to install private packages, in a job that publishes nothing.
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "//registry.npmjs.org/:_authToken=${{ secrets.NPM_READ_TOKEN }}" > .npmrc\n      - run: pnpm install && pnpm --filter @acme/agent-core test\n',
        },
      ],
    },
  },
  workflow(wf, dc) {
    const dependsOn = (p: string, h: string) => dc.ctx.dependsOn?.(p, h);
    for (const job of wf.jobs) {
      // Each step's commands with the check-only ones (`--dry-run`) blanked, worked out once.
      const runs = job.steps.map((s) => uploadingStatements(s.run ?? ''));
      const jobText = runs.join('\n');
      let scripts: ScriptRun[] | undefined;
      let plugins: Set<Registry> | undefined;
      const direct = (r: Registry): boolean =>
        PUBLISH[r].test(jobText) ||
        job.steps.some((s) => s.uses && PUBLISH_ACTIONS.some(([re, reg]) => reg === r && re.test(actionName(s.uses!)) && publishesWith(reg, s))) ||
        (plugins ??= releasePlugins(job, jobText)).has(r);
      // The upload may be in a package script the job runs (`pnpm run publish` → `poetry publish` in python/package.json).
      const viaScript = (r: Registry): ScriptRun | undefined =>
        (scripts ??= jobScripts(job, wf, packageFiles(dc.file, dependsOn), makefilesOf(dc.file, dependsOn)).map((x) => ({ ...x, command: uploadingStatements(x.command) }))).find((x) =>
          PUBLISH[r].test(x.command),
        );
      const publishes = (r: Registry): boolean => direct(r) || !!viaScript(r);
      const through = (r: Registry): string => {
        const script = direct(r) ? undefined : viaScript(r);
        return script ? ` (through the ${/package\.json$/.test(script.file) ? 'script' : 'target'} "${script.name}" of ${script.file})` : '';
      };
      const seen = new Set<Registry>();
      let sandbox: boolean | undefined;
      // `prepared`: the command the job gives the token to, when it only prepares a release and publishes nothing.
      const report = (registry: Registry, secret: string, where: string, span: Span | undefined, note = '', prepared?: string): void => {
        if (seen.has(registry)) return;
        seen.add(registry);
        // A token that only uploads to TestPyPI can publish nothing anyone installs by default.
        const test = registry === 'pypi' && (sandbox ??= testPyPIOnly(job, wf, runs));
        dc.report({
          ...(test ? { severity: 'low' as const } : {}),
          ruleId: ID,
          span,
          key: `job:${job.id}/${registry}`,
          evidence: `${where}: secrets.${secret}`,
          message: prepared
            ? `Job "${job.id}" is given a stored ${NAME[registry]} token (${where} = secrets.${secret}) though it publishes nothing: \`${prepared}\` only prepares the release. ` +
              `Every step of the job can read the long-lived token it does not need; keep it out of this job, and publish with trusted publishing.${note}`
            : `Job "${job.id}" publishes to ${test ? 'TestPyPI' : NAME[registry]}${through(registry)} with a stored token (${where} = secrets.${secret}) instead of ${registry === 'ghcr' ? "the job's own GITHUB_TOKEN" : 'trusted publishing'}.${test ? ' Low: every upload of the job goes to TestPyPI (test.pypi.org), the sandbox index, so the token cannot publish a release to PyPI.' : ''}${note}`,
          remediation: FIX[registry],
        });
      };
      const prepares = (r: Registry): string | undefined => PREPARE[r]?.exec(jobText)?.[0].replace(/\s+/g, ' ');
      const fromEnv = (env: unknown, span: Span | undefined, note = ''): void => {
        if (!env || typeof env !== 'object') return;
        for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
          const registry = TOKEN_ENV.find(([re]) => re.test(name.toUpperCase()))?.[1];
          const secret = typeof value === 'string' ? SECRET_REF.exec(value)?.[1] : undefined;
          if (!registry || !secret) continue;
          if (publishes(registry)) report(registry, secret, name, span, note);
          else {
            const prepared = prepares(registry);
            if (prepared) report(registry, secret, name, span, note, prepared);
          }
        }
      };
      // A token written to .npmrc by a step that does not publish stays on disk for every later step: builds and install scripts read it too.
      const stored = (i: number, registry: Registry, where: string): string =>
        where === '.npmrc _authToken' && !PUBLISH[registry].test(runs[i]!) && job.steps.slice(i + 1).some((s, j) => s.run !== undefined && !PUBLISH[registry].test(runs[i + 1 + j]!))
          ? ' It is written to .npmrc by a step of its own, so every later step of the job (builds and the install scripts they run included) can read it.'
          : '';
      job.steps.forEach((step, i) => {
        const span = stepSpan(dc, step);
        publishAction(step, (registry, input, secret) => (registry !== 'ghcr' || publishes('ghcr')) && report(registry, secret, input, span));
        fromEnv(step.env, span);
        const inline = step.run ? (inlineToken(runs[i]!) ?? nugetKey(runs[i]!, (name) => variableSecret(name, [step.env, job.value.env, wf.value.env]))) : undefined;
        // A login (`cargo login`, `docker login`, a token written to .npmrc) only stores the token: the job must also publish there.
        if (inline && (!inline.login || publishes(inline.registry))) report(inline.registry, inline.secret, inline.where, span, stored(i, inline.registry, inline.where));
        // `echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc`, the variable set from a secret.
        const viaVar = step.run ? /\/\/registry\.npmjs\.org\/:_authToken=["']?\$\{?([A-Za-z_]\w*)/.exec(step.run)?.[1] : undefined;
        if (viaVar && publishes('npm')) {
          const secret = variableSecret(viaVar, [step.env, job.value.env, wf.value.env]);
          if (secret) report('npm', secret, '.npmrc _authToken', span, stored(i, 'npm', '.npmrc _authToken'));
        }
      });
      fromEnv(job.value.env, jobSpan(dc, job));
      // Set for the whole workflow, the token reaches every step of every job: third-party actions, and the install scripts of what they install.
      fromEnv(wf.value.env, jobSpan(dc, job), ` It is set in the workflow's env:, so every step of every job receives it, third-party actions and the install scripts of the packages steps install included; give it to the step that publishes alone.`);
    }
  },
});

/**
 * The package scripts and Makefile targets the job's commands run: its `run:` steps, and the
 * commands changesets/action is given (`publish: pnpm run publish`), each in its working directory.
 */
function jobScripts(job: WorkflowJob, wf: Workflow, packages: PackageFiles | undefined, makefiles: Makefiles | undefined): ScriptRun[] {
  const out: ScriptRun[] = [];
  for (const step of job.steps) {
    if (step.run) out.push(...scriptsRunBy(packages, step.run, workingDirectory(wf, step) ?? ''), ...makeTargetsRunBy(makefiles, step.run, workingDirectory(wf, step) ?? ''));
    if (step.uses && /^changesets\/action$/.test(actionName(step.uses))) {
      const cwd = typeof step.with.cwd === 'string' ? step.with.cwd : '';
      for (const input of ['publish', 'version']) {
        const command = step.with[input];
        if (typeof command === 'string') out.push(...scriptsRunBy(packages, command, cwd));
      }
    }
  }
  return out;
}

function publishAction(step: WorkflowStep, found: (registry: Registry, input: string, secret: string) => void): void {
  if (!step.uses) return;
  const name = actionName(step.uses);
  for (const [re, registry, inputs] of PUBLISH_ACTIONS) {
    if (!re.test(name)) continue;
    if (registry === 'ghcr' && !(typeof step.with.registry === 'string' && GHCR.test(step.with.registry.trim()))) continue;
    for (const input of inputs) {
      const v = step.with[input];
      const secret = typeof v === 'string' ? SECRET_REF.exec(v)?.[1] : undefined;
      if (secret && JOB_TOKEN.test(secret)) continue;
      // The PyPI action's `password` is also how a private index is reached (its `repository-url`), where trusted publishing does not apply; TestPyPI offers it (and is rated low).
      const index = registry === 'pypi' ? repositoryUrl(step) : undefined;
      if (secret && !(index !== undefined && !/\bpypi\.org\//.test(index))) {
        found(registry, input, secret);
      }
    }
  }
}

/** The index a PyPI publishing action uploads to, when it names one. */
function repositoryUrl(step: WorkflowStep): string | undefined {
  const url = step.with['repository-url'] ?? step.with.repository_url;
  return typeof url === 'string' ? url : undefined;
}

/** An upload aimed at TestPyPI: its URL, or the `testpypi` repository name twine, poetry and uv know it by. */
const TEST_PYPI = /test\.pypi\.org|(?:--repository|-r|--index|--publish-url|--repository-url)[=\s]+["']?testpypi\b/;
/** Variables that tell a publishing tool which index to upload to. */
const INDEX_ENV = /^(?:UV_PUBLISH_URL|UV_PUBLISH_INDEX|TWINE_REPOSITORY_URL|TWINE_REPOSITORY|HATCH_INDEX_REPO|PDM_PUBLISH_REPO|FLIT_INDEX_URL)$/;

/**
 * Whether every upload to a Python index the job makes goes to TestPyPI: each publishing command
 * (continuation lines joined) names it, or the index variable of its step, job or workflow does; each
 * pypa/gh-action-pypi-publish step's `repository-url` is TestPyPI's. False when it publishes through
 * a package script or not at all.
 */
function testPyPIOnly(job: WorkflowJob, wf: Workflow, runs: string[]): boolean {
  const toTest = (env: unknown): boolean =>
    !!env && typeof env === 'object' && Object.entries(env as Record<string, unknown>).some(([k, v]) => INDEX_ENV.test(k.toUpperCase()) && typeof v === 'string' && /test\.pypi\.org|^testpypi$/.test(v.trim()));
  let uploads = 0;
  for (const [i, step] of job.steps.entries()) {
    const inherited = toTest(wf.value.env) || toTest(job.value.env) || toTest(step.env);
    for (const statement of runs[i]!.replace(/\\\r?\n/g, ' ').split(/[\n;&|]+/)) {
      if (!PUBLISH.pypi.test(statement)) continue;
      uploads++;
      if (!inherited && !TEST_PYPI.test(statement)) return false;
    }
    if (step.uses && /^pypa\/gh-action-pypi-publish$/.test(actionName(step.uses))) {
      uploads++;
      if (!/test\.pypi\.org/.test(repositoryUrl(step) ?? '')) return false;
    }
  }
  return uploads > 0;
}

/** The registries semantic-release's plugins publish to, in the job's commands or its semantic-release action's `extra_plugins`. */
function releasePlugins(job: WorkflowJob, jobText: string): Set<Registry> {
  const texts = job.steps.flatMap((s) => (s.uses && /^cycjimmy\/semantic-release-action$/.test(actionName(s.uses)) && typeof s.with.extra_plugins === 'string' ? [s.with.extra_plugins] : []));
  if (/\bsemantic-release\b/.test(jobText)) texts.push(jobText);
  return new Set(RELEASE_PLUGINS.filter(([re]) => texts.some((t) => re.test(t))).map(([, r]) => r));
}

/** A publishing action that only builds unless told to push (`docker/build-push-action` with `push: true`). */
function publishesWith(registry: Registry, step: WorkflowStep): boolean {
  if (registry !== 'ghcr') return true;
  if (/^docker\/build-push-action$/.test(actionName(step.uses!))) return step.with.push === true || step.with.push === 'true';
  return false;
}

