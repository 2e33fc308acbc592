/**
 * An access key ID as the credential scope of a signed AWS request: the `Credential=` of a SigV4
 * `Authorization` header or the `X-Amz-Credential` of a presigned URL
 * (`AKIA…/20250101/us-east-1/s3/aws4_request`). Every signed request carries its key ID in clear:
 * it says who signed, while the secret key that made the signature stays with the signer. A
 * presigned URL also says when it stops working (`X-Amz-Date` plus `X-Amz-Expires` seconds).
 */

/** What follows a key ID that heads a credential scope: `/yyyymmdd/region/service/aws4_request`, slashes plain or URL-encoded. */
const SCOPE_TAIL = /^(?:\/|%2F)(\d{8})(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)aws4_request/i;
/** What names the scope right before the key ID. */
const SCOPE_HEAD = /Credential=$/i;

/** How far along a presigned URL its `X-Amz-Date` and `X-Amz-Expires` parameters are looked for. */
const URL_PARAMS_CHARS = 600;

export interface SignedScope {
  /** When a presigned URL carrying it stopped working, if it has (ISO date); undefined for a header or a URL still valid or undated. */
  expired?: string;
}

/** The key ID at text[start, end) as a signed request's credential scope, or undefined when it is not one. */
export function signedScope(text: string, start: number, end: number, nowMs = Date.now()): SignedScope | undefined {
  if (!SCOPE_HEAD.test(text.slice(Math.max(0, start - 16), start))) return undefined;
  if (!SCOPE_TAIL.test(text.slice(end, end + 80))) return undefined;
  // The parameters of the same URL: up to where it ends (a quote, a space) in either direction.
  const from = Math.max(0, start - URL_PARAMS_CHARS);
  const before = text.slice(from, start);
  const after = text.slice(end, end + URL_PARAMS_CHARS);
  const url = before.slice(Math.max(before.lastIndexOf(' '), before.lastIndexOf('"'), before.lastIndexOf("'")) + 1) + after.slice(0, firstOf(after, [' ', '"', "'", '\n']));
  // `&` as a JSON string escapes it in a recorded response body, or as HTML does.
  const params = url.replace(/\\u0026/g, '&').replace(/&amp;/g, '&');
  const date = /[?&]X-Amz-Date=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/i.exec(params);
  const expires = /[?&]X-Amz-Expires=(\d{1,7})(?!\d)/i.exec(params);
  if (!date || !expires) return {};
  const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
  const until = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) + Number(expires[1]) * 1000;
  return until < nowMs ? { expired: new Date(until).toISOString().slice(0, 16).replace('T', ' ') } : {};
}

function firstOf(text: string, chars: string[]): number {
  let at = text.length;
  for (const c of chars) {
    const i = text.indexOf(c);
    if (i >= 0 && i < at) at = i;
  }
  return at;
}
