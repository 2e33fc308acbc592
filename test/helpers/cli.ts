import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(PROJECT_ROOT, 'bin', 'agentwarden.js');

/** Runs the built CLI (npm test builds first) as a user would, without a terminal. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: options.input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
