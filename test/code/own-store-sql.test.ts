/**
 * SQL the model writes on an agent's own per-instance Durable Object SQLite is low (not reported by
 * code/missing-approval); on a database the module also reaches elsewhere it stays high. A file that
 * queues changes for approval in code is not told its only approval is in the prompt.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const STORE =
  "import { Agent } from 'agents';\nimport { tool } from 'ai';\nimport { z } from 'zod';\n\n" +
  'export class Store extends Agent {\n  query(q: string) {\n    return [...this.ctx.storage.sql.exec(q).toArray()];\n  }\n}\n\n' +
  'export class Chat extends Agent {\n  tools() {\n    return {\n      queryDatabase: tool({\n        description: \'Run a query\',\n' +
  '        inputSchema: z.object({ sql: z.string() }),\n        execute: async ({ sql }) => {\n          const db = await this.subAgent(Store, \'db\');\n' +
  '          return db.query(sql);\n        },\n      }),\n    };\n  }\n}\n';

async function approvals(text: string) {
  const { findings } = await analyzeCodeFile('src/server.ts', text);
  return findings.filter((f) => f.ruleId === 'code/missing-approval');
}

describe("SQL on the agent's own Durable Object store", () => {
  it('is not reported as unapproved high-risk SQL', async () => {
    expect(await approvals(STORE)).toEqual([]);
  });

  it('stays high when the module also reaches another database', async () => {
    const shared = STORE.replace("import { z } from 'zod';", "import { z } from 'zod';\nimport { Pool } from 'pg';");
    const found = await approvals(shared);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('runs SQL the model writes (');
  });
});

describe('an approval queue in code', () => {
  const queued =
    "import { Pool } from 'pg';\nimport { generateText, tool } from 'ai';\nimport { z } from 'zod';\n\nconst pool = new Pool();\n\n" +
    "export async function approveAction(id: number) {\n  const row = await pool.query(`SELECT sql FROM actions WHERE id = $1 AND state = 'pending'`, [id]);\n  return row;\n}\n\n" +
    "export async function chat(prompt: string) {\n  return generateText({\n    model: 'openai/gpt-4o',\n" +
    "    system: 'Before any change, ask the user to approve it.',\n    prompt,\n    tools: {\n      runQuery: tool({\n" +
    "        description: 'Run a query',\n        inputSchema: z.object({ sql: z.string() }),\n        execute: async ({ sql }) => (await pool.query(sql)).rows,\n      }),\n    },\n  });\n}\n";

  it('is named, and the approval is not said to be only in the prompt', async () => {
    const [f] = await approvals(queued);
    expect(f?.message).toContain("queues changes for a human's approval in code (approveAction())");
    expect(f?.message).not.toContain("only approval is asked for in the agent's instructions");
  });

  it('without one, the prompt-only approval is still named', async () => {
    const [f] = await approvals(queued.replace(" AND state = 'pending'", ''));
    expect(f?.message).toContain("only approval is asked for in the agent's instructions");
  });

  it('keeps a bounded action that files a pending proposal from being called prompt-only approval', async () => {
    const proposal =
      'import requests\nfrom google.adk import Agent\n\nAPI = "https://triage.acme.dev/api"\n\ndef propose_label(issue: str, label: str):\n' +
      '    """Propose a label."""\n    return requests.post(f"{API}/issues/{issue}/proposals", json={"label": label, "state": "pending"}, timeout=30).json()\n\n' +
      'def approve_proposal(proposal_id: str):\n    return requests.post(f"{API}/proposals/{proposal_id}/approve", timeout=30).json()\n\n' +
      'root_agent = Agent(model="gemini-2.5-pro", name="triage", instruction="Propose a label; a maintainer approves it.", tools=[propose_label])\n';
    const found = async (text: string) => (await analyzeCodeFile('agents/triage.py', text)).findings.filter((f) => f.ruleId === 'code/missing-approval');
    expect(await found(proposal)).toEqual([]);
    const [f] = await found(proposal.replace('"pending"', '"open"'));
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain("only approval is asked for in the agent's instructions");
  });
});
