/**
 * Validation of the framework data (`rules/frameworks/*.yaml`): every catalog and the mapping are
 * checked field by field (with the readers of fields.ts), and an error names the file and the field
 * of every problem at once.
 */
import { yamlLib } from '../parsers/libraries.js';
import { cachedData } from '../core/data-cache.js';
import { CATEGORIES, type Category, type FrameworkRefs } from '../core/types.js';
import { checkGlob } from './rule-pattern.js';
import { CatalogError, Issues, checkKeys, checkUrl, describe, fieldPath, isRecord, readEnum, readString, readStringList } from './fields.js';
import { CONTROL_KINDS, CONTROL_STATUSES, TITLE_KINDS, type Control, type Framework, type FrameworkMapping, type RuleOverride } from './types.js';

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
