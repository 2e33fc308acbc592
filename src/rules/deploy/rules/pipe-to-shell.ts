/** `curl … | sh` in Dockerfiles and CI steps: a remote script run unverified with the build's or the job's rights. */
import { ownInstaller, pipedScripts } from '../pipe-shell.js';
import { ownersOf } from '../../../discovery/repository-owner.js';
import { deployRule } from '../rule.js';
import { MODEL_KEY_NAME, REPORT_OR_TEST_KEY_NAME, secretsHeld, stepSpan, tokenScope } from './workflow-util.js';
import type { DeployCtx } from '../context.js';
import type { Span } from '../../../core/rule.js';
import type { Location, Severity } from '../../../core/types.js';
import { severityRank } from '../../../core/severity.js';
import { builderStages } from '../dockerfile-stages.js';
import { publishingOf } from './job-publishes.js';

const ID = 'deploy/pipe-to-shell';

export const pipeToShell = deployRule({
  meta: {
    id: ID,
    title: 'Remote script piped into a shell',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'A Dockerfile or CI step downloads a script and pipes it straight into a shell or interpreter (`curl … | sh`, `wget -O- … | bash`, `bash <(curl …)`). ' +
      'Whatever the server, its CDN or anyone who controls its DNS returns at that moment runs with the build\'s or the job\'s rights, and the image or ' +
      'release carries the result; over plain HTTP anyone on the path can swap it. A vendor\'s own installer fetched over HTTPS from the vendor\'s domain ' +
      '(the hosts of `rules/deploy/installers.yaml`: astral.sh, sh.rustup.rs, bootstrap.pypa.io …), or the repository owner\'s own (a domain or GitHub ' +
      'account named for the owner), is a documented install and low, in an image build and in a CI job alike: it is the trust a job places in the vendor\'s setup action ' +
      'by tag (`astral-sh/setup-uv@v6`, low), whatever the job holds. The message says when the job publishes (it holds a registry, signing, deploy, cloud or ' +
      'personal access token, or a step of it pushes, releases, uploads a package or deploys), where what the script does is signed or shipped in the project\'s name. ' +
      'Other scripts (plain HTTP, unlisted hosts, user content and branches on code hosts) are medium in a job that holds write rights or secrets.',
    remediation:
      'Download the installer or release archive at a fixed version, check its SHA-256 (or signature) before running it, or install from a package manager ' +
      'with a pinned version; in images, copy the tool from a pinned official image (`COPY --from=ghcr.io/astral-sh/uv:0.5.1 /uv /bin/`).',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n' },
        // A vendor's installer (low), and a script from raw user content under the same path words (medium).
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN curl -LsSf https://astral.sh/uv/install.sh | sh\nRUN curl -fsSL https://raw.githubusercontent.com/someone/tools/main/install.sh | bash\n' },
        { path: 'docker/agent.Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl \\\n    && curl -sL http://get.example.com/setup | sudo -E bash -\n' },
        // After an echo that writes a package source, in the same RUN: the echo is another command of the chain.
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN echo "deb https://pkgs.example.com/apt stable main" > /etc/apt/sources.list.d/x.list \\\n    && curl -fsSL https://setup.example.com/node.sh | bash -\n' },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bash <(curl -s https://example.com/bootstrap.sh)\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
        },
        // A vendor's installer in a job that publishes to PyPI: low, as the vendor's setup action by tag is there, the message naming what the job publishes (test/deploy/ci-exposure.test.ts).
        {
          path: '.github/workflows/release.yml',
          code: 'on: release\npermissions: {contents: write, id-token: write}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -LsSf https://astral.sh/uv/install.sh | sh\n      - run: uv build && uv publish\n',
        },
      ],
      negative: [
        {
          path: 'Dockerfile',
          code: 'FROM python:3.12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \\\n    && echo "3f1c  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz\nCOPY --from=ghcr.io/astral-sh/uv:0.5.1 /uv /bin/uv\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "install with: curl -fsSL https://example.com/i.sh | sh"\n' },
        // A here-document written to a file is text, not commands.
        {
          path: '.github/workflows/release.yml',
          code: "on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cat > INSTALL.md << 'EOF'\n          curl -fsSL https://example.com/install.sh | bash\n          EOF\n",
        },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const isBuilder = builderStages(instructions);
    let owners: Set<string> | undefined;
    for (const ins of instructions) {
      if (ins.op !== 'RUN') continue;
      for (const p of pipedScripts(ins.args)) {
        const builder = isBuilder(ins.stage);
        const own = p.severity === 'medium' && p.url !== undefined && ownInstaller(p.url, (owners ??= ownersOf(dc.file, dc.ctx.dependsOn?.bind(dc.ctx))));
        dc.report({
          ruleId: ID,
          span: dc.lineSpan(ins.line),
          key: `docker:${p.url ?? p.command}`,
          evidence: p.command,
          message:
            `A RUN instruction pipes ${p.url ?? 'a downloaded script'} into a shell: ${p.why}` +
            (own ? " (the repository owner's own installer: its domain or GitHub account is the owner's)" : '') +
            (builder ? ', in a build stage the final image does not build on (what it produces is trusted, but the tool does not ship).' : '.'),
          // A vendor's own installer (rules/deploy/installers.yaml), or the owner's, is a documented install: low in an image build.
          severity: p.vendor || own || (builder && p.severity === 'medium') ? 'low' : p.severity,
        });
      }
    }
  },
  workflow(wf, dc, format) {
    let owners: Set<string> | undefined;
    // The same installer in every job of a workflow is one problem: one finding, at its most exposed
    // place, with the other steps as related locations.
    const byScript = new Map<string, { span?: Span; job: string; command: string; why: string; url?: string; severity: Severity }[]>();
    for (const job of wf.jobs) {
      // What a swapped script could take: a token the job is given write rights on, or its secrets.
      // Without either (the default token, which a fork's pull request gets read-only) it can only
      // spoil this run. A composite action runs in its caller's job, with whatever that holds.
      // Model API keys alone (an LLM test suite's) run up a bill; they publish and deploy nothing.
      const scope = tokenScope(wf, job);
      const secrets = secretsHeld(wf, job);
      // Model keys run up a bill; report and test tokens upload results: none publishes or deploys.
      const spendOnly = secrets.every((s) => MODEL_KEY_NAME.test(s) || REPORT_OR_TEST_KEY_NAME.test(s));
      const exposed = format === 'action' || scope === 'write' || scope === 'write-all' || !spendOnly;
      // What the job publishes with, worked out when a vendor's installer asks ('' for nothing).
      let publishes: string | undefined;
      for (const step of job.steps) {
        for (const p of pipedScripts(step.run ?? '')) {
          const script = p.url ?? p.command;
          const uses = byScript.get(script) ?? [];
          if (!byScript.has(script)) byScript.set(script, uses);
          const span = stepSpan(dc, step);
          if (uses.some((u) => sameSpan(u.span, span))) continue;
          // The owner's own installer runs the project's own release, as its own code in the job does: low.
          const own = p.severity === 'medium' && !p.vendor && p.url !== undefined && ownInstaller(p.url, (owners ??= ownersOf(dc.file, dc.ctx.dependsOn?.bind(dc.ctx))));
          // A vendor's own installer is low wherever it runs: the job trusts the vendor as much when it
          // uses the vendor's setup action by tag, which is low. Whether the job publishes is said, not rated.
          if (p.vendor) publishes ??= publishingOf(wf, job) ?? '';
          const severity: Severity = own || p.vendor ? 'low' : exposed || p.severity === 'high' ? p.severity : 'low';
          const because = own
            ? " (the repository owner's own installer: its domain or GitHub account is the owner's)"
            : p.vendor
              ? publishes
                ? `, in a job that publishes (${publishes})`
                : ', in a job that publishes nothing (no registry, signing or deploy credential, no push, release or deploy)'
              : exposed
                ? ", with the job's token and secrets"
                : '';
          uses.push({ span, job: job.id, command: p.command, why: `${p.why}${because}`, url: p.url, severity });
        }
      }
    }
    for (const [script, uses] of byScript) {
      const ranked = [...uses].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      const first = ranked[0]!;
      const others = uses.filter((u) => u !== first);
      const jobs = [...new Set(uses.map((u) => u.job))];
      dc.report({
        ruleId: ID,
        span: first.span,
        key: `script:${script}`,
        evidence: first.command,
        message:
          `A step of job "${first.job}" pipes ${first.url ?? 'a downloaded script'} into a shell: ${first.why}.` +
          (others.length ? ` ${others.length} more step${others.length === 1 ? '' : 's'} (job${jobs.length === 1 ? '' : 's'} ${jobs.map((j) => `"${j}"`).join(', ')}) do the same.` : ''),
        severity: first.severity,
        related: others.flatMap((u) => (u.span ? [{ ...location(dc, u.span), message: `the same script in job "${u.job}"` }] : [])),
      });
    }
  },
});

function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function location(dc: DeployCtx, span: Span): Location {
  if ('start' in span) {
    const s = dc.file.position(span.start);
    const e = dc.file.position(span.end);
    return { path: dc.file.relPath, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
  return { path: dc.file.relPath, startLine: span.startLine, startColumn: span.startColumn, endLine: span.endLine ?? span.startLine, endColumn: span.endColumn ?? span.startColumn + 1 };
}
