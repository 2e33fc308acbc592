/**
 * Reading the text around a candidate secret: the line before it, a pattern near it, and whether a
 * value looks issued by a service rather than made up. Shared by the secret engine's judgements.
 */
import { isWordlike, percentDecoded } from './values.js';

/** The text of the line before `start`, at most 200 characters. */
export function lineBefore(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return text.slice(Math.max(lineStart, start - 200), start);
}

export function nearby(text: string, start: number, end: number, re: RegExp, chars: number): boolean {
  return re.test(text.slice(Math.max(0, start - chars), Math.min(text.length, end + chars)));
}

/**
 * A password a service issued, not one a test made up to check an encoder (`tok+/=`): twelve
 * characters or more once decoded, letters and digits, not words. Only such a one keeps its
 * severity in a test file for pointing at a public host.
 */
export function looksIssued(secret: string): boolean {
  const value = percentDecoded(secret) ?? secret;
  return value.length >= 12 && /[A-Za-z]/.test(value) && /\d/.test(value) && !isWordlike(value);
}
