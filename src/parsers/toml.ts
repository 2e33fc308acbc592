/**
 * TOML (Codex `config.toml`, `pyproject.toml`…) with smol-toml. It yields values without positions,
 * so `tomlKeyLine` finds the line of a key inside its table for findings to point at.
 */
import { tomlLib } from './libraries.js';
import type { SourceFile } from '../core/source.js';
import type { ParseOutcome } from './jsonc.js';
import { readRootFile, type DependsOn } from '../core/root-file.js';

export function parseToml(file: SourceFile): ParseOutcome<Record<string, unknown>> {
  return file.memo('toml', () => {
    try {
      return { ok: true, doc: tomlLib().parse(file.text) as Record<string, unknown> };
    } catch (err) {
      if (err instanceof tomlLib().TomlError) return { ok: false, error: `invalid TOML at ${err.line}:${err.column}: ${err.message.split('\n')[0]}` };
      return { ok: false, error: err instanceof RangeError ? 'invalid TOML: nesting too deep' : `invalid TOML: ${(err as Error).message.split('\n')[0]}` };
    }
  });
}

/**
 * 1-based line of `key` within table `table` (e.g. table `mcp_servers.github`, key `command`), or
 * of the table header when key is omitted; undefined when not found (inline tables, dotted keys).
 */
export function tomlKeyLine(file: SourceFile, table: string[], key?: string): number | undefined {
  const lines = file.text.split('\n');
  const header = table.length ? table.map(quoteIfNeeded).join('.') : '';
  let inTable = header === '';
  let headerLine: number | undefined = header === '' ? 1 : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const m = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (m) {
      const name = m[1]!.replace(/\s*\.\s*/g, '.');
      inTable = name === header || name === table.join('.');
      if (inTable) headerLine = i + 1;
      continue;
    }
    if (!inTable || key === undefined) continue;
    const k = /^("?)([^"=\s]+)\1\s*=/.exec(line);
    if (k && k[2] === key) return i + 1;
  }
  return key === undefined ? headerLine : undefined;
}

function quoteIfNeeded(part: string): string {
  return /^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part);
}

/** A TOML file of the scanned root (`pyproject.toml`, `Cargo.toml`) as a table; undefined when it is missing or no TOML. */
export function readRootToml(root: string, relPath: string, dependsOn?: DependsOn): Record<string, unknown> | undefined {
  const text = readRootFile(root, relPath, dependsOn);
  return text ? tomlTable(text) : undefined;
}

/** A TOML text as a table; undefined when it is no TOML. */
export function tomlTable(text: string): Record<string, unknown> | undefined {
  try {
    return tomlLib().parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
