/**
 * Framework catalogs (OWASP, CSA MAESTRO, NIST AI RMF, MITRE ATLAS) and the mapping from finding
 * categories and rule ids to their controls. Data lives in `rules/frameworks/*.yaml`; this module
 * loads it once, validates it (an error names the file and the field), and answers
 * "which controls does this finding cite?".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlLib } from '../parsers/libraries.js';
import { cachedData } from '../core/data-cache.js';
import { CATEGORIES, type Category, type FrameworkRefs } from '../core/types.js';

/** The frameworks every finding may cite, in the order their keys appear in `frameworks`. */
export const FRAMEWORK_ORDER = [
  'owasp-asi',
  'owasp-agentic-threats',
  'owasp-nhi',
  'owasp-llm',
  'maestro',
  'nist-ai-rmf',
  'mitre-atlas',
] as const;
export type KnownFrameworkId = (typeof FRAMEWORK_ORDER)[number];

/** The catalogs that count as OWASP for coverage checks. */
export const OWASP_FRAMEWORKS: readonly string[] = ['owasp-asi', 'owasp-agentic-threats', 'owasp-nhi', 'owasp-llm'];

/**
 * confirmed: read in the publisher's own text. confirmed-secondary: the publisher's text was not
 * reachable, several independent copies agree. unconfirmed: not checked; do not show to auditors
 * without a check.
 */
export const CONTROL_STATUSES = ['confirmed', 'confirmed-secondary', 'unconfirmed'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export const CONTROL_KINDS = [
  'risk',
  'threat',
  'layer',
  'function',
  'category',
  'subcategory',
  'tactic',
  'technique',
  'sub-technique',
  'mitigation',
] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export const TITLE_KINDS = ['verbatim', 'paraphrase'] as const;
/** Whether a title is the source's own wording or our paraphrase (NIST gives no titles). */
export type TitleKind = (typeof TITLE_KINDS)[number];

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly kind: ControlKind;
  readonly status: ControlStatus;
  /** Resolved: the control's own `titleKind`, else the framework's. */
  readonly titleKind: TitleKind;
  /** Id of the enclosing control (subcategory → category → function, threat → layer, …). */
  readonly parent?: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly note?: string;
  readonly section?: string;
  readonly tactics?: readonly string[];
}

export interface Framework {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly released?: string;
  readonly publisher?: string;
  readonly url: string;
  readonly sources: readonly string[];
  readonly status: ControlStatus;
  readonly titleKind: TitleKind;
  readonly notes?: string;
  readonly controls: readonly Control[];
}

export interface RuleOverride {
  /** Rule id or glob, as written in the mapping. */
  readonly pattern: string;
  /** Only findings of these categories; undefined means every category. */
  readonly categories?: readonly Category[];
  readonly replace: FrameworkRefs;
  readonly remove: FrameworkRefs;
  readonly add: FrameworkRefs;
}

export interface FrameworkMapping {
  readonly version: 1;
  readonly categories: Readonly<Record<Category, FrameworkRefs>>;
  /** In file order. */
  readonly rules: readonly RuleOverride[];
}

export interface CatalogIssue {
  file: string;
  /** Path of the offending field, e.g. `controls[3] (ASI04).title`; empty for the whole file. */
  field: string;
  message: string;
}

/** Invalid catalog or mapping data. `message` lists every issue as `file: field: message`. */
export class CatalogError extends Error {
  readonly issues: readonly CatalogIssue[];

  constructor(issues: CatalogIssue[]) {
    const lines = issues.map((i) => `${i.file}: ${i.field ? `${i.field}: ` : ''}${i.message}`);
    super(
      issues.length === 1
        ? `Invalid framework data: ${lines[0]}`
        : `Invalid framework data (${issues.length} problems):\n  ${lines.join('\n  ')}`,
    );
    this.name = 'CatalogError';
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

class Issues {
  readonly list: CatalogIssue[] = [];
  constructor(readonly file: string) {}
  add(field: string, message: string): void {
    this.list.push({ file: this.file, field, message });
  }
  throwIfAny(): void {
    if (this.list.length) throw new CatalogError(this.list);
  }
  fail(field: string, message: string): never {
    this.add(field, message);
    throw new CatalogError(this.list);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `a.b`, `a["credential.long-lived"]`, `a[3]`. */
function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      issues.add(fieldPath(field, key), `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

function readString(
  obj: Record<string, unknown>,
  key: string,
  field: string,
  issues: Issues,
  required: boolean,
): string | undefined {
  const v = obj[key];
  const path = fieldPath(field, key);
  if (v === undefined || v === null) {
    if (required) issues.add(path, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') {
    const hint = typeof v === 'number' || v instanceof Date ? ' (quote numbers and dates)' : '';
    issues.add(path, `expected a string, got ${describe(v)}${hint}`);
    return undefined;
  }
  if (v.trim() === '') {
    issues.add(path, 'must not be empty');
    return undefined;
  }
  if (v !== v.trim()) issues.add(path, 'has leading or trailing white space');
  return v;
}

function readEnum<T extends string>(
  obj: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  field: string,
  issues: Issues,
  required: boolean,
): T | undefined {
  const v = readString(obj, key, field, issues, required);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    issues.add(fieldPath(field, key), `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v as T;
}

function readStringList(
  obj: Record<string, unknown>,
  key: string,
  field: string,
  issues: Issues,
): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  const path = fieldPath(field, key);
  if (!Array.isArray(v)) {
    issues.add(path, `expected a list of strings, got ${describe(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      issues.add(fieldPath(path, i), `expected a non-empty string, got ${describe(item)}`);
    } else out.push(item);
  });
  return out;
}

function checkUrl(url: string | undefined, field: string, issues: Issues): void {
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) issues.add(field, `expected an http(s) URL, got ${JSON.stringify(url)}`);
}

const FRAMEWORK_KEYS = [
  'id',
  'name',
  'version',
  'released',
  'publisher',
  'url',
  'sources',
  'status',
  'titleKind',
  'notes',
  'controls',
] as const;
const CONTROL_KEYS = [
  'id',
  'title',
  'kind',
  'status',
  'parent',
  'description',
  'aliases',
  'note',
  'section',
  'tactics',
  'titleKind',
] as const;

/**
 * Validates one catalog (the parsed YAML of `rules/frameworks/<id>.yaml`). Throws a CatalogError
 * listing every problem, each with `file` and field path.
 */
export function validateFramework(data: unknown, file: string): Framework {
  const issues: Issues = new Issues(file);
  if (!isRecord(data)) issues.fail('', `expected a mapping with ${FRAMEWORK_KEYS.join(', ')}, got ${describe(data)}`);
  checkKeys(data, FRAMEWORK_KEYS, '', issues);
  const id = readString(data, 'id', '', issues, true);
  if (id !== undefined && !/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id)) {
    issues.add('id', `must be lower-kebab-case, got ${JSON.stringify(id)}`);
  }
  const name = readString(data, 'name', '', issues, true);
  const version = readString(data, 'version', '', issues, true);
  const released = readString(data, 'released', '', issues, false);
  const publisher = readString(data, 'publisher', '', issues, false);
  const url = readString(data, 'url', '', issues, true);
  checkUrl(url, 'url', issues);
  const sources = readStringList(data, 'sources', '', issues) ?? [];
  sources.forEach((s, i) => checkUrl(s, fieldPath('sources', i), issues));
  const status = readEnum(data, 'status', CONTROL_STATUSES, '', issues, true);
  const titleKind = readEnum(data, 'titleKind', TITLE_KINDS, '', issues, false) ?? 'verbatim';
  const notes = readString(data, 'notes', '', issues, false);

  const controls: Control[] = [];
  const rawControls = data.controls;
  if (!Array.isArray(rawControls) || rawControls.length === 0) {
    issues.add('controls', `expected a non-empty list of controls, got ${describe(rawControls)}`);
  } else {
    // Every id met so far with its kind, valid or not, so one bad entry does not hide another.
    const seen = new Map<string, unknown>();
    rawControls.forEach((raw, i) => {
      let field = fieldPath('controls', i);
      if (!isRecord(raw)) {
        issues.add(field, `expected a mapping, got ${describe(raw)}`);
        return;
      }
      if (typeof raw.id === 'string') field = `${field} (${raw.id})`;
      const before = issues.list.length;
      checkKeys(raw, CONTROL_KEYS, field, issues);
      const cid = readString(raw, 'id', field, issues, true);
      const title = readString(raw, 'title', field, issues, true);
      const kind = readEnum(raw, 'kind', CONTROL_KINDS, field, issues, true);
      const cstatus = readEnum(raw, 'status', CONTROL_STATUSES, field, issues, true);
      const ctitleKind = readEnum(raw, 'titleKind', TITLE_KINDS, field, issues, false);
      const parent = readString(raw, 'parent', field, issues, false);
      const description = readString(raw, 'description', field, issues, false);
      const note = readString(raw, 'note', field, issues, false);
      const section = readString(raw, 'section', field, issues, false);
      const aliases = readStringList(raw, 'aliases', field, issues);
      const tactics = readStringList(raw, 'tactics', field, issues);

      if (cid !== undefined && seen.has(cid)) issues.add(fieldPath(field, 'id'), `duplicate id ${JSON.stringify(cid)}`);
      if (parent !== undefined) {
        if (parent === cid) issues.add(fieldPath(field, 'parent'), 'a control cannot be its own parent');
        else if (!seen.has(parent)) {
          issues.add(fieldPath(field, 'parent'), `unknown parent ${JSON.stringify(parent)} (a parent must be defined earlier in the file)`);
        }
      }
      tactics?.forEach((t, j) => {
        if (seen.get(t) !== 'tactic') {
          issues.add(fieldPath(fieldPath(field, 'tactics'), j), `unknown tactic ${JSON.stringify(t)} (must be a control of kind tactic defined earlier)`);
        }
      });
      if (cid !== undefined && !seen.has(cid)) seen.set(cid, raw.kind);
      if (issues.list.length > before || cid === undefined || title === undefined || kind === undefined || cstatus === undefined) return;
      const control: Control = {
        id: cid,
        title,
        kind,
        status: cstatus,
        titleKind: ctitleKind ?? titleKind,
        ...(parent !== undefined && { parent }),
        ...(description !== undefined && { description }),
        ...(aliases !== undefined && aliases.length > 0 && { aliases }),
        ...(note !== undefined && { note }),
        ...(section !== undefined && { section }),
        ...(tactics !== undefined && tactics.length > 0 && { tactics }),
      };
      controls.push(control);
    });
  }
  issues.throwIfAny();
  return {
    id: id!,
    name: name!,
    version: version!,
    ...(released !== undefined && { released }),
    ...(publisher !== undefined && { publisher }),
    url: url!,
    sources,
    status: status!,
    titleKind,
    ...(notes !== undefined && { notes }),
    controls,
  };
}

const MAPPING_KEYS = ['version', 'categories', 'rules'] as const;
const OVERRIDE_KEYS = ['categories', 'replace', 'remove', 'add'] as const;
const RULE_PATTERN = /^[a-z0-9*{},._/-]+$/i;

function checkGlob(pattern: string): string | undefined {
  if (!RULE_PATTERN.test(pattern)) return 'may only contain letters, digits, . _ - / and the glob characters * { } ,';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth !== 1) return '"," is only allowed inside {…}';
    if (depth < 0 || depth > 1) return 'unbalanced or nested {…}';
  }
  if (depth !== 0) return 'unbalanced {…}';
  return undefined;
}

/** Compiles a rule-id glob: `*` = any run of characters other than `/`, `{a,b}` = a or b. */
export function compileRulePattern(pattern: string): RegExp {
  const problem = checkGlob(pattern);
  if (problem) throw new Error(`invalid rule pattern ${JSON.stringify(pattern)}: ${problem}`);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '{') re += '(?:';
    else if (ch === '}') re += ')';
    else if (ch === ',') re += '|';
    else re += ch === '.' ? '\\.' : ch;
  }
  return new RegExp(`^${re}$`);
}

/** True when `ruleId` is matched by a mapping key (an exact rule id or a glob). */
export function matchesRulePattern(pattern: string, ruleId: string): boolean {
  return compileRulePattern(pattern).test(ruleId);
}

function isGlob(pattern: string): boolean {
  return /[*{]/.test(pattern);
}

/** Literal characters of a glob, a measure of how specific it is. */
function literalLength(pattern: string): number {
  return pattern.replace(/\{[^}]*\}/g, '').replace(/\*/g, '').length;
}

function validateRefs(
  raw: unknown,
  field: string,
  index: ReadonlyMap<string, ReadonlyMap<string, number>>,
  issues: Issues,
): FrameworkRefs | undefined {
  if (!isRecord(raw)) {
    issues.add(field, `expected a mapping of framework id to a list of control ids, got ${describe(raw)}`);
    return undefined;
  }
  const out: FrameworkRefs = {};
  for (const [fw, ids] of Object.entries(raw)) {
    const fwField = fieldPath(field, fw);
    const controls = index.get(fw);
    if (!controls) {
      issues.add(fwField, `unknown framework ${JSON.stringify(fw)} (known: ${[...index.keys()].join(', ')})`);
      continue;
    }
    if (!Array.isArray(ids)) {
      issues.add(fwField, `expected a list of control ids, got ${describe(ids)}`);
      continue;
    }
    const list: string[] = [];
    ids.forEach((cid, i) => {
      const idField = fieldPath(fwField, i);
      if (typeof cid !== 'string') issues.add(idField, `expected a control id (string), got ${describe(cid)}`);
      else if (!controls.has(cid)) issues.add(idField, `unknown control ${JSON.stringify(cid)}: not in the ${fw} catalog`);
      else if (list.includes(cid)) issues.add(idField, `duplicate control ${JSON.stringify(cid)}`);
      else list.push(cid);
    });
    out[fw] = list;
  }
  return out;
}

function indexFrameworks(frameworks: readonly Framework[]): Map<string, Map<string, number>> {
  const index = new Map<string, Map<string, number>>();
  for (const fw of frameworks) index.set(fw.id, new Map(fw.controls.map((c, i) => [c.id, i])));
  return index;
}

/**
 * Validates the mapping (the parsed YAML of `rules/frameworks/mapping.yaml`) against the catalogs:
 * every category of DESIGN.md and no other, known frameworks, known control ids, valid rule
 * patterns. Throws a CatalogError listing every problem.
 */
export function validateMapping(data: unknown, frameworks: readonly Framework[], file: string): FrameworkMapping {
  const issues: Issues = new Issues(file);
  const index = indexFrameworks(frameworks);
  if (!isRecord(data)) issues.fail('', `expected a mapping with ${MAPPING_KEYS.join(', ')}, got ${describe(data)}`);
  const root = data;
  checkKeys(root, MAPPING_KEYS, '', issues);
  if (root.version !== 1) issues.add('version', `must be 1, got ${describe(root.version)}`);

  const categories: Partial<Record<Category, FrameworkRefs>> = {};
  if (!isRecord(root.categories)) {
    issues.add('categories', `expected a mapping of category to frameworks, got ${describe(root.categories)}`);
  } else {
    for (const [cat, refs] of Object.entries(root.categories)) {
      const field = fieldPath('categories', cat);
      if (!(CATEGORIES as readonly string[]).includes(cat)) {
        issues.add(field, `unknown category (known: ${CATEGORIES.join(', ')})`);
        continue;
      }
      const v = validateRefs(refs, field, index, issues);
      if (v) categories[cat as Category] = v;
    }
    for (const cat of CATEGORIES) {
      if (!(cat in root.categories)) issues.add(fieldPath('categories', cat), 'category is not mapped');
    }
  }

  const rules: RuleOverride[] = [];
  if (root.rules !== undefined && root.rules !== null) {
    if (!isRecord(root.rules)) {
      issues.add('rules', `expected a mapping of rule id or glob to an override, got ${describe(root.rules)}`);
    } else {
      for (const [pattern, raw] of Object.entries(root.rules)) {
        const field = fieldPath('rules', pattern);
        const problem = checkGlob(pattern);
        if (problem) issues.add(field, `invalid rule id or glob: ${problem}`);
        if (!isRecord(raw)) {
          issues.add(field, `expected a mapping with ${OVERRIDE_KEYS.join(', ')}, got ${describe(raw)}`);
          continue;
        }
        checkKeys(raw, OVERRIDE_KEYS, field, issues);
        if (raw.add === undefined && raw.remove === undefined && raw.replace === undefined) {
          issues.add(field, 'needs at least one of add, remove, replace');
        }
        let cats: Category[] | undefined;
        const rawCats = readStringList(raw, 'categories', field, issues);
        if (rawCats) {
          cats = [];
          rawCats.forEach((c, i) => {
            if ((CATEGORIES as readonly string[]).includes(c)) cats!.push(c as Category);
            else issues.add(fieldPath(fieldPath(field, 'categories'), i), `unknown category ${JSON.stringify(c)}`);
          });
        }
        const part = (key: 'add' | 'remove' | 'replace'): FrameworkRefs =>
          raw[key] === undefined ? {} : (validateRefs(raw[key], fieldPath(field, key), index, issues) ?? {});
        rules.push({
          pattern,
          ...(cats && { categories: cats }),
          replace: part('replace'),
          remove: part('remove'),
          add: part('add'),
        });
      }
    }
  }
  issues.throwIfAny();
  return { version: 1, categories: categories as Record<Category, FrameworkRefs>, rules };
}

/** Parses YAML text with the limits used for every data file (alias bombs, duplicate keys). */
export function parseYaml(text: string, file: string): unknown {
  return cachedData(text, 'yaml', () => parseYamlText(text, file));
}

function parseYamlText(text: string, file: string): unknown {
  const doc = yamlLib().parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    throw new CatalogError(doc.errors.map((e) => ({ file, field: '', message: `invalid YAML: ${e.message}` })));
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new CatalogError([{ file, field: '', message: `invalid YAML: ${(err as Error).message}` }]);
  }
}

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
    return this.mapping.rules.filter((o) => !ids.some((id) => matchesRulePattern(o.pattern, id))).map((o) => o.pattern);
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
