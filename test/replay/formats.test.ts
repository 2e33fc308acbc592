/** Format readers beyond the fixtures: shapes, detection override, per-line errors, line reading, secrets. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runReplay } from '../../src/commands/replay.js';
import { readLines } from '../../src/replay/input.js';
import { findSecrets, needlesFor } from '../../src/replay/secrets.js';
import { anyValue } from '../../src/replay/otlp-anyvalue.js';
import { FIXTURES, callSteps, scratch } from './helpers.js';

async function replayText(name: string, content: string | object[], opts: Parameters<typeof runReplay>[1] = {}) {
  const s = scratch();
  try {
    const file = s.write(name, content);
    return await runReplay([file], { root: s.dir, sandbox: false, ...opts });
  } finally {
    s.cleanup();
  }
}

describe('detection', () => {
  it('reports the detected format, and --input-format overrides it', async () => {
    const messages = JSON.stringify([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
    expect((await replayText('m.json', messages)).report.sessions![0]!.format).toBe('openai-chat');
    expect((await replayText('m.json', messages, { inputFormat: 'anthropic-messages' })).report.sessions![0]!.format).toBe('anthropic-messages');
  });

  it('fails the run on an unrecognised file given by name, unless --skip-unrecognized', async () => {
    const a = await replayText('x.json', '{"hello": "world"}');
    expect(a.exitCode).toBe(2);
    expect(a.report.errors[0]!.message).toContain('unrecognised session format');
    expect(a.report.stats.filesFailed).toBe(1);
    const s = scratch();
    try {
      const good = s.write('good.jsonl', [{ type: 'session', schema: 'agentwarden.session/v1' }, { type: 'tool-call', id: 'c1', tool: 'search_docs', args: {} }]);
      const bad = s.write('x.json', '{"hello": "world"}');
      const b = await runReplay([good, bad], { root: s.dir, sandbox: false, skipUnrecognized: true });
      expect(b.exitCode).toBe(0);
      expect(b.report.skipped).toEqual([{ path: 'x.json', reason: 'unrecognised' }]);
      expect(b.report.stats).toMatchObject({ filesScanned: 1, filesSkipped: 1, filesFailed: 0 });
    } finally {
      s.cleanup();
    }
  });

  it('reports a broken JSONL line with its number and evaluates the rest', async () => {
    const text = [
      '{"type":"session","schema":"agentwarden.session/v1"}',
      '{"type":"tool-call","id":"c1","tool":"search_docs","args":{}}',
      '{"type":"tool-call", broken',
      '{"type":"tool-call","id":"c2","tool":"search_docs","args":{}}',
      '{"type":"nonsense"}',
    ].join('\n');
    const { report } = await replayText('s.jsonl', text);
    expect(callSteps(report)).toHaveLength(2);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^line 3: invalid JSON/), 'line 5: unknown event type "nonsense"']);
  });

  it('reads a directory of sessions', async () => {
    const { report } = await runReplay([join(FIXTURES, 'mcp-jsonrpc')], { root: FIXTURES, sandbox: false });
    expect(report.sessions!.map((s) => s.path).sort()).toEqual(['mcp-jsonrpc/proxy-capture.jsonl', 'mcp-jsonrpc/stdio-tee.jsonl']);
    expect(report.stats.filesScanned).toBe(2);
  });
});

describe('format shapes', () => {
  it('Claude Code: sidechain steps act as the sub-agent; rewound branches are marked; timestamps kept', async () => {
    const { report } = await runReplay([join(FIXTURES, 'claude-code/bypass-permissions.jsonl')], { root: FIXTURES, sandbox: false });
    const steps = report.sessions![0]!.steps;
    const sidechain = steps.find((s) => s.kind === 'tool-call' && s.reasons.some((r) => r.includes('sidechain')));
    expect(sidechain?.actor).toBe('docs-builder');
    const rewound = steps.find((s) => s.kind === 'tool-call' && s.reasons.some((r) => r.includes('rewound')));
    expect(rewound?.id).toBe('toolu_01Rm');
    expect(steps.find((s) => s.kind === 'delegation')?.reasons[0]).toBe('claude-code → docs-builder');
    expect(steps.find((s) => s.kind === 'tool-call')?.time).toBe('2026-11-01T10:00:04.000Z');
  });

  it('OpenAI Chat: a request body with a stored response', async () => {
    const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'weather?' }], choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bern"}' } }] } }] };
    const { report } = await replayText('c.json', JSON.stringify(body));
    expect(report.sessions![0]!.format).toBe('openai-chat');
    expect(callSteps(report).map((s) => s.tool)).toEqual(['get_weather']);
  });

  it('OpenAI Chat: invalid JSON arguments are reported on the step, not fatal', async () => {
    const { report } = await replayText('c.json', JSON.stringify([{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }]));
    expect(callSteps(report)[0]!.reasons.join(' ')).toContain('arguments are not valid JSON');
  });

  it('OpenAI Responses: a response object', async () => {
    const resp = { id: 'resp_1', object: 'response', created_at: 1762160400, output: [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{}' }] };
    const { report } = await replayText('r.json', JSON.stringify(resp));
    expect(report.sessions![0]!.format).toBe('openai-responses');
    expect(callSteps(report)[0]).toMatchObject({ tool: 'get_weather', time: '2025-11-03T09:00:00.000Z' });
  });

  it('Anthropic Messages: JSONL with one message per line, MCP server from mcp__ names', async () => {
    const lines = [
      { role: 'user', content: 'list issues' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'mcp__github__list_issues', input: { repo: 'a/b' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'none', is_error: false }] },
    ];
    const { report } = await replayText('a.jsonl', lines);
    expect(report.sessions![0]!.format).toBe('anthropic-messages');
    expect(callSteps(report)[0]!.location.startLine).toBe(2);
  });

  it('MCP: wrappers with other key names and a JSON string message', async () => {
    const lines = [
      { timestamp: '2026-11-04T12:00:00Z', direction: 'send', message: JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'echo', arguments: { x: 1 } } }) },
      { timestamp: '2026-11-04T12:00:01Z', direction: 'recv', message: JSON.stringify({ jsonrpc: '2.0', id: 'a', result: { content: [{ type: 'text', text: '1' }] } }) },
    ];
    const { report } = await replayText('m.jsonl', lines);
    expect(report.sessions![0]!.format).toBe('mcp-jsonrpc');
    expect(report.sessions![0]!.steps.map((s) => [s.kind, s.time])).toEqual([
      ['tool-call', '2026-11-04T12:00:00Z'],
      ['tool-result', '2026-11-04T12:00:01Z'],
    ]);
  });

  it('OTLP: AnyValue attributes', () => {
    expect(anyValue({ kvlistValue: { values: [{ key: 'a', value: { intValue: '3' } }, { key: 'b', value: { arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } } }] } })).toEqual({ a: 3, b: [true, 1.5] });
  });
});

describe('reading lines', () => {
  it('handles CRLF, a BOM, a missing final newline, chunk boundaries and the line cap', async () => {
    const s = scratch();
    try {
      const long = 'x'.repeat(3 * 1024 * 1024);
      const file = s.write('l.jsonl', `\uFEFF{"a":1}\r\n\n{"b":"${long}"}\n{"c":2}`);
      const lines: [number, string | null][] = [];
      for await (const { line, text } of readLines(file, 1024 * 1024)) lines.push([line, text === null ? null : text.slice(0, 10)]);
      expect(lines).toEqual([
        [1, '{"a":1}'],
        [2, ''],
        [3, null],
        [4, '{"c":2}'],
      ]);
    } finally {
      s.cleanup();
    }
  });
});

describe('secrets', () => {
  it('recognises real-looking tokens and ignores placeholders and references', () => {
    const text = 'A=ghp_R8nQ2vXk7LmP4sT9wY3zA6bC1dE5fG0hJ2kM B=${GITHUB_TOKEN} api_key: "<your-key>" password=changeme123456 token=xxxxxxxxxxxxxxxxxxxx';
    expect(findSecrets(text).map((h) => h.kind)).toEqual(['GitHub personal access token (classic)']);
    expect(findSecrets('aws_secret_access_key = Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY')[0]).toMatchObject({ kind: 'AWS secret access key', lifetime: 'long-lived' });
    expect(findSecrets('AKIAQ4OHKND5PSQYBAMN ASIABSER2SWENVXW2YYE').map((h) => h.lifetime)).toEqual(['long-lived', 'expiring']);
  });

  it('finds a secret inside base64 at every byte alignment', () => {
    const secret = 'ghp_R8nQ2vXk7LmP4sT9wY3zA6bC1dE5fG0hJ2kM';
    const needles = needlesFor(secret).filter((n) => n.encoding === 'base64');
    for (const prefix of ['', 'a', 'ab', 'abc', 'user=']) {
      const encoded = Buffer.from(`${prefix}${secret}&more`).toString('base64');
      expect(needles.some((n) => encoded.includes(n.text)), prefix).toBe(true);
    }
  });
});
