/**
 * A CI step that builds and installs a tool from a git repository's branch (`cargo install --git …
 * --branch …` without `--rev`, `pip install git+https://…@main`): every run builds whatever was
 * pushed there last and runs it with the job's token and secrets, as an action followed by its
 * branch does (deploy/unpinned-action).
 */
import { ownersOf } from '../../../discovery/repository-owner.js';
import { ownInstaller } from '../pipe-shell.js';
import { deployRule } from '../rule.js';
import { commandText } from './ci-agents.js';
import { MODEL_KEY_NAME, REPORT_OR_TEST_KEY_NAME, secretsHeld, stepSpan, tokenScope } from './workflow-util.js';
import type { Severity } from '../../../core/types.js';

const ID = 'deploy/ci-source-install';

/** A source install: the command, the repository URL, and the ref it follows (undefined: the default branch). */
export interface SourceInstall {
  command: string;
  url: string;
  ref?: string;
}

/** A ref that names one build: a full commit SHA, or a version tag (`v1.2.3`, `0.4.0`). */
const FIXED_REF = /^(?:[0-9a-f]{40}|v?\d+(?:\.\d+)+(?:[-+.][\w.]+)?)$/i;

/** Python installers that take a `git+` requirement. */
const PY_INSTALL = /\b(?:pip3?|python[\d.]*\s+-m\s+pip|uv\s+pip|uv\s+tool|uvx|pipx|uv\s+add|poetry\s+add)\b/;
const GIT_REQUIREMENT = /["']?git\+((?:https?|ssh):\/\/[^\s"'#]+)/g;

/**
 * A repository or ref the workflow fills in (`${GITHUB_REPOSITORY}`, `@${GITHUB_SHA}`, `${{ … }}`): what it
 * names is decided at run time, most often the commit under test. (A token in the URL's user part is no part of it.)
 */
function decided(url: string, ref: string | undefined): boolean {
  return /\$/.test(url.replace(/^([a-z+]+:\/\/)[^/@]*@/i, '$1')) || (ref !== undefined && ref.includes('$'));
}

/** The URL without a user or token before its host (`https://${TOKEN}@github.com/…`). */
function withoutUser(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^/@]*@/i, '$1');
}

/** The installs from a git branch in a step's commands (continuation lines joined; one statement at a time). */
export function sourceInstalls(run: string): SourceInstall[] {
  const out: SourceInstall[] = [];
  for (const statement of commandText(run).replace(/\\\r?\n/g, ' ').split(/\n|;|&&|\|\|/)) {
    const text = statement.trim();
    // A statement that prints the command (`echo "pip install …"`) runs nothing.
    if (/^(?:echo|printf)\b/.test(text)) continue;
    if (/\bcargo\s+(?:\+\S+\s+)?install\b/.test(text)) {
      const git = /\s--git[ =]+["']?([^\s"']+)/.exec(text)?.[1];
      const ref = /\s--branch[ =]+["']?([^\s"']+)/.exec(text)?.[1];
      if (!git || /\s--(?:rev|tag)[ =]/.test(text) || decided(git, ref)) continue;
      out.push({ command: text, url: withoutUser(git), ref });
      continue;
    }
    if (!PY_INSTALL.test(text)) continue;
    for (const m of text.matchAll(GIT_REQUIREMENT)) {
      // `git+https://host/org/repo.git@ref`: the ref follows the last `@` of the path (a user name before the host is no ref).
      const spec = m[1]!;
      const path = spec.replace(/^[a-z+]+:\/\/[^/]+/i, '');
      const at = path.lastIndexOf('@');
      const ref = at >= 0 ? path.slice(at + 1) : undefined;
      const url = at >= 0 ? spec.slice(0, spec.length - (path.length - at)) : spec;
      if ((ref !== undefined && FIXED_REF.test(ref)) || decided(url, ref)) continue;
      out.push({ command: text, url: withoutUser(url), ref });
    }
  }
  return out;
}

export const ciSourceInstall = deployRule({
  meta: {
    id: ID,
    title: 'CI installs a tool from a git branch',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'A workflow step builds and installs a tool from a git repository without fixing the commit: `cargo install --git <url>` without `--rev` or `--tag` (its `--branch`, or the default branch), ' +
      '`pip install git+https://…` (also uv, pipx, uvx) with a branch or no ref. Every run builds whatever was last pushed there, and the tool runs with the job\'s token and secrets: whoever can push to that branch ' +
      '(or takes over its owner\'s account) runs code in the job. Medium where the job holds secrets (a model key or a test or coverage token aside) or is granted a write permission, ' +
      'low where it holds neither; low too when the repository is the scanned repository owner\'s own.',
    remediation:
      'Install a released version from the registry (`cargo install --locked tool@1.2.3`, `pip install tool==1.2.3`), or pin the commit (`cargo install --git <url> --rev <sha>`, `git+https://…@<sha>`); ' +
      'keep tools built from a fork out of jobs that hold publishing tokens.',
    examples: {
      positive: [
        {
          path: '.github/workflows/release.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo install --locked --git https://github.com/someone/release-tool --branch new-feature release-tool\n      - run: release-tool publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n',
        },
        {
          path: '.github/workflows/docs.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install "git+https://github.com/someone/doc-theme.git@main"\n      - run: mkdocs gh-deploy --force\n',
        },
      ],
      negative: [
        // Pinned to a commit or a release tag, or installed from the registry at a version.
        {
          path: '.github/workflows/release.yml',
          code: 'on: push\npermissions: {contents: write}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo install --git https://github.com/someone/release-tool --rev 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 release-tool\n      - run: pip install git+https://github.com/someone/doc-theme.git@v2.1.0\n      - run: cargo install --locked release-tool@0.3.1\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "cargo install --git https://github.com/someone/tool"\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    let owners: Set<string> | undefined;
    for (const job of wf.jobs) {
      // What a swapped build could take, as deploy/pipe-to-shell weighs it: write rights or secrets that publish or deploy.
      const scope = tokenScope(wf, job);
      const secrets = secretsHeld(wf, job).filter((s) => !MODEL_KEY_NAME.test(s) && !REPORT_OR_TEST_KEY_NAME.test(s));
      const writes = scope === 'write' || scope === 'write-all';
      const exposed = format === 'action' || writes || secrets.length > 0;
      for (const step of job.steps) {
        for (const install of sourceInstalls(step.run ?? '')) {
          const own = ownInstaller(install.url, (owners ??= ownersOf(dc.file, dc.ctx.dependsOn?.bind(dc.ctx))));
          const severity: Severity = exposed && !own ? 'medium' : 'low';
          const holds = [writes ? 'a token with write rights' : '', secrets.length ? `secrets ${secrets.join(', ')}` : ''].filter(Boolean).join(' and ');
          dc.report({
            ruleId: ID,
            span: stepSpan(dc, step),
            key: `job:${job.id}/${install.url}`,
            evidence: install.command,
            message:
              `A step of job "${job.id}" builds and installs ${install.url} from ${install.ref ? `its branch ${install.ref}` : 'its default branch'} (no commit fixed): every run builds whatever was pushed there last` +
              (own ? ", though the repository is the owner's own." : holds ? `, and runs it while the job holds ${holds}.` : format === 'action' ? ', in whatever job calls this action.' : '.'),
            severity,
          });
        }
      }
    }
  },
});
