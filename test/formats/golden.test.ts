/** Every reporter against a golden file (UPDATE_GOLDEN=1 rewrites them), and SARIF against the schema. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/formats/index.js';
import { sampleReport, sampleRules } from '../helpers/report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensions = { text: 'txt', json: 'json', sarif: 'sarif', junit: 'xml', markdown: 'md', gitlab: 'gitlab.json' } as const;

describe('reporters (golden)', () => {
  for (const [format, reporter] of Object.entries(REPORTERS)) {
    it(`${format} matches its golden file`, () => {
      const out = reporter(sampleReport(), { rules: sampleRules, color: false, failOn: 'high', now: Date.UTC(2026, 0, 2, 3, 4, 5) });
      const file = path.join(here, 'golden', `sample.${extensions[format as keyof typeof extensions]}`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, out);
      expect(out).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('colours text only when asked', () => {
    const plain = REPORTERS.text(sampleReport(), { rules: sampleRules, color: false, failOn: 'high' });
    const coloured = REPORTERS.text(sampleReport(), { rules: sampleRules, color: true, failOn: 'high' });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(coloured).toMatch(/\u001b\[/);
  });

  it('junit marks only findings at or above --fail-on as failures', () => {
    const strict = REPORTERS.junit(sampleReport(), { rules: sampleRules, color: false, failOn: 'medium' });
    const lax = REPORTERS.junit(sampleReport(), { rules: sampleRules, color: false, failOn: 'critical' });
    expect(strict).toMatch(/<testsuite name="agentwarden scan" tests="2" failures="2"/);
    expect(lax).toMatch(/<testsuite name="agentwarden scan" tests="2" failures="0"/);
    expect(strict).toContain('&lt;&amp;&gt; &quot;quoted&quot;');
  });
});

const schemaFile = path.resolve(here, '../../../shared/reference/sarif-schema-2.1.0.json');

describe.skipIf(!existsSync(schemaFile))('SARIF schema', () => {
  it('validates against the OASIS SARIF 2.1.0 schema', () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv-draft-04');
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const doc = JSON.parse(REPORTERS.sarif(sampleReport(), { rules: sampleRules, color: false, failOn: 'high' }));
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const result = doc.runs[0].results[0];
    expect(result.partialFingerprints['agentwarden/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('.mcp.json');
    expect(doc.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'secrets/github-pat').properties['security-severity']).toBe('8.0');
  });
});
