/**
 * Reading the fields of parsed framework data: each problem becomes an issue that names the file
 * and the field path (`controls[3] (ASI04).title`), and CatalogError carries every issue at once.
 */
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

/** The issues found in one file; `fail` and `throwIfAny` throw them all as one CatalogError. */
export class Issues {
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

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `a.b`, `a["credential.long-lived"]`, `a[3]`. */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      issues.add(fieldPath(field, key), `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function readString(
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

export function readEnum<T extends string>(
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

export function readStringList(
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

export function checkUrl(url: string | undefined, field: string, issues: Issues): void {
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) issues.add(field, `expected an http(s) URL, got ${JSON.stringify(url)}`);
}
