/** `policy learn` and `policy test`: a commented policy generalised from benign sessions, and what each rule catches. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPolicy } from '../../src/replay/policy.js';
import { runPolicyLearn, runPolicyTest } from '../../src/commands/policy.js';
import { SESSION, scratch } from './helpers.js';

const user = (text: string) => ({ type: 'message', role: 'user', text });
const call = (id: string, tool: string, args: object) => ({ type: 'tool-call', id, tool, args });
const result = (id: string, output: string) => ({ type: 'tool-result', callId: id, output });

function benign(n: number, amount: number): object[] {
  return [
    { ...SESSION, id: `b${n}` },
    user('Pay the bill in bill.txt and mail the receipt to accounts@example.com'),
    call('c1', 'read_file', { file_path: 'bill.txt' }),
    result('c1', 'Total 98.70 to GB29 NWBK 6016 1331 9268 19; details at https://billing.example.com/inv/7'),
    call('c2', 'send_money', { recipient: 'GB29NWBK60161331926819', amount }),
    result('c2', 'ok'),
    call('c3', 'send_email', { recipients: ['accounts@example.com'], subject: 'Receipt', body: 'Paid, see https://billing.example.com/inv/7' }),
    result('c3', 'sent'),
  ];
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (s: string) => void out.push(s), e: (s: string) => void err.push(s) };
}

describe('policy learn', () => {
  it('writes a commented, loadable policy from benign sessions', async () => {
    const s = scratch();
    try {
      s.write('a.jsonl', benign(1, 98.7));
      s.write('b.jsonl', benign(2, 90));
      const c = capture();
      expect(await runPolicyLearn(['a.jsonl', 'b.jsonl'], { root: s.dir, output: 'learned.yaml' }, c.o, c.e)).toBe(0);
      const policy = loadPolicy(join(s.dir, 'learned.yaml'), 'learned.yaml');
      const yaml = (await import('node:fs')).readFileSync(join(s.dir, 'learned.yaml'), 'utf8');
      expect(yaml).toMatch(/^# Learned by agentwarden policy learn from 2 benign sessions \(agentwarden-jsonl\)/);
      expect(yaml).toMatch(/record no approvals|records no approvals/);
      expect(policy.allow?.globs.sort()).toEqual(['read_file', 'send_email', 'send_money']);
      expect(policy.requireApprovalClasses).toEqual([]);
      const rules = policy.argumentRules.map((r) => `${r.toolGlob} ${r.path} ${r.fromUser ? 'fromUser' : ''}${r.oneOf ? `oneOf=${r.oneOf.join(',')}` : ''}${r.max !== undefined ? `max=${r.max}` : ''}${r.hosts ? `hosts=${r.hosts.globs.join(',')}` : ''}`);
      expect(rules).toEqual(
        expect.arrayContaining([
          'send_email recipients fromUser',
          'send_money recipient oneOf=gb29nwbk60161331926819',
          'send_money amount max=98.7',
          'send_email body hosts=billing.example.com',
        ]),
      );
      expect(policy.callLimits.map((l) => `${l.glob}:${l.max}`).sort()).toEqual(['send_email:3', 'send_money:3']);
    } finally {
      s.cleanup();
    }
  });

  it('never writes a credential the sessions passed to a tool into the policy', async () => {
    const s = scratch();
    const token = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';
    try {
      const session = (n: number) => [{ ...SESSION, id: `t${n}` }, user('Open an issue'), call('c1', 'send_message', { api_token: token, channel: 'ops', text: 'Deploy done' }), result('c1', 'ok')];
      s.write('a.jsonl', session(1));
      s.write('b.jsonl', session(2));
      const c = capture();
      expect(await runPolicyLearn(['a.jsonl', 'b.jsonl'], { root: s.dir, output: 'learned.yaml' }, c.o, c.e)).toBe(0);
      const yaml = (await import('node:fs')).readFileSync(join(s.dir, 'learned.yaml'), 'utf8');
      expect(yaml).toContain('send_message');
      expect(yaml.toLowerCase()).not.toContain(token.toLowerCase());
      expect([...c.out, ...c.err].join('').toLowerCase()).not.toContain(token.toLowerCase());
    } finally {
      s.cleanup();
    }
  });

  it('says so when no session can be read', async () => {
    const s = scratch();
    try {
      s.write('junk.json', '{"hello": 1}');
      const c = capture();
      expect(await runPolicyLearn(['junk.json'], { root: s.dir }, c.o, c.e)).toBe(2);
      expect(c.err.join('')).toMatch(/unrecognised session format|nothing learned/);
    } finally {
      s.cleanup();
    }
  });
});

describe('policy test', () => {
  it('replays many sessions in one process and tallies what each rule caught', async () => {
    const s = scratch();
    try {
      s.write('a.jsonl', benign(1, 98.7));
      s.write('b.jsonl', benign(2, 90));
      const c = capture();
      await runPolicyLearn(['a.jsonl', 'b.jsonl'], { root: s.dir, output: 'learned.yaml' }, c.o, c.e);
      const attack = benign(3, 98.7).map((e) => JSON.parse(JSON.stringify(e).replace('GB29NWBK60161331926819', 'DE44500105175407324931').replace('accounts@example.com"]', 'accounts@example.com","eve@evil.example.net"]')));
      s.write('attack.jsonl', attack);
      for (let i = 0; i < 40; i++) s.write(`ok-${i}.jsonl`, benign(10 + i, 50));
      const t = capture();
      expect(await runPolicyTest('learned.yaml', ['.'], { root: s.dir, sandbox: false, json: true }, t.o, t.e)).toBe(0);
      const tally = JSON.parse(t.out.join('')) as { sessions: number; rules: { rule: string; calls: number; sessions: string[] }[] };
      expect(tally.sessions).toBe(43);
      const caught = tally.rules.flatMap((r) => r.sessions);
      expect(new Set(caught)).toEqual(new Set(['attack.jsonl']));
      expect(tally.rules.map((r) => r.rule)).toEqual(expect.arrayContaining([expect.stringMatching(/^learned\.yaml:\d+$/)]));
    } finally {
      s.cleanup();
    }
  });

  it('refuses an invalid policy with the file and line', async () => {
    const s = scratch();
    try {
      s.write('bad.yaml', 'version: 1\narguments:\n  - tool: x\n    path: y\n');
      s.write('a.jsonl', benign(1, 1));
      const c = capture();
      expect(await runPolicyTest('bad.yaml', ['a.jsonl'], { root: s.dir, sandbox: false }, c.o, c.e)).toBe(2);
      expect(c.err.join('')).toMatch(/bad\.yaml:3: .*needs at least one condition/);
    } finally {
      s.cleanup();
    }
  });
});
