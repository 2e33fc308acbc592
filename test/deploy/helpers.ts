import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { secretEngine } from '../../src/rules/registry.js';
import { deployAnalyzer } from '../../src/rules/deploy/index.js';
import { DEPLOY_RULES } from '../../src/rules/deploy/rules/all.js';
import { runExample } from '../../src/engine/examples.js';
import type { Finding } from '../../src/core/types.js';

/** The project's secret engine, or an empty one while the pattern data is not there. */
export function engine(): SecretEngine {
  try {
    return secretEngine();
  } catch {
    return new SecretEngine([], { values: new Set(), regexes: [], stopwords: [] });
  }
}

export const analyzer = deployAnalyzer(engine(), DEPLOY_RULES);

export async function findings(path: string, code: string): Promise<Finding[]> {
  return runExample([analyzer], { path, code });
}

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/discovery/classify.js';
import { analyzerSet, analyzeSource, readSource, type FileResult } from '../../src/engine/analyze-file.js';
import { sharedIdentity } from '../../src/rules/identity/shared-identity.js';
import type { IdentityUse } from '../../src/core/rule.js';
import type { FileKind, ScanError } from '../../src/core/types.js';
import { SourceFile } from '../../src/core/source.js';

export interface DirResult {
  findings: Finding[];
  errors: ScanError[];
  identities: IdentityUse[];
  shared: { message: string; severity?: string; related?: { path: string; startLine: number; message?: string }[]; location: { path: string; startLine: number } }[];
}

/** The deployment analyzer and the identity graph over a folder, without the rest of the pipeline. */
export async function scanDir(root: string): Promise<DirResult> {
  const set = analyzerSet([analyzer]);
  const out: DirResult = { findings: [], errors: [], identities: [], shared: [] };
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const abs = path.join(dir, name);
      return statSync(abs).isDirectory() ? walk(abs) : [abs];
    });
  for (const abs of walk(root).sort()) {
    const relPath = path.relative(root, abs).split(path.sep).join('/');
    const { source, error } = readSource({ absPath: abs, relPath, kind: classify(relPath), size: statSync(abs).size });
    if (error) out.errors.push(error);
    if (!source) continue;
    const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
    await analyzeSource(source, set, result);
    out.findings.push(...result.findings);
    out.errors.push(...result.errors);
    out.identities.push(...result.identities);
  }
  sharedIdentity.finish({ identities: out.identities, inventory: [] }, { report: (d) => out.shared.push(d) });
  return out;
}

/** `path:line ruleId` of each finding, sorted, for compact assertions. */
/** A folder scanned with the parse prefilters off (`AGENTWARDEN_PREFILTER=off`). */
export async function scanWithoutPrefilters(dir: string): Promise<DirResult> {
  process.env.AGENTWARDEN_PREFILTER = 'off';
  try {
    return await scanDir(dir);
  } finally {
    delete process.env.AGENTWARDEN_PREFILTER;
  }
}

/** A folder scanned with the parse prefilters on, then off. */
export async function scanBothWays(dir: string): Promise<{ on: DirResult; off: DirResult }> {
  const on = await scanDir(dir);
  return { on, off: await scanWithoutPrefilters(dir) };
}

export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId} ${f.severity}`).sort();
}

/** A file of the given kind that exists only in memory (for the prefilters, which read path and text). */
export function memoryFile(relPath: string, kind: FileKind, text: string): SourceFile {
  return new SourceFile({ absPath: relPath, relPath, kind, size: text.length }, text);
}
