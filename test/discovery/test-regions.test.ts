/** Rust keeps unit tests inside the file they test: a finding in its test module is in the test context. */
import { describe, expect, it } from 'vitest';
import { inRegion, testRegions, testRegionsIn } from '../../src/discovery/test-regions.js';
import { SourceFile } from '../../src/core/source.js';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const URL_LINE = '"https://ci:Vq7mZ2pLx9Rt@git.acme.io/owner/repo.git"';
const RUST = [
  'pub fn remote() -> &\'static str {',
  `    ${URL_LINE}`,
  '}',
  '',
  '#[cfg(test)]',
  'mod tests {',
  '    use super::*;',
  "    const BRACE: char = '}';",
  '    #[test]',
  '    fn builds_url() {',
  '        let s = "} not the end";',
  `        assert_eq!(remote(), ${URL_LINE});`,
  '    }',
  '}',
  '',
  `pub const AFTER: &str = ${URL_LINE};`,
  '',
].join('\n');

describe('test regions', () => {
  it('finds a #[cfg(test)] module to its closing brace, past braces in strings and char literals', () => {
    const regions = testRegions('src/git.rs', RUST);
    expect(regions).toHaveLength(1);
    const inside = RUST.indexOf('assert_eq!');
    expect(inRegion(regions, inside)).toBe(true);
    expect(inRegion(regions, RUST.indexOf('pub const AFTER'))).toBe(false);
    expect(inRegion(regions, RUST.indexOf('pub fn remote'))).toBe(false);
  });

  it('finds a lone #[test] or #[tokio::test] function, not #[cfg(not(test))] code nor `mod tests;`', () => {
    const text = '#[tokio::test]\nasync fn t() { let a = 1; }\n#[cfg(not(test))]\nfn real() { }\n#[cfg(test)]\nmod tests;\n';
    const regions = testRegions('src/lib.rs', text);
    expect(regions).toHaveLength(1);
    expect(inRegion(regions, text.indexOf('let a'))).toBe(true);
    expect(inRegion(regions, text.indexOf('fn real'))).toBe(false);
  });

  it('finds them once per file, and none where the whole file is test code or something a test module does not outrank', () => {
    const file = new SourceFile({ absPath: '/repo/src/git.rs', relPath: 'src/git.rs', kind: 'code', size: RUST.length }, RUST);
    expect(testRegionsIn(file, 'production')).toHaveLength(1);
    expect(testRegionsIn(file, 'production')).toBe(testRegionsIn(file, 'example'));
    for (const context of ['test', 'recording', 'vendored', 'generated'] as const) expect(testRegionsIn(file, context)).toEqual([]);
  });

  it('knows none outside Rust', () => {
    expect(testRegions('src/app.py', '#[cfg(test)]\nmod tests { }\n')).toEqual([]);
  });

  it('puts a finding in a Rust test module in the test context and leaves the shipped code production', async () => {
    const findings = (await runExample(await loadFileAnalyzers(), { path: 'src/git.rs', code: RUST })).filter((f) => f.ruleId === 'secrets/uri-basic-auth-credentials');
    const byLine = Object.fromEntries(findings.map((f) => [f.location.startLine, f.context]));
    expect(byLine).toEqual({ 2: 'production', 12: 'test', 16: 'production' });
  });

  it('lists a generic value in a test module at info, as in a test file', async () => {
    const code = 'pub fn f() {}\n#[cfg(test)]\nmod tests {\n    const API_KEY: &str = "Qm7Vx2Lp9Tz4Wk8Rc3Nb6Hs";\n}\n';
    const [f] = (await runExample(await loadFileAnalyzers(), { path: 'src/client.rs', code })).filter((x) => x.ruleId === 'secrets/generic-api-key');
    expect(f?.severity).toBe('info');
    expect(f?.message).toMatch(/test module/);
  });
});
