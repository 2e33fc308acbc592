import path from 'node:path';
import { SourceFile } from '../../src/core/source.js';
import type { IdentityUse, InventoryItem } from '../../src/core/rule.js';
import type { Finding, ScanError } from '../../src/core/types.js';
import { classify } from '../../src/discovery/classify.js';
import { analyzerSet, analyzeSource, type FileResult } from '../../src/engine/analyze-file.js';
import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { secretsAnalyzer } from '../../src/rules/secrets/file-analyzer.js';
import { compilePattern } from '../../src/rules/secrets/patterns.js';
import { mcpAnalyzer } from '../../src/rules/mcp/index.js';
import { secretEngine } from '../../src/rules/registry.js';

/**
 * A secret engine with one provider pattern (GitHub PATs), so the MCP tests do not depend on the
 * built-in pattern files and can check that provider-pattern secrets are left to the engine.
 */
export function testEngine(): SecretEngine {
  const pat = compilePattern(
    { id: 'github-pat', title: 'GitHub personal access token', regex: 'ghp_[A-Za-z0-9]{36}', keywords: ['ghp_'], severity: 'high' },
    'GitHub',
    'test',
  );
  return new SecretEngine([pat], { values: new Set(), regexes: [], stopwords: [] });
}

/** The real engine (built-in patterns): MCP rules must leave to it what it already reports. */
export const engine = secretEngine();
export const analyzer = mcpAnalyzer(engine);

export interface Analyzed {
  findings: Finding[];
  errors: ScanError[];
  identities: IdentityUse[];
  inventory: InventoryItem[];
}

/** Runs the MCP analyzer (with the secrets analyzer when `withSecrets`) on one in-memory file. */
export async function analyze(relPath: string, code: string, withSecrets = false): Promise<Analyzed> {
  const source = new SourceFile({ absPath: path.join('/nonexistent', relPath), relPath, kind: classify(relPath), size: code.length }, code);
  const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
  await analyzeSource(source, analyzerSet(withSecrets ? [secretsAnalyzer(engine), analyzer] : [analyzer]), result);
  return result;
}

export const ids = (a: Analyzed): string[] => a.findings.map((f) => f.ruleId).sort();
