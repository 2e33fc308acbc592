/**
 * Bytes to text, decided the same way for files on disk and blobs from the git index: a NUL in the
 * first 8000 bytes means binary (as git decides), UTF-16 by its byte-order mark, UTF-8 when valid;
 * invalid UTF-8 full of control bytes is binary too (compressed data), otherwise Latin-1 with a
 * note so the scan still looks at it.
 */
import { isAscii, isUtf8 } from 'node:buffer';

const BINARY_SNIFF = 8000;

export interface Decoded {
  text: string;
  binary?: boolean;
  note?: string;
}

export function decode(buf: Buffer): Decoded {
  const bom16 = buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
  if (bom16) {
    if (buf[0] === 0xff) return { text: buf.subarray(2).toString('utf16le') };
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le') };
  }
  if (buf.subarray(0, BINARY_SNIFF).includes(0)) return { text: '', binary: true };
  // ASCII reads the same in Latin-1, which copies the bytes instead of decoding them.
  if (isAscii(buf)) return { text: buf.toString('latin1') };
  if (isUtf8(buf)) {
    const text = buf.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  if (controlShare(buf.subarray(0, BINARY_SNIFF)) > MAX_CONTROL_SHARE) return { text: '', binary: true };
  return { text: buf.toString('latin1'), note: 'not valid UTF-8: scanned as Latin-1' };
}

/** Invalid UTF-8 with this share of control bytes is compressed or binary data, not Latin-1 text. */
const MAX_CONTROL_SHARE = 0.1;

function controlShare(sample: Buffer): number {
  if (sample.length === 0) return 0;
  let control = 0;
  for (const b of sample) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  return control / sample.length;
}
