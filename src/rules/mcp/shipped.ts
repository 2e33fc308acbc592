/**
 * Manifests a repository ships for its users to install, rather than configuration its own
 * developers run: a Gemini CLI (or Qwen Code) extension's `gemini-extension.json`, a Claude Code
 * plugin's `.claude-plugin/plugin.json` and the `.mcp.json` at that plugin's root. The server such a
 * manifest launches from the repository's own package is the release the project publishes: it moves
 * when the project releases, by design.
 */
import path from 'node:path';
import type { SourceFile } from '../../core/source.js';
import { readRootFile, type DependsOn } from '../../core/root-file.js';

const EXTENSION_MANIFEST = /^(?:gemini|qwen)-extension\.json$/;

/** Asked per server of a file: worked out (and the plugin manifest beside it read) once per file. */
export function isShippedManifest(file: SourceFile, dependsOn?: DependsOn): boolean {
  return file.memo('mcp:shipped-manifest', () => {
    if (EXTENSION_MANIFEST.test(file.baseName)) return true;
    if (/(?:^|\/)\.claude-plugin\/plugin\.json$/.test(file.relPath)) return true;
    if (file.baseName !== '.mcp.json' || file.root === undefined) return false;
    const dir = path.posix.dirname(file.relPath);
    return readRootFile(file.root, `${dir === '.' ? '' : `${dir}/`}.claude-plugin/plugin.json`, dependsOn) !== undefined;
  });
}
