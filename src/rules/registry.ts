/**
 * Every analyzer the scanner knows, by domain. Domains load lazily so a command pays only for what
 * it runs; adding a domain is one line here.
 */
import type { Config } from '../core/config.js';
import type { FileAnalyzer, ProjectAnalyzer, RuleMeta } from '../core/rule.js';
import { compileAllowlist, compilePattern, loadAllowlist, loadBuiltinPatterns, type SecretPatternData } from './secrets/patterns.js';
import { SecretEngine } from './secrets/analyzer.js';
import { secretsAnalyzer } from './secrets/file-analyzer.js';
import { cmp } from '../engine/order.js';
import { contextPolicy } from '../engine/context-policy.js';

/**
 * The secret engine: built-in patterns (from `data` when another thread already read and validated
 * them) and the config's own.
 */
export function secretEngine(config: Config = {}, data?: SecretPatternData): SecretEngine {
  const custom = (config.secrets?.patterns ?? []).map((spec) => compilePattern(spec, spec.provider ?? 'Custom', '.agentwarden.yaml'));
  const builtin = data ? data.patterns.map(({ spec, provider, source }) => compilePattern(spec, provider, source)) : loadBuiltinPatterns();
  const allowlist = data ? compileAllowlist(data.allowlist, config.secrets?.allow) : loadAllowlist(config.secrets?.allow);
  return new SecretEngine([...builtin, ...custom], allowlist);
}

const loaded = new Map<string, Promise<FileAnalyzer[]>>();

/** File analyzers of every domain, in a fixed order; built once per process and secrets config. */
export function loadFileAnalyzers(config: Config = {}, data?: SecretPatternData): Promise<FileAnalyzer[]> {
  // The secrets config builds the engine; the contexts the config assigns to paths decide which values are samples.
  const key = JSON.stringify([config.secrets ?? {}, config.contexts?.paths ?? {}]);
  let analyzers = loaded.get(key);
  if (!analyzers) {
    analyzers = (async () => {
      const engine = secretEngine(config, data);
      const domains = await Promise.all(DOMAINS.map((load) => load(engine)));
      return [secretsAnalyzer(engine, contextPolicy(config).contextOf), ...domains.flat()];
    })();
    loaded.set(key, analyzers);
  }
  return analyzers;
}

/**
 * Domain modules: each exports `analyzers(engine)` returning its file analyzers; the secret engine
 * is shared so that configs and manifests reuse the same patterns on the values they extract.
 */
const DOMAINS: ((engine: SecretEngine) => Promise<FileAnalyzer[]>)[] = [
  async (engine) => (await import('./mcp/index.js')).analyzers(engine),
  async (engine) => (await import('./deploy/index.js')).analyzers(engine),
  async (engine) => (await import('./code/index.js')).analyzers(engine),
];

/** Cross-file analyzers; each domain may add its own after the shared identity graph. */
export async function loadProjectAnalyzers(): Promise<ProjectAnalyzer[]> {
  const [{ sharedIdentity }, { crossEnvironment }, ...domains] = await Promise.all([
    import('./identity/shared-identity.js'),
    import('./identity/cross-environment.js'),
    import('./mcp/project.js'),
    import('./deploy/project.js'),
    import('./code/project.js'),
  ]);
  return [sharedIdentity, crossEnvironment, ...domains.flatMap((d) => d.projectAnalyzers)];
}

/** Metadata of every rule with its framework references, sorted by id. */
export async function allRules(config: Config = {}): Promise<RuleMeta[]> {
  const file = await loadFileAnalyzers(config);
  const { frameworksFor } = await import('../frameworks/index.js');
  const metas = new Map<string, RuleMeta>();
  for (const a of [...file, ...(await loadProjectAnalyzers())]) {
    for (const r of a.rules) metas.set(r.id, { ...r, frameworks: frameworksFor(r.id, r.category) });
  }
  return [...metas.values()].sort((a, b) => cmp(a.id, b.id));
}
