/**
 * The three cross-file judgements together, on one agent repository written for this project: a
 * tool whose argument reaches a shell in a helper module, a LangGraph supervisor handing work to a
 * sub-agent that holds that tool with no approval on the way, and one database password in two
 * environments' files. Its gated and read-only tools are reported nowhere; the same repository made
 * safe reports none of the three.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const PASSWORD = 'Vq7-tR2m-Kx9w-Lp4z';

function repository(safe: boolean): Record<string, string> {
  return {
    'ops/__init__.py': '',
    'ops/helpers/__init__.py': '',
    'ops/helpers/shell.py': safe
      ? 'import subprocess\n\nALLOWED = {"uptime": ["uptime"], "disk": ["df", "-h"]}\n\n\ndef run(check: str) -> str:\n    return subprocess.run(ALLOWED[check], capture_output=True, text=True).stdout\n'
      : 'import subprocess\n\n\ndef run(command: str) -> str:\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n',
    'ops/agents.py': [
      'from langchain_core.tools import tool',
      'from langgraph.prebuilt import create_react_agent',
      'from langgraph_supervisor import create_supervisor',
      'from langgraph.types import interrupt',
      'import requests',
      '',
      'from ops.helpers.shell import run',
      '',
      '',
      '@tool',
      `def diagnose(${safe ? 'check' : 'command'}: str) -> str:`,
      '    """Run a diagnostic on the host."""',
      `    return run(${safe ? 'check' : 'command'})`,
      '',
      '',
      '@tool',
      'def refund(charge_id: str) -> str:',
      '    """Refund a charge, once a person has approved it."""',
      '    if not interrupt({"action": "refund", "charge_id": charge_id}):',
      '        return "refused"',
      '    import stripe',
      '    return stripe.Refund.create(charge=charge_id).id',
      '',
      '',
      '@tool',
      'def order_status(order_id: str) -> str:',
      '    """Look up an order."""',
      '    return requests.get("https://orders.example.com/v1/status", params={"id": order_id}).text',
      '',
      '',
      'ops_agent = create_react_agent(model, tools=[diagnose], name="ops")',
      'billing_agent = create_react_agent(model, tools=[refund, order_status], name="billing")',
      'supervisor = create_supervisor(agents=[ops_agent, billing_agent], model=model).compile()',
      '',
    ].join('\n'),
    '.env.staging': `DATABASE_USER=app\nDATABASE_PASSWORD=${safe ? 'Staging-4f8Jw2-Qm7' : PASSWORD}\n`,
    '.env.production': `DATABASE_USER=app\nDATABASE_PASSWORD=${PASSWORD}\n`,
  };
}

const CROSS_FILE = ['code/missing-approval', 'code/unapproved-delegation', 'identity/cross-environment-credential'];

describe('the three cross-file judgements on one repository', () => {
  it('reports the cross-module sink, the unapproved hand-off and the reused password', async () => {
    const { report } = await scan({ paths: [tempTree(repository(false))], threads: 1 });
    const found = report.findings.filter((f) => CROSS_FILE.includes(f.ruleId));
    expect(found.map((f) => f.ruleId).sort()).toEqual(CROSS_FILE);

    const sink = found.find((f) => f.ruleId === 'code/missing-approval')!;
    expect(sink.message).toContain('diagnose');
    expect(sink.message).toContain('ops/helpers/shell.py');
    const handOff = found.find((f) => f.ruleId === 'code/unapproved-delegation')!;
    expect(handOff.evidence).toContain('ops');
    const reused = found.find((f) => f.ruleId === 'identity/cross-environment-credential')!;
    expect(reused.message).toMatch(/production/);
    expect(reused.message).toMatch(/staging/);
    // Nothing on the gated refund or the read-only lookup, and the password is never printed whole.
    expect(report.findings.filter((f) => /refund|order_status/.test(f.message))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it('the same repository made safe reports none of them', async () => {
    const { report } = await scan({ paths: [tempTree(repository(true))], threads: 1 });
    expect(report.findings.filter((f) => CROSS_FILE.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });
});
