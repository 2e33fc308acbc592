import path from 'node:path';
import { analyzerSet, analyzeSource, type FileResult } from '../../src/engine/analyze-file.js';
import { SourceFile } from '../../src/core/source.js';
import { classify } from '../../src/discovery/classify.js';
import { codeAnalyzer } from '../../src/rules/code/index.js';

/** Runs the code analyzer alone on an in-memory file: findings, errors, inventory, identities. */
export async function analyzeCodeFile(relPath: string, text: string): Promise<FileResult> {
  const source = new SourceFile({ absPath: path.join('/virtual', relPath), relPath, kind: classify(relPath), size: text.length }, text);
  const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
  await analyzeSource(source, analyzerSet([codeAnalyzer()]), result);
  return result;
}
