/** What `.agentwarden.yaml` says about findings: disabled rules, severity overrides, ignored paths. */
import { globMatcher } from '../core/glob.js';
import type { Config } from '../core/config.js';
import type { Finding } from '../core/types.js';
import { matchesRuleId } from './inline.js';

export interface ConfigFilter {
  /** The finding as the config wants it, or undefined when the config suppresses it. */
  apply(finding: Finding): Finding | undefined;
}

export function configFilter(config: Config): ConfigFilter {
  const disabled = config.rules?.disable ?? [];
  const overrides = Object.entries(config.rules?.severity ?? {});
  const ignores = (config.ignore ?? []).map((entry) => ({
    matches: globMatcher(entry.paths),
    rules: entry.rules,
  }));
  return {
    apply(finding) {
      if (disabled.some((d) => matchesRuleId(d, finding.ruleId))) return undefined;
      for (const ignore of ignores) {
        if (!ignore.matches(finding.location.path)) continue;
        if (!ignore.rules || ignore.rules.some((r) => matchesRuleId(r, finding.ruleId))) return undefined;
      }
      const override = overrides.find(([pattern]) => matchesRuleId(pattern, finding.ruleId));
      return override ? { ...finding, severity: override[1] } : finding;
    },
  };
}
