import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { tempTree } from '../helpers/tmp.js';

describe('config', () => {
  it('loads a valid config found at the root', () => {
    const root = tempTree({
      '.agentwarden.yaml': 'exclude: [fixtures/**]\nrules:\n  disable: [secrets/generic-*]\n  severity:\n    secrets/jwt: low\nignore:\n  - paths: ["tests/**"]\n    reason: test data\n',
    });
    const { config, hash } = loadConfig(root);
    expect(config.exclude).toEqual(['fixtures/**']);
    expect(config.rules?.severity?.['secrets/jwt']).toBe('low');
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('names an unknown key and its line', () => {
    const root = tempTree({ '.agentwarden.yaml': 'exclude: []\nrules:\n  disabled: [x]\n' });
    expect(() => loadConfig(root)).toThrow(/\.agentwarden\.yaml:3: unknown key "rules\.disabled"/);
  });

  it('names a wrong type and its line', () => {
    const root = tempTree({ '.agentwarden.yaml': 'failOn: urgent\nmaxFileSize: "big"\n' });
    let message = '';
    try {
      loadConfig(root);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/:1: "failOn" must be one of/);
    expect(message).toMatch(/:2: "maxFileSize" must be integer/);
  });

  it('reports broken YAML with its line', () => {
    const root = tempTree({ '.agentwarden.yaml': 'exclude:\n  - a\n bad: [\n' });
    expect(() => loadConfig(root)).toThrow(/invalid YAML/);
  });

  it('returns an empty config when there is none', () => {
    expect(loadConfig(tempTree()).config).toEqual({});
  });
});

describe('rule references in the config', () => {
  it('names every rule id or glob that matches no rule', async () => {
    const { unknownRuleReferences } = await import('../../src/core/config.js');
    const { matchesRuleId } = await import('../../src/suppress/inline.js');
    const config = {
      rules: { disable: ['secrets/generic-*', 'secrets/no-such-rule'], severity: { 'mcp/unpinned-server': 'low' as const } },
      ignore: [{ paths: ['tests/**'], rules: ['deploy/*', 'dploy/*'] }],
    };
    const ids = ['secrets/generic-token', 'mcp/unpinned-package', 'deploy/unpinned-image'];
    expect(unknownRuleReferences(config, ids, matchesRuleId)).toEqual([
      'rules.disable: "secrets/no-such-rule" matches no rule',
      'rules.severity: "mcp/unpinned-server" matches no rule',
      'ignore[0].rules: "dploy/*" matches no rule',
    ]);
  });
});
