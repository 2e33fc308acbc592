/** rules, explain, init and hook as a user runs them. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';
import { CATEGORIES } from '../../src/core/types.js';
import { loadConfig } from '../../src/core/config.js';
import { SCHEMA_URL, schemaRef, starterConfig } from '../../src/commands/init.js';
import { git, initRepo } from './git.js';

describe('agentwarden rules', () => {
  it('lists every rule as JSON with a known category and framework references', () => {
    const r = cli(['rules', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; category: string; frameworks: Record<string, string[]> }[];
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(CATEGORIES as readonly string[]).toContain(rule.category);
    }
    expect(rules.map((x) => x.id)).toContain('secrets/github-pat');
    expect(rules.some((x) => Object.keys(x.frameworks).length > 0)).toBe(true);
  });

  it('filters by category family and by framework control', () => {
    const cat = JSON.parse(cli(['rules', '--format', 'json', '--category', 'credential']).stdout) as { category: string }[];
    expect(cat.length).toBeGreaterThan(0);
    expect(cat.every((x) => x.category.startsWith('credential.'))).toBe(true);
    const fw = JSON.parse(cli(['rules', '--format', 'json', '--framework', 'ASI03']).stdout) as { frameworks: Record<string, string[]> }[];
    expect(fw.length).toBeGreaterThan(0);
    expect(fw.every((x) => x.frameworks['owasp-asi']?.includes('ASI03'))).toBe(true);
    expect(cli(['rules', '--category', 'nonsense']).code).toBe(2);
    expect(cli(['rules', '--framework', 'nonsense']).code).toBe(2);
    const text = cli(['rules']);
    expect(text.stdout).toMatch(/secrets\/github-pat\s+high/);
  });
});

describe('agentwarden explain', () => {
  it('shows what, the example run live with the secret redacted, the fix and the references', () => {
    const r = cli(['explain', 'secrets/github-pat']);
    expect(r.code, r.stderr).toBe(0);
    for (const part of ['What it detects', 'Example', 'reported as:', 'Fix', 'Framework references', 'ASI03']) expect(r.stdout).toContain(part);
    const example = r.stdout.slice(r.stdout.indexOf('Example'), r.stdout.indexOf('Not reported'));
    expect(example).toContain('ghp_…');
    expect(example).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(cli(['explain', 'github-pat']).stdout).toContain('secrets/github-pat');
    const json = JSON.parse(cli(['explain', 'secrets/github-pat', '--format', 'json']).stdout);
    expect(json.positive.findings[0].ruleId).toBe('secrets/github-pat');
    expect(json.positive.code).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(json.rule.examples).toBeUndefined();
  });

  it('exits 2 with suggestions for an unknown rule', () => {
    const r = cli(['explain', 'secrets/github-patt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule');
  });
});

describe('agentwarden init', () => {
  it('writes a starter config that validates and is used by the next scan', () => {
    const dir = tempTree({});
    expect(cli(['init', dir]).code).toBe(0);
    const file = path.join(dir, '.agentwarden.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    expect(loadConfig(dir).config).toEqual({ version: 1, failOn: 'high', exclude: [] });
    expect(cli(['init', dir]).code).toBe(2); // no silent overwrite
    expect(cli(['init', dir, '--force']).code).toBe(0);
    expect(cli(['scan', dir]).code).toBe(0);
  });

  it('points editors at the bundled schema when installed in node_modules', () => {
    const dir = '/p';
    expect(schemaRef(dir)).toBe(SCHEMA_URL);
    expect(starterConfig('./node_modules/agentwarden/schema/agentwarden-config.schema.json')).toContain('$schema=./node_modules/agentwarden/');
  });

  it('keeps valid YAML when every commented example is turned on', () => {
    const dir = tempTree({});
    const uncommented = starterConfig(SCHEMA_URL)
      .split('\n')
      .map((l) => l.replace(/^# ([a-z]+:.*)$/, '$1').replace(/^#( {2,}[^ ].*)$/, '$1').replace(/^#(  - ".*)$/, '$1'))
      .filter((l) => !/^\s*#/.test(l) || l.startsWith('# yaml-language-server'))
      .join('\n')
      .replace('exclude: []', 'exclude:');
    writeFileSync(path.join(dir, '.agentwarden.yaml'), uncommented);
    const config = loadConfig(dir).config;
    expect(config.rules?.disable).toEqual(['secrets/generic-*']);
    expect(config.secrets?.patterns?.[0]?.id).toBe('acme-api-key');
    expect(config.ignore?.[0]?.reason).toContain('dummy');
  });
});

describe('agentwarden hook', () => {
  it('installs a plain git pre-commit hook that refuses a staged secret and accepts a clean commit', () => {
    const dir = tempTree({ 'app.py': 'print("hi")\n' });
    initRepo(dir);
    const r = cli(['hook', 'install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain('scan --staged --fail-on high');
    git(dir, ['add', 'app.py']);
    const clean = git(dir, ['commit', '-m', 'clean']);
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);

    writeFileSync(path.join(dir, '.env'), 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n');
    git(dir, ['add', '.env']);
    const dirty = git(dir, ['commit', '-m', 'leak']);
    expect(dirty.code).not.toBe(0);
    expect(dirty.stdout + dirty.stderr).toContain('secrets/github-pat');
    expect(git(dir, ['log', '--oneline']).stdout.trim().split('\n')).toHaveLength(1);

    expect(cli(['hook', 'uninstall'], { cwd: dir }).code).toBe(0);
    expect(existsSync(hook)).toBe(false);
  });

  it('does not overwrite a foreign hook without --force', () => {
    const dir = tempTree({});
    initRepo(dir);
    writeFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n');
    expect(cli(['hook', 'install'], { cwd: dir }).code).toBe(2);
    expect(cli(['hook', 'install', '--force'], { cwd: dir }).code).toBe(0);
  });
});
