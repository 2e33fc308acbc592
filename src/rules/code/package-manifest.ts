/**
 * The package.json nearest above a file: the package a TypeScript/JavaScript file belongs to, and
 * the names it depends on. Read through the root-file reader (`root-file.ts`) once per folder for
 * the scan (`rootFact`), whichever rule asks (a Next.js route, a `ws` server of an MCP server), so a
 * cached result stands only while the manifest is unchanged. Each caller tests its own dependency.
 * `dependencyNames` is also how an MCP config's `npx` package is looked up among what the project
 * installs (mcp/project-install.ts).
 */
import { readRootFile, rootFact, type DependsOn } from '../../core/root-file.js';

export type DependencyField = 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
const FIELDS: DependencyField[] = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

export interface PackageManifest {
  /** The package's folder: where its package.json is, '' at the root. */
  project: string;
  /** The package.json, as text. */
  text: string;
  /** The names under each dependency field; none when the manifest is no JSON object. */
  dependencies: Record<DependencyField, string[]>;
}

/** The package.json nearest above `relPath` (its own folder first, the root last); undefined when there is none. */
export function nearestManifest(root: string, relPath: string, dependsOn?: DependsOn): PackageManifest | undefined {
  const parts = relPath.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const project = parts.slice(0, n).join('/');
    const manifest = rootFact(root, `package-manifest:${project}`, dependsOn, (read) => {
      const text = readRootFile(root, project ? `${project}/package.json` : 'package.json', read);
      return text === undefined ? undefined : { project, text, dependencies: dependencyNames(text) };
    });
    if (manifest !== undefined) return manifest;
  }
  return undefined;
}

/** Whether a manifest lists a name that `test` accepts under one of `fields`. */
export function dependsOnAny(manifest: PackageManifest, fields: DependencyField[], test: (name: string) => boolean): boolean {
  return fields.some((field) => manifest.dependencies[field].some(test));
}

/** The names under each dependency field of a package.json's text; none when it is no JSON object. */
export function dependencyNames(text: string): Record<DependencyField, string[]> {
  const out = { dependencies: [], devDependencies: [], peerDependencies: [], optionalDependencies: [] } as Record<DependencyField, string[]>;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return out;
  }
  if (!pkg || typeof pkg !== 'object') return out;
  for (const field of FIELDS) {
    const deps = (pkg as Record<string, unknown>)[field];
    if (deps && typeof deps === 'object') out[field] = Object.keys(deps);
  }
  return out;
}
