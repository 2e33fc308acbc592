import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findSecrets, needlesFor } from '../../src/replay/secrets.js';
import { fixtureCases, replayInProcess, toolVerdicts } from './helpers.js';

const cases = fixtureCases();

describe('session fixtures: detection, normalization and expected verdicts', () => {
  it('covers every input format', () => {
    const formats = new Set(cases.map((c) => c.expected.format));
    for (const f of [
      'agentwarden-jsonl', 'openai-chat', 'openai-responses', 'anthropic-messages', 'claude-code-jsonl', 'codex-rollout',
      'otlp-json', 'mcp-jsonrpc', 'openai-agents-trace', 'langsmith-runs', 'invariant-trace', 'agentdojo-result',
    ]) {
      expect(formats, f).toContain(f);
    }
  });

  for (const c of cases) {
    it(`${c.name}: ${c.expected.note ?? ''}`, async () => {
      const here = dirname(c.file);
      const { report, exitCode } = await replayInProcess([c.file], {
        policy: c.expected.policy ? resolve(here, c.expected.policy) : undefined,
        approvals: c.expected.approvals?.map((a) => resolve(here, a)),
      });
      expect(report.errors, JSON.stringify(report.errors)).toEqual([]);
      expect(report.sessions?.[0]?.format).toBe(c.expected.format);
      expect(toolVerdicts(report)).toEqual(c.expected.verdicts);
      expect(report.findings.map((f) => f.ruleId).sort()).toEqual([...c.expected.findings].sort());
      for (const f of report.findings) {
        expect(f.step?.index).toBeGreaterThan(0);
        expect(f.location.startLine).toBeGreaterThan(0);
        expect(f.category.startsWith('runtime.')).toBe(true);
        expect(f.frameworks).toEqual({});
      }
      expect(exitCode).toBe(report.findings.some((f) => f.severity === 'high' || f.severity === 'critical') ? 1 : 0);
      // no secret of the session appears in the report, in any encoding
      const json = JSON.stringify(report);
      for (const hit of findSecrets(readFileSync(c.file, 'utf8').replace(/\\n/g, '\n'), 100)) {
        for (const n of needlesFor(hit.value)) expect(json, `${hit.kind} (${n.encoding})`).not.toContain(n.text);
      }
    });
  }
});
