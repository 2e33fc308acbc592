/**
 * Runs replay work in a child `node` process under Node's permission model:
 *
 *   node --experimental-permission (Node 20; --permission on 22+)
 *        --allow-fs-read=<each input, the policy files, the tool's own dist/, rules/replay/ and deps>
 *        --max-old-space-size=<memoryMb> --max-semi-space-size=<memoryMb/8, 8-32>
 *        --disallow-code-generation-from-strings  <child.js>
 *
 * No --allow-fs-write, --allow-child-process, --allow-worker or --allow-addons; an empty
 * environment; the network entry points removed by `harden.ts` (Node 20 has no network
 * permission; on Node 25+ the permission model also denies the network); a wall-clock limit.
 * Granted paths are resolved with realpath first (a symlink inside an allowed directory could point
 * outside it).
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { PACKAGE_ROOT } from '../../core/paths.js';
import { RESULT_MARKER } from './protocol.js';

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 300_000, memoryMb: 1024 };

/** The child always runs compiled code. */
export const DIST_DIR = join(PACKAGE_ROOT, 'dist');
export const CHILD_ENTRY = join(DIST_DIR, 'replay', 'sandbox', 'child.js');
export const HARDEN_ENTRY = join(DIST_DIR, 'replay', 'sandbox', 'harden.js');

/** The permission flag this Node understands, or undefined when it has no permission model. */
export function permissionFlag(): string | undefined {
  const flags = process.allowedNodeEnvironmentFlags;
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  return undefined;
}

/** The directory of an installed package (`…/node_modules/<name>`), found from its resolved entry. */
function packageDir(specifier: string, name: string): string | undefined {
  try {
    const file = createRequire(import.meta.url).resolve(specifier);
    const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
    const at = file.lastIndexOf(marker);
    return at >= 0 ? file.slice(0, at + marker.length - 1) : undefined;
  } catch {
    return undefined;
  }
}

/** What the replay code itself needs to read: its compiled code, its data and its dependencies. */
export function toolReadPaths(): string[] {
  const deps = [
    packageDir('yaml', 'yaml'),
    packageDir('jsonc-parser', 'jsonc-parser'),
    packageDir('@cedar-policy/cedar-wasm/nodejs', '@cedar-policy/cedar-wasm'),
    packageDir('re2js', 're2js'),
  ].filter((x): x is string => !!x);
  return [DIST_DIR, join(PACKAGE_ROOT, 'rules', 'replay'), join(PACKAGE_ROOT, 'package.json'), ...deps];
}

export class SandboxError extends Error {
  override name = 'SandboxError';
}

/** A path the permission flags can carry unambiguously (no wildcard, no list separator). */
export function grantable(path: string): string {
  const real = realpathSync(path);
  if (/[*,]/.test(real)) throw new SandboxError(`the sandbox cannot grant a path containing "*" or ",": ${real}`);
  return real;
}

export interface SandboxRun {
  /** Absolute entry point (a compiled .js file that imports `harden.js` first). */
  entry: string;
  /** Sent as JSON on stdin. */
  input: unknown;
  /** Paths (files or directories) the child may read, besides the tool's own. */
  readPaths: string[];
  limits: SandboxLimits;
}

const MAX_STDOUT = 512 * 1024 * 1024;

/** Semi-space size for the child: an eighth of its heap limit, between 8 and 32 MB. */
export function semiSpaceMb(memoryMb: number): number {
  return Math.min(32, Math.max(8, Math.floor(memoryMb / 8)));
}

/** Run an entry point in the sandbox and parse the JSON it writes after the result marker. */
export function runSandboxed<T>(run: SandboxRun): Promise<T> {
  const flag = permissionFlag();
  if (!flag) return Promise.reject(new SandboxError(`this Node.js (${process.version}) has no permission model; run replay with the sandbox disabled`));
  if (!existsSync(run.entry)) return Promise.reject(new SandboxError(`the sandbox entry point ${run.entry} is missing (build with npm run build)`));
  let grants: string[];
  try {
    grants = [...new Set([...toolReadPaths(), ...run.readPaths].map(grantable))];
  } catch (e) {
    return Promise.reject(e instanceof SandboxError ? e : new SandboxError(`cannot prepare the sandbox: ${(e as Error).message}`));
  }
  const args = [
    flag,
    ...grants.map((p) => `--allow-fs-read=${p}`),
    `--max-old-space-size=${Math.max(64, Math.floor(run.limits.memoryMb))}`,
    // a larger young generation: replay allocates a few short-lived objects per event, and the default
    // (16 MB) promotes many of them before they die; a fixed cost, not one that grows with the session
    `--max-semi-space-size=${semiSpaceMb(run.limits.memoryMb)}`,
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    run.entry,
  ];
  return new Promise<T>((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env: {}, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let outLen = 0;
    let err = '';
    let timedOut = false;
    let tooBig = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, run.limits.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outLen += b.length;
      if (outLen > MAX_STDOUT) {
        tooBig = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 64 * 1024) err += b.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new SandboxError(`cannot start the replay sandbox: ${e.message}`));
    });
    child.stdin.on('error', () => {
      /* the child may exit before reading everything; its exit status tells */
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new SandboxError(`the replay sandbox timed out after ${run.limits.timeoutMs} ms`));
      if (tooBig) return reject(new SandboxError('the replay sandbox produced more output than allowed'));
      if (/heap out of memory|Allocation failed/i.test(err) || signal === 'SIGABRT') {
        return reject(new SandboxError(`the replay sandbox ran out of memory (limit ${run.limits.memoryMb} MB)`));
      }
      const text = Buffer.concat(out).toString('utf8');
      const at = text.lastIndexOf(RESULT_MARKER);
      if (at < 0) {
        const why = err.trim().split('\n').find((l) => /Error|denied/i.test(l)) ?? err.trim().split('\n')[0] ?? '';
        return reject(new SandboxError(`the replay sandbox failed (exit ${code ?? signal})${why ? `: ${why.slice(0, 300)}` : ''}`));
      }
      try {
        resolvePromise(JSON.parse(text.slice(at + RESULT_MARKER.length)) as T);
      } catch (e) {
        reject(new SandboxError(`the replay sandbox answered with invalid JSON: ${(e as Error).message}`));
      }
    });
    child.stdin.end(JSON.stringify(run.input));
  });
}
