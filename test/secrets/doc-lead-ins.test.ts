/**
 * Pages that describe a service's API show a sample key in a code block or list after a line that
 * introduces it (`Example:`, `For example, given credentials …:`), or as the header that prose just
 * described, and a test's fixture in a code block that shows a test: listed at info. The same values after prose that says neither, and in configuration,
 * are reported as before (at their pattern's severity: the context policy lowers a page later).
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const scan = async (code: string, path: string) => (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.severity]);

const KEY = 'Tq8vZp3LwX2mN5rK9sJ4hY7cB1dFgH6k';
const page = (...lines: string[]): string => ['# Acme API', '', '## Authentication', '', ...lines, ''].join('\n');

describe('a sample a page introduces as an example', () => {
  it('lists a key in a code block whose lead-in says Example, across a blank line and the fence', async () => {
    for (const intro of ['Example:', '**Example:**', '**Example header:**', 'Send it as a query parameter. For example:', '## Example: a complete setup']) {
      const code = page(intro, '', '```', `X-Api-Key: ${KEY}`, '```');
      expect(await scan(code, 'docs/SPEC.md'), intro).toEqual([['secrets/generic-api-key', 'info']]);
    }
  });

  it('lists a key in a fenced block nested in a list item, and in a list introduced by For example', async () => {
    const nested = page('- **Usage**: pass both as query parameters. For example:', '  ```', `  https://api.acme.io/v1/runs?user=ada&api_key=${KEY}`, '  ```');
    expect(await scan(nested, 'docs/SPEC.md')).toEqual([['secrets/generic-api-key', 'info']]);
    const list = page('For example, given your client id and key:', '', '- Join them with a colon', `- Header: \`Authorization: Bearer ${KEY}\``);
    expect(await scan(list, 'docs/SPEC.md')).toEqual([['secrets/generic-authorization-header', 'info']]);
  });

  it('lists the header a page shows right after prose that tells how that header is sent', async () => {
    const named = page('The key is passed in a request header named `x-api-key`:', '', '```', `x-api-key: ${KEY}`, '```');
    expect(await scan(named, 'docs/SPEC.md')).toEqual([['secrets/generic-api-key', 'info']]);
    const ownLine = page(`Use the header: \`Authorization: Bearer ${KEY}\``);
    expect(await scan(ownLine, 'docs/SPEC.md')).toEqual([['secrets/generic-authorization-header', 'info']]);
  });

  it("lists a password in a page's code block that shows a test's fixture; the same object in a block of application code stays", async () => {
    const fixture = (head: string) =>
      page(
        'A fixture creates a user for each test:',
        '',
        '```typescript',
        head,
        '',
        'export const test = base.extend<{ member: Member }>({',
        '  member: async ({}, use) => {',
        "    const member = { email: 'member@acme.io', password: 'Wq7#Lp2vXz9k' };",
        '    await use(member);',
        '  },',
        '});',
        '```',
      );
    expect(await scan(fixture('import { test as base } from "@playwright/test";'), 'docs/guides/e2e.md')).toEqual([['secrets/generic-password', 'info']]);
    const app = page('The service account:', '', '```typescript', "export const member = { email: 'member@acme.io', password: 'Wq7#Lp2vXz9k' };", '```');
    expect(await scan(app, 'docs/guides/e2e.md')).toEqual([['secrets/generic-password', 'medium']]);
  });

  it('keeps a key after prose that introduces no example and describes no header, and in configuration', async () => {
    const plain = page('Our staging deployment uses this key:', '', '```', `X-Api-Key: ${KEY}`, '```');
    expect(await scan(plain, 'docs/SPEC.md')).toEqual([['secrets/generic-api-key', 'medium']]);
    // A key of a configuration whose line above is a sibling setting, not prose.
    expect(await scan(`sample_rate: 16000\napi_key: ${KEY}\n`, 'config/settings.yaml')).toEqual([['secrets/generic-api-key', 'medium']]);
    expect(await scan(`example_mode: true\napi_key: ${KEY}\n`, 'config/settings.yaml')).toEqual([['secrets/generic-api-key', 'medium']]);
  });
});
