/**
 * mcp/guardrail-self-edit across files: an agent that can rewrite its own approval settings through
 * an `Edit`/`Write` allow rule the project's other settings file leaves open, or through a
 * filesystem server rooted at the project whose write tool is pre-approved. The negative twin denies
 * the guardrail files from the other settings file, roots the server at `./docs` and asks before writes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { approvalJoins } from '../../src/rules/mcp/approval-joins.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/joins');
const findings = async (root: string) => (await scan({ paths: [root], threads: 1 })).report.findings;

describe('mcp/guardrail-self-edit across files', () => {
  it('reports the edit rule with what the other settings leave open, and the pre-approved filesystem write', async () => {
    const all = await findings(path.join(FIXTURES, 'self-edit'));
    const self = all.filter((f) => f.ruleId === 'mcp/guardrail-self-edit');
    expect(self.map((f) => f.evidence)).toEqual(['permissions.allow: Edit(**)', 'permissions.allow: mcp__files__write_file']);
    expect(self[0]!.message).toContain('can rewrite .claude/settings.json, .mcp.json without asking (the project\'s other settings protect only .claude/settings.local.json)');
    expect(self[1]!.message).toContain('filesystem MCP server "files", which .mcp.json roots at .');
    expect(self[1]!.related).toEqual([expect.objectContaining({ path: '.mcp.json', startLine: 3 })]);
    // Said once: not also as a risky pre-approval of the same entry.
    expect(all.filter((f) => f.ruleId === 'mcp/approved-risky-server')).toEqual([]);
  });

  it('keeps what the judgement itself reported at a place it withdraws, known as its own and not by its text', async () => {
    const { report, facts } = await scan({ paths: [path.join(FIXTURES, 'self-edit')], threads: 1 });
    const own = report.findings.find((f) => f.ruleId === 'mcp/guardrail-self-edit' && f.evidence === 'permissions.allow: Edit(**)')!;
    // A file finding of the same rule at the same place, even one that said the same words, is withdrawn.
    const fileFinding = { ...own };
    const kept = approvalJoins.settle!([fileFinding, own], facts, new Set([own]));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(own);
    expect(approvalJoins.settle!([fileFinding, own], facts, new Set())).toEqual([]);
  });

  it('the negative twin: guardrail files denied from the other settings file, the server rooted at ./docs, writes asked', async () => {
    const all = await findings(path.join(FIXTURES, 'self-edit-safe'));
    expect(all.filter((f) => f.location.path.startsWith('.claude/')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('an ask for the guardrail files in another settings file also keeps them behind a prompt', async () => {
    const root = tempTree({
      '.claude/settings.json': '{ "permissions": { "allow": ["Write(**)"] } }',
      '.claude/settings.local.json': '{ "permissions": { "ask": ["Write(.claude/**)", "Write(.mcp.json)"] } }',
    });
    expect((await findings(root)).filter((f) => f.ruleId === 'mcp/guardrail-self-edit')).toEqual([]);
  });
});
