/**
 * Runs a rule's own examples, as ESLint's RuleTester and gitleaks' generated tests do: each example
 * is analyzed as an in-memory file, and must (positive) or must not (negative) yield the rule.
 * Used by the test suite for every rule, and by `explain` to show a real finding.
 */
import path from 'node:path';
import type { FileAnalyzer, ProjectAnalyzer, RuleExample, RuleMeta } from '../core/rule.js';
import { withRootFiles } from '../core/root-file.js';
import { SourceFile } from '../core/source.js';
import type { Finding } from '../core/types.js';
import { classify } from '../discovery/classify.js';
import { analyzerSet, analyzeSource, type FileResult } from './analyze-file.js';

/** Default file name an example is analyzed as, when it names none. */
export const DEFAULT_EXAMPLE_PATH = 'example.env';

const EXAMPLE_ROOT = '/nonexistent-example-root';
/** Repository examples scanned so far: each gets a root of its own, so two at once never read each other's files. */
let repositories = 0;

function exampleSource(relPath: string, code: string, root = EXAMPLE_ROOT): SourceFile {
  return new SourceFile({ absPath: path.join(root, relPath), relPath, kind: classify(relPath), size: code.length }, code);
}

/**
 * An example analyzed alone; a cross-file rule's example is then also run through the project
 * analyzers given (as a repository of that one file). An example that comes `with` other files is
 * a small repository, scanned whole.
 */
export async function runExample(analyzers: FileAnalyzer[], example: RuleExample, project: ProjectAnalyzer[] = []): Promise<Finding[]> {
  const relPath = example.path ?? DEFAULT_EXAMPLE_PATH;
  if (example.with) {
    // A small repository: scanned whole, cross-file analyzers included (the example's own analyzers are all the scan's).
    const { scan } = await import('./scan.js');
    const files = new Map([[relPath, example.code], ...Object.entries(example.with)]);
    const root = `${EXAMPLE_ROOT}-${++repositories}`;
    const sources = [...files].map(([p, code]) => exampleSource(p, code, root));
    // What an analyzer reads of the repository beside the file it analyzes (its package.json, a middleware) comes from the example too.
    const { report } = await withRootFiles(root, files, () => scan({ paths: [], sources, root }));
    return report.findings;
  }
  const source = exampleSource(relPath, example.code);
  const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
  await analyzeSource(source, analyzerSet(analyzers), result);
  if (project.length === 0) return result.findings;
  const { runProjectAnalyzers } = await import('./scan.js');
  return [...result.findings, ...(await runProjectAnalyzers({ identities: result.identities, inventory: result.inventory }, project))];
}

/** The project analyzers that own a rule (none for a file rule). */
export async function projectAnalyzersOf(ruleId: string): Promise<ProjectAnalyzer[]> {
  const { loadProjectAnalyzers } = await import('../rules/registry.js');
  return (await loadProjectAnalyzers()).filter((a) => a.rules.some((r) => r.id === ruleId));
}

export interface ExampleOutcome {
  rule: RuleMeta;
  example: RuleExample;
  positive: boolean;
  findings: Finding[];
  passed: boolean;
}

export async function checkExamples(analyzers: FileAnalyzer[], rule: RuleMeta): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  const project = await projectAnalyzersOf(rule.id);
  for (const [positive, list] of [
    [true, rule.examples?.positive ?? []],
    [false, rule.examples?.negative ?? []],
  ] as const) {
    for (const example of list) {
      const findings = await runExample(analyzers, example, project);
      const hit = findings.some((f) => f.ruleId === rule.id);
      outcomes.push({ rule, example, positive, findings, passed: hit === positive });
    }
  }
  return outcomes;
}
