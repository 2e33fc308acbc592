/**
 * A password in a URI to a public service works from anywhere: in a test file the context lowers it
 * one level, not to low, while a fixture's URI to this machine, a private network, a single-label
 * service or an example domain stays low. A token cut off with an ellipsis in a page of
 * documentation shows a format, not a credential. Every value here is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { contextPolicy } from '../../src/engine/context-policy.js';
import type { Finding } from '../../src/core/types.js';
import { isPublicHost, uriHost } from '../../src/rules/secrets/uri-host.js';

const analyzers = await loadFileAnalyzers();
const policy = contextPolicy({});
/** The findings of one rule in a file at `path`, after the default context policy. */
const settled = async (code: string, path: string, ruleId: string): Promise<Finding[]> =>
  (await runExample(analyzers, { code, path }))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => policy.apply({ ...f, context: policy.contextOf(path, code) }))
    .filter((f): f is Finding => f !== undefined);

const BASIC = 'secrets/uri-basic-auth-credentials';
const DB = 'secrets/database-uri-credentials';

describe('a password in a URI to a public service, in a test file', () => {
  it('is lowered one level by the test context, not to low', async () => {
    const code = 'if __name__ == "__main__":\n    PROXY = "http://acct-7731-zone-us:Wq4nZ8vKp2LxT6rM@gate.proxyvendor.io:7000"\n    check(PROXY)\n';
    const [f] = await settled(code, 'tests/proxy/check_proxies.py', BASIC);
    expect(f?.severity).toBe('medium');
    expect(f?.context).toBe('test');
    expect(f?.originalSeverity).toBe('high');
    expect(f).not.toHaveProperty('contextFloor');
    const [db] = await settled('URL = "postgresql://app:Wq4nZ8vKp2LxT6rM@db.cloudvendor.net:5432/app"\n', 'tests/test_store.py', DB);
    expect(db?.severity).toBe('medium');
    const [ip] = await settled('PROXY = "http://acct:Wq4nZ8vKp2LxT6rM@45.61.12.9:8000"\n', 'tests/test_proxy.py', BASIC);
    expect(ip?.severity).toBe('medium');
  });

  it('keeps its severity where it ships', async () => {
    const [f] = await settled('PROXY = "http://acct:Wq4nZ8vKp2LxT6rM@gate.proxyvendor.io:7000"\n', 'app/net.py', BASIC);
    expect(f?.severity).toBe('high');
  });

  it('stays low when the host is this machine, a private network, a service name or an example domain', async () => {
    for (const host of ['localhost:3128', '10.2.0.7:3128', '192.168.1.20:3128', 'proxy:3128', 'proxy.internal:3128', 'gate.example.com', 'svc.test', 'printer.local', '203.0.113.5:3128']) {
      const found = await settled(`PROXY = "http://acct:Wq4nZ8vKp2LxT6rM@${host}"\n`, 'tests/test_proxy.py', BASIC);
      for (const f of found) expect(f.severity, host).toBe('low');
    }
  });

  it('stays low when the password is one a test made up (short, or words), whatever the host', async () => {
    for (const secret of ['tok%2B%2F%3D', 'hunter2', 'correct-horse-battery']) {
      const found = await settled(`EXPECTED = "https://oauth2:${secret}@github.com/owner/repo.git"\n`, 'tests/test_git.py', BASIC);
      for (const f of found) expect(f.severity, secret).toBe('low');
    }
  });

  it('follows the configuration where it sets the test context itself', async () => {
    const own = contextPolicy({ contexts: { test: { max: 'low' } } });
    const code = 'PROXY = "http://acct:Wq4nZ8vKp2LxT6rM@gate.proxyvendor.io:7000"\n';
    const [f] = (await runExample(analyzers, { code, path: 'tests/test_proxy.py' })).filter((x) => x.ruleId === BASIC);
    expect(own.apply({ ...f!, context: 'test' })?.severity).toBe('low');
  });
});

describe('the host of a URI credential', () => {
  it('is read after the password', () => {
    const text = 'http://u:Wq4nZ8vKp2LxT6rM@Gate.ProxyVendor.io:7000/x';
    expect(uriHost(text, text.indexOf('@'))).toBe('gate.proxyvendor.io');
  });
  it('is public only under a public name or address', () => {
    for (const h of ['gate.proxyvendor.io', 'api.vendor.com', '45.61.12.9', '[2606:4700::1111]']) expect(isPublicHost(h), h).toBe(true);
    for (const h of ['localhost', 'redis', 'db.internal', 'a.example.org', 'x.test', 'host.invalid', 'nas.lan', '172.20.0.3', '100.64.1.1', '[::1]', '[fd00::2]', '198.51.100.7']) {
      expect(isPublicHost(h), h).toBe(false);
    }
  });
});

describe('a token cut off with an ellipsis', () => {
  const token = 'pypi-AgEIcHlwaS5vcmcCJDk3ZmQxYTQ2LWQ1NzgtNGM0Yi1hZjQ5LTJkNmM4ZjE5YjA3ZQACKlszLCJl';
  it('is a format shown in documentation, not a credential', async () => {
    for (const cut of ['...', '\u2026']) {
      expect(await settled(`**Format**:\n\n\`\`\`\n${token}${cut}\n\`\`\`\n`, 'docs/release.md', 'secrets/pypi-upload-token'), cut).toEqual([]);
    }
  });
  it('is still reported whole in documentation, and in code whatever follows', async () => {
    expect(await settled(`TWINE_PASSWORD=${token}\n`, 'docs/release.md', 'secrets/pypi-upload-token')).toHaveLength(1);
    expect(await settled(`print("${token}...")\n`, 'scripts/publish.py', 'secrets/pypi-upload-token')).toHaveLength(1);
  });
});
