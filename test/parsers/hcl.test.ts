/** HCL read with positions; a project template's Jinja control lines (cookiecutter, copier) read as blank lines. */
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl.js';
import { SourceFile } from '../../src/core/source.js';

const file = (text: string) => new SourceFile({ absPath: 'deployment/terraform/triggers.tf', relPath: 'deployment/terraform/triggers.tf', kind: 'hcl', size: text.length }, text);

describe('parseHcl', () => {
  it('reads a cookiecutter template around its {% %} lines, keeping positions', async () => {
    const text = 'resource "google_cloudbuild_trigger" "pr" {\n  included_files = [\n    "app/**",\n  {% if cookiecutter.data_ingestion %}\n    "data_ingestion/**",\n  {%- endif %}\n  ]\n  filename = "ci.yaml"\n}\n';
    const out = await parseHcl(file(text));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const block = out.doc.blocks[0]!;
    expect(block.labels).toEqual(['google_cloudbuild_trigger', 'pr']);
    const filename = block.attributes.find((a) => a.name === 'filename')!;
    expect(filename.value).toBe('ci.yaml');
    expect(text.slice(filename.span.start, filename.span.end)).toBe('filename = "ci.yaml"');
  });

  it('still reports broken HCL with its line', async () => {
    const out = await parseHcl(file('resource "x" "y" {\n  a = \n'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/^invalid HCL at \d+:\d+/);
  });
});
