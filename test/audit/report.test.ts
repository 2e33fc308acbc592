/**
 * The report of the demo repository in every format: golden markdown and CSV (UPDATE_GOLDEN=1
 * rewrites them when the demo or the rules change), structure checks for HTML and JSON, and the
 * command's options and errors.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildReport, parseReportTargets, runReport } from '../../src/commands/report.js';
import { UsageError } from '../../src/core/errors.js';
import type { AuditReport } from '../../src/audit/model.js';
import { renderCsv } from '../../src/audit/csv.js';
import { renderHtml } from '../../src/audit/html.js';
import { renderJson } from '../../src/audit/json.js';
import { renderMarkdown } from '../../src/audit/markdown.js';
import { tempTree } from '../helpers/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const demo = path.join(root, 'fixtures', 'demo');

/** The demo's report with the parts that change on every commit (time, commit, rule digest) pinned. */
async function demoReport(options: Parameters<typeof buildReport>[1] = {}): Promise<AuditReport> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { model } = await buildReport([path.relative(root, demo)], { threads: '1', ...options });
    model.scope.generatedAt = '2026-01-01T00:00:00.000Z';
    model.scope.git = { commit: '0000000000000000000000000000000000000000', branch: 'main' };
    model.scope.ruleSet.digest = 'pinned';
    return model;
  } finally {
    process.chdir(cwd);
  }
}

function golden(name: string, actual: string): void {
  const file = path.join(here, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual, `${name} differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1 npx vitest run test/audit`).toBe(readFileSync(file, 'utf8'));
}

describe('report of the demo repository', async () => {
  const model = await demoReport();

  it('matches the golden markdown', () => golden('demo.md', renderMarkdown(model)));
  it('matches the golden CSV', () => golden('demo.csv', renderCsv(model)));

  it('is the same twice (deterministic ordering)', async () => {
    const again = await demoReport();
    expect(renderMarkdown(again)).toBe(renderMarkdown(model));
    expect(renderCsv(again)).toBe(renderCsv(model));
    expect(renderHtml(again)).toBe(renderHtml(model));
  });

  it('finds the planted problems and lists the long-lived and shared identities', () => {
    expect(model.findings.length).toBeGreaterThan(10);
    const rules = new Set(model.findings.map((f) => f.ruleId));
    expect(rules.has('identity/shared-credential')).toBe(true);
    expect([...rules].some((r) => r.startsWith('secrets/'))).toBe(true);
    expect(model.summary.nhi.longLived).toBeGreaterThan(0);
    expect(model.summary.nhi.shared).toBeGreaterThan(0);
    const shared = model.inventory.filter((e) => e.shared);
    for (const e of shared) expect(e.consumers.length).toBeGreaterThan(1);
    // Every shared identity in the inventory is backed by a shared-credential finding.
    const sharedFindings = new Set(model.findings.filter((f) => f.ruleId === 'identity/shared-credential').map((f) => f.id));
    for (const e of shared) expect(e.findings.some((id) => sharedFindings.has(id)), e.label).toBe(true);
  });

  it('gives every control of every framework one of the three statuses, with evidence for findings', () => {
    const byId = new Map(model.findings.map((f) => [f.id, f]));
    for (const fw of model.frameworks) {
      expect(fw.controls.length).toBeGreaterThan(0);
      for (const c of fw.controls) {
        expect(['findings', 'no-findings', 'not-testable']).toContain(c.status);
        for (const id of c.findings) expect(byId.get(id)!.frameworks[fw.id]).toContain(c.id);
        if (c.status === 'no-findings') expect(c.rules.length + c.subRules.length).toBeGreaterThan(0);
      }
    }
  });

  it('renders self-contained HTML: no external script, style, font, image or fetch', () => {
    const html = renderHtml(model);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Content-Security-Policy');
    expect(html).toMatch(/default-src 'none'/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel=["']?stylesheet/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|source|video|audio)\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket/);
    expect(html).toContain('@media print');
    // Every finding is a row; every framework a section with every control.
    expect(html.match(/<tr id="F\d+"/g)).toHaveLength(model.findings.length);
    for (const fw of model.frameworks) {
      const start = html.indexOf(`id="fw-${fw.id}"`);
      expect(start).toBeGreaterThan(0);
      const block = html.slice(start, html.indexOf('</details>', start));
      expect(block.match(/<tr class="ctl/g)).toHaveLength(fw.controls.length);
    }
    expect(html).toContain('id="inventory-table"');
    // Balanced structure of the main containers.
    for (const tag of ['section', 'table', 'details', 'tbody']) {
      expect((html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length, tag).toBe((html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length);
    }
  });

  it('renders JSON that parses back to the model', () => {
    expect(JSON.parse(renderJson(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('narrows to one framework with --framework (id or short name)', async () => {
    const nhi = await demoReport({ framework: 'nhi' });
    expect(nhi.frameworks.map((f) => f.id)).toEqual(['owasp-nhi']);
    expect(nhi.scope.framework).toBe('owasp-nhi');
    expect(renderMarkdown(nhi)).not.toContain('### MITRE ATLAS');
  });
});

describe('report command', () => {
  it('writes each format to its file and exits 0 by default', async () => {
    const tree = tempTree({ 'config/app.yaml': 'slack:\n  token: xoxb-363184134252-1813519998973-TE1O5KlzYOl1CVtfzdHHrKDV\n' });
    const out = path.join(tree, 'out');
    const code = await runReport([tree], {
      format: ['html', 'markdown', 'csv:' + path.join(out, 'r.csv'), 'json'],
      output: [path.join(out, 'r.html'), path.join(out, 'r.md'), '', path.join(out, 'r.json')],
      threads: '1',
      quiet: true,
    });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')).reportVersion).toBe(1);
    expect(readFileSync(path.join(out, 'r.html'), 'utf8')).toContain('<!doctype html>');
    expect(readFileSync(path.join(out, 'r.md'), 'utf8')).toContain('# agentwarden audit report');
    expect(readFileSync(path.join(out, 'r.csv'), 'utf8').split('\r\n')[0]).toMatch(/^framework,framework_version,control_id/);
    for (const f of ['r.html', 'r.md', 'r.csv', 'r.json']) expect(readFileSync(path.join(out, f), 'utf8')).not.toContain('TE1O5KlzYOl1CVtfzdHHrKDV');
  });

  it('fails the build only when asked with --fail-on', async () => {
    const tree = tempTree({ 'scripts/x.sh': 'export GITHUB_TOKEN=ghp_cSegYmPaO0FCtrc5fqLzcTFAvtLQJl7iBSxV\n' });
    const file = path.join(tree, 'r.md');
    expect(await runReport([tree], { output: [file], threads: '1', quiet: true })).toBe(0);
    expect(await runReport([tree], { output: [file], failOn: 'high', threads: '1', quiet: true })).toBe(1);
  });

  it('reports unreadable files by name and goes on', async () => {
    const tree = tempTree({
      '.mcp.json': '{ "mcpServers": { "x": ',
      'deploy/bad.yaml': 'a: [1, 2\nb: }',
      'pyproject.toml': '[tool\nx = ',
      'config/ok.yaml': 'slack:\n  token: xoxb-363184134252-1813519998973-TE1O5KlzYOl1CVtfzdHHrKDV\n',
    });
    const { model } = await buildReport([tree], { threads: '1' });
    expect(model.findings.length).toBeGreaterThan(0);
    const md = renderMarkdown(model);
    expect(md).toContain('## Files not analysed');
    for (const e of model.errors) expect(md).toContain(e.path);
    expect(model.errors.map((e) => e.path)).toContain('.mcp.json');
    expect(renderHtml(model)).toContain('Files not analysed');
  });

  it('rejects an unknown framework, an unknown format and --policy without sessions', async () => {
    const tree = tempTree({ 'a.txt': 'hello' });
    await expect(buildReport([tree], { framework: 'iso27001' })).rejects.toThrow(UsageError);
    expect(() => parseReportTargets(['pdf'])).toThrow(/unknown report format "pdf"/);
    await expect(buildReport([tree], { policy: 'p.yaml' })).rejects.toThrow(/--sessions/);
  });

  it('picks the format from the extension of a lone --output', () => {
    expect(parseReportTargets([], ['a/report.html'])).toEqual([{ format: 'html', file: 'a/report.html' }]);
    expect(parseReportTargets([], ['r.csv'])).toEqual([{ format: 'csv', file: 'r.csv' }]);
    expect(parseReportTargets([], [])).toEqual([{ format: 'markdown', file: undefined }]);
  });
});

const session = path.join(root, 'fixtures', 'sessions', 'agentwarden-jsonl', 'exfiltration.jsonl');
const hasReplay = existsSync(path.join(root, 'src', 'commands', 'replay.ts')) && existsSync(session);

describe.skipIf(!hasReplay)('report with replayed sessions', () => {
  it('adds the timeline, verdicts and violations, and counts replay checks as tests', async () => {
    const tree = tempTree({ 'README.md': '# nothing here\n' });
    const { model } = await buildReport([tree], { sessions: [session], threads: '1' });
    expect(model.sessions).toHaveLength(1);
    const s = model.sessions[0]!;
    expect(s.counts.toolCalls).toBeGreaterThan(0);
    expect(s.violations.length).toBeGreaterThan(0);
    const byId = new Map(model.findings.map((f) => [f.id, f]));
    for (const id of s.violations) expect(byId.get(id)!.ruleId).toMatch(/^replay\//);
    expect(model.findings.some((f) => f.category === 'runtime.secret-exfiltration')).toBe(true);
    // With sessions replayed, a control tested only by replay checks is testable.
    const nhi1 = model.frameworks.find((f) => f.id === 'owasp-nhi')!.controls.find((c) => c.id === 'NHI1:2025')!;
    expect(nhi1.status).not.toBe('not-testable');
    expect(renderMarkdown(model)).toContain('## Replay evidence');
    expect(renderHtml(model)).toContain('id="replay"');
    for (const out of [renderMarkdown(model), renderHtml(model), renderCsv(model), renderJson(model)]) expect(out).not.toMatch(/AKIA[0-9A-Z]{16}/);
  }, 120_000);

  it('rejects a session file that does not exist as a usage error', async () => {
    const tree = tempTree({ 'README.md': '# x\n' });
    await expect(buildReport([tree], { sessions: [path.join(tree, 'missing.jsonl')] })).rejects.toThrow(UsageError);
  }, 60_000);
});
