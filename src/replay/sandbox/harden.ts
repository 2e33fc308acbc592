/**
 * Imported first by every sandboxed entry point, before any input is touched: closes what Node 20's
 * permission model leaves open. It restricts files, child processes, workers, the inspector, WASI and
 * addons, but not sockets, tracing or signals, so these entry points are replaced by functions that
 * throw: fetch and WebSocket; TCP connect and listen (`net`, `tls`, `http(s)`, `http2`, also through
 * `new net.Server()`); UDP (`dgram`, also through `new dgram.Socket()`); DNS (also through
 * `new dns.Resolver()`); `trace_events` (it writes a trace file); signals to other processes
 * (`process.kill`) and changing their priority (`os.setPriority`). Defence in depth: the replay
 * code uses none of them.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

export const SANDBOX_NETWORK_ERROR = 'ERR_AGENTWARDEN_SANDBOX_NETWORK';
export const SANDBOX_DENIED_ERROR = 'ERR_AGENTWARDEN_SANDBOX_DENIED';

function blocked(what: string, code = SANDBOX_NETWORK_ERROR): (...args: unknown[]) => never {
  return () => {
    const err = new Error(`${code === SANDBOX_NETWORK_ERROR ? 'network access' : what} is disabled in the replay sandbox (${what})`) as Error & { code: string };
    err.code = code;
    throw err;
  };
}

function lock(target: object, name: string, value: unknown): void {
  try {
    Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: true });
  } catch {
    /* already locked */
  }
}

function stub(mod: Record<string, unknown>, name: string, fns: string[], code = SANDBOX_NETWORK_ERROR): void {
  for (const fn of fns) if (typeof mod[fn] === 'function') lock(mod, fn, blocked(`${name}.${fn}`, code));
}

for (const g of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
  try {
    Object.defineProperty(globalThis, g, { value: blocked(g), writable: false, configurable: false });
  } catch {
    /* not configurable: leave it */
  }
}

type Module = Record<string, unknown>;
type WithClass<K extends string> = Module & Record<K, { prototype: Module }>;

const net = require('node:net') as WithClass<'Socket' | 'Server'>;
stub(net, 'net', ['connect', 'createConnection', 'createServer']);
stub(net.Socket.prototype, 'net.Socket', ['connect']);
stub(net.Server.prototype, 'net.Server', ['listen']);
stub(require('node:tls') as Record<string, unknown>, 'tls', ['connect', 'createServer']);
stub(require('node:http') as Record<string, unknown>, 'http', ['request', 'get', 'createServer']);
stub(require('node:https') as Record<string, unknown>, 'https', ['request', 'get', 'createServer']);
stub(require('node:http2') as Record<string, unknown>, 'http2', ['connect', 'createServer', 'createSecureServer']);
const dgram = require('node:dgram') as WithClass<'Socket'>;
stub(dgram, 'dgram', ['createSocket']);
stub(dgram.Socket.prototype, 'dgram.Socket', ['bind', 'connect', 'send']);
const dns = require('node:dns') as WithClass<'Resolver'> & { promises: WithClass<'Resolver'> };
const DNS_FNS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'resolveCaa', 'reverse'];
stub(dns, 'dns', DNS_FNS);
stub(dns.promises, 'dns.promises', DNS_FNS);
stub(dns.Resolver.prototype, 'dns.Resolver', DNS_FNS);
stub(dns.promises.Resolver.prototype, 'dns.promises.Resolver', DNS_FNS);

stub(require('node:trace_events') as Module, 'trace_events', ['createTracing'], SANDBOX_DENIED_ERROR);

// signals and priorities: only this process itself
const ownPid = process.pid;
const kill = process.kill.bind(process);
lock(process, 'kill', (pid: number, signal?: string | number) => {
  if (Number(pid) !== ownPid) return blocked('process.kill of another process', SANDBOX_DENIED_ERROR)();
  return kill(pid, signal);
});
if (typeof (process as unknown as Module)._kill === 'function') lock(process, '_kill', blocked('process._kill', SANDBOX_DENIED_ERROR));
const os = require('node:os') as Module & { setPriority: (pid: number, priority?: number) => void };
const setPriority = os.setPriority.bind(os);
lock(os, 'setPriority', (pid: number, priority?: number) => {
  if (priority === undefined || Number(pid) === 0 || Number(pid) === ownPid) return priority === undefined ? setPriority(pid) : setPriority(pid, priority);
  return blocked('os.setPriority of another process', SANDBOX_DENIED_ERROR)();
});

syncBuiltinESMExports();
