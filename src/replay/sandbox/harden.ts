/**
 * Imported first by every sandboxed entry point: removes the network from the process. Node 20's
 * permission model restricts files, child processes and workers but not sockets, so fetch, the
 * socket, HTTP, TLS, UDP and DNS entry points are replaced by functions that throw. Defence in depth:
 * the replay code has no network path at all. (Child processes and workers are left to the
 * permission model, which denies them.)
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

export const SANDBOX_NETWORK_ERROR = 'ERR_AGENTWARDEN_SANDBOX_NETWORK';

function blocked(what: string): (...args: unknown[]) => never {
  return () => {
    const err = new Error(`network access is disabled in the replay sandbox (${what})`) as Error & { code: string };
    err.code = SANDBOX_NETWORK_ERROR;
    throw err;
  };
}

function stub(mod: Record<string, unknown>, name: string, fns: string[]): void {
  for (const fn of fns) {
    if (typeof mod[fn] !== 'function') continue;
    try {
      Object.defineProperty(mod, fn, { value: blocked(`${name}.${fn}`), writable: false, configurable: false, enumerable: true });
    } catch {
      /* already locked */
    }
  }
}

for (const g of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
  try {
    Object.defineProperty(globalThis, g, { value: blocked(g), writable: false, configurable: false });
  } catch {
    /* not configurable: leave it */
  }
}

const net = require('node:net') as Record<string, unknown> & { Socket: { prototype: Record<string, unknown> } };
stub(net, 'net', ['connect', 'createConnection', 'createServer']);
stub(net.Socket.prototype, 'net.Socket', ['connect']);
stub(require('node:tls') as Record<string, unknown>, 'tls', ['connect', 'createServer']);
stub(require('node:http') as Record<string, unknown>, 'http', ['request', 'get', 'createServer']);
stub(require('node:https') as Record<string, unknown>, 'https', ['request', 'get', 'createServer']);
stub(require('node:http2') as Record<string, unknown>, 'http2', ['connect', 'createServer', 'createSecureServer']);
stub(require('node:dgram') as Record<string, unknown>, 'dgram', ['createSocket']);
const dns = require('node:dns') as Record<string, unknown> & { promises: Record<string, unknown> };
const DNS_FNS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'resolveCaa', 'reverse'];
stub(dns, 'dns', DNS_FNS);
stub(dns.promises, 'dns.promises', DNS_FNS);
syncBuiltinESMExports();
