/** Bytes to text: ASCII copied as it is, UTF-8 decoded, UTF-16 by its mark, invalid UTF-8 as Latin-1 with a note, binary refused. */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/discovery/decode.js';

describe('decode', () => {
  it('reads ASCII and UTF-8 the same way whichever path it takes', () => {
    const ascii = 'const key = process.env.API_KEY;\n';
    expect(decode(Buffer.from(ascii, 'utf8'))).toEqual({ text: ascii });
    const utf8 = 'name: "café" # ünïcode ✓\n';
    expect(decode(Buffer.from(utf8, 'utf8'))).toEqual({ text: utf8 });
    expect(decode(Buffer.from('\ufeffa: 1\n', 'utf8'))).toEqual({ text: 'a: 1\n' });
  });

  it('reads UTF-16 by its mark, invalid UTF-8 as Latin-1 with a note, and refuses binary', () => {
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')])).text).toBe('hi');
    const latin = decode(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(latin.text).toBe('café\n');
    expect(latin.note).toMatch(/Latin-1/);
    expect(decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])).binary).toBe(true);
  });
});
