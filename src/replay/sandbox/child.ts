/**
 * Entry point of the sandbox child (run by `launch.ts` under Node's permission model). Reads one
 * request from stdin, runs it, writes the answer after a marker on stdout. Holds no state.
 */
import './harden.js';
import { policyReferences, runJob } from '../engine.js';
import { RESULT_MARKER, type SandboxRequest, type SandboxResponse } from './protocol.js';
import { useSecretPatternData } from '../secrets.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  let answer: SandboxResponse;
  try {
    const request = JSON.parse(await readStdin()) as SandboxRequest;
    if (request.mode === 'resolve') answer = { mode: 'resolve', ...policyReferences(request.policy, { taxonomyGiven: request.taxonomyGiven }) };
    else {
      useSecretPatternData(request.secrets);
      answer = { mode: 'run', result: await runJob(request.job) };
    }
  } catch (e) {
    answer = { error: `internal error in the replay sandbox: ${(e as Error).message.slice(0, 300)}` };
    process.exitCode = 1;
  }
  process.stdout.write(RESULT_MARKER + JSON.stringify(answer));
}

void main();
