/**
 * Framework catalogs (OWASP, CSA MAESTRO, NIST AI RMF, MITRE ATLAS) and the mapping from finding
 * categories and rule ids to their controls. Data lives in `rules/frameworks/*.yaml`; this module
 * loads it once, has it validated (`validate.ts`: an error names the file and the field), and answers
 * "which controls does this finding cite?".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogError, type CatalogIssue } from './fields.js';
import { parseYaml, validateFramework, validateMapping } from './validate.js';
import { FRAMEWORK_ORDER, OWASP_FRAMEWORKS, type Control, type Framework, type FrameworkMapping, type RuleOverride } from './types.js';
import { compileRulePattern, isGlob, literalLength } from './rule-pattern.js';
import { CATEGORIES, type Category, type FrameworkRefs } from '../core/types.js';

// ---------------------------------------------------------------------------------------------
// Catalog: the validated data and the questions findings ask of it

function orderFrameworks(frameworks: readonly Framework[]): Framework[] {
  const rank = (id: string): number => {
    const i = (FRAMEWORK_ORDER as readonly string[]).indexOf(id);
    return i < 0 ? FRAMEWORK_ORDER.length : i;
  };
  return [...frameworks].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

interface CompiledOverride {
  override: RuleOverride;
  regex: RegExp;
  exact: boolean;
  specificity: number;
  order: number;
}

export class FrameworkCatalog {
  /** In FRAMEWORK_ORDER, then any further catalogs by id. */
  readonly frameworks: readonly Framework[];
  readonly mapping: FrameworkMapping;
  private readonly byId = new Map<string, Framework>();
  private readonly controlIndex = new Map<string, Map<string, number>>();
  private readonly overrides: CompiledOverride[];
  private readonly cache = new Map<string, FrameworkRefs>();

  /** Takes validated data (see validateFramework / validateMapping). */
  constructor(frameworks: readonly Framework[], mapping: FrameworkMapping) {
    this.frameworks = deepFreeze(orderFrameworks(frameworks));
    this.mapping = deepFreeze(mapping);
    for (const fw of this.frameworks) {
      this.byId.set(fw.id, fw);
      this.controlIndex.set(fw.id, new Map(fw.controls.map((c, i) => [c.id, i])));
    }
    this.overrides = mapping.rules.map((override, order) => ({
      override,
      regex: compileRulePattern(override.pattern),
      exact: !isGlob(override.pattern),
      specificity: literalLength(override.pattern),
      order,
    }));
    // Least specific first, so that more specific entries have the last word.
    this.overrides.sort(
      (a, b) => Number(a.exact) - Number(b.exact) || a.specificity - b.specificity || a.order - b.order,
    );
  }

  framework(id: string): Framework | undefined {
    return this.byId.get(id);
  }

  control(frameworkId: string, controlId: string): Control | undefined {
    const i = this.controlIndex.get(frameworkId)?.get(controlId);
    return i === undefined ? undefined : this.byId.get(frameworkId)!.controls[i];
  }

  /** The rule overrides that apply to a finding, in the order they are applied. */
  overridesFor(ruleId: string, category: Category): RuleOverride[] {
    return this.overrides
      .filter((o) => (!o.override.categories || o.override.categories.includes(category)) && o.regex.test(ruleId))
      .map((o) => o.override);
  }

  /**
   * The controls a finding of this rule and category cites: the category's mapping merged with
   * the matching rule overrides. Keys in FRAMEWORK_ORDER (frameworks with no control left out),
   * ids in catalog order. Returns a fresh object.
   */
  frameworksFor(ruleId: string, category: Category): FrameworkRefs {
    const key = `${category}\u0000${ruleId}`;
    let refs = this.cache.get(key);
    if (!refs) {
      refs = this.compute(ruleId, category);
      this.cache.set(key, refs);
    }
    return Object.fromEntries(Object.entries(refs).map(([fw, ids]) => [fw, [...ids]]));
  }

  private compute(ruleId: string, category: Category): FrameworkRefs {
    const base = this.mapping.categories[category];
    if (!base) throw new Error(`Unknown finding category ${JSON.stringify(category)}`);
    const acc = new Map<string, Set<string>>();
    const set = (fw: string): Set<string> => {
      let s = acc.get(fw);
      if (!s) acc.set(fw, (s = new Set()));
      return s;
    };
    for (const [fw, ids] of Object.entries(base)) for (const id of ids) set(fw).add(id);
    for (const o of this.overridesFor(ruleId, category)) {
      for (const [fw, ids] of Object.entries(o.replace)) acc.set(fw, new Set(ids));
      for (const [fw, ids] of Object.entries(o.remove)) for (const id of ids) acc.get(fw)?.delete(id);
      for (const [fw, ids] of Object.entries(o.add)) for (const id of ids) set(fw).add(id);
    }
    const out: FrameworkRefs = {};
    for (const fw of this.frameworks) {
      const ids = acc.get(fw.id);
      if (!ids || ids.size === 0) continue;
      const index = this.controlIndex.get(fw.id)!;
      out[fw.id] = [...ids].sort((a, b) => index.get(a)! - index.get(b)!);
    }
    return out;
  }

  controlTitle(frameworkId: string, controlId: string): string | undefined {
    return this.control(frameworkId, controlId)?.title;
  }

  /** One concise tag for a control; see rules/frameworks/README.md ("Short tags"). */
  shortTag(frameworkId: string, controlId: string): string {
    switch (frameworkId) {
      case 'owasp-asi':
      case 'mitre-atlas':
        return controlId;
      case 'owasp-agentic-threats':
        return `OWASP-${controlId}`;
      case 'owasp-nhi':
      case 'owasp-llm':
        return controlId.replace(/:\d{4}$/, '');
      case 'maestro': {
        const control = this.control(frameworkId, controlId);
        const layer = control?.kind === 'layer' ? control.id : (control?.parent ?? controlId.split(':')[0]);
        return /^L\d+$/.test(layer) ? `MAESTRO-${layer}` : 'MAESTRO-CROSS-LAYER';
      }
      case 'nist-ai-rmf':
        return controlId.startsWith('AI-600-1:')
          ? `NIST-GAI-${controlId.slice('AI-600-1:'.length)}`
          : `NIST-${controlId.replace(/ /g, '-')}`;
      default:
        return `${frameworkId}:${controlId}`;
    }
  }

  /** Concise tags for a finding's frameworks, deduplicated, in the order of `refs`. */
  shortTags(refs: FrameworkRefs): string[] {
    const tags = new Set<string>();
    for (const [fw, ids] of Object.entries(refs)) for (const id of ids) tags.add(this.shortTag(fw, id));
    return [...tags];
  }

  /** Mapping keys under `rules:` that match none of the given rule ids (stale or mistyped). */
  unmatchedRuleOverrides(ruleIds: Iterable<string>): string[] {
    const ids = [...ruleIds];
    return this.overrides
      .filter((o) => !ids.some((id) => o.regex.test(id)))
      .sort((a, b) => a.order - b.order)
      .map((o) => o.override.pattern);
  }

  /**
   * Categories that miss the minimum this project promises: one OWASP entry, one MAESTRO layer or
   * threat, one NIST AI RMF subcategory. Empty when the mapping is complete.
   */
  coverageGaps(): string[] {
    const gaps: string[] = [];
    for (const cat of CATEGORIES) {
      const refs = this.mapping.categories[cat] ?? {};
      if (!OWASP_FRAMEWORKS.some((fw) => (refs[fw]?.length ?? 0) > 0)) gaps.push(`${cat}: no OWASP entry`);
      if (!refs.maestro?.length) gaps.push(`${cat}: no MAESTRO layer or threat`);
      if (!refs['nist-ai-rmf']?.some((id) => this.control('nist-ai-rmf', id)?.kind === 'subcategory')) {
        gaps.push(`${cat}: no NIST AI RMF subcategory`);
      }
    }
    return gaps;
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

const MAPPING_FILE = 'mapping.yaml';

/**
 * `rules/frameworks/` of this package. The compiled module is `dist/frameworks/catalog.js` and the
 * source `src/frameworks/catalog.ts`, both two levels below the package root; a bundle elsewhere
 * finds the folder by walking up.
 */
export function frameworksDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const primary = join(here, '..', '..', 'rules', 'frameworks');
  if (existsSync(join(primary, MAPPING_FILE))) return primary;
  for (let dir = here, i = 0; i < 8; i++) {
    const candidate = join(dir, 'rules', 'frameworks');
    if (existsSync(join(candidate, MAPPING_FILE))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return primary;
}

let packageRoot: string | undefined;

/** A path relative to the package root when it lies inside it (`rules/frameworks/x.yaml`). */
function displayPath(file: string): string {
  packageRoot ??= join(frameworksDir(), '..', '..');
  const rel = relative(packageRoot, file);
  return rel.startsWith('..') ? file : rel.split(sep).join('/');
}

function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError([{ file: displayPath(file), field: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  return parseYaml(text, displayPath(file));
}

/**
 * Loads and validates every catalog (`*.yaml` except `mapping.yaml`) and the mapping of a folder.
 * Uncached; most callers want the module-level functions, which use the package's own folder.
 */
export function loadCatalogFrom(dir: string): FrameworkCatalog {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && n !== MAPPING_FILE).sort();
  } catch (err) {
    throw new CatalogError([{ file: displayPath(dir), field: '', message: `cannot read the framework folder: ${(err as Error).message}` }]);
  }
  const issues: CatalogIssue[] = [];
  const frameworks: Framework[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      const fw = validateFramework(readYamlFile(file), displayPath(file));
      const expected = name.replace(/\.ya?ml$/, '');
      if (fw.id !== expected) {
        issues.push({ file: displayPath(file), field: 'id', message: `is ${JSON.stringify(fw.id)} but the file is named ${name}; name it ${fw.id}.yaml` });
      } else frameworks.push(fw);
    } catch (err) {
      if (err instanceof CatalogError) issues.push(...err.issues);
      else throw err;
    }
  }
  for (const id of FRAMEWORK_ORDER) {
    if (!names.includes(`${id}.yaml`)) issues.push({ file: displayPath(join(dir, `${id}.yaml`)), field: '', message: 'catalog is missing' });
  }
  if (issues.length) throw new CatalogError(issues);
  const mappingFile = join(dir, MAPPING_FILE);
  const mapping = validateMapping(readYamlFile(mappingFile), frameworks, displayPath(mappingFile));
  return new FrameworkCatalog(frameworks, mapping);
}

let defaultCatalog: FrameworkCatalog | undefined;

/** The package's catalogs and mapping, loaded and validated on first use. */
export function getCatalog(): FrameworkCatalog {
  defaultCatalog ??= loadCatalogFrom(frameworksDir());
  return defaultCatalog;
}

/** Every framework catalog, in FRAMEWORK_ORDER. */
export function loadFrameworks(): Framework[] {
  return [...getCatalog().frameworks];
}

export function loadMapping(): FrameworkMapping {
  return getCatalog().mapping;
}

export function getFramework(frameworkId: string): Framework | undefined {
  return getCatalog().framework(frameworkId);
}

export function getControl(frameworkId: string, controlId: string): Control | undefined {
  return getCatalog().control(frameworkId, controlId);
}

/** See FrameworkCatalog.frameworksFor. */
export function frameworksFor(ruleId: string, category: Category): FrameworkRefs {
  return getCatalog().frameworksFor(ruleId, category);
}

export function controlTitle(frameworkId: string, controlId: string): string | undefined {
  return getCatalog().controlTitle(frameworkId, controlId);
}

/** See FrameworkCatalog.shortTags. */
export function shortTags(refs: FrameworkRefs): string[] {
  return getCatalog().shortTags(refs);
}
