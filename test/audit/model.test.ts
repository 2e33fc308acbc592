/** The report model from fixed inputs: control statuses, the NHI inventory, determinism, git, time. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IdentityUse, InventoryItem, RuleMeta } from '../../src/core/rule.js';
import type { Location } from '../../src/core/types.js';
import { frameworksFor } from '../../src/frameworks/index.js';
import { buildAuditReport, reportTimestamp } from '../../src/audit/model.js';
import { readGitInfo } from '../../src/audit/git.js';
import { renderCsv, csvCell } from '../../src/audit/csv.js';
import { renderMarkdown } from '../../src/audit/markdown.js';
import { renderJson } from '../../src/audit/json.js';
import { renderHtml } from '../../src/audit/html.js';
import { sampleReport as rawSample } from '../helpers/report.js';
import { withFrameworks } from '../../src/engine/frameworks.js';
import { tempTree } from '../helpers/tmp.js';

const at = (p: string, line: number, col = 1): Location => ({ path: p, startLine: line, startColumn: col, endLine: line, endColumn: col + 10 });

const rules: RuleMeta[] = [
  { id: 'secrets/github-pat', title: 'GitHub PAT', category: 'credential.long-lived', severity: 'high', description: 'd', remediation: 'r' },
  { id: 'identity/shared-credential', title: 'Shared', category: 'identity.shared-account', severity: 'high', description: 'd', remediation: 'r' },
  { id: 'replay/unapproved-high-risk', title: 'Unapproved', category: 'runtime.unapproved-high-risk', severity: 'high', description: 'd', remediation: 'r' },
  { id: 'replay/tool-not-allowed', title: 'Drift', category: 'runtime.intent-drift', severity: 'high', description: 'd', remediation: 'r' },
].map((r) => ({ ...r, frameworks: frameworksFor(r.id, r.category as RuleMeta['category']) }) as RuleMeta);

function facts() {
  const identities: IdentityUse[] = [
    { key: 'secret:abc', label: 'GitHub personal access token ghp_…NUx', identityKind: 'secret', consumer: '.mcp.json', location: at('.mcp.json', 7, 41), provider: 'GitHub', lifetime: 'static' },
    { key: 'secret:abc', label: 'GitHub ghp_…NUx', identityKind: 'secret', consumer: 'MCP server "github" (.mcp.json)', location: at('.mcp.json', 7, 41), provider: 'GitHub', lifetime: 'static' },
    { key: 'secret:abc', label: 'ghp_…NUx', identityKind: 'secret', consumer: 'scripts/release.sh', location: at('scripts/release.sh', 3, 14), lifetime: 'static' },
    { key: 'var:OPENAI_API_KEY', label: 'OPENAI_API_KEY', identityKind: 'variable', consumer: 'agent planner (agents/planner.py)', location: at('agents/planner.py', 5), lifetime: 'reference' },
    { key: 'iam-user:deployer', label: 'IAM user deployer', identityKind: 'iam-user', consumer: 'aws_iam_access_key.ci', location: at('deploy/main.tf', 12), provider: 'AWS', lifetime: 'static' },
  ];
  const inventory: InventoryItem[] = [
    { type: 'credential', location: at('.mcp.json', 7, 41), data: { key: 'secret:abc', provider: 'GitHub', kind: 'personal access token', lifetime: 'static', evidence: 'ghp_…NUx' } },
    { type: 'credential', location: at('config/app.yaml', 2), data: { key: 'secret:jwt', provider: 'JWT', kind: 'JSON Web Token', lifetime: 'expiring', evidence: 'eyJh…x9Q' } },
    { type: 'mcp-server', location: at('.mcp.json', 3), data: { name: 'github' } },
  ];
  return { identities, inventory };
}

/** The shared sample report, with the frameworks the mapping really gives its findings. */
function sampleReport() {
  const r = rawSample();
  return { ...r, findings: r.findings.map(withFrameworks) };
}

const fixed = { generatedAt: '2026-01-01T00:00:00.000Z', cwd: '/', git: { commit: 'a'.repeat(40), branch: 'main' } };

describe('report model', () => {
  const model = buildAuditReport({ report: sampleReport(), rules, facts: facts(), ...fixed });

  it('numbers findings in report order and gives them short tags', () => {
    expect(model.findings.map((f) => f.id)).toEqual(['F1', 'F2', 'F3']);
    expect(model.findings.map((f) => f.ruleId)).toEqual(['identity/shared-credential', 'secrets/github-pat', 'replay/unapproved-high-risk']);
    expect(model.findings[1]!.tags).toContain('ASI03');
  });

  it('lists every control of every framework with a status', () => {
    expect(model.frameworks.map((f) => f.id)).toEqual(['owasp-asi', 'owasp-agentic-threats', 'owasp-nhi', 'owasp-llm', 'maestro', 'nist-ai-rmf', 'mitre-atlas']);
    const asi = model.frameworks[0]!;
    expect(asi.controls).toHaveLength(10);
    const asi03 = asi.controls.find((c) => c.id === 'ASI03')!;
    expect(asi03.status).toBe('findings');
    expect(asi03.findings).toEqual(['F1', 'F2']);
    expect(asi03.rules).toContain('secrets/github-pat');
    // ASI06 (memory poisoning) is tested by no rule here.
    expect(asi.controls.find((c) => c.id === 'ASI06')!.status).toBe('not-testable');
  });

  it('treats controls only replay tests as not testable statically when no session was replayed', () => {
    const asi = buildAuditReport({ report: { ...sampleReport(), findings: [], sessions: [] }, rules, facts: facts(), ...fixed }).frameworks[0]!;
    const asi01 = asi.controls.find((c) => c.id === 'ASI01')!;
    expect(asi01.rules).toContain('replay/tool-not-allowed');
    expect(asi01.status).toBe('not-testable');
    expect(asi01.note).toMatch(/replay/);
    const replayed = buildAuditReport({ report: { ...sampleReport(), findings: [] }, rules, facts: facts(), replayed: true, ...fixed }).frameworks[0]!;
    expect(replayed.controls.find((c) => c.id === 'ASI01')!.status).toBe('no-findings');
  });

  it('rolls findings of sub-controls up to their parents (NIST subcategory → category → function)', () => {
    const nist = model.frameworks.find((f) => f.id === 'nist-ai-rmf')!;
    const sub = nist.controls.find((c) => c.id === 'MEASURE 2.7')!;
    expect(sub.status).toBe('findings');
    const fn = nist.controls.find((c) => c.id === 'MEASURE')!;
    expect(fn.status).toBe('findings');
    expect(fn.findings).toEqual([]);
    expect(fn.subFindings.length).toBeGreaterThan(0);
    expect(fn.depth).toBe(0);
    expect(sub.depth).toBe(2);
  });

  it('builds the NHI inventory: provider and kind, lifetime, places, consumers, sharing, findings', () => {
    const inv = model.inventory;
    expect(inv.map((e) => e.label)).toEqual(['GitHub personal access token ghp_…NUx', 'IAM user deployer', 'JWT JSON Web Token eyJh…x9Q', 'OPENAI_API_KEY']);
    expect(inv.map((e) => e.id)).toEqual(['N1', 'N2', 'N3', 'N4']);
    // Secret values carry no key (a salted hash with a public salt); named identities do.
    expect(inv.map((e) => e.key)).toEqual([undefined, 'iam-user:deployer', undefined, 'var:OPENAI_API_KEY']);
    expect(renderJson(model)).not.toContain('secret:');
    const gh = inv[0]!;
    expect(gh).toMatchObject({ provider: 'GitHub', kind: 'personal access token', lifetimeClass: 'long-lived', shared: true });
    expect(gh.consumers.map((c) => c.consumer)).toEqual(['MCP server "github" (.mcp.json)', 'scripts/release.sh']);
    expect(gh.locations.map((l) => `${l.path}:${l.startLine}`)).toEqual(['.mcp.json:7', 'scripts/release.sh:3']);
    expect(gh.findings).toEqual(['F1', 'F2']);
    expect(inv.find((e) => e.provider === 'JWT')).toMatchObject({ lifetimeClass: 'short-lived', shared: false, provider: 'JWT' });
    expect(inv.find((e) => e.key === 'var:OPENAI_API_KEY')).toMatchObject({ lifetimeClass: 'reference', identityKind: 'variable', shared: false });
    expect(model.summary.nhi).toEqual({ total: 4, longLived: 2, shared: 1, literal: 2 });
  });

  it('never puts a raw identity value in any format', () => {
    for (const out of [renderMarkdown(model), renderCsv(model), renderJson(model), renderHtml(model)]) {
      expect(out).not.toMatch(/ghp_[A-Za-z0-9]{20,}/);
    }
  });

  it('summarises severities, categories and frameworks', () => {
    expect(model.summary.bySeverity).toEqual({ critical: 1, high: 1, medium: 1, low: 0, info: 0 });
    expect(model.summary.byCategory.map((c) => c.category)).toEqual(['credential.long-lived', 'identity.shared-account', 'runtime.unapproved-high-risk']);
    const asi = model.summary.byFramework.find((f) => f.id === 'owasp-asi')!;
    expect(asi.controls).toBe(asi.withFindings + asi.noFindings + asi.notTestable);
  });

  it('is deterministic: same input, same bytes in every format', () => {
    const again = buildAuditReport({ report: sampleReport(), rules: [...rules].reverse(), facts: { identities: [...facts().identities].reverse(), inventory: [...facts().inventory].reverse() }, ...fixed });
    again.rules.sort((a, b) => (a.id < b.id ? -1 : 1));
    model.rules.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(renderMarkdown(again)).toBe(renderMarkdown(model));
    expect(renderCsv(again)).toBe(renderCsv(model));
    expect(renderHtml(again)).toBe(renderHtml(model));
  });

  it('narrows the per-framework part to one framework', () => {
    const one = buildAuditReport({ report: sampleReport(), rules, facts: facts(), framework: 'owasp-nhi', ...fixed });
    expect(one.frameworks.map((f) => f.id)).toEqual(['owasp-nhi']);
    expect(renderCsv(one).split('\r\n').filter((l) => l && !l.startsWith('framework,')).every((l) => l.startsWith('owasp-nhi,'))).toBe(true);
  });

  it('shows replay evidence: steps, verdicts and the violations of each session', () => {
    expect(model.sessions).toHaveLength(1);
    expect(model.sessions[0]!.counts).toMatchObject({ toolCalls: 2, allow: 1, needsApproval: 1 });
    expect(model.sessions[0]!.violations).toEqual(['F3']);
    expect(renderMarkdown(model)).toContain('## Replay evidence');
  });

  it('says the inventory is unavailable when built from a plain scan report', () => {
    const plain = buildAuditReport({ report: sampleReport(), rules, ...fixed });
    expect(plain.scope.inventoryAvailable).toBe(false);
    expect(renderMarkdown(plain)).toContain('Not available');
  });
});

describe('scope', () => {
  it('takes its timestamp from SOURCE_DATE_EPOCH when set', () => {
    expect(reportTimestamp({ SOURCE_DATE_EPOCH: '1767225600' })).toBe('2026-01-01T00:00:00.000Z');
    expect(reportTimestamp({}, () => new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(reportTimestamp({ SOURCE_DATE_EPOCH: 'soon' }, () => new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads the commit from .git without running git: branch, packed refs, detached HEAD, worktree file', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const loose = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${sha}\n`, 'sub/x.txt': '' });
    expect(readGitInfo(path.join(loose, 'sub'))).toEqual({ commit: sha, branch: 'main' });
    const packed = tempTree({ '.git/HEAD': 'ref: refs/heads/dev\n', '.git/packed-refs': `# pack-refs with: peeled\n${sha} refs/heads/dev\n` });
    expect(readGitInfo(packed)).toEqual({ commit: sha, branch: 'dev' });
    const detached = tempTree({ '.git/HEAD': `${sha}\n` });
    expect(readGitInfo(detached)).toEqual({ commit: sha });
    const main = tempTree({ 'HEAD': 'ref: refs/heads/main\n', 'refs/heads/main': `${sha}\n` });
    mkdirSync(path.join(main, 'worktrees', 'wt'), { recursive: true });
    writeFileSync(path.join(main, 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(main, 'worktrees', 'wt', 'commondir'), '../..\n');
    const wt = tempTree({ '.git': `gitdir: ${path.join(main, 'worktrees', 'wt')}\n` });
    expect(readGitInfo(wt)).toEqual({ commit: sha, branch: 'main' });
    expect(readGitInfo(tempTree({ '.git/HEAD': 'garbage' }))).toBeUndefined();
  });
});

describe('csv', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });
});

describe('html reporter for scan --format html', () => {
  it('renders the same page from a plain scan report, without the inventory', async () => {
    const { html } = await import('../../src/audit/html.js');
    const page = html(sampleReport(), { rules, color: false, failOn: 'high' });
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('id="findings-table"');
    expect(page).toContain('Not available');
    expect(page.match(/<tr id="F\d+"/g)).toHaveLength(3);
  });
});
