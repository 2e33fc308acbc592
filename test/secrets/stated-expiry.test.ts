/**
 * Credentials that say when they stop working, judged against the scan's clock: an Azure SAS past
 * its signed expiry (`se`) or its delegation key's (`ske`) is reported low with the day it expired;
 * one still valid keeps its severity and says when it expires. The engine's clock is fixed here, so
 * each verdict is the same on any day. Every value is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { loadAllowlist, loadBuiltinPatterns } from '../../src/rules/secrets/patterns.js';
import { sasExpiry } from '../../src/rules/secrets/signed-request.js';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const SIG = 'Qm4vTz8LkP2wX9rB7nC3yD6fH1jK0sA5eU4gR8iOq2E%3D';
const ACCOUNT = 'https://agentdata.blob.core.windows.net/runs/flow.yaml';
/** A SAS URL with these parameters around its signature, as a recorded response body holds it. */
const sasUrl = (before: string, after = '') => `      "sasUrl": "${ACCOUNT}?${before}sig=${SIG}${after}",\n`;

const engineAt = (iso: string) => new SecretEngine(loadBuiltinPatterns(), loadAllowlist(), () => Date.parse(iso));
const sasFound = (engine: SecretEngine, text: string) => engine.find(text).filter((c) => c.pattern.ruleId === 'secrets/azure-sas-token');

describe('an Azure SAS that says when it expires', () => {
  // Read and write on a blob: a read-only link to one blob is lowered for that alone (local-material.test.ts).
  const serviceSas = sasUrl('sv=2022-11-02&sr=b&', '&st=2030-01-01T08%3A00%3A00Z&se=2030-01-01T16%3A00%3A00Z&sp=rw');

  it('is lowered once the scan is past its se=, saying the day (not the time) it expired', () => {
    const [c] = sasFound(engineAt('2030-01-02T00:00:00Z'), serviceSas);
    expect(c?.lowered?.severity).toBe('low');
    expect(c?.lowered?.reason).toMatch(/^Its signed expiry \(se=\) has passed: /);
    expect(c?.detail).toBe('expired 2030-01-01');
  });

  it('keeps its severity while valid, and says when it expires', () => {
    const [c] = sasFound(engineAt('2030-01-01T12:00:00Z'), serviceSas);
    expect(c?.lowered).toBeUndefined();
    expect(c?.detail).toBe('expires 2030-01-01');
  });

  it('expires with its delegation key when that is earlier (ske=)', () => {
    const delegated = sasUrl('sv=2019-07-07&sr=b&', '&skt=2030-01-01T00%3A00%3A00Z&ske=2030-01-02T00%3A00%3A00Z&se=2030-06-01T00%3A00%3A00Z&sp=r');
    const [c] = sasFound(engineAt('2030-03-01T00:00:00Z'), delegated);
    expect(c?.detail).toBe('expired 2030-01-02');
    expect(c?.lowered?.reason).toMatch(/^The expiry of the delegation key that signed it \(ske=\) has passed/);
  });

  it('reads se= before the signature, plain or JSON-escaped, a date alone, and Unix seconds', () => {
    const at = (text: string) => sasExpiry(text, text.indexOf('sig=') + 4, text.indexOf('sig=') + 4 + SIG.length)?.at;
    expect(at(`url = "${ACCOUNT}?sv=2022-11-02&se=2031-02-03&sr=c&sig=${SIG}"`)).toBe(Date.UTC(2031, 1, 3));
    expect(at(`'{"url": "${ACCOUNT}?sv=2022-11-02\\u0026se=2031-02-03T04:05:06.0000000Z\\u0026sig=${SIG}"}'`)).toBe(Date.UTC(2031, 1, 3, 4, 5, 6));
    expect(at(`SharedAccessSignature sr=sb%3A%2F%2Fagents.servicebus.windows.net&sig=${SIG}&se=1924992000&skn=send`)).toBe(1924992000 * 1000);
    expect(at(`url = "${ACCOUNT}?sv=2022-11-02&sr=c&sig=${SIG}"`)).toBeUndefined();
  });

  it('does not read the expiry of another URL on the line', () => {
    const text = `links = ["${ACCOUNT}?sv=2022-11-02&sr=b&sig=${SIG}", "https://cdn.example.com/a?se=2001-01-01"]\n`;
    expect(sasFound(engineAt('2030-01-01T00:00:00Z'), text)[0]?.lowered).toBeUndefined();
  });

  it('is reported low in a scan today when it expired long ago, and at its severity when it expires far ahead', async () => {
    const analyzers = await loadFileAnalyzers();
    const report = async (text: string) => (await runExample(analyzers, { code: text, path: 'src/storage.py' })).find((f) => f.ruleId === 'secrets/azure-sas-token');
    const old = await report(sasUrl('sv=2019-07-07&sr=b&', '&se=2001-01-01T16%3A00%3A00Z&sp=r'));
    expect(old?.severity).toBe('low');
    expect(old?.message).toMatch(/\(expired 2001-01-01\)\..*signed expiry \(se=\) has passed/s);
    const live = await report(sasUrl('sv=2019-07-07&sr=b&', '&se=2099-12-31T00%3A00%3A00Z&sp=rw'));
    expect(live?.severity).toBe('high');
    expect(live?.message).toMatch(/\(expires 2099-12-31\)/);
  });
});

describe("a JWT's exp, judged by the same clock", () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'svc-runner', iat: Date.UTC(2030, 0, 1) / 1000, exp: Date.UTC(2030, 5, 1) / 1000 })}.Qm9vVGtL3rVxWz8pN2cY7hJ5fD1sA4eU6gR0iO9nMb`;
  const jwts = (engine: SecretEngine) => engine.find(`token = "${token}"\n`).filter((c) => c.pattern.decoder === 'jwt');

  it('reports the token before its exp and drops it after, whatever day the test runs', () => {
    expect(jwts(engineAt('2030-03-01T00:00:00Z'))).toHaveLength(1);
    expect(jwts(engineAt('2030-07-01T00:00:00Z'))).toHaveLength(0);
  });
});
