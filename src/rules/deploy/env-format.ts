/** Reading .env files into variables with their positions, and telling example env files, which are not deployed. */
import type { SourceFile } from '../../core/source.js';

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** Column (1-based) where the value starts. */
  column: number;
}

/** Example env files document variables with placeholders; they are not deployed. */
export function isExampleEnv(relPath: string): boolean {
  return /\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema)$|(?:^|[./_-])(?:example|sample|template)(?:[._-]|$)/i.test(relPath.slice(relPath.lastIndexOf('/') + 1));
}

export function envEntries(file: SourceFile): EnvEntry[] {
  const out: EnvEntry[] = [];
  for (let line = 1; line <= file.lineCount; line++) {
    const text = file.lineText(line);
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(text);
    if (!m) continue;
    let rest = text.slice(m[0].length);
    let value: string;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const q = rest[0]!;
      const end = rest.indexOf(q, 1);
      value = end > 0 ? rest.slice(1, end) : rest.slice(1);
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    out.push({ key: m[2]!, value, line, column: m[0].length + 1 });
  }
  return out;
}
