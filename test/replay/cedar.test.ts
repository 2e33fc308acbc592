/** Cedar policies: allow, deny, needs-approval (by annotation), unknown on missing facts, and load errors. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCedar, toCedarValue } from '../../src/replay/cedar.js';
import { ROOT, SESSION, callSteps, replayEvents, ruleIds, scratch } from './helpers.js';

const EXAMPLE = { abs: join(ROOT, 'rules/replay/examples/tool-calls.cedar'), file: 'tool-calls.cedar' };
const SCHEMA = { abs: join(ROOT, 'rules/replay/examples/tool-calls.cedarschema'), file: 'tool-calls.cedarschema' };
const facts = { argumentsRecorded: true, approved: false, approval: 'unknown', riskClasses: [], highRisk: false, outbound: false, secretFlow: false, afterRevocation: false, longLivedCredential: false, sharedCredential: false, delegated: false, format: 'agentwarden-jsonl', step: 1, hosts: [], settings: {} };

describe('Cedar engine', () => {
  it('validates the example policy against its schema and decides', async () => {
    const cedar = await loadCedar([EXAMPLE], SCHEMA);
    const decide = (tool: string, ctx: object) => cedar.decide({ agent: 'billing-bot', user: 'alice', tool, context: { ...facts, ...ctx } });
    expect(decide('lookup_order', { input: { order_id: 'A-1' } }).verdict).toBe('allow');
    expect(decide('issue_refund', { input: { amount: 50 } }).verdict).toBe('allow');
    const big = decide('issue_refund', { input: { amount: 250 } });
    expect(big.verdict).toBe('needs-approval');
    expect(big.policies.map((p) => p.id)).toEqual(['refunds-above-100-need-approval']);
    expect(decide('issue_refund', { input: { amount: 250 }, approved: true, approval: 'approved' }).verdict).toBe('allow');
    expect(decide('issue_refund', { input: { amount: 5000 } }).verdict).toBe('deny');
    const shell = decide('Bash', { input: { command: 'ls' }, riskClasses: ['shell'] });
    expect(shell).toMatchObject({ verdict: 'deny' });
    expect(shell.policies[0]!.id).toBe('no-shell');
    expect(decide('send_email', { input: {} }).verdict).toBe('deny');
    expect(decide('lookup_order', { input: {}, secretFlow: true }).policies[0]).toMatchObject({ id: 'no-secret-egress', category: 'runtime.secret-exfiltration', severity: 'critical' });
  });

  it('gives unknown, not allow, when a policy cannot be evaluated on missing facts', async () => {
    const s = scratch();
    try {
      const f = s.write('p.cedar', 'permit (principal, action, resource);\n@id("cap")\nforbid (principal, action == Action::"pay", resource) when { context.input.amount > 10 };\n');
      const cedar = await loadCedar([{ abs: f, file: 'p.cedar' }]);
      expect(cedar.decide({ agent: 'a', tool: 'pay', context: { input: { amount: 5 } } }).verdict).toBe('allow');
      expect(cedar.decide({ agent: 'a', tool: 'pay', context: { input: { amount: 50 } } }).verdict).toBe('deny');
      const missing = cedar.decide({ agent: 'a', tool: 'pay', context: {} });
      expect(missing.verdict).toBe('unknown');
      expect(missing.errors[0]).toContain('cap');
    } finally {
      s.cleanup();
    }
  });

  it('puts the agent in its user and the tool in its server', async () => {
    const s = scratch();
    try {
      const f = s.write('p.cedar', 'permit (principal in User::"alice", action, resource in Server::"github");\n');
      const cedar = await loadCedar([{ abs: f, file: 'p.cedar' }]);
      expect(cedar.decide({ agent: 'bot', user: 'alice', tool: 'create_issue', server: 'github', context: {} }).verdict).toBe('allow');
      expect(cedar.decide({ agent: 'bot', user: 'bob', tool: 'create_issue', server: 'github', context: {} }).verdict).toBe('deny');
      expect(cedar.decide({ agent: 'bot', user: 'alice', tool: 'create_issue', server: 'gitlab', context: {} }).verdict).toBe('deny');
    } finally {
      s.cleanup();
    }
  });

  it('reports parse, annotation and schema errors with file and line', async () => {
    const s = scratch();
    try {
      const bad = s.write('bad.cedar', 'permit (principal, action, resource);\n\nforbid (principal, action, resource) when { context.x == };\n');
      await expect(loadCedar([{ abs: bad, file: 'bad.cedar' }])).rejects.toThrow(/bad\.cedar:3: invalid Cedar/);
      const ann = s.write('ann.cedar', '@verdict("maybe")\nforbid (principal, action, resource);\n');
      await expect(loadCedar([{ abs: ann, file: 'ann.cedar' }])).rejects.toThrow(/ann\.cedar:1: @verdict\("maybe"\)/);
      const typo = s.write('typo.cedar', '@id("t")\nforbid (principal, action, resource) when { context.aproved };\n');
      await expect(loadCedar([{ abs: typo, file: 'typo.cedar' }], SCHEMA)).rejects.toThrow(/typo\.cedar:1: policy "t" does not validate/);
    } finally {
      s.cleanup();
    }
  });

  it('keeps transcript data from turning into entity references', () => {
    expect(toCedarValue({ __entity: { type: 'User', id: 'admin' }, a: 1.5, b: null, c: [1, 'x'], __proto__x: 1 }, 0)).toEqual({ a: '1.5', c: [1, 'x'], __proto__x: 1 });
  });
});

describe('Cedar through replay', () => {
  it('uses a .cedar file as the policy and its schema beside it', async () => {
    const { report, exitCode } = await replayEvents(
      [{ ...SESSION, agent: 'billing-bot' }, { type: 'tool-call', id: 'c1', tool: 'lookup_order', args: { order_id: 'A-1' } }, { type: 'tool-call', id: 'c2', tool: 'cancel_order', args: { order_id: 'A-1' } }],
      { policy: undefined },
    );
    expect(exitCode).toBe(0);
    expect(report.findings).toEqual([]);
    const s = scratch();
    try {
      const file = s.write('s.jsonl', [{ ...SESSION, agent: 'billing-bot' }, { type: 'tool-call', id: 'c1', tool: 'lookup_order', args: { order_id: 'A-1' } }, { type: 'tool-call', id: 'c2', tool: 'cancel_order', args: { order_id: 'A-1' } }]);
      const { runReplay } = await import('../../src/commands/replay.js');
      const r = await runReplay([file], { root: s.dir, sandbox: false, policy: EXAMPLE.abs });
      expect(callSteps(r.report).map((x) => x.verdict)).toEqual(['allow', 'deny']);
      expect(ruleIds(r.report)).toEqual(['replay/cedar-deny']);
      expect(r.report.sessions![0]!.steps[1]!.reasons.join(' ')).toContain('no policy permits Action::"cancel_order"');
    } finally {
      s.cleanup();
    }
  });
});

describe('Cedar decision cache', () => {
  it('keys decisions on the context paths the policies read, presence apart from value', async () => {
    const { contextPaths } = await import('../../src/replay/cedar-cache.js');
    const when = (body: object) => [{ kind: 'when', body }];
    const ctx = { Var: 'context' };
    const dot = (left: object, attr: string) => ({ '.': { left, attr } });
    const paths = contextPaths([when({ '&&': { left: { has: { left: ctx, attr: 'input' } }, right: { '>': { left: dot(dot(ctx, 'input'), 'page'), right: { Value: 5 } } } } })]);
    expect(paths).toHaveLength(2);
    expect(paths).toEqual(expect.arrayContaining([{ path: ['input'], presence: true }, { path: ['input', 'page'], presence: false }]));
    expect(contextPaths([when({ '==': { left: ctx, right: { Record: {} } } })])).toBe('all');
  });

  it('gives the same decisions with the cache as without, for calls that differ only where policies look', async () => {
    const s = scratch();
    try {
      const f = s.write('p.cedar', 'permit (principal, action, resource);\n@id("big")\nforbid (principal, action, resource) when { context has input && context.input has amount && context.input.amount > 10 };\n');
      const cedar = await loadCedar([{ abs: f, file: 'p.cedar' }]);
      const decide = (input: object, step: number) => cedar.decide({ agent: 'a', tool: 'pay', context: { step, input } }).verdict;
      expect([decide({ amount: 5, note: 'x' }, 1), decide({ amount: 5, note: 'y' }, 2), decide({ amount: 50, note: 'x' }, 3), decide({ note: 'x' }, 4), decide({ amount: 50 }, 5)]).toEqual([
        'allow',
        'allow',
        'deny',
        'allow',
        'deny',
      ]);
    } finally {
      s.cleanup();
    }
  });
});
