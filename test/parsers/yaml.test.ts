/** The YAML reader the deployment rules share. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SourceFile } from '../../src/core/source.js';
import { parseYaml } from '../../src/parsers/yaml.js';

describe('YAML reader', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes no warning of the YAML library to stderr (a mapping as a key, as an unrendered template has)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const text = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ replicas }}\n';
    const read = parseYaml(new SourceFile({ absPath: 'deploy.yaml', relPath: 'deploy.yaml', kind: 'yaml', size: text.length }, text));
    expect(read.ok).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });
});
