import type { FileAnalyzer, ProjectAnalyzer } from '../../core/rule.js';
import type { SecretEngine } from '../secrets/analyzer.js';

export async function analyzers(_engine: SecretEngine): Promise<FileAnalyzer[]> {
  return [];
}

export const projectAnalyzers: ProjectAnalyzer[] = [];
