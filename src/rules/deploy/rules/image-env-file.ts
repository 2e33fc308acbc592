/**
 * A Dockerfile that copies a dotenv file (`.env`, `.env.local`, `prod.env`, a pattern such as `.env*`) into the image: the keys
 * in it are in a layer of every image built, for anyone who pulls or is handed the image to read
 * (`docker save`, `docker history`), and a later `RUN rm` does not take them out of that layer. A
 * template (`.env.example`, `.env.sample`) holds no keys; a stage the final image does not build on
 * ships only what is copied out of it (low). When the copied file is committed, what it holds is
 * read: one with no credential (URLs, IDs, flags, a browser bundle's `VITE_…` settings) puts nothing
 * secret in the layer and is listed at info; one that is not in the repository (written by the
 * pipeline before the build, ignored by git) is judged by its name alone.
 */
import path from 'node:path';
import { readRootFile } from '../../../core/root-file.js';
import { deployRule } from '../rule.js';
import { builderStages } from '../dockerfile-stages.js';
import type { DeployCtx } from '../context.js';
import { isBrowserBundleName, isCredentialKey, isReference } from '../../secrets/values.js';

const ID = 'deploy/image-env-file';

/** A dotenv file by name, not a template of one. */
const DOTENV = /^(?:\.env(?:\.[\w-]+)*|[\w-]+\.env)$/;
const TEMPLATE = /(?:^|[.-])(?:example|sample|template|dist|defaults?|tpl|schema)(?:$|[.-])/i;

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
