/**
 * Whether a CI job publishes or deploys: what a script it runs unverified could sign, upload or push
 * in the project's name. A job publishes when it holds a credential made for that (a registry,
 * signing, deploy or personal access token, a static cloud key), or when a step of it pushes,
 * releases, uploads a package or deploys. A job that builds and tests does not, even with write
 * rights declared for the whole workflow, test secrets, or `id-token: write` to log in to a cloud
 * for its tests: a publishing job that trades the OIDC token is known by the step that publishes.
 */
import type { Workflow, WorkflowJob } from '../formats.js';
import { commandText } from './ci-agents.js';
import { PUBLISH_ACTIONS } from './ci-registry-token.js';
import { PUBLISH, uploadingStatements } from './registry-commands.js';
import { staticCloud } from './ci-static-cloud-key.js';
import { actionName, needsOf, secretsHeld, secretsPassed } from './workflow-util.js';

/** Stored secrets named for publishing, signing, deploying or pushing as someone. */
const PUBLISHING_SECRET =
  /(?:^|_)(?:PYPI|TWINE|NPM|NODE_AUTH|CARGO|CRATES|GEM|RUBYGEMS|DOCKER|DOCKERHUB|REGISTRY|GHCR|QUAY|DEPLOY|RELEASE|PUBLISH|SIGNING|GPG|PGP|COSIGN|HOMEBREW|VSCE|OVSX|SONATYPE|OSSRH|MAVEN|NUGET|VERCEL|NETLIFY|FLY|HEROKU|PAT|GH_TOKEN|BOT_TOKEN|PUSH_TOKEN|APP_PRIVATE_KEY|PERSONAL_ACCESS_TOKEN)(?:_|$)/i;

/** Commands that push to the repository, release, deploy pages or deploy a service. */
const PUSHES = /(?:^|[\s;&|(])(?:git\s+(?:-\S+\s+)*push\b|gh\s+release\s+(?:create|upload|edit)\b|mkdocs\s+gh-deploy\b|mike\s+(?:deploy|alias|set-default|delete)\b[^\n]*\s--push\b|ghp-import\b[^\n]*\s-p\b|gh-pages\s+(?:-\S+\s+)*-d\b|gcloud\s+(?:run|app|functions)\s+deploy\b|az\s+(?:webapp|functionapp|containerapp)\s+(?:deploy|up)\b|(?:vercel|netlify|flyctl|fly|serverless|sls|cdk|sam|firebase|wrangler)\s+(?:-\S+\s+)*deploy\b|helm\s+upgrade\b|terraform\s+apply\b)/m;

/** Actions that push, release or deploy (besides the registries' publishing actions). */
const PUSHING_ACTIONS =
  /^(?:azure\/webapps-deploy|google-github-actions\/deploy-cloudrun|aws-actions\/amazon-ecs-deploy-task-definition|cloudflare\/wrangler-action|firebaseextended\/action-hosting-deploy|softprops\/action-gh-release|ncipollo\/release-action|svenstaro\/upload-release-action|actions\/upload-release-asset|actions\/create-release|peaceiris\/actions-gh-pages|jamesives\/github-pages-deploy-action|actions\/deploy-pages|stefanzweifel\/git-auto-commit-action|endbug\/add-and-commit|ad-m\/github-push-action|actions-js\/push|googleapis\/release-please-action|goreleaser\/goreleaser-action)$/;

/** A reusable workflow named for releasing, publishing or deploying (`goreleaser.yml`, `publish-pypi.yml`): its steps are not in sight here. */
const PUBLISHING_WORKFLOW = /(?:release|publish|deploy|goreleaser|pages|upload)[^/]*\.ya?ml@/i;

/**
 * What makes the job a publishing one, for a message (`it holds PYPI_TOKEN`, `a step runs
 * softprops/action-gh-release`, or `its artifact is published by job "publish" (…)`: a job that builds
 * what a later job downloads and publishes); undefined when it publishes nothing.
 */
export function publishingOf(wf: Workflow, job: WorkflowJob): string | undefined {
  return ownPublishing(wf, job) ?? artifactPublished(wf, job);
}

/** A job that uploads an artifact, downloaded by a job that needs it and publishes: what it builds is what is released. */
function artifactPublished(wf: Workflow, job: WorkflowJob): string | undefined {
  if (!job.steps.some((s) => s.uses && actionName(s.uses) === 'actions/upload-artifact')) return undefined;
  for (const other of wf.jobs) {
    if (other === job || !needsOf(other).includes(job.id)) continue;
    if (!other.steps.some((s) => s.uses && actionName(s.uses) === 'actions/download-artifact')) continue;
    const why = ownPublishing(wf, other);
    if (why) return `its artifact is published by job "${other.id}" (${why})`;
  }
  return undefined;
}

function ownPublishing(wf: Workflow, job: WorkflowJob): string | undefined {
  // A job that calls a reusable workflow: what it hands it, and what the workflow called is named for.
  if (typeof job.value.uses === 'string') {
    const passed = secretsPassed(job);
    if (passed.includes('inherit')) return 'it hands the workflow it calls every secret (secrets: inherit)';
    const publishing = passed.filter((s) => PUBLISHING_SECRET.test(s) || staticCloud(s) !== undefined);
    if (publishing.length) return `it hands ${publishing.slice(0, 3).join(', ')}${publishing.length > 3 ? ' …' : ''} to the workflow it calls`;
    if (PUBLISHING_WORKFLOW.test(job.value.uses)) return `it calls ${job.value.uses}`;
  }
  const secrets = secretsHeld(wf, job).filter((s) => PUBLISHING_SECRET.test(s) || staticCloud(s) !== undefined);
  if (secrets.length) return `it holds ${secrets.slice(0, 3).join(', ')}${secrets.length > 3 ? ' …' : ''}`;
  for (const step of job.steps) {
    if (step.uses) {
      const name = actionName(step.uses);
      if (PUSHING_ACTIONS.test(name) || PUBLISH_ACTIONS.some(([re]) => re.test(name))) return `a step runs ${name}`;
    }
    const run = step.run ? uploadingStatements(commandText(step.run)) : '';
    const m = PUSHES.exec(run) ?? Object.values(PUBLISH).map((re) => re.exec(run)).find(Boolean);
    if (m) return `a step runs \`${m[0].trim()}\``;
  }
  return undefined;
}
