/**
 * code/tls-verification-off on `fixtures/tls-off/`: each positive place is reported on the line its
 * `expect:` comment names, at that severity; nothing under `negative/` is reported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { expectedFindings, reportedFindings } from '../helpers/expect-comments.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/tls-off');
const ID = 'code/tls-verification-off';

describe(ID, () => {
  it('reports every positive place where its expect comment says, at that severity', async () => {
    const expected = expectedFindings(path.join(ROOT, 'positive'), ID);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await reportedFindings(path.join(ROOT, 'positive'), ID)).toEqual(expected);
  });

  it('reports nothing in the negative fixtures', async () => {
    expect(await reportedFindings(path.join(ROOT, 'negative'), ID)).toEqual([]);
  });

  it('says what connection, what turns verification off and where the default comes from', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'mysql_server.ts')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.message).toContain('the datastore client');
    expect(f.message).toContain('`rejectUnauthorized: false`');
    expect(f.message).toContain("process.env.MYSQL_SSL !== 'false'");
    expect(f.category).toBe('transport.insecure');
    expect(f.frameworks?.['owasp-nhi']).toContain('NHI4:2025');
  });

  it('says a parameter default turns it off, and never shows a credential value', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'tool_session.py')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.message).toContain('verify_ssl defaults to False');
    expect(f.evidence).toBe('verify=self.verify_ssl');
  });

  it('masks a value given to a secret\'s name in the guard it quotes', async () => {
    const code =
      'import requests\nfrom langchain_core.tools import tool\n\n\n@tool\ndef fetch(url: str, use_ssl: bool = True) -> str:\n' +
      '    """Fetch a page."""\n    if use_ssl and login(token="tok_9fQ2mX7vL4kPz8Rw"):\n        return requests.get(url, verify=False).text\n    return ""\n';
    const found = (await runExample(await loadFileAnalyzers(), { code, path: 'agent/fetch.py' })).filter((f) => f.ruleId === ID);
    expect(found.length).toBe(1);
    expect(found[0]!.message).toContain('whenever TLS is used');
    expect(JSON.stringify(found)).not.toContain('9fQ2mX7vL4kPz8Rw');
  });
});
