/**
 * A credential handed to an image build as a build argument (`ARG OPENAI_API_KEY`) and kept in the
 * image: copied into its environment (`ENV OPENAI_API_KEY=${OPENAI_API_KEY}`), it is in the image's
 * config, shown by `docker inspect` to anyone who can pull the image and set in every container; used
 * by a `RUN`, it is in that layer's history (`docker history`). Build secrets
 * (`RUN --mount=type=secret`) and run-time settings keep it out.
 */
import { deployRule } from '../rule.js';
import { dockerAssignments, type DockerInstruction } from '../dockerfile-format.js';
import { builderStages } from '../dockerfile-stages.js';
import { referencedVariable } from '../context.js';
import { isBrowserBundleName, isCredentialKey } from '../../secrets/values.js';

const ID = 'deploy/build-arg-secret';

/** Names of credentials by their key that are public by design or no credential: browser bundles' settings, keys of a cache or a table. */
const NOT_SECRET_KEY = /(?:^|_)(?:PUBLIC|PUBLISHABLE|ANON|SITE|CACHE|SORT|PRIMARY|PARTITION|ROUTING|IDEMPOTENCY|DEDUP)_KEY$/i;
const notSecret = (name: string): boolean => isBrowserBundleName(name) || NOT_SECRET_KEY.test(name);

function isSecretName(name: string): boolean {
  return isCredentialKey(name) && !notSecret(name);
}

/** `$NAME` / `${NAME}` anywhere in a command (not `$NAME_OTHER`). */
function uses(args: string, name: string): boolean {
  return new RegExp(String.raw`\$(?:\{${name}(?:[:}]|[-+?=])|${name}(?![\w]))`).test(args);
}

export const buildArgSecret = deployRule({
  meta: {
    id: ID,
    title: 'Credential passed as a build argument and kept in the image',
    category: 'credential.long-lived',
    severity: 'medium',
    confidence: 'high',
    description:
      'A Dockerfile takes a credential as a build argument (`ARG OPENAI_API_KEY`) and keeps it in the image: copied into `ENV`, it is in the ' +
      'image config (`docker inspect`) of every image built and pushed and in the environment of every container started from it; used by a ' +
      '`RUN`, it is recorded in that layer\'s history (`docker history`, low). A stage the final image does not build on ships neither (low).',
    remediation:
      'Give the running container its key at run time (`docker run -e`, Compose `environment:` from a `.env` that is not committed, a Kubernetes ' +
      'Secret); for a key the build itself needs, use a build secret (`RUN --mount=type=secret,id=npm_token …`) so it never reaches a layer or the config.',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=${OPENAI_API_KEY}\nCMD ["python", "app.py"]\n' },
        { path: 'docker/api.Dockerfile', code: 'FROM node:22-alpine\nARG SEARCH_API_KEY\nARG DB_PASSWORD\nENV SEARCH_API_KEY=$SEARCH_API_KEY DB_PASSWORD=${DB_PASSWORD}\n' },
        // Used by a RUN of the shipped stage: in that layer's history (low).
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n' },
      ],
      negative: [
        // A build secret, never in a layer or the config.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n' },
        // Settings a browser bundle ships anyway, and a setting that is no credential.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nARG NEXT_PUBLIC_SUPABASE_ANON_KEY\nENV NEXT_PUBLIC_SUPABASE_ANON_KEY=${NEXT_PUBLIC_SUPABASE_ANON_KEY}\nARG APP_VERSION\nENV APP_VERSION=$APP_VERSION\n' },
        // An argument declared but never used, and an ENV that names where the key will be.
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY_FILE=/run/secrets/openai\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const isBuilder = builderStages(instructions);
    // Build arguments in scope: those declared before the first FROM are visible in a stage only once it declares them again.
    const declared = new Map<number, Set<string>>();
    const reported = new Set<string>();
    // An argument copied into ENV is reported there; the RUNs that read it add nothing.
    const kept = new Set<string>();
    const report = (ins: DockerInstruction, name: string, inEnv: boolean): void => {
      const key = `${ins.stage}:${name}:${inEnv ? 'env' : 'run'}`;
      if (reported.has(key)) return;
      reported.add(key);
      const builder = isBuilder(ins.stage);
      dc.report({
        ruleId: ID,
        span: dc.lineSpan(ins.line),
        key: `docker:${inEnv ? 'env' : 'run'}:${name}`,
        evidence: inEnv ? `ENV ← ARG ${name}` : `RUN uses ARG ${name}`,
        message:
          (inEnv
            ? `ENV copies the build argument ${name} into the image's environment: whatever credential the build is given is in the image config (docker inspect) of every image built and pushed, and in every container started from it.`
            : `A RUN uses the build argument ${name}: the value the build is given is recorded in that layer's history (docker history) of every image built and pushed.`) +
          (builder ? ' This stage is one the final image does not build on: only what is copied out of it ships.' : ''),
        ...(builder || !inEnv ? { severity: 'low' as const } : {}),
      });
    };
    for (const ins of instructions) {
      const args = declared.get(ins.stage) ?? new Set<string>();
      declared.set(ins.stage, args);
      if (ins.op === 'ARG') {
        for (const a of dockerAssignments(ins)) if (isSecretName(a.key)) args.add(a.key);
      } else if (ins.op === 'ENV') {
        for (const a of dockerAssignments(ins)) {
          const from = a.value === undefined ? undefined : referencedVariable(a.value);
          // `args` holds credential names only: an ENV that copies one keeps it, unless its own name is a public setting's.
          if (from && args.has(from) && !notSecret(a.key)) {
            kept.add(`${ins.stage}:${from}`);
            report(ins, from, true);
          }
        }
      } else if (ins.op === 'RUN' && !/--mount=type=secret/.test(ins.args)) {
        for (const name of args) if (!kept.has(`${ins.stage}:${name}`) && uses(ins.args, name)) report(ins, name, false);
      }
    }
  },
});
