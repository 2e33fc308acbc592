/**
 * Manifests a repository ships for its users to install, rather than configuration its own
 * developers run: a Gemini CLI (or Qwen Code) extension's `gemini-extension.json`, a Claude Code
 * plugin's `.claude-plugin/plugin.json` and the `.mcp.json` at that plugin's root. The server such a
 * manifest launches from the repository's own package is the release the project publishes: it moves
 * when the project releases, by design. A configuration the project's Python package ships as package
 * data (the default server list a client installs with itself) is shipped the same way.
 */
import path from 'node:path';
import type { SourceFile } from '../../core/source.js';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import { isPackageData } from './package-data.js';

const EXTENSION_MANIFEST = /^(?:gemini|qwen)-extension\.json$/;

/** Asked per server of a file: worked out (and the plugin manifest beside it read) once per file. */
export function isShippedManifest(file: SourceFile, dependsOn?: DependsOn): boolean {
  return shippedAs(file, dependsOn) !== undefined;
}

/** The sentence a finding adds when the file is shipped to users and launches the project's own release. */
export function shippedNote(file: SourceFile, dependsOn?: DependsOn): string {
  return shippedAs(file, dependsOn) === 'package-data'
    ? `${file.baseName} ships inside the project's Python package (its package data) as the configuration its users start with: it launches the project's own latest release by design.`
    : `${file.baseName} is a manifest this repository ships for its users to install: it launches the project's own latest release by design.`;
}

function shippedAs(file: SourceFile, dependsOn?: DependsOn): 'manifest' | 'package-data' | undefined {
  return file.memo('mcp:shipped-manifest', () => {
    if (EXTENSION_MANIFEST.test(file.baseName)) return 'manifest';
    if (/(?:^|\/)\.claude-plugin\/plugin\.json$/.test(file.relPath)) return 'manifest';
    if (file.root === undefined) return undefined;
    if (file.baseName === '.mcp.json') {
      const dir = path.posix.dirname(file.relPath);
      if (readRootFile(file.root, `${dir === '.' ? '' : `${dir}/`}.claude-plugin/plugin.json`, dependsOn) !== undefined) return 'manifest';
    }
    return isPackageData(file, dependsOn) ? 'package-data' : undefined;
  });
}
