/** Delegation chains: the chain is named, an approved use of a wider right is not an escalation, a narrower hand-off is fine. */
import { describe, expect, it } from 'vitest';
import { SESSION, replayEvents } from './helpers.js';

const policy = ['version: 1', 'agents:', '  lead: { tools: [Task, search_docs, Bash] }', '  planner: { tools: [Task, search_docs] }', '  worker: { tools: [search_docs, Bash] }', '  reader: { tools: [search_docs] }'].join('\n');

describe('delegation chains', () => {
  it('names the whole chain when a sub-sub-agent uses a right its caller lacks', async () => {
    const { report } = await replayEvents(
      [
        { ...SESSION, agent: 'lead' },
        { type: 'delegation', from: 'lead', to: 'planner' },
        { type: 'delegation', from: 'planner', to: 'worker' },
        { type: 'tool-call', id: 'c1', actor: 'worker', tool: 'Bash', args: { command: 'make deploy' } },
        { type: 'approval', callId: 'c1', decision: 'approved', approver: 'ops', tool: 'Bash' },
        { type: 'tool-call', id: 'c2', actor: 'worker', tool: 'Bash', args: { command: 'make clean' } },
        { type: 'tool-result', callId: 'c2', output: 'ok' },
      ],
      { policy },
    );
    const steps = report.sessions![0]!.steps;
    const handoff = steps.filter((s) => s.kind === 'delegation');
    expect(handoff[0]!.verdict).toBe('allow'); // lead → planner: fewer tools
    expect(handoff[1]!.verdict).toBe('deny'); // planner → worker: Bash
    expect(handoff[1]!.reasons.join(' ')).toContain('lead → planner → worker');
    const calls = steps.filter((s) => s.kind === 'tool-call');
    expect(calls[0]!.reasons.join(' ')).toMatch(/chain lead → planner → worker.*approved by ops/);
    expect(calls[1]!.verdict).toBe('deny');
    const escalations = report.findings.filter((f) => f.ruleId === 'replay/delegation-escalation');
    expect(escalations.map((f) => f.message).join('\n')).toContain('chain lead → planner → worker');
  });

  it('a hand-off to an agent with fewer tools is fine', async () => {
    const { report } = await replayEvents(
      [{ ...SESSION, agent: 'planner' }, { type: 'delegation', from: 'planner', to: 'reader' }, { type: 'tool-call', id: 'c1', actor: 'reader', tool: 'search_docs', args: { q: 'x' } }],
      { policy },
    );
    expect(report.findings.filter((f) => f.ruleId === 'replay/delegation-escalation')).toEqual([]);
  });
});
