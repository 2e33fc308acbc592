/**
 * Tools as servers announced them in recorded sessions, for `mcp lock --from-session`: the
 * `tools/list` responses of MCP JSON-RPC logs (bare, or wrapped by a capture proxy), under the name
 * the server gave in its `initialize` response (or the log's file name). Nothing is replayed.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ScanError } from '../../core/types.js';
import { unwrap } from '../../replay/formats/mcp-jsonrpc.js';
import { openInput } from '../../replay/input.js';
import type { LockedTool } from './lockfile.js';

export interface RecordedTools {
  server: string;
  /** The session file, relative to `base`, `/` separators. */
  file: string;
  tools: Omit<LockedTool, 'from'>[];
}

/** Session files named directly, and the .json/.jsonl files in folders named. */
export function sessionFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    if (statSync(abs).isDirectory()) {
      for (const e of readdirSync(abs, { recursive: true, withFileTypes: true })) {
        if (e.isFile() && /\.jsonl?$/i.test(e.name)) out.push(path.join(e.parentPath, e.name));
      }
    } else out.push(abs);
  }
  return [...new Set(out)].sort();
}

export async function recordedTools(files: string[], base: string): Promise<{ recorded: RecordedTools[]; errors: ScanError[] }> {
  const recorded: RecordedTools[] = [];
  const errors: ScanError[] = [];
  for (const abs of files) {
    const file = path.relative(base, abs).split(path.sep).join('/');
    let server = path.basename(abs).replace(/\.jsonl?$/i, '');
    const lists = new Set<string>();
    const inits = new Set<string>();
    try {
      const input = await openInput(abs);
      for await (const rec of input.records((line, message) => errors.push({ path: file, message: `line ${line}: ${message}` }))) {
        for (const { m } of unwrap(rec.value).messages) {
          const id = m.id === undefined || m.id === null ? undefined : String(m.id);
          if (m.method === 'initialize' && id) inits.add(id);
          if (m.method === 'tools/list' && id) lists.add(id);
          if (m.method !== undefined) continue;
          const result = m.result as Record<string, unknown> | undefined;
          if (!result || typeof result !== 'object') continue;
          const info = result.serverInfo as { name?: unknown } | undefined;
          if ((id && inits.has(id)) || info) {
            if (typeof info?.name === 'string' && info.name) server = info.name;
            continue;
          }
          // A tools/list answer: the request was seen, or the result has the shape of one.
          if (!Array.isArray(result.tools) || (id && lists.size && !lists.has(id))) continue;
          const tools = (result.tools as unknown[]).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string');
          recorded.push({
            server,
            file,
            tools: tools.map((t) => ({
              name: t.name as string,
              ...(typeof t.description === 'string' ? { description: t.description } : {}),
              ...(t.inputSchema !== undefined ? { inputSchema: t.inputSchema } : {}),
            })),
          });
        }
      }
    } catch (err) {
      errors.push({ path: file, message: `cannot read session: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  }
  return { recorded, errors };
}
