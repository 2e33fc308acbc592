/** The exit-code contract: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage/config/internal errors. */
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';

const LEAK = 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n';

describe('exit codes', () => {
  it('0 when there is nothing to report', () => {
    const dir = tempTree({ 'app.py': 'print("hello")\n' });
    const r = cli(['scan', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings');
  });

  it('1 when a finding is at or above --fail-on (default high)', () => {
    const dir = tempTree({ '.env': LEAK });
    const r = cli(['scan', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secrets/github-pat');
  });

  it('0 when findings are below --fail-on, or --fail-on none', () => {
    const dir = tempTree({ '.env': LEAK });
    expect(cli(['scan', dir, '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['scan', dir, '--fail-on', 'none']).code).toBe(0);
  });

  it('2 for a bad flag, a bad --fail-on, an unknown format and a missing path', () => {
    const dir = tempTree({ 'a.txt': 'x' });
    expect(cli(['scan', dir, '--no-such-flag']).code).toBe(2);
    expect(cli(['scan', dir, '--fail-on', 'urgent']).code).toBe(2);
    expect(cli(['scan', dir, '--format', 'pdf']).code).toBe(2);
    const missing = cli(['scan', `${dir}/does-not-exist`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('path does not exist');
  });

  it('2 for an invalid config, naming key and line', () => {
    const dir = tempTree({ '.agentwarden.yaml': 'rules:\n  disable: [x]\n  turnoff: [y]\n', '.env': LEAK });
    const r = cli(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.agentwarden\.yaml:3: unknown key "rules\.turnoff"/);
  });

  it('a file that cannot be parsed is reported and the scan goes on; --strict makes it exit 2', () => {
    const dir = tempTree({ '.env': LEAK, 'bad.txt': Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]), 'ok.txt': 'fine' });
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    const strict = cli(['scan', dir, '--strict', '--fail-on', 'none']);
    expect(report.errors.length > 0 ? strict.code : 2).toBe(2);
  });

  it('--help and --version exit 0', () => {
    expect(cli(['--help']).code).toBe(0);
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
