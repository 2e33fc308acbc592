/** What the agent-code rules find in the demo repository (fixtures/demo), and the tool inventory. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { renderText, toolsReport } from '../../src/commands/tools.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo');

describe('demo repository: agent code', async () => {
  const { report, facts } = await scan({ paths: [DEMO], threads: 1 });
  const code = report.findings.filter((f) => f.ruleId.startsWith('code/'));

  it('reports the planted oversight gaps and the poisoned tool, nothing else', () => {
    expect(code.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine} ${f.severity}`)).toEqual([
      'code/missing-approval agents/billing_agent.py:17 medium',
      'code/tool-poisoning agents/kb_server.py:11 high',
      'code/tracing-disabled agents/support_agent.py:14 medium',
      'code/missing-approval agents/support_agent.py:37 high',
      'code/missing-approval src/assistant.ts:26 medium',
    ]);
    expect(code.find((f) => f.message.includes('run_diagnostics'))!.message).toContain('input "host", "check" reaches subprocess.run(…) at line 33 through run_diagnostics → _diagnose()');
  });

  it('feeds the identity graph: OPENAI_API_KEY shared by two services of one Compose project, not by the code that reads it', () => {
    const shared = report.findings.find((f) => f.ruleId === 'identity/shared-credential' && f.message.includes('OPENAI_API_KEY'));
    expect(shared?.message).toContain('Compose service "support-agent"; Compose service "billing-agent"');
    expect(shared?.message).not.toContain('agent billing (agents/billing_agent.py)');
  });

  it('inventories every tool with its approval', () => {
    const tools = toolsReport(report.root, facts.inventory);
    expect(tools.tools.map((t) => `${t.name}:${t.approval.found ? 'approved' : t.risks.length ? 'UNAPPROVED' : 'safe'}`)).toEqual([
      'get_invoice:safe',
      'sync_customers:UNAPPROVED',
      'search_kb:safe',
      'lookup_order:safe',
      'issue_refund:approved',
      'run_diagnostics:UNAPPROVED',
      'getOrderStatus:safe',
      'cleanupExports:approved',
      'sendCustomerEmail:UNAPPROVED',
    ]);
    const text = renderText(tools);
    expect(text).toMatch(/^9 agent tools, 5 high-risk, 3 of them with no approval found/);
    expect(text).toContain('yes: LangGraph interrupt()');
  });
});
