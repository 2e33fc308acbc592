/**
 * `.agentwarden.yaml`: found at the scanned root or given with --config, validated against
 * `schema/agentwarden-config.schema.json` (which also serves editors), errors naming key and line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadValidated } from './data-file.js';
import { sha256 } from './fingerprint.js';
import { readFileSync } from 'node:fs';
import type { PatternSpec } from '../rules/secrets/patterns.js';
import type { FindingContext, Severity } from './types.js';

export type FailOn = Severity | 'none';

export interface Config {
  version?: 1;
  exclude?: string[];
  maxFileSize?: number;
  failOn?: FailOn;
  rules?: { disable?: string[]; severity?: Record<string, Severity> };
  ignore?: { paths: string[]; rules?: string[]; reason?: string }[];
  secrets?: { patterns?: PatternSpec[]; allow?: string[] };
  /** Per context: how findings there are treated; `paths` assigns contexts to globs first. */
  contexts?: { paths?: Record<string, FindingContext> } & Partial<Record<FindingContext, ContextTreatment>>;
}

/** How findings in one context are treated: lowered by `lower` levels, capped at `max`, or dropped. */
export interface ContextTreatment {
  lower?: number;
  max?: Severity;
  ignore?: boolean;
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from, relative to the root when inside it; undefined when none. */
  file?: string;
  /** sha256 of the file's bytes, for the report's scope. */
  hash?: string;
}

export const CONFIG_NAMES = ['.agentwarden.yaml', '.agentwarden.yml'];

export function loadConfig(root: string, explicit?: string): LoadedConfig {
  const file = explicit ? path.resolve(explicit) : CONFIG_NAMES.map((n) => path.join(root, n)).find((f) => existsSync(f));
  if (!file) return { config: {} };
  const display = path.relative(process.cwd(), file) || file;
  const { value } = loadValidated<Config>(file, 'agentwarden-config', undefined, display);
  return { config: value ?? {}, file: display, hash: sha256(readFileSync(file, 'utf8')).slice(0, 16) };
}

/**
 * Rule ids and globs the config names that match no rule: a typo there silently disables nothing,
 * so the scan warns about each.
 */
export function unknownRuleReferences(config: Config, ruleIds: string[], matches: (pattern: string, id: string) => boolean): string[] {
  const refs: [string, string][] = [
    ...(config.rules?.disable ?? []).map((r): [string, string] => ['rules.disable', r]),
    ...Object.keys(config.rules?.severity ?? {}).map((r): [string, string] => ['rules.severity', r]),
    ...(config.ignore ?? []).flatMap((entry, i) => (entry.rules ?? []).map((r): [string, string] => [`ignore[${i}].rules`, r])),
  ];
  return refs.filter(([, pattern]) => !ruleIds.some((id) => matches(pattern, id))).map(([where, pattern]) => `${where}: "${pattern}" matches no rule`);
}
