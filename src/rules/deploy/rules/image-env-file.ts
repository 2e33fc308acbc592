/**
 * A Dockerfile that copies a dotenv file (`.env`, `.env.local`, `prod.env`, a pattern such as `.env*`) into the image: the keys
 * in it are in a layer of every image built, for anyone who pulls or is handed the image to read
 * (`docker save`, `docker history`), and a later `RUN rm` does not take them out of that layer. A
 * template (`.env.example`, `.env.sample`) holds no keys; a stage the final image does not build on
 * ships only what is copied out of it (low).
 */
import { deployRule } from '../rule.js';
import { builderStages } from '../dockerfile-stages.js';

const ID = 'deploy/image-env-file';

/** A dotenv file by name, not a template of one. */
const DOTENV = /^(?:\.env(?:\.[\w-]+)*|[\w-]+\.env)$/;
const TEMPLATE = /(?:^|[.-])(?:example|sample|template|dist|defaults?|tpl|schema)(?:$|[.-])/i;

/** The sources of a `COPY`/`ADD` (its options and its destination left out); none for a copy from another stage or image. */
function sources(args: string): string[] {
  const json = /^\s*\[(.*)\]\s*$/.exec(args);
  const words = json ? [...json[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) : args.trim().split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  if (flags.some((f) => f.startsWith('--from='))) return [];
  const paths = words.filter((w) => !w.startsWith('--'));
  return paths.slice(0, -1);
}

export const imageEnvFile = deployRule({
  meta: {
    id: ID,
    title: 'Dotenv file copied into an image',
    category: 'credential.long-lived',
    severity: 'medium',
    confidence: 'high',
    description:
      'A COPY or ADD puts a dotenv file into the image. The keys in it live in an image layer for anyone who can pull or is handed the image, whatever the file held when it was built; deleting it in a later step leaves it in that layer.',
    remediation:
      'Pass settings at run time (`docker run --env-file`, Compose `env_file:`, a Kubernetes Secret) and list `.env*` in `.dockerignore`; for a key the build itself needs, use a build secret (`RUN --mount=type=secret,id=…`).',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nCOPY .env.local ./.env.local\nRUN npm install\nCMD ["npm", "start"]\n' },
        { path: 'deploy/Dockerfile', code: 'FROM python:3.12-slim\nCOPY app/ /app/\nADD ["config/prod.env", "/app/.env"]\nCMD ["python", "/app/main.py"]\n' },
        // A pattern that takes `.env` itself.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nCOPY --chown=node:node .env* ./\nCMD ["node", "server.js"]\n' },
      ],
      negative: [
        // A template of the settings, not the settings.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nCOPY .env.example ./.env.example\nCMD ["npm", "start"]\n' },
        // Copied out of another stage, or a file whose name only ends like one.
        { path: 'Dockerfile', code: 'FROM node:22-alpine AS build\nCOPY src ./src\nFROM node:22-alpine\nCOPY --from=build /app/dist ./dist\nCOPY environment.ts ./\n' },
        // The key reaches the build as a secret mount, never a layer.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nRUN --mount=type=secret,id=env,target=/app/.env npm run build\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const isBuilder = builderStages(instructions);
    for (const ins of instructions) {
      if (ins.op !== 'COPY' && ins.op !== 'ADD') continue;
      for (const source of sources(ins.args)) {
        const name = source.replace(/\/+$/, '').split('/').pop() ?? '';
        // A pattern copies whatever dotenv file it matches (`.env*` takes `.env` itself).
        if (!DOTENV.test(name.replace(/\*/g, '')) || TEMPLATE.test(name)) continue;
        const builder = isBuilder(ins.stage);
        dc.report({
          ruleId: ID,
          span: dc.lineSpan(ins.line),
          key: `docker:${source}`,
          evidence: `${ins.op} ${source}`,
          message:
            `${ins.op} puts ${source} into the image: the keys in it are in an image layer for anyone who can pull or is handed the image` +
            (builder ? ', in a build stage the final image does not build on (only what is copied out of it ships).' : '.'),
          ...(builder ? { severity: 'low' as const } : {}),
        });
      }
    }
  },
});
