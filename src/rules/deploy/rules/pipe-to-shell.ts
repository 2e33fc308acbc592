/** `curl … | sh` in Dockerfiles and CI steps: a remote script run unverified with the build's or the job's rights. */
import { pipedScripts } from '../pipe-shell.js';
import { deployRule } from '../rule.js';
import { secretsHeld, stepSpan, tokenScope } from './workflow-util.js';

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
      'release carries the result; over plain HTTP anyone on the path can swap it.',
    remediation:
      'Download the installer or release archive at a fixed version, check its SHA-256 (or signature) before running it, or install from a package manager ' +
      'with a pinned version; in images, copy the tool from a pinned official image (`COPY --from=ghcr.io/astral-sh/uv:0.5.1 /uv /bin/`).',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n' },
        { path: 'docker/agent.Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl \\\n    && curl -sL http://get.example.com/setup | sudo -E bash -\n' },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bash <(curl -s https://example.com/bootstrap.sh)\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
        },
      ],
      negative: [
        {
          path: 'Dockerfile',
          code: 'FROM python:3.12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \\\n    && echo "3f1c  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz\nCOPY --from=ghcr.io/astral-sh/uv:0.5.1 /uv /bin/uv\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "install with: curl -fsSL https://example.com/i.sh | sh"\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    for (const ins of instructions) {
      if (ins.op !== 'RUN') continue;
      for (const p of pipedScripts(ins.args)) {
        dc.report({
          ruleId: ID,
          span: dc.lineSpan(ins.line),
          key: `docker:${p.url ?? p.command}`,
          evidence: p.command,
          message: `A RUN instruction pipes ${p.url ?? 'a downloaded script'} into a shell: ${p.why}.`,
          severity: p.severity,
        });
      }
    }
  },
  workflow(wf, dc, format) {
    for (const job of wf.jobs) {
      // What a swapped script could take: the job's write token or its secrets. Without either it can only spoil this run.
      const scope = format === 'action' ? 'default' : tokenScope(wf, job);
      const exposed = scope !== 'read' || secretsHeld(wf, job).length > 0;
      job.steps.forEach((step, i) => {
        const urls = new Set<string>();
        for (const p of pipedScripts(step.run ?? '')) {
          if (urls.has(p.url ?? p.command)) continue;
          urls.add(p.url ?? p.command);
          dc.report({
            ruleId: ID,
            span: stepSpan(dc, step),
            key: `job:${job.id}/step:${typeof step.value.name === 'string' ? step.value.name : i}/${p.url ?? p.command}`,
            evidence: p.command,
            message: `A step of job "${job.id}" pipes ${p.url ?? 'a downloaded script'} into a shell: ${p.why}${exposed ? ', with the job\'s token and secrets' : ''}.`,
            severity: exposed || p.severity === 'high' ? p.severity : 'low',
          });
        }
      });
    }
  },
});
