/**
 * Key material an example, a tutorial or a test makes for itself, a key cut off, and a read-only
 * link to one blob: reported below a shipped credential, and only where the repository says so.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();

/** Severity of each finding of the rules asked for in the file at `path`, scanned as a small repository with `files` beside it. */
const found = async (path: string, code: string, files: Record<string, string> = {}, rule = /^secrets\/private-key/) =>
  (await runExample(analyzers, { path, code, with: files })).filter((f) => rule.test(f.ruleId) && f.location.path === path).map((f) => f.severity);

/** Bytes that look random, the same every run: a stand-in for a key's body, which no key generator made. */
function fakeBytes(n: number, seed: string): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

/** A PKCS#8 PEM block of `length` content bytes (a DER sequence, as real keys have), its body `cut` to that many bytes when given. */
function fakePkcs8(length = 1213, cut?: number): string {
  const der = Buffer.concat([Buffer.from([0x30, 0x82, length >> 8, length & 0xff]), fakeBytes(length, 'agentwarden-fake-key')]);
  const body = der.subarray(0, cut ?? der.length).toString('base64');
  const label = ['PRIVATE', 'KEY'].join(' ');
  return [`-----BEGIN ${label}-----`, ...(body.match(/.{1,64}/g) ?? []), `-----END ${label}-----`].join('\n');
}

const PEM = fakePkcs8();
const GEN_SH = '#!/bin/sh\nopenssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\\n  -keyout key.pem -out cert.pem -days 365 -subj "/CN=localhost"\n';

describe('key material an example or a test makes for itself', () => {
  it('lists at info a key whose own file is named as an example', async () => {
    expect(await found('manifests/auth/example1.key', `${PEM}\n`)).toEqual(['info']);
  });

  it("lists at info an example's key that a script beside it generates, and keeps one the script does not name", async () => {
    expect(await found('examples/tls/certs/key.pem', `${PEM}\n`, { 'examples/tls/certs/gen.sh': GEN_SH })).toEqual(['info']);
    expect(await found('examples/tls/certs/server.pem', `${PEM}\n`, { 'examples/tls/certs/gen.sh': GEN_SH })).toEqual(['medium']);
    expect(await found('examples/tls/certs/key.pem', `${PEM}\n`)).toEqual(['medium']);
  });

  it('takes a README only on the line of its generation command', async () => {
    const made = 'Make a token:\n\n```\nstep crypto jwt sign --key priv-key --iss acme.test > token.pem\n```\n';
    const mentioned = 'The example reads key.pem.\n\nTo use a key of your own, make one with `openssl genpkey`.\n';
    expect(await found('examples/jwt/token.pem', `${PEM}\n`, { 'examples/jwt/README.md': made })).toEqual(['info']);
    expect(await found('examples/jwt/key.pem', `${PEM}\n`, { 'examples/jwt/README.md': mentioned })).toEqual(['medium']);
  });

  it("keeps a shipped key critical, whatever script is beside it", async () => {
    expect(await found('deploy/certs/key.pem', `${PEM}\n`, { 'deploy/certs/gen.sh': GEN_SH })).toEqual(['critical']);
  });

  it("lists at info a key in an example's code that issues tokens as an issuer on this machine, and keeps it elsewhere", async () => {
    const server = (issuer: string) => `SIGNING_KEY = """${PEM}"""\n\ndef claims(sub):\n    return {"sub": sub, "iss": "${issuer}"}\n`;
    expect(await found('examples/oauth/auth_server.py', server('http://localhost:9000'))).toEqual(['info']);
    expect(await found('examples/oauth/auth_server.py', server('https://auth.acme.io'))).toEqual(['medium']);
    expect(await found('src/oauth/auth_server.py', server('http://localhost:9000'))).toEqual(['critical']);
  });

  it("rates a key in a Rust test module's own file, or in a test folder written as one word, as a test's", async () => {
    const rust = `const TEST_SIGNING_KEY: &str = "${PEM.replace(/\n/g, '\\n')}";\n`;
    expect(await found('crates/gateway/src/http/auth/tests.rs', rust)).toEqual(['low']);
    expect(await found('crates/gateway/src/http/auth_tests.rs', rust)).toEqual(['low']);
    expect(await found('crates/gateway/src/http/auth/mod.rs', rust)).toEqual(['critical']);
    expect(await found('controller/hack/testbox/mock-idp.key', `${PEM}\n`)).toEqual(['low']);
  });
});

describe('a key cut off', () => {
  it('lists at info a block shorter than its first bytes declare, and keeps a whole one', async () => {
    const test = (pem: string) => `package certs\n\nvar notACert = []byte(\`${pem}\`)\n`;
    expect(await found('pkg/certs/validate.go', test(fakePkcs8(1213, 300)))).toEqual(['info']);
    expect(await found('pkg/certs/validate.go', test(fakePkcs8()))).toEqual(['critical']);
  });
});

describe('a read-only link to one blob', () => {
  const sig = fakeBytes(32, 'agentwarden-fake-sas').toString('base64').replace(/=/g, '%3D').replace(/\//g, '%2F').replace(/\+/g, '%2B');
  const link = (sr: string, sp: string) => `{"image": "https://files.acme-cdn.io/file-Xq7?se=2123-10-18T23%3A51%3A44Z&sp=${sp}&sv=2021-08-06&sr=${sr}&sig=${sig}"}\n`;
  const sas = (path: string, code: string) => found(path, code, {}, /^secrets\/azure-sas-token$/);

  it('lists at info such a link in a recorded test response, and reports it at low elsewhere', async () => {
    expect(await sas('tests/data/search_cache.json', link('b', 'r'))).toEqual(['info']);
    expect(await sas('config/assets.json', link('b', 'r'))).toEqual(['low']);
  });

  it('keeps a link that writes or reaches a whole container', async () => {
    expect(await sas('config/assets.json', link('b', 'rw'))).toEqual(['high']);
    expect(await sas('config/assets.json', link('c', 'r'))).toEqual(['high']);
  });
});
