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
