/** Framework references are attached here, from `rules/frameworks/` data, for every finding of every command. */
import type { Finding } from '../core/types.js';
import { frameworksFor } from '../frameworks/index.js';

export function withFrameworks(finding: Finding): Finding {
  return { ...finding, frameworks: frameworksFor(finding.ruleId, finding.category) };
}
