import type { Severity } from '../../core/types.js';

/**
 * Signed URLs and requests, which carry in clear who signed them and when they stop working:
 *
 * - an AWS access key ID as the credential scope of a signed request: the `Credential=` of a SigV4
 *   `Authorization` header or the `X-Amz-Credential` of a presigned URL
 *   (`AKIA…/20250101/us-east-1/s3/aws4_request`). Every signed request carries its key ID in clear:
 *   it says who signed, while the secret key that made the signature stays with the signer. A
 *   presigned URL also says when it stops working (`X-Amz-Date` plus `X-Amz-Expires` seconds).
 * - an Azure shared access signature (SAS): its signed expiry `se`, and for a user-delegation SAS
 *   the expiry of the delegation key that signed it (`ske`); the service refuses it after the
 *   earlier of the two.
 *
 * The instants are compared with the scan's clock (`now`), never read from the file's own dates.
 */

/** What follows a key ID that heads a credential scope: `/yyyymmdd/region/service/aws4_request`, slashes plain or URL-encoded. */
const SCOPE_TAIL = /^(?:\/|%2F)(\d{8})(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)aws4_request/i;
/** What names the scope right before the key ID. */
const SCOPE_HEAD = /Credential=$/i;

/** How far either side of a value the parameters of its URL are looked for. */
const URL_PARAMS_CHARS = 600;

/** Where a URL, a query string or a connection string ends, either side of a value in it. */
const URL_ENDS = [' ', '\t', '\n', '"', "'"];

/**
 * The URL, query string or connection string around text[start, end), up to where it ends (a quote,
 * a space, a line break) either way, with the `&` a JSON string escapes (`\u0026`, in a recorded
 * response body) or HTML escapes (`&amp;`) read as `&`.
 */
export function urlAround(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - URL_PARAMS_CHARS), start);
  const after = text.slice(end, end + URL_PARAMS_CHARS);
  const from = Math.max(...URL_ENDS.map((c) => before.lastIndexOf(c))) + 1;
  const to = Math.min(...URL_ENDS.map((c) => after.indexOf(c)).filter((i) => i >= 0), after.length);
  return (before.slice(from) + text.slice(start, end) + after.slice(0, to)).replace(/\\u0026/g, '&').replace(/&amp;/g, '&');
}

export interface SignedScope {
  /** When a presigned URL carrying it stopped working, if it has (ISO date); undefined for a header or a URL still valid or undated. */
  expired?: string;
}

/** The key ID at text[start, end) as a signed request's credential scope, or undefined when it is not one. */
export function signedScope(text: string, start: number, end: number, nowMs = Date.now()): SignedScope | undefined {
  if (!SCOPE_HEAD.test(text.slice(Math.max(0, start - 16), start))) return undefined;
  if (!SCOPE_TAIL.test(text.slice(end, end + 80))) return undefined;
  const params = urlAround(text, start, end);
  const date = /[?&]X-Amz-Date=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/i.exec(params);
  const expires = /[?&]X-Amz-Expires=(\d{1,7})(?!\d)/i.exec(params);
  if (!date || !expires) return {};
  const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
  const until = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) + Number(expires[1]) * 1000;
  return until < nowMs ? { expired: new Date(until).toISOString().slice(0, 16).replace('T', ' ') } : {};
}

export interface SasExpiry {
  /** When the SAS stops working (ms since the epoch): the earlier of `se` and `ske`. */
  at: number;
  /** Which parameter says so: the signature's own expiry, or its delegation key's. */
  by: 'se' | 'ske';
}

/**
 * A SAS parameter's instant: ISO 8601 as the storage services write it (`2024-05-13T16:37:47Z`,
 * `2027-01-01`, URL-encoded or with .NET's seven-digit fraction), or the Unix seconds of a Service
 * Bus or Event Hubs `SharedAccessSignature` (`se=1717171717`).
 */
function sasInstant(raw: string): number | undefined {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,9})?Z?)?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(at) ? undefined : at;
}

/** A parameter of a query or connection string: first, or after `?`, `&`, `;` or a space (`SharedAccessSignature sr=…`). */
const sasParameter = (name: string, shortest = 4): RegExp => new RegExp(String.raw`(?:^|[?&;\s])${name}=([^&;#\s]{${shortest},40})`, 'i');
const SE = sasParameter('se');
const SKE = sasParameter('ske');

/** When the SAS whose signature is text[start, end) stops working, as its own parameters say; undefined when they do not. */
export function sasExpiry(text: string, start: number, end: number): SasExpiry | undefined {
  const params = urlAround(text, start, end);
  const se = sasInstant(SE.exec(params)?.[1] ?? '');
  const ske = sasInstant(SKE.exec(params)?.[1] ?? '');
  if (se === undefined && ske === undefined) return undefined;
  if (ske !== undefined && (se === undefined || ske < se)) return { at: ske, by: 'ske' };
  return { at: se!, by: 'se' };
}

/**
 * What a credential that says when it stops working (a pattern's `expired`) says: the day, for the
 * finding's detail (`expires 2030-01-01`, `expired 2024-05-13`: a day, not a time, which a report
 * read later would make look precise), and once the scan's clock (`nowMs`) has passed it, the
 * severity and reason it is reported with. Undefined when it does not say.
 */
export function statedExpiry(
  expired: { reads: 'sas'; severity: Severity; reason: string },
  text: string,
  start: number,
  end: number,
  nowMs: number,
): { detail: string; lowered?: { severity: Severity; reason: string } } | undefined {
  const until = sasExpiry(text, start, end);
  if (!until) return undefined;
  const day = new Date(until.at).toISOString().slice(0, 10);
  if (until.at >= nowMs) return { detail: `expires ${day}` };
  const which = until.by === 'ske' ? "The expiry of the delegation key that signed it (ske=)" : 'Its signed expiry (se=)';
  return { detail: `expired ${day}`, lowered: { severity: expired.severity, reason: `${which} has passed: ${expired.reason}` } };
}

/** A SAS's signed resource and permissions (`sr=b`, `sp=r`). */
const SR = sasParameter('sr', 1);
const SP = sasParameter('sp', 1);

/**
 * Whether the SAS whose signature is text[start, end) is signed for one blob (`sr=b`) with read
 * permission only (`sp=r`): a link to download that one file, not a key to its account or container.
 */
export function readsOneBlob(text: string, start: number, end: number): boolean {
  const params = urlAround(text, start, end);
  return /^b$/i.test(SR.exec(params)?.[1] ?? '') && SP.exec(params)?.[1] === 'r';
}
