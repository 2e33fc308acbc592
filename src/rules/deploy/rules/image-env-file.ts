/**
 * A Dockerfile that copies a dotenv file (`.env`, `.env.local`, `prod.env`, a pattern such as `.env*`) into the image: the keys
 * in it are in a layer of every image built, for anyone who pulls or is handed the image to read
 * (`docker save`, `docker history`), and a later `RUN rm` does not take them out of that layer. A
 * template (`.env.example`, `.env.sample`) holds no keys; a stage the final image does not build on
 * ships only what is copied out of it (low). When the copied file is committed, what it holds is
 * read: one with no credential (URLs, IDs, flags, a browser bundle's `VITE_…` settings) puts nothing
 * secret in the layer and is listed at info; one that is not in the repository (written by the
 * pipeline before the build, ignored by git) is judged by its name alone.
 *
 * A copy of the whole build context (`COPY . .`) takes in the env file a Compose service that builds
 * the image reads its keys from, when it lies in that context and no `.dockerignore` keeps it out
 * (`context-env-files.ts`): it is not committed, but it is there wherever the service is built.
 * With no Compose service to say so, a copy of the Dockerfile's own folder takes in the env file a
 * committed template beside it tells developers to make (`.env.example` naming a key), which git
 * ignores and no `.dockerignore` keeps out: low, as it is in the image only when the image is built
 * where the file is (a developer's machine, not a fresh checkout).
 */
import path from 'node:path';
import { readRootFile } from '../../../core/root-file.js';
import { deployRule } from '../rule.js';
import { builderStages } from '../dockerfile-stages.js';
import type { DeployCtx } from '../context.js';
import { isBrowserBundleName, isCredentialKey, isReference } from '../../secrets/values.js';
import { contextEnvFiles, ENV_TEMPLATE, envTemplateOf, templatedEnvFiles } from '../context-env-files.js';
import { clip } from '../../../core/redact.js';

const ID = 'deploy/image-env-file';

/** A dotenv file by name, not a template of one. */
const DOTENV = /^(?:\.env(?:\.[\w-]+)*|[\w-]+\.env)$/;

/** Whether a COPY source (relative to the build context) takes in `file`: the whole context (`.`, `./`, `*`), or a folder above the file. */
function takesIn(source: string, file: string): boolean {
  const folder = path.posix.normalize(source.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (folder === '.' || folder === '*' || folder === '') return true;
  return !folder.includes('*') && (file === folder || file.startsWith(`${folder}/`));
}

/** A dotenv line's setting: `NAME=value`, `export NAME="value"`. */
const SETTING = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

/**
 * The committed file a COPY source names, as `relPath` and text: the build context is not known, so
 * the source is looked for from the Dockerfile's folder up to the root, nearest first. Undefined for
 * a pattern (`.env*`) or a file the repository does not hold.
 */
function committedSource(dc: DeployCtx, source: string): { relPath: string; text: string } | undefined {
  const root = dc.file.root;
  if (!root || source.includes('*') || source.includes('$')) return undefined;
  const dependsOn = dc.ctx.dependsOn?.bind(dc.ctx);
  let dir = path.posix.dirname(dc.file.relPath);
  for (;;) {
    const relPath = path.posix.normalize(path.posix.join(dir, source.replace(/^\/+/, '')));
    if (!relPath.startsWith('../')) {
      const text = readRootFile(root, relPath, dependsOn);
      if (text !== undefined) return { relPath, text };
    }
    if (dir === '.') return undefined;
    dir = path.posix.dirname(dir);
  }
}

/**
 * Whether a dotenv text holds a credential: a value in a provider's format under any name, or a
 * value matched by a credential's name (`*_KEY`, `*_SECRET`, `*_TOKEN`, `PASSWORD`) that is not a
 * stand-in nor a setting a browser bundle publishes anyway (`VITE_…`, `NEXT_PUBLIC_…`).
 */
function holdsCredential(dc: DeployCtx, text: string): boolean {
  const nameOf = (at: number): string => {
    const to = text.indexOf('\n', at);
    return SETTING.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1, to < 0 ? text.length : to))?.[1] ?? '';
  };
  if (dc.engine.find(text).some((c) => !c.info && (!c.pattern.generic || !isBrowserBundleName(nameOf(c.start))))) return true;
  return text.split('\n').some((line) => {
    const m = SETTING.exec(line);
    if (!m || !isCredentialKey(m[1]!) || isBrowserBundleName(m[1]!)) return false;
    const value = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
    return !isReference(value) && !dc.engine.isStandIn(value);
  });
}

/** Whether a template names a credential among its settings, set or commented out (`# OPENAI_API_KEY=`): its values are stand-ins. */
function namesCredential(text: string): boolean {
  return text.split('\n').some((line) => {
    const name = SETTING.exec(line.replace(/^[ \t]*#[ \t]*/, ''))?.[1];
    return name !== undefined && isCredentialKey(name) && !isBrowserBundleName(name);
  });
}

/** The sources of a `COPY`/`ADD` (its options and its destination left out); none for a copy from another stage or image. */
function sources(args: string): string[] {
  const json = /^\s*\[(.*)\]\s*$/.exec(args);
  const words = json ? [...json[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) : args.trim().split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  if (flags.some((f) => f.startsWith('--from='))) return [];
  const paths = words.filter((w) => !w.startsWith('--'));
  return paths.slice(0, -1);
}

/** An example: a Node image built from its folder copied whole, beside `files` (a template, `.gitignore`, `.dockerignore`). */
const copiedWhole = (files: Record<string, string>) => ({ path: 'Dockerfile', code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n', with: files });

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
        // The whole context, which holds the .env the Compose service that builds the image reads its keys from.
        {
          path: 'Dockerfile',
          code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "server.py"]\n',
          with: { 'docker-compose.yml': 'services:\n  mcp:\n    build: .\n    env_file: .env\n', '.env.example': 'OPENAI_API_KEY=your-key-here\n' },
        },
        // No Compose file, but a template beside the Dockerfile asks developers for a .env that git ignores: low.
        {
          path: 'Dockerfile',
          code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\nCMD ["npm", "start"]\n',
          with: { '.env.example': 'OPENAI_API_KEY=\nUPSTASH_REDIS_REST_TOKEN=\n', '.gitignore': 'node_modules\n.env*\n!.env.example\n' },
        },
      ],
      negative: [
        // The same template with .env kept out by .dockerignore, or not ignored by git (no file a developer keeps apart), or naming no key.
        copiedWhole({ '.env.example': 'OPENAI_API_KEY=\n', '.gitignore': '.env*\n', '.dockerignore': 'node_modules\n.env*\n' }),
        copiedWhole({ '.env.example': 'OPENAI_API_KEY=\n', '.gitignore': 'node_modules\ndist\n' }),
        copiedWhole({ '.env.example': 'PORT=3000\nPUBLIC_API_URL=http://localhost:4000\n', '.gitignore': '.env\n' }),
        // A Compose service builds it from the folder above, whose .dockerignore keeps every .env out: the Compose file, not the template, says what is taken in.
        {
          path: '.container/Dockerfile',
          code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "app"]\n',
          with: {
            '.container/docker-compose.yaml': 'services:\n  app:\n    build:\n      context: ../\n      dockerfile: .container/Dockerfile\n    env_file: .env\n',
            '.container/.env.example': 'OPENAI_API_KEY=\n',
            '.gitignore': '.env\n',
            '.dockerignore': '**/.env\n',
          },
        },
        // A template of the settings, not the settings.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nCOPY .env.example ./.env.example\nCMD ["npm", "start"]\n' },
        // Copied out of another stage, or a file whose name only ends like one.
        { path: 'Dockerfile', code: 'FROM node:22-alpine AS build\nCOPY src ./src\nFROM node:22-alpine\nCOPY --from=build /app/dist ./dist\nCOPY environment.ts ./\n' },
        // The key reaches the build as a secret mount, never a layer.
        { path: 'Dockerfile', code: 'FROM node:22-alpine\nRUN --mount=type=secret,id=env,target=/app/.env npm run build\n' },
        // The same whole-context copy with .env in .dockerignore, and with a template that names no key (a browser app's API URL).
        {
          path: 'Dockerfile',
          code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "server.py"]\n',
          with: { 'docker-compose.yml': 'services:\n  mcp:\n    build: .\n    env_file: .env\n', '.dockerignore': '.git\n**/.env\n', '.env.example': 'OPENAI_API_KEY=your-key-here\n' },
        },
        {
          path: 'Dockerfile',
          code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
          with: { 'docker-compose.yml': 'services:\n  ui:\n    build: .\n    env_file: .env\n', '.env.sample': 'NG_API_URL=http://localhost:4000\n' },
        },
        // Copied only in a build stage, of which the final image takes the built files.
        {
          path: 'Dockerfile',
          code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n',
          with: { 'docker-compose.yml': 'services:\n  app:\n    build: .\n    env_file: .env\n' },
        },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const isBuilder = builderStages(instructions);
    let inContext: ReturnType<typeof contextEnvFiles> | undefined;
    let templated: ReturnType<typeof templatedEnvFiles> | undefined;
    // An env file the Dockerfile also copies by name is reported there.
    const reported = new Set<string>(
      instructions.flatMap((ins) => (ins.op === 'COPY' || ins.op === 'ADD' ? sources(ins.args).map((src) => path.posix.normalize(src.replace(/^\/+/, '')).replace(/\/+$/, '')) : [])),
    );
    for (const ins of instructions) {
      if (ins.op !== 'COPY' && ins.op !== 'ADD') continue;
      // A folder copied whole takes in the env file a Compose service keeps there; a build stage's copy does not ship.
      if (!isBuilder(ins.stage)) {
        for (const source of sources(ins.args).filter((src) => !DOTENV.test(src.replace(/\/+$/, '').split('/').pop() ?? ''))) {
          for (const env of (inContext ??= contextEnvFiles(dc))) {
            if (reported.has(env.envFile) || !takesIn(source, env.envFile)) continue;
            reported.add(env.envFile);
            // Committed with nothing secret in it: nothing for the layer to leak.
            const root = dc.file.root!;
            const file = path.posix.join(env.context, env.envFile);
            const committed = readRootFile(root, file, dc.ctx.dependsOn?.bind(dc.ctx));
            if (committed !== undefined && !holdsCredential(dc, committed)) continue;
            // Not committed: its template says what it holds (a browser app's API URLs are no keys).
            const template = committed === undefined ? envTemplateOf(root, file, dc.ctx.dependsOn?.bind(dc.ctx)) : undefined;
            if (template !== undefined && !namesCredential(template)) continue;
            const copy = `${ins.op} ${clip(ins.args.trim(), 40)}`;
            dc.report({
              ruleId: ID,
              span: dc.lineSpan(ins.line),
              key: `docker:context:${env.envFile}`,
              evidence: copy,
              message:
                `${copy} takes in ${env.envFile}, the file Compose service "${env.service}" (${env.composeFile}) reads its keys from, since the service builds this image from ${env.context === '.' ? 'the root' : env.context}: ` +
                `no .dockerignore keeps it out, so every \`docker compose build\` on a machine that has it puts those keys in an image layer.`,
            });
          }
        }
        // The folder itself is the context (`docker build .`): the env file its template asks for.
        const copied = sources(ins.args);
        if (copied.length) {
          for (const env of (templated ??= templatedEnvFiles(dc))) {
            if (reported.has(env.envFile) || !copied.some((src) => takesIn(src, env.envFile)) || !namesCredential(env.text)) continue;
            reported.add(env.envFile);
            const copy = `${ins.op} ${clip(ins.args.trim(), 40)}`;
            dc.report({
              ruleId: ID,
              span: dc.lineSpan(ins.line),
              key: `docker:template:${env.envFile}`,
              evidence: copy,
              message:
                `${copy} copies this folder whole, and with it ${env.envFile}, the file ${env.template} tells developers to make with their keys: git ignores it and no .dockerignore keeps it out, ` +
                `so an image built on a machine that has it (\`docker build .\` on a developer's checkout) carries those keys in a layer; one built from a fresh checkout does not.`,
              severity: 'low',
            });
          }
        }
      }
      for (const source of sources(ins.args)) {
        const name = source.replace(/\/+$/, '').split('/').pop() ?? '';
        // A pattern copies whatever dotenv file it matches (`.env*` takes `.env` itself).
        if (!DOTENV.test(name.replace(/\*/g, '')) || ENV_TEMPLATE.test(name)) continue;
        const builder = isBuilder(ins.stage);
        const committed = committedSource(dc, source);
        if (committed && !holdsCredential(dc, committed.text)) {
          dc.report({
            ruleId: ID,
            span: dc.lineSpan(ins.line),
            key: `docker:${source}`,
            evidence: `${ins.op} ${source}`,
            message: `${ins.op} puts ${source} into the image, but ${committed.relPath} as the repository holds it has no credential (settings such as URLs, IDs, flags and a browser bundle's public values): listed for the inventory.`,
            severity: 'info',
          });
          continue;
        }
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
