/**
 * Manifests a repository ships for its users to install, rather than configuration its own
 * developers run: a Gemini CLI (or Qwen Code) extension's `gemini-extension.json`, a Claude Code
 * plugin's `.claude-plugin/plugin.json` and the `.mcp.json` at that plugin's root. The server such a
 * manifest launches from the repository's own package is the release the project publishes: it moves
 * when the project releases, by design.
 */
import path from 'node:path';
import type { SourceFile } from '../../core/source.js';
import { readRootFile } from '../../core/root-file.js';

const EXTENSION_MANIFEST = /^(?:gemini|qwen)-extension\.json$/;

export function isShippedManifest(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): boolean {
  if (EXTENSION_MANIFEST.test(file.baseName)) return true;
  if (/(?:^|\/)\.claude-plugin\/plugin\.json$/.test(file.relPath)) return true;
  if (file.baseName !== '.mcp.json' || file.root === undefined) return false;
  const dir = path.posix.dirname(file.relPath);
  return readRootFile(file.root, `${dir === '.' ? '' : `${dir}/`}.claude-plugin/plugin.json`, dependsOn) !== undefined;
}
