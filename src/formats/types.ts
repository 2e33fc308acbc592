/** Reporters are pure functions from one Report (plus rule metadata) to the bytes of one format. */
import type { RuleMeta } from '../core/rule.js';
import type { Report } from '../core/types.js';
import type { FailOn } from '../core/config.js';

export interface ReporterOptions {
  /** Metadata of every rule that ran (SARIF driver rules, help text). */
  rules: RuleMeta[];
  color: boolean;
  failOn: FailOn;
  /** When the report is written (ms since the epoch); formats that record times use it. Defaults to now. */
  now?: number;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
