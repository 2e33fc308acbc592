/** No output format, log or error message ever holds a whole secret. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';

const SECRETS = [
  'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L',
  'sk-ant-api03-Sa3mvIaeOJGqr_NnjaL-6Ps0vvI5eRLFtjLSz7FsfcqwIjoFUArB6eZQPPWAkeVZpymsPhF0YgcRWClcs5Pb5KR4T05mzAA',
  'AKIAT4A22BHHNEQGHEX6',
  'XBnwpsviV9Ifnqtyn+gpLRv7O2x3rfogPCT12oSH',
  'xoxb-24701050904-231758219729-LFW9NyIAO4bWjAhQnXGWVTO3',
  'Zk8pQ2v-Lr9x',
];

describe('redaction in every format', () => {
  it('never prints a whole secret', () => {
    const dir = tempTree({
      '.env': `GITHUB_TOKEN=${SECRETS[0]}\nANTHROPIC_API_KEY=${SECRETS[1]}\n`,
      'config/app.yaml': `aws:\n  access_key_id: ${SECRETS[2]}\n  secret_access_key: ${SECRETS[3]}\nslack: ${SECRETS[4]}\ndb: mysql://app:${SECRETS[5]}@db.internal:3306/app\n`,
      'deploy/copy.env': `TOKEN=${SECRETS[0]}\n`,
      'broken.yaml': `key: [${SECRETS[0]}\n`,
    });
    const out = path.join(dir, 'out');
    const formats = ['text', 'json', 'sarif', 'junit', 'markdown', 'gitlab'];
    const r = cli(['scan', dir, '--exclude', 'out/**', ...formats.flatMap((f) => ['--format', `${f}:${path.join(out, `report.${f}`)}`]), '--format', 'text']);
    expect(r.code).toBe(1);
    const outputs = [r.stdout, r.stderr, ...formats.map((f) => readFileSync(path.join(out, `report.${f}`), 'utf8'))];
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.findings.length).toBeGreaterThanOrEqual(SECRETS.length);
    for (const output of outputs) for (const secret of SECRETS) expect(output).not.toContain(secret);
  });
});
