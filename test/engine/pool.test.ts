import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { UsageError } from '../../src/core/errors.js';
import { tempTree } from '../helpers/tmp.js';

describe('worker pool', () => {
  it('reports a config the user can fix as such, however many threads scan', async () => {
    const files: Record<string, string> = {
      '.agentwarden.yaml': 'secrets:\n  patterns:\n    - id: acme-broken\n      title: Broken\n      regex: "(unclosed"\n      keywords: [acme_]\n      severity: high\n',
    };
    for (let i = 0; i < 600; i++) files[`d${i % 10}/f${i}.env`] = `N=${i}\n`;
    const root = tempTree(files);
    for (const threads of [1, 2, 3]) {
      const outcome = scan({ paths: [root], threads });
      await expect(outcome, `${threads} threads`).rejects.toBeInstanceOf(UsageError);
      await expect(outcome).rejects.toThrow(/pattern "acme-broken": invalid regex/);
    }
  });
});
