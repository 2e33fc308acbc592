/**
 * Loading YAML data and configuration with a JSON Schema, with errors that name the file, the key
 * and the line — the single validator for `.agentwarden.yaml`, `rules/**.yaml` and policies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { MAX_YAML_DEPTH, yamlDepth } from './yaml-depth.js';
import { yamlLib } from '../parsers/libraries.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMA_DIR } from './paths.js';
import { UsageError } from './errors.js';
import { cachedData } from './data-cache.js';

const require = createRequire(import.meta.url);
const validators = new Map<string, ValidateFunction>();
let ajvInstance: import('ajv').default | undefined;

/** One validator instance holding every schema in `schema/`, so schemas can refer to each other. */
function ajv(): import('ajv').default {
  if (!ajvInstance) {
    const Ajv = require('ajv') as typeof import('ajv').default;
    ajvInstance = new Ajv({ allErrors: true, strict: false });
    for (const name of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));
      ajvInstance.addSchema(schema, name.replace(/\.schema\.json$/, ''));
    }
  }
  return ajvInstance;
}

/** The compiled validator of `schema/<name>.schema.json`, or of one of its definitions. */
function validatorFor(name: string, definition?: string): ValidateFunction {
  const key = definition ? `${name}#/definitions/${definition}` : name;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv().getSchema(key);
    if (!validate) throw new Error(`schema not found: ${key}`);
    validators.set(key, validate);
  }
  return validate;
}

export interface LoadedData<T> {
  value: T;
  /** Line (1-based) of the node at a JSON pointer-like path, for later error messages. */
  lineOf(pathSegments: (string | number)[]): number | undefined;
}

/** Parses YAML text and validates it; throws UsageError listing every problem with its line. */
export function parseValidated<T>(text: string, file: string, schema: string, definition?: string): LoadedData<T> {
  if (yamlDepth(text) > MAX_YAML_DEPTH) throw new UsageError(`${file}: invalid YAML: nested deeper than ${MAX_YAML_DEPTH} levels`);
  const lineCounter = new (yamlLib().LineCounter)();
  const doc = yamlLib().parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new UsageError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  let value: T;
  try {
    value = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as T;
  } catch (e) {
    // an alias bomb ("Excessive alias count"), or aliases that cannot be resolved
    throw new UsageError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const lineOf = (segments: (string | number)[]): number | undefined => lineAt(doc, lineCounter, segments);
  const validate = validatorFor(schema, definition);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((err) => describe(err, file, lineOf));
    throw new UsageError([...new Set(problems)].join('\n'));
  }
  return { value, lineOf };
}

export function loadValidated<T>(file: string, schema: string, definition?: string, displayName = file): LoadedData<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${displayName}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // Built-in data validated at build time comes from its record; line lookups re-parse on demand.
  let fresh: LoadedData<T> | undefined;
  const parse = (): LoadedData<T> => (fresh ??= parseValidated<T>(text, displayName, schema, definition));
  const value = cachedData(text, `validated:${schema}#${definition ?? ''}`, () => parse().value);
  return { value, lineOf: (segments) => parse().lineOf(segments) };
}

function describe(err: ErrorObject, file: string, lineOf: (p: (string | number)[]) => number | undefined): string {
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segments.join('.') || '(top level)';
  if (err.keyword === 'additionalProperties') {
    const key = (err.params as { additionalProperty: string }).additionalProperty;
    const line = lineOf([...segments, key]) ?? lineOf(segments);
    return `${file}${line ? `:${line}` : ''}: unknown key "${[...segments, key].join('.')}"`;
  }
  const line = lineOf(segments);
  const detail =
    err.keyword === 'enum'
      ? `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
      : err.keyword === 'required'
        ? `is missing "${(err.params as { missingProperty: string }).missingProperty}"`
        : err.message ?? 'is invalid';
  return `${file}${line ? `:${line}` : ''}: "${where}" ${detail}`;
}

function lineAt(doc: Document, counter: LineCounter, segments: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (const seg of segments) {
    if (yamlLib().isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(seg));
      if (!pair) return rangeLine(node as YamlNode, counter);
      keyNode = pair.key as YamlNode;
      node = pair.value;
    } else if (yamlLib().isSeq(node)) {
      node = node.items[Number(seg)];
      keyNode = undefined;
    } else break;
  }
  return rangeLine(keyNode ?? (node as YamlNode), counter);
}

function rangeLine(node: YamlNode | undefined, counter: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
