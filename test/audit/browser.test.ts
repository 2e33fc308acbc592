/**
 * The HTML report in a real browser (headless Chromium, offline): the page renders, its script
 * runs, sorting and filtering work, and the delegation graph is laid out. Skipped when Chromium is
 * not installed. The temporary folder is made when the tests start and removed when they end, so a
 * run that filters these tests out leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/model.js';
import { renderHtml } from '../../src/audit/html.js';
import { withFrameworks } from '../../src/engine/frameworks.js';
import { scan } from '../../src/engine/scan.js';
import { loadRuleSet } from '../../src/audit/rules.js';
import { sampleReport } from '../helpers/report.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const run = promisify(execFile);

describe.skipIf(!CHROMIUM)('HTML report in headless Chromium', () => {
  let dir = '';
  let file = '';
  let graphFile = '';
  const raw = sampleReport();
  const report = { ...raw, findings: raw.findings.map(withFrameworks) };
  const model = buildAuditReport({ report, rules: [], generatedAt: '2026-01-01T00:00:00.000Z', cwd: '/', facts: { identities: [], inventory: [] } });
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'agentwarden-browser-'));
    file = path.join(dir, 'report.html');
    writeFileSync(file, renderHtml(model));
    // A repository whose triage agent reaches a shell tool through two hand-offs.
    const scanned = await scan({ paths: [path.join(import.meta.dirname, '../../fixtures/delegation/openai-chain')] });
    const { rules } = await loadRuleSet();
    graphFile = path.join(dir, 'delegation.html');
    writeFileSync(graphFile, renderHtml(buildAuditReport({ report: scanned.report, rules, facts: scanned.facts, generatedAt: '2026-01-01T00:00:00.000Z', cwd: '/' })));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function chromium(args: string[]): Promise<string> {
    const profile = mkdtempSync(path.join(dir, 'profile-'));
    const { stdout } = await run(
      CHROMIUM!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, ...args],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  }
  const dom = (hash = '') => chromium(['--dump-dom', `file://${file}${hash}`]);
  const rowsOf = (html: string) => [...html.matchAll(/<tr id="(F\d+)" data-severity="(\w+)"[^>]*?(class="hidden")?>/g)].map((m) => ({ id: m[1], severity: m[2] }));
  const visible = (html: string) => [...html.matchAll(/<tr id="(F\d+)"[^>]*>/g)].filter((m) => !/class="hidden"/.test(m[0])).map((m) => m[1]);

  it('runs its script: the page is ready and counts the findings shown', async () => {
    const html = await dom();
    expect(html).toMatch(/<html[^>]*data-ready="1"/);
    expect(html).toContain(`${model.findings.length} of ${model.findings.length} shown`);
  }, 90_000);

  it('filters findings by text and by severity', async () => {
    const byText = await dom('#q=github-pat');
    expect(visible(byText)).toEqual(model.findings.filter((f) => f.ruleId === 'secrets/github-pat').map((f) => f.id));
    const bySev = await dom('#sev=critical');
    expect(visible(bySev)).toEqual(model.findings.filter((f) => f.severity === 'critical').map((f) => f.id));
  }, 90_000);

  it('sorts findings by a column', async () => {
    const html = await dom('#sort=severity');
    expect(rowsOf(html).map((r) => r.severity)).toEqual(['critical', 'high', 'medium']);
    const desc = await dom('#sort=severity:desc');
    expect(rowsOf(desc).map((r) => r.severity)).toEqual(['medium', 'high', 'critical']);
  }, 90_000);

  it('draws the delegation graph: every agent box laid out, the unapproved chain in red, linked to its finding', async () => {
    const html = await chromium(['--dump-dom', `file://${graphFile}`]);
    expect(html).toMatch(/<html[^>]*data-ready="1"/);
    expect(html).toMatch(/<svg class="delegation"[^>]*data-rendered-nodes="3"/);
    expect([...html.matchAll(/<g class="node" data-agent="([^"]+)"/g)].map((m) => m[1])).toEqual(['ops', 'support', 'triage']);
    expect(html.match(/<g class="edge unapproved">/g)).toHaveLength(2);
    expect(html).toMatch(/<text class="tool risky"[^>]*><title>[^<]*<\/title>⚠ run_command<\/text>/);
    expect(html).toMatch(/<ul class="chains"><li><b>triage<\/b> → <b>support<\/b> → <b>ops<\/b> → tool <code>run_command<\/code>.*href="#F\d+"/);
  }, 90_000);

  it('renders a screenshot', async () => {
    const shot = path.join(dir, 'report.png');
    await chromium([`--screenshot=${shot}`, '--window-size=1280,2000', `file://${file}`]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  }, 90_000);
});
