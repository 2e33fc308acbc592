/** Contexts end to end: the JSON field, --fail-on on the adjusted severity, and the config's say. */
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';

const KEY = 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n';

describe('finding context', () => {
  it('a fixture key is reported low with its context and does not fail the default gate; the same key in shipped config does', () => {
    const dir = tempTree({ 'tests/fixtures/.env': KEY });
    const r = cli(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).findings.find((x: { ruleId: string }) => x.ruleId === 'secrets/github-pat');
    expect(f).toMatchObject({ context: 'test', severity: 'low', originalSeverity: 'high' });
    expect(cli(['scan', dir, '--fail-on', 'low']).code).toBe(1);

    const shipped = tempTree({ 'config/.env': KEY });
    const s = cli(['scan', shipped, '--format', 'json']);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout).findings[0]).toMatchObject({ context: 'production', severity: 'high' });
  });

  it('.agentwarden.yaml can treat a context as production again, assign paths, or ignore a context', () => {
    const strict = tempTree({ 'tests/.env': KEY, '.agentwarden.yaml': 'contexts:\n  test: {}\n' });
    expect(cli(['scan', strict]).code).toBe(1);
    const assigned = tempTree({ 'qa/.env': KEY, '.agentwarden.yaml': 'contexts:\n  paths:\n    "qa/**": test\n' });
    expect(cli(['scan', assigned]).code).toBe(0);
    const ignored = tempTree({ 'tests/.env': KEY, '.agentwarden.yaml': 'contexts:\n  test: { ignore: true }\n' });
    const r = cli(['scan', ignored, '--format', 'json', '--fail-on', 'info']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toHaveLength(0);
  });

  it('an unknown context in the config is a config error (exit 2)', () => {
    const dir = tempTree({ '.agentwarden.yaml': 'contexts:\n  staging: { max: low }\n' });
    const r = cli(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('staging');
  });

  it('the text output names the context and the severity it had', () => {
    const dir = tempTree({ 'examples/.env': KEY });
    const r = cli(['scan', dir, '--fail-on', 'none']);
    expect(r.stdout).toContain('[example, was high]');
  });
});
