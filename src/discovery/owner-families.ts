/**
 * Name prefixes an owner publishes its packages under when they are not its account's name: the
 * `chuk-` of `chuk-llm` and `chuk-term`, published by the account `chrishayuk`. Read from the root's
 * own words: the README links at least two of the owner's repositories whose names share the first
 * word, and the root project depends on a package named as one of them (so the repositories are
 * published packages, not only folders on GitHub). A generic first word (`mcp-`, `agent-`) names a
 * kind of project, not a publisher, and is never a family.
 */
import { readRootFile, type DependsOn } from '../core/root-file.js';
import { readRootToml } from '../parsers/toml.js';

type ReadFiles = [relPath: string, hash: string][];

/** First words that say what a project is, not whose: never read as a publisher's prefix. */
const GENERIC = new Set([
  'mcp', 'agent', 'agents', 'ai', 'llm', 'llms', 'gpt', 'openai', 'claude', 'langchain', 'awesome', 'open', 'py', 'python', 'node', 'js', 'ts',
  'go', 'rust', 'react', 'next', 'vue', 'docker', 'server', 'client', 'api', 'cli', 'app', 'web', 'simple', 'my', 'the', 'demo', 'example',
  'examples', 'sample', 'test', 'template', 'templates', 'starter', 'create', 'chat', 'data', 'model', 'tool', 'tools', 'auto',
]);

export function ownerFamilies(root: string, owners: Set<string>, read: ReadFiles): Set<string> {
  if (owners.size === 0) return new Set();
  const heard: DependsOn = (rel, hash) => read.push([rel, hash]);
  const text = (relPath: string): string | undefined => readRootFile(root, relPath, heard);
  const readme = ['README.md', 'readme.md', 'README.rst', 'README'].map(text).find((t) => t !== undefined);
  if (!readme) return new Set();
  const linked = new Set<string>();
  for (const m of readme.matchAll(/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?=[/?#)"'\s\]]|$)/gi)) if (owners.has(m[1]!.toLowerCase())) linked.add(normalise(m[2]!));
  const byWord = new Map<string, Set<string>>();
  for (const name of linked) {
    const word = /^([a-z0-9]+)-/.exec(name)?.[1];
    if (word && word.length >= 3 && !GENERIC.has(word)) byWord.set(word, (byWord.get(word) ?? new Set()).add(name));
  }
  const depends = dependencies(root, text, heard);
  const out = new Set<string>();
  for (const [word, names] of byWord) if (names.size >= 2 && [...names].some((n) => depends.has(n))) out.add(word);
  return out;
}

/** Package names the root project depends on: pyproject `[project] dependencies`, package.json's dependency maps. */
function dependencies(root: string, text: (relPath: string) => string | undefined, heard: DependsOn): Set<string> {
  const out = new Set<string>();
  const deps = (readRootToml(root, 'pyproject.toml', heard)?.project as { dependencies?: unknown } | undefined)?.dependencies;
  if (Array.isArray(deps)) for (const d of deps) if (typeof d === 'string') out.add(normalise(/^[A-Za-z0-9][\w.-]*/.exec(d.trim())?.[0] ?? ''));
  const pkg = text('package.json');
  if (pkg) {
    try {
      const json = JSON.parse(pkg) as Record<string, unknown>;
      for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
        const map = json[key];
        if (map && typeof map === 'object') for (const name of Object.keys(map)) out.add(normalise(name));
      }
    } catch {
      // not JSON: no dependencies from it
    }
  }
  out.delete('');
  return out;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
