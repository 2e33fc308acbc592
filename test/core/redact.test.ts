import { describe, expect, it } from 'vitest';
import { redact, redactCredentialPairs, redactIn } from '../../src/core/redact.js';
import { fingerprint, secretKey } from '../../src/core/fingerprint.js';
import { parseMarker, matchesRuleId } from '../../src/suppress/inline.js';

describe('redact', () => {
  it('keeps at most the first 4 and last 3 characters', () => {
    expect(redact('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')).toBe('ghp_…INUx'.replace('INUx', 'NUx'));
    expect(redact('hunter2hunter')).toBe('hu…r');
    expect(redact('short')).toBe('…');
  });
  it('replaces every occurrence in a text', () => {
    const s = 'sk-ant-api03-AAAABBBBCCCCDDDD';
    expect(redactIn(`a=${s} b=${s}`, [s])).toBe(`a=${redact(s)} b=${redact(s)}`);
  });
});

describe('fingerprint', () => {
  it('is stable, differs by occurrence, and does not contain the secret', () => {
    const key = secretKey('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');
    expect(fingerprint('secrets/github-pat', 'a.env', key, 0)).toBe(fingerprint('secrets/github-pat', 'a.env', key, 0));
    expect(fingerprint('secrets/github-pat', 'a.env', key, 0)).not.toBe(fingerprint('secrets/github-pat', 'a.env', key, 1));
    expect(key).not.toContain('wWPw');
  });
});

describe('inline markers', () => {
  it('reads bare markers, rule lists and reasons in any comment syntax', () => {
    expect(parseMarker('x = 1  # agentwarden-ignore')).toEqual([]);
    expect(parseMarker('// agentwarden-ignore secrets/github-pat -- test fixture')).toEqual(['secrets/github-pat']);
    expect(parseMarker('/* agentwarden-ignore: secrets/*, mcp/unpinned-server */')).toEqual(['secrets/*', 'mcp/unpinned-server']);
    expect(parseMarker('<!-- agentwarden-ignore secrets/jwt -->')).toEqual(['secrets/jwt']);
    expect(parseMarker('agentwarden-ignored')).toBeUndefined();
    expect(parseMarker('nothing here')).toBeUndefined();
  });
  it('matches rule globs', () => {
    expect(matchesRuleId('secrets/*', 'secrets/github-pat')).toBe(true);
    expect(matchesRuleId('secrets/generic-*', 'secrets/github-pat')).toBe(false);
  });
});

describe('credential pairs on a shown line', () => {
  it('redacts the values of name=value pairs whose name says credential, reported or not', () => {
    const line = 'grant_type=refresh_token&client_secret=Qx7Lw3nR7kP2vX9yB4mC&refresh_token=1//0aB7kQ2xv9TzLp4WcN8mR';
    const shown = redactCredentialPairs(line);
    expect(shown).not.toContain('Qx7Lw3nR7kP2vX9yB4mC');
    expect(shown).not.toContain('1//0aB7kQ2xv9TzLp4WcN8mR');
    expect(shown).toContain('grant_type=refresh_token');
  });
});
