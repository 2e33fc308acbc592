/**
 * Fixtures that say what they expect: a comment `expect: <rule-id> <severity>` on the line above the
 * one the finding belongs on. Shared by the tests of rules whose fixtures are written that way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/engine/scan.js';

export interface Expected {
  path: string;
  line: number;
  severity: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const byPlace = (a: Expected, b: Expected) => a.path.localeCompare(b.path) || a.line - b.line;

/** What the `expect:` comments under `dir` ask of `ruleId`, paths relative to `dir`, in order. */
export function expectedFindings(dir: string, ruleId: string): Expected[] {
  const marker = new RegExp(`expect: ${ruleId.replace(/[/.]/g, '\\$&')} (\\w+)`);
  return files(dir)
    .flatMap((full) =>
      readFileSync(full, 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const m = marker.exec(line);
          return m ? [{ path: path.relative(dir, full).split(path.sep).join('/'), line: i + 2, severity: m[1]! }] : [];
        }),
    )
    .sort(byPlace);
}

/** What a scan of `dir` reports for `ruleId`, in the same shape and order. */
export async function reportedFindings(dir: string, ruleId: string): Promise<Expected[]> {
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ path: f.location.path, line: f.location.startLine, severity: f.severity }))
    .sort(byPlace);
}
