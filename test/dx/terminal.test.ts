/** Plain output when piped or in CI; colour rules; the summary panel. */
import { describe, expect, it } from 'vitest';
import { renderToString } from 'ink';
import { createElement } from 'react';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';
import { colorFor, isCI, isInteractive, chalkFor } from '../../src/ui/terminal.js';
import { summarize } from '../../src/ui/summary.js';
import { SummaryView } from '../../src/ui/views.js';
import type { Finding, Report } from '../../src/core/types.js';

const LEAK = 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n';
const ESC = '\u001b';

describe('piped and CI output', () => {
  it('has no escape codes when stdout and stderr are pipes, with or without CI', () => {
    const dir = tempTree({ '.env': LEAK });
    for (const extra of [{}, { CI: 'true' }, { TERM: 'xterm-256color' }]) {
      const r = cli(['scan', dir, '--fail-on', 'none'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, ...extra } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('secrets/github-pat');
      expect(r.stdout.includes(ESC), JSON.stringify(extra)).toBe(false);
      expect(r.stderr.includes(ESC)).toBe(false);
    }
  });

  it('is deterministic apart from the duration', () => {
    const dir = tempTree({ '.env': LEAK, 'b/.mcp.json': '{"mcpServers":{"x":{"command":"npx","args":["some-server"]}}}' });
    const strip = (s: string) => s.replace(/\d+ ms/g, 'N ms');
    const a = cli(['scan', dir, '--fail-on', 'none']);
    const b = cli(['scan', dir, '--fail-on', 'none']);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it('FORCE_COLOR and --color colour it; NO_COLOR and --no-color do not', () => {
    const dir = tempTree({ '.env': LEAK });
    const run = (env: Record<string, string | undefined>, flags: string[] = []) =>
      cli(['scan', dir, '--fail-on', 'none', ...flags], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } }).stdout.includes(ESC);
    expect(run({ FORCE_COLOR: '1' })).toBe(true);
    expect(run({}, ['--color'])).toBe(true);
    expect(run({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(run({ FORCE_COLOR: '1' }, ['--no-color'])).toBe(false);
  });

  it('decides interactivity and colour from the stream and the environment', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({ CONTINUOUS_INTEGRATION: '1' })).toBe(true);
    expect(isInteractive({ isTTY: true }, {})).toBe(true);
    expect(isInteractive({ isTTY: true }, { CI: '1' })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ isTTY: false }, {})).toBe(false);
    expect(colorFor({ isTTY: true }, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor({ isTTY: true }, undefined, { NO_COLOR: '' })).toBe(true);
    expect(colorFor({ isTTY: false }, undefined, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor({ isTTY: false }, undefined, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor({ isTTY: false }, true, { NO_COLOR: '1' })).toBe(true);
  });
});

function finding(path: string, severity: Finding['severity'], category: Finding['category']): Finding {
  return {
    ruleId: 'x/y', category, severity, confidence: 'high', title: 't', message: 'm', fingerprint: `${path}${severity}`, frameworks: {}, remediation: 'r',
    location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
  };
}

describe('summary panel', () => {
  const report: Report = {
    version: 1, tool: { name: 'agentwarden', version: '0' }, root: '/r',
    stats: { filesScanned: 9, filesSkipped: 1, bytesScanned: 10, durationMs: 1234, findingsSuppressed: 2, findingsBaselined: 0 },
    findings: [
      finding('a.yaml', 'low', 'supply-chain.unpinned'), finding('a.yaml', 'low', 'supply-chain.unpinned'), finding('a.yaml', 'low', 'supply-chain.unpinned'),
      finding('.env', 'critical', 'credential.long-lived'), finding('b.json', 'high', 'credential.broad-scope'),
    ],
    errors: [], skipped: [],
  };

  it('counts by severity and category and puts the worst files first', () => {
    const s = summarize(report);
    expect(s.bySeverity).toEqual([{ severity: 'critical', count: 1 }, { severity: 'high', count: 1 }, { severity: 'low', count: 3 }]);
    expect(s.byCategory.map((c) => c.category)).toEqual(['credential.long-lived', 'credential.broad-scope', 'supply-chain.unpinned']);
    expect(s.worstFiles.map((f) => f.path)).toEqual(['.env', 'b.json', 'a.yaml']);
  });

  it('renders without colour codes when colour is off, with them when on', () => {
    const plain = renderToString(createElement(SummaryView, { summary: summarize(report), c: chalkFor(false), failOn: 'high' }), { columns: 80 });
    expect(plain).toContain('5 findings');
    expect(plain).toContain('credential.long-lived');
    expect(plain).toContain('9 files scanned · 1 skipped · 2 suppressed · 1.23 s · fails on high');
    expect(plain.includes(ESC)).toBe(false);
    const coloured = renderToString(createElement(SummaryView, { summary: summarize(report), c: chalkFor(true) }), { columns: 80 });
    expect(coloured.includes(ESC)).toBe(true);
  });
});
