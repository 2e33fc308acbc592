import { describe, expect, it } from 'vitest';
import { maskNamedValues, redact, redactIn } from '../../src/core/redact.js';
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
  it('replaces the base64 encoding of a secret too, with or without what follows it', () => {
    const s = 'crm_live_7f3Kq9Zt2Lw8Xv4Bn6Mp1R';
    for (const encoded of [Buffer.from(s).toString('base64'), Buffer.from(`${s}\n`).toString('base64')]) {
      const out = redactIn(`crm-api-token: ${encoded}`, [s]);
      expect(out).not.toContain(encoded);
      expect(out).not.toContain(Buffer.from(s.slice(0, 27)).toString('base64'));
    }
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

describe('maskNamedValues', () => {
  it('masks every value a secret-like name introduces, and URL passwords', () => {
    const line = 'body = "grant_type=refresh&client_secret=Zq8vN3kLm2Pw7Rt5&refresh_token=1//0gAbCdEfGhIjKlMnOp"';
    const out = maskNamedValues(line);
    expect(out).not.toContain('Zq8vN3kLm2Pw7Rt5');
    expect(out).not.toContain('1//0gAbCdEfGhIjKlMnOp');
    expect(out).toContain('client_secret=');
    expect(maskNamedValues('DATABASE_URL=postgres://app:s3cr3tPassw0rd@db:5432/app')).not.toContain('s3cr3tPassw0rd');
    expect(maskNamedValues('"password": "hunter2hunter2"')).not.toContain('hunter2hunter2');
    expect(maskNamedValues('curl -H "Authorization: Bearer abcdef0123456789xyz" https://api')).not.toContain('abcdef0123456789xyz');
  });

  it('leaves references, short values and other text alone', () => {
    for (const line of ['API_KEY=${OPENAI_API_KEY}', 'token: ${{ secrets.GH_TOKEN }}', 'password = os.environ["PW"]', 'auth: none', 'const author = "JaneDoeSmith"']) {
      expect(maskNamedValues(line)).toBe(line);
    }
  });
});

describe('a URL password in a message', () => {
  it('is masked wherever a message quotes the URL, a reference left as it is', async () => {
    const { scan } = await import('../../src/engine/scan.js');
    const { tempTree } = await import('../helpers/tmp.js');
    const pass = 'Zq8' + 'rT2vLw9xK4m';
    const url = `https://deploy:${pass}@pkgs.acme.io/simple/acme_server-1.0.0-py3-none-any.whl`;
    const code = `from mcp import StdioServerParameters\nfrom agents import Agent\n\nparams = StdioServerParameters(command="uvx", args=["${url}"])\n`;
    const { report } = await scan({ paths: [tempTree({ 'app/agent.py': code })], threads: 1 });
    const text = JSON.stringify(report.findings);
    expect(text).not.toContain(pass);
  });
});
