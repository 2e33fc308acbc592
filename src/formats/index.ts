import type { Format, Reporter } from './types.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { junit } from './junit.js';
import { text } from './text.js';
import { markdown } from './markdown.js';
import { gitlab } from './gitlab.js';

/** The reporter of each `--format`; `html` is the auditor's report and lives with the report command. */
export const REPORTERS: Record<Exclude<Format, 'html'>, Reporter> = { text, json, sarif, junit, markdown, gitlab };

export { FORMATS, type Format, type Reporter, type ReporterOptions } from './types.js';
