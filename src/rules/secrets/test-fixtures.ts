/**
 * When a value in a provider's format is a test's fixture rather than a live key: a test file may
 * hold a real key (an integration test against the live service), so the format alone keeps its
 * rating there. It is a fixture when the test shows both that it makes up values of that format and
 * that it talks to no service: the same prefix written elsewhere in the file with a made-up payload
 * (`whsec_root_level_canary`, `ghp_invalid`), and a mocked client (`vi.mock(…)`, `jest.fn()`,
 * `MagicMock`, `nock(…)`), so no value of the file ever reaches the provider.
 */
import { isPlaceholder, isPlaceholderShape, isWordlike } from './values.js';

/** A format's prefix: letters and a separator (`whsec_`, `sk_live_`, `ghp_`, `xoxb-`). */
const PREFIX = /^(?:[A-Za-z]{2,10}[_-]){1,2}/;

/** A test that replaces its client or the network with a double. */
const MOCKED = /\b(?:vi|jest)\.(?:mock|fn|spyOn)\(|\bsinon\.(?:stub|mock|fake)\b|\bnock\(|\bMagicMock\b|\bAsyncMock\b|\bmock\.patch\b|@patch\(|\bhttpx_mock\b|\bresponses\.add\(|\bhttptest\.NewServer\(|\bmockResolvedValue\(/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Why `secret`, in a provider's format in a test file's `text`, is that test's fixture, or undefined.
 * The prefix's other values are read once per file and prefix.
 */
export function madeUpInMockedTest(text: string, secret: string): string | undefined {
  const prefix = PREFIX.exec(secret)?.[0];
  if (!prefix || !MOCKED.test(text)) return undefined;
  const re = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(prefix)}([A-Za-z0-9_+/=-]{3,100})`, 'g');
  for (const m of text.matchAll(re)) {
    const payload = m[1]!;
    if (prefix + payload === secret) continue;
    if (isWordlike(payload) || isPlaceholder(payload) || isPlaceholderShape(payload)) {
      return `its test mocks the service it would go to and writes values of this format by hand (\`${prefix}\` followed by words elsewhere in the file): a fixture's value, not a key the provider issued.`;
    }
  }
  return undefined;
}
