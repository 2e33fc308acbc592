/**
 * `--format gitlab`: GitLab's secret_detection security report. Validated against the validation
 * keywords of GitLab's published schema (test/formats/gitlab/secret-detection-report-format.15.2.1.json)
 * and against this project's stricter expectations (secret-detection-required.schema.json: no
 * unknown fields, integer lines), with the history commit where there is one. Set
 * AGENTWARDEN_GITLAB_SCHEMA to a copy of the published file to validate against it as published.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { gitlab, GITLAB_SCHEMA_VERSION } from '../../src/formats/gitlab.js';
import { sampleReport, sampleRules } from '../helpers/report.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const here = path.dirname(fileURLToPath(import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const compile = (schema: object) => new Ajv({ allErrors: true, strict: false }).compile(schema);
const published = readJson(path.join(here, 'gitlab', 'secret-detection-report-format.15.2.1.json'));
const validatePublished = compile(published);
const validateOurs = compile(readJson(path.join(here, 'gitlab', 'secret-detection-required.schema.json')));
/** Valid for GitLab (its published schema) and for this project's stricter expectations. */
const validate = Object.assign((doc: unknown) => validatePublished(doc) && validateOurs(doc), {
  get errors() {
    return validatePublished.errors ?? validateOurs.errors;
  },
});
const originalSchema = process.env.AGENTWARDEN_GITLAB_SCHEMA;

const render = (report = sampleReport()) => JSON.parse(gitlab(report, { rules: sampleRules, color: false, failOn: 'high' }));

describe('gitlab secret detection report', () => {
  it('passes the schema GitLab validates reports against', () => {
    const doc = render();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.version).toBe(GITLAB_SCHEMA_VERSION);
    expect(doc.scan.type).toBe('secret_detection');
    expect(doc.scan.messages).toEqual([{ level: 'warn', value: 'broken.yaml: invalid YAML at 3:2: Unexpected flow-map-end' }]);
  });

  it('maps each finding: severity, rule and category identifiers, location, a stable id, no commit outside history', () => {
    const doc = render();
    const v = doc.vulnerabilities[0];
    expect(v).toMatchObject({
      name: 'GitHub personal access token',
      severity: 'High',
      solution: 'Revoke the token and use a GitHub App installation token.',
      identifiers: [
        { type: 'agentwarden_rule_id', name: 'secrets/github-pat', value: 'secrets/github-pat' },
        { type: 'agentwarden_category', name: 'credential.long-lived', value: 'credential.long-lived' },
      ],
      location: { file: '.mcp.json', start_line: 7, end_line: 7, commit: { sha: '0000000' } },
    });
    expect(v.description).toContain('Evidence: ghp_…NUx');
    expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(render().vulnerabilities[0].id).toBe(v.id);
    expect(doc.vulnerabilities.map((x: { severity: string }) => x.severity)).toEqual(['High', 'Medium', 'Critical']);
    expect(JSON.stringify(doc)).not.toContain('raw_source_code_extract');
  });

  it('carries the commit and date a history scan found', () => {
    const report = sampleReport();
    report.findings[0]!.history = { commit: 'a'.repeat(40), date: '2024-02-03T04:05:06+02:00', atHead: false };
    const doc = render(report);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.vulnerabilities[0].location.commit).toEqual({ sha: 'a'.repeat(40), date: '2024-02-03T04:05:06+02:00' });
    expect(doc.vulnerabilities[0].description).toContain('removed from HEAD');
  });

  it('the schema check rejects what GitLab rejects', () => {
    const doc = render();
    delete doc.vulnerabilities[0].location.commit;
    expect(validate(doc)).toBe(false);
    const bad = render();
    bad.scan.start_time = '2026-01-01T00:00:00.123Z';
    expect(validate(bad)).toBe(false);
  });

  it('declares the schema version it is validated against', () => {
    expect(published.self.version).toBe(GITLAB_SCHEMA_VERSION);
  });

  it('a whole scan of the demo, every kind of finding, is a report GitLab accepts', async () => {
    const { scan } = await import('../../src/engine/scan.js');
    const { report } = await scan({ paths: [path.join(here, '..', '..', 'fixtures', 'demo')], threads: 1 });
    expect(report.findings.length).toBeGreaterThan(20);
    const doc = JSON.parse(gitlab(report, { rules: sampleRules, color: false, failOn: 'high' }));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.vulnerabilities).toHaveLength(report.findings.length);
  });

  it.skipIf(!originalSchema)('passes the published schema file itself (AGENTWARDEN_GITLAB_SCHEMA)', () => {
    const original = compile(readJson(originalSchema!));
    const doc = render();
    expect(original(doc), JSON.stringify(original.errors)).toBe(true);
  });
});
