/** Hostile and broken input: each file is skipped or scanned within a bound and reported; the scan completes. */
import { mkdirSync, symlinkSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOKEN = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';

describe('bad input', () => {
  it('binary content, invalid UTF-8, huge and minified files, deep nesting and alias bombs never stop the scan', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
      const prev = i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g'][i - 1];
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const root = tempTree({
      'image.dat': Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64), Buffer.from(TOKEN)]),
      'latin1.txt': Buffer.concat([Buffer.from('caf\xe9 ', 'latin1'), Buffer.from(`GITHUB_TOKEN=${TOKEN}\n`)]),
      'huge.log': 'x'.repeat(3 * 1024 * 1024),
      'dist-bundle.js': `${'var a=1;'.repeat(10000)}const t="${TOKEN}";${'var b=2;'.repeat(10000)}`,
      '.vscode/mcp.json': `{"servers": {"x": {"command": "npx", "args": ${'['.repeat(50000)}${']'.repeat(50000)}}}}`,
      '.continue/config.yaml': `${bomb.join('\n')}\nmcpServers: *h\n`,
      '.mcp.json': '{ "mcpServers": { "x": { "command": "npx", ',
      'ok.env': `TOKEN=${TOKEN}\n`,
      // A git object: zlib data, invalid UTF-8 and full of control bytes, but often without a NUL.
      'objects/02/d856576': Buffer.from(deflateSync(Buffer.from('lorem ipsum dolor sit amet '.repeat(40))).map((b) => (b === 0 ? 1 : b))),
    });
    mkdirSync(path.join(root, 'loop'));
    symlinkSync(path.join(root, 'loop', 'b'), path.join(root, 'loop', 'a'));
    symlinkSync(path.join(root, 'loop', 'a'), path.join(root, 'loop', 'b'));

    const { report } = await scan({ paths: [root], threads: 1 });
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(skipped['image.dat']).toBe('binary');
    expect(skipped['huge.log']).toBe('too-large');
    expect(skipped['loop/a']).toBe('symlink-loop');
    expect(skipped['objects/02/d856576']).toBe('binary');
    const errors = Object.fromEntries(report.errors.map((e) => [e.path, e.message]));
    expect(errors['latin1.txt']).toMatch(/not valid UTF-8/);
    expect(errors['.vscode/mcp.json']).toMatch(/nesting too deep|invalid JSON/);
    expect(errors['.continue/config.yaml']).toMatch(/alias|invalid YAML/i);
    expect(errors['.mcp.json']).toMatch(/invalid JSON/);
    // One value, one finding: every place it is found is the finding's location or a related one.
    const secretFiles = report.findings.filter((f) => f.ruleId === 'secrets/github-pat').flatMap((f) => [f.location.path, ...(f.related ?? []).map((r) => r.path)]).sort();
    // The minified bundle still gets the credential patterns, within bounded windows.
    expect(secretFiles).toEqual(['dist-bundle.js', 'latin1.txt', 'ok.env']);
    for (const out of [JSON.stringify(report)]) expect(out).not.toContain(TOKEN);
  });
});
