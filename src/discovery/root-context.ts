/**
 * What the scanned root says about where its files live, beyond each file's own path and text:
 *
 * - the repository's name. A repository named as a collection of samples (`acme-samples`,
 *   `agent-cookbook`, `framework-examples`) holds examples whichever folder they sit in
 *   (`03-integrations/strands/agent.py` is a sample as much as `examples/agent.py` is). Its CI
 *   configuration is the exception: the repository runs that itself, with its own tokens.
 * - a folder's README titled as a development environment or a test setup ("Development
 *   Environment", "K8s Test Setup"): its maintainers say the Compose files, manifests and
 *   Dockerfiles below it are what a developer starts on their own machine, or what a test run
 *   applies to a throwaway cluster, not a deployment. Code below it keeps its own context: a dev
 *   server's code may still be the product's.
 *
 * - a top-level `dev/` folder that is a published package of its own (a devtools package): its code
 *   ships, so it is not local development as such a folder otherwise is.
 *
 * All refine only what would otherwise be production (or, for the last, local development), are read once per scan (after analysis, by
 * the context policy, so no file's cached result depends on them), and lose to the configuration's
 * own path assignments.
 */
import path from 'node:path';
import type { FileKind, FindingContext } from '../core/types.js';
import { readRootFile } from '../core/root-file.js';
import { classify } from './classify.js';
import { originUrl } from './repository-owner.js';

export interface RootContexts {
  /**
   * The context of the file at `relPath` (root-relative, `/` separators), given the one its path and
   * text gave it; `byName` when only the repository's name made it an example.
   */
  refine(relPath: string, context: FindingContext): { context: FindingContext; byName?: true };
}

const UNCHANGED: RootContexts = { refine: (_relPath, context) => ({ context }) };

/** The root's verdicts; none without a root (decoded sources with nowhere to read from). */
export function rootContexts(root: string | undefined): RootContexts {
  if (root === undefined) return UNCHANGED;
  const samples = namesCollectionOfSamples(repositoryName(root));
  const declared = new Map<string, FindingContext | undefined>();
  // The context the nearest README that says one gives a folder, below the root (the root's own README describes the product).
  const declaredFor = (dir: string): FindingContext | undefined => {
    if (dir === '' || dir === '.') return undefined;
    if (declared.has(dir)) return declared.get(dir);
    const found = readmeContext(root, dir) ?? declaredFor(path.posix.dirname(dir));
    declared.set(dir, found);
    return found;
  };
  const packaged = new Map<string, boolean>();
  const publishedPackage = (dir: string): boolean => {
    if (!packaged.has(dir)) packaged.set(dir, isPublishedPackage(root, dir));
    return packaged.get(dir)!;
  };
  return {
    refine(relPath, context) {
      // A top-level `dev/` that is a package of its own (a published devtools package) ships its code.
      if (context === 'local-dev') {
        const top = relPath.slice(0, relPath.indexOf('/'));
        return ROOT_DEV.test(top) && !DESCRIPTORS.has(classify(relPath)) && publishedPackage(top) ? { context: 'production' } : { context };
      }
      if (context !== 'production') return { context };
      const said = DESCRIPTORS.has(classify(relPath)) ? declaredFor(path.posix.dirname(relPath)) : undefined;
      if (said) return { context: said };
      return samples && !REPOSITORY_AUTOMATION.test(relPath) ? { context: 'example', byName: true } : { context };
    },
  };
}

// ─── A top-level dev/ folder that is a package ───────────────────────────────

/** The top-level folders a file's path makes local development (see context.ts). */
const ROOT_DEV = /^(?:dev|development)$/i;

/**
 * Whether a folder holds a package of its own that is published: a `package.json` with a name and
 * not marked private, or a `pyproject.toml` with a project name. Its code is what users install,
 * not what the repository's developers run on their own machines.
 */
function isPublishedPackage(root: string, dir: string): boolean {
  const npm = readRootFile(root, `${dir}/package.json`);
  if (npm !== undefined) {
    try {
      const manifest = JSON.parse(npm) as { name?: unknown; private?: unknown };
      return typeof manifest.name === 'string' && manifest.private !== true;
    } catch {
      return false;
    }
  }
  const py = readRootFile(root, `${dir}/pyproject.toml`);
  return py !== undefined && /^\[project\][^[]*^name\s*=/m.test(py);
}

// ─── The repository's name ──────────────────────────────────────────────────

/** The repository's name as written: the last part of its `origin` remote's URL, else the root folder's name. */
export function repositoryName(root: string): string {
  const url = originUrl(root);
  const fromUrl = url ? /([^/:]+?)(?:\.git)?\/*$/.exec(url)?.[1] : undefined;
  return fromUrl || path.basename(root);
}

/**
 * Last words of a repository's name that say it collects samples. Plural only: `microservices-demo`
 * or `fullstack-quickstart` is one application, deployed as such; a cookbook is a collection by name.
 */
const COLLECTION_WORDS = new Set(['samples', 'examples', 'demos', 'tutorials', 'quickstarts', 'recipes', 'cookbook', 'cookbooks', 'notebooks', 'showcases']);

/**
 * Whether a repository's name says it is a collection of samples. A folder name is read from its
 * last part (`owner+name` checkouts, `owner.name`), without a GitHub archive's `-main`/`-master`;
 * words are split at `-`, `_` and case changes (`AgentSamples`, `GenAIExamples`).
 */
export function namesCollectionOfSamples(name: string): boolean {
  const last = name.split(/[^A-Za-z0-9_-]+/).filter(Boolean).pop() ?? '';
  const words = last
    .replace(/[-_](?:main|master)$/i, '')
    .split(/[-_]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean);
  const word = words[words.length - 1]?.toLowerCase();
  // An awesome list of apps (`awesome-llm-apps`, `awesome-ai-agents`) is a curated collection whatever it ends in.
  return word !== undefined && (COLLECTION_WORDS.has(word) || (words.length > 1 && words[0]!.toLowerCase() === 'awesome'));
}

/** CI configuration: the repository runs it itself, with its own tokens, whatever the repository holds. */
const REPOSITORY_AUTOMATION = /^(?:\.github|\.gitlab|\.circleci|\.buildkite|\.azure-pipelines|\.azuredevops)\/|^(?:\.gitlab-ci|azure-pipelines|bitbucket-pipelines|\.travis)\.ya?ml$|^jenkinsfile$/i;

// ─── A folder's README ──────────────────────────────────────────────────────

/** Files that say how something is run (Compose files, manifests, Dockerfiles, env and config files), not code. */
const DESCRIPTORS = new Set<FileKind>(['dockerfile', 'yaml', 'json', 'toml', 'env', 'hcl']);

const README_NAMES = ['README.md', 'readme.md', 'Readme.md', 'README'];
/** How much of a README is read for its title. */
const TITLE_BYTES = 2048;
/** A README's title: its first level-one heading. */
const TITLE = /^#[ \t]+(.+)$/m;
/** "Phoenix Development Environment", "Local development", "Dev setup", "Developer sandbox". */
const DEV_TITLE = /\b(?:local[ \t]+dev(?:elopment)?|dev(?:elopment)?[ \t]+(?:environment|env|setup|stack|cluster|sandbox)|developer[ \t]+(?:environment|setup|sandbox))\b/i;
/** "K8s Test Setup", "Docker E2E Environment", "Integration test harness". */
const TEST_TITLE = /\b(?:tests?|testing|e2e)[ \t]+(?:setup|environment|env|stack|cluster|rig|harness|bed)\b/i;
/** A title that also speaks of production ("Development and production setup") says no single thing. */
const PRODUCTION = /\bprod(?:uction)?\b/i;

/** The context a folder's own README gives what it holds, by its title; undefined when it has none that says. */
function readmeContext(root: string, dir: string): FindingContext | undefined {
  for (const name of README_NAMES) {
    const text = readRootFile(root, `${dir}/${name}`);
    if (text === undefined) continue;
    const title = TITLE.exec(text.length > TITLE_BYTES ? text.slice(0, TITLE_BYTES) : text)?.[1];
    if (!title || PRODUCTION.test(title)) return undefined;
    if (TEST_TITLE.test(title)) return 'test';
    return DEV_TITLE.test(title) ? 'local-dev' : undefined;
  }
  return undefined;
}
