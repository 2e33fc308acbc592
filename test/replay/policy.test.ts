/** YAML policy, approvals and taxonomy validation: clear errors with file, line and field, and exit code 2. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPolicy } from '../../src/replay/policy.js';
import { loadTaxonomy } from '../../src/replay/taxonomy.js';
import { loadApprovals } from '../../src/replay/approvals.js';
import { ROOT, SESSION, policyError, replayEvents, scratch } from './helpers.js';

describe('policy validation', () => {
  it('accepts the DESIGN.md minimum and the full example', () => {
    expect(policyError('version: 1\nobjective: "x"\ntools:\n  allow: [a]\n  requireApproval: [a]\n')).toBe('(no error)');
    const p = loadPolicy(join(ROOT, 'rules/replay/examples/policy.yaml'), 'rules/replay/examples/policy.yaml');
    expect(p.argumentRules).toHaveLength(2);
    expect(p.cedarFiles[0]).toMatch(/tool-calls\.cedar$/);
    expect(loadPolicy(join(ROOT, 'rules/replay/default-policy.yaml'), 'default').requireApprovalClasses).toContain('shell');
  });

  it.each([
    ['version: 2\n', 'policy.yaml:1: version: must be 1'],
    ['tools:\n  allow: [a]\n', 'policy.yaml:1: (top level): "version" is required'],
    ['version: 1\ntool:\n  allow: [a]\n', 'policy.yaml:2: tool: unknown key "tool"'],
    ['version: 1\ntools:\n  allow: [a, 3]\n', 'policy.yaml:3: tools.allow[1]: must be a string'],
    ['version: 1\ntools:\n  allow: a\n', 'policy.yaml:3: tools.allow: must be a list of strings'],
    ['version: 1\narguments:\n  - tool: x\n    path: a\n', 'policy.yaml:3: arguments[0]: needs at least one condition'],
    ['version: 1\narguments:\n  - path: a\n    max: 1\n', 'policy.yaml:3: arguments[0]: "tool" is required'],
    ['version: 1\narguments:\n  - tool: x\n    pattern: "(a)\\\\1"\n', 'policy.yaml:4: arguments[0].pattern: invalid regular expression: not a supported regular expression (RE2 syntax'],
    ['version: 1\narguments:\n  - tool: x\n    pattern: "(unclosed"\n', 'policy.yaml:4: arguments[0].pattern: invalid regular expression'],
    ['version: 1\narguments:\n  - tool: x\n    max: 1\n    verdict: maybe\n', 'policy.yaml:5: arguments[0].verdict: must be one of: deny, needs-approval'],
    ['version: 1\nrevocations:\n  - target: tool\n    ref: x\n    at: yesterday\n', 'policy.yaml:5: revocations[0].at: must be an ISO-8601 time'],
    ['version: 1\nrevocations:\n  - target: tool\n    at: 2026-01-01T00:00:00Z\n', 'policy.yaml:3: revocations[0]: "ref" is required for target tool'],
    ['version: 1\nagents:\n  a:\n    tool: [x]\n', 'policy.yaml:4: agents.a.tool: unknown key "tool"'],
    ['version: 1\ntools: [a\n', 'invalid YAML'],
    ['version: 1\nversion: 1\n', 'policy.yaml:2: invalid YAML'],
  ])('rejects %j', (text, expected) => {
    expect(policyError(text)).toContain(expected);
  });

  it('survives a YAML alias bomb with an error, not a hang', () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const started = Date.now();
    expect(policyError(bomb)).toMatch(/invalid YAML|unknown key/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends a replay with exit code 2 and the message when the policy is invalid', async () => {
    const { report, exitCode } = await replayEvents([SESSION], { policy: 'version: 1\ntools:\n  alow: [x]\n' });
    expect(exitCode).toBe(2);
    expect(report.errors[0]!.message).toMatch(/policy\.yaml:3: tools\.alow: unknown key "alow"/);
  });

  it('rejects an unknown high-risk class and a missing referenced file', async () => {
    const a = await replayEvents([SESSION], { policy: 'version: 1\nhighRisk:\n  requireApproval: [shel]\n' });
    expect(a.exitCode).toBe(2);
    expect(a.report.errors[0]!.message).toContain('unknown class "shel"');
    const b = await replayEvents([SESSION], { policy: 'version: 1\napprovals:\n  files: [nope.yaml]\n' });
    expect(b.exitCode).toBe(2);
    expect(b.report.errors[0]!.message).toContain('nope.yaml');
  });

  it('gives exit code 2 for usage errors', async () => {
    const s = scratch();
    try {
      const { runReplay } = await import('../../src/commands/replay.js');
      expect((await runReplay([join(s.dir, 'missing.jsonl')], { sandbox: false })).exitCode).toBe(2);
      const file = s.write('x.jsonl', [SESSION]);
      expect((await runReplay([file], { sandbox: false, inputFormat: 'nope' })).exitCode).toBe(2);
      expect((await runReplay([file], { sandbox: false, policy: join(s.dir, 'missing.yaml') })).exitCode).toBe(2);
      expect((await runReplay([], { sandbox: false })).exitCode).toBe(2);
    } finally {
      s.cleanup();
    }
  });
});

describe('approvals file validation', () => {
  it('loads the example and rejects unnamed once-approvals', () => {
    expect(loadApprovals(join(ROOT, 'rules/replay/examples/approvals.yaml'), 'approvals.yaml')).toHaveLength(3);
    const s = scratch();
    try {
      const f = s.write('a.yaml', 'version: 1\napprovals:\n  - tool: x\n    approver: me\n');
      expect(() => loadApprovals(f, 'a.yaml')).toThrow(/a\.yaml:3: approvals\[0\]: a scope "once" approval names its call/);
      const g = s.write('b.yaml', 'version: 1\napprovals:\n  - callId: c1\n');
      expect(() => loadApprovals(g, 'b.yaml')).toThrow(/"approver" is required/);
    } finally {
      s.cleanup();
    }
  });
});

describe('taxonomy validation', () => {
  it('loads the built-in taxonomy with every class of the issue', () => {
    const t = loadTaxonomy(join(ROOT, 'rules/replay/taxonomy.yaml'), 'taxonomy.yaml');
    expect(t.classes.map((c) => c.id)).toEqual(['shell', 'file-write', 'file-delete', 'network-egress', 'data-export', 'payments', 'destructive-db', 'credential-access', 'privilege', 'delegation']);
  });

  it('rejects a bad class with its line', () => {
    const s = scratch();
    try {
      const f = s.write('t.yaml', 'version: 1\nclasses:\n  shell:\n    title: Shell\n    severity: urgent\n');
      expect(() => loadTaxonomy(f, 't.yaml')).toThrow('t.yaml:5: classes.shell.severity: must be one of: critical, high, medium, low, info');
    } finally {
      s.cleanup();
    }
  });
});
