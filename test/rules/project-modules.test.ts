/**
 * A scan the result cache serves whole analyzes no file, but still runs the cross-file analyzers on
 * the cached facts: the modules that hold them must not pull in the file analyses (the code domain's
 * once took a megabyte of source with them, a tenth of a cached scan's time). Each domain's
 * `project.ts` and the identity analyzers are followed through their imports (types left out): no
 * module on the way defines a file analyzer, but the one that is both (an MCP lockfile read per file
 * and joined across files).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const IMPORT = /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms;
const DEFINES_FILE_ANALYZER = /:\s*FileAnalyzer\s*=/;
/** Modules that are a file analyzer and a cross-file analyzer at once. */
const BOTH = ['rules/mcp/lock-drift.ts'];

function reach(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) visit(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  };
  visit(path.join(SRC, entry));
  return [...seen].map((f) => path.relative(SRC, f).split(path.sep).join('/'));
}

describe('cross-file analyzers load without the file analyses', () => {
  it.each(['rules/code/project.ts', 'rules/deploy/project.ts', 'rules/mcp/project.ts', 'rules/identity/shared-identity.ts', 'rules/identity/cross-environment.ts'])(
    '%s',
    (entry) => {
      const modules = reach(entry);
      expect(modules.length).toBeGreaterThan(1);
      const analyses = modules.filter((m) => !BOTH.includes(m) && DEFINES_FILE_ANALYZER.test(readFileSync(path.join(SRC, m), 'utf8')));
      expect(analyses).toEqual([]);
    },
  );

  it('the code domain reaches none of its tool, agent API or MCP server analyses', () => {
    const modules = reach('rules/code/project.ts');
    for (const heavy of ['rules/code/analysis.ts', 'rules/code/agent-api-modules.ts', 'rules/code/mcp-http-listen.ts', 'rules/code/agent-cli.ts']) expect(modules).not.toContain(heavy);
  });
});
