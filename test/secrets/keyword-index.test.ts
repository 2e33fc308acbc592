import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../src/rules/secrets/keyword-index.js';
import { WasmKeywordScan } from '../../src/rules/secrets/keyword-scan.js';
import { shannonEntropy } from '../../src/rules/secrets/entropy.js';
import { decodeJwt } from '../../src/rules/secrets/jwt.js';

describe('KeywordIndex', () => {
  it('finds every keyword, overlapping and case-insensitive, in one pass', () => {
    const index = new KeywordIndex(['ghp_', 'sk-', 'sk-proj-', 'token', 'ken']);
    const hits: string[] = [];
    index.search('X GHP_abc sk-proj-1 Token é ken', (k, start) => hits.push(`${index.keywords[k]}@${start}`));
    expect(hits).toEqual(['ghp_@2', 'sk-@10', 'sk-proj-@10', 'token@20', 'ken@22', 'ken@28']);
  });

  it('finds the same hits in the bytes of a one-byte-per-character text', () => {
    const index = new KeywordIndex(['ghp_', 'sk-', 'sk-proj-', 'token', 'ken']);
    const text = 'X GHP_abc sk-proj-1 Token caf\u00e9 ken';
    const fromText: string[] = [];
    const fromBytes: string[] = [];
    index.search(text, (k, start) => fromText.push(`${k}@${start}`));
    index.searchBytes(Buffer.from(text, 'latin1'), (k, start) => fromBytes.push(`${k}@${start}`));
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes).toHaveLength(6);
  });

  it('drops a name-ending keyword where a name character follows it, before any callback', () => {
    const index = new KeywordIndex(['token', 'pass'], { endsName: [true, false] });
    const hits: string[] = [];
    const text = 'tokens token= token_type token.x pass passes';
    index.search(text, (k, start) => hits.push(`${index.keywords[k]}@${start}`));
    expect(hits).toEqual(['token@7', 'pass@33', 'pass@38']);
    const fromBytes: string[] = [];
    index.searchBytes(Buffer.from(text), (k, start) => fromBytes.push(`${index.keywords[k]}@${start}`));
    expect(fromBytes).toEqual(hits);
  });

  it('drops a token prefix not followed by its run of letters or digits', () => {
    const index = new KeywordIndex(['pat'], { run: [14] });
    const hits: number[] = [];
    const text = 'path pattern patAbCdEfGh1234567.ff pat12345678901234';
    index.search(text, (_, start) => hits.push(start));
    expect(hits).toEqual([13, 35]);
    const fromBytes: number[] = [];
    index.searchBytes(Buffer.from(text), (_, start) => fromBytes.push(start));
    expect(fromBytes).toEqual(hits);
  });

  it('finds the same hits in WebAssembly as in JavaScript, across chunk and stream boundaries', () => {
    const keywords = ['ghp_', 'sk-', 'sk-proj-', 'token', 'ken', 'pat', 'password', 'authorization', 'secret', 'api_key'];
    const follow = {
      endsName: [false, false, false, true, false, false, true, false, false, false],
      assignment: [false, false, false, false, false, false, false, false, true, true],
      run: [0, 0, 0, 0, 0, 14, 0, 0, 0, 0],
    };
    const wasm = new KeywordIndex(keywords, follow);
    const js = new KeywordIndex(keywords, { ...follow, wasm: false });
    const tables = { classOf: new Uint8Array(256), width: 2, delta: new Int32Array(2), run: new Int32Array(1), maxKeywordLength: 1 };
    expect(WasmKeywordScan.create(tables), 'keyword-scan.wasm is built').toBeDefined();
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = [' ', '\n', 'a', 'Z', '9', '_', '-', '=', 'x', ':', '"', "'", ']', '\t', '?', '|', ...keywords, 'PASSWORD=', 'Token_type', 'patABCDEFGHIJ12345.ff', 'path', '"secret": ', "['api_key'] = ", 'secret  \t :='];
    const text = (length: number): string => {
      let t = '';
      while (t.length < length) t += pieces[Math.floor(random() * pieces.length)];
      return t.slice(0, length);
    };
    const hits = (index: KeywordIndex, bytes: Buffer): string[] => {
      const out: string[] = [];
      index.searchBytes(bytes, (k, start) => out.push(`${k}@${start}`));
      return out;
    };
    // A keyword across the 64 KiB chunk boundary, and inputs around the four-stream threshold.
    const boundary = `${'x'.repeat(65536 - 5)}password=secret token ${'y'.repeat(100)}`;
    const inputs = [text(0), text(1), text(511), text(512), text(1023), text(1024), text(1025), text(4000), boundary, text(70_000), text(200_001)];
    let total = 0;
    for (const input of inputs) {
      const bytes = Buffer.from(input, 'latin1');
      const expected = hits(js, bytes);
      expect(hits(wasm, bytes), `length ${input.length}`).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(10_000);
    expect(hits(wasm, Buffer.from(boundary))).toEqual([`6@${65531}`, `3@${65547}`, `4@${65549}`]);
  });

  it('finds the same hits in a string with characters past Latin-1 in WebAssembly as in JavaScript', () => {
    const keywords = ['token', 'api_key', 'secret', 'pat', 'ken', 'sk-'];
    const follow = { endsName: [true, false, false, false, false, false], assignment: [false, true, true, false, false, false], run: [0, 0, 0, 8, 0, 0] };
    const wasm = new KeywordIndex(keywords, follow);
    const js = new KeywordIndex(keywords, { ...follow, wasm: false });
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Characters whose UTF-16 low byte is ASCII (š is 0x0161, 中 is 0x4E2D, 丽 is 0x4E3D, Ġ is
    // 0x0120), units past 0x7FFF, a surrogate pair, case-folding look-alikes (ſ, K as Kelvin sign).
    const pieces = [' ', '\n', '=', ':', '"', 'a', '7', '_', 'é', '€', 'š', '中', '丽', 'Ġ', '\u8000', '\uffff', '😀', 'ſ', '\u212a', ...keywords, 'TOKEN', 'tokenš', 'token中', 'api_key丽"x"', 'secretĠ= 1', 'pat1234567š', 'pat12345678'];
    const text = (length: number): string => {
      let t = '';
      while (t.length < length) t += pieces[Math.floor(random() * pieces.length)];
      return t.slice(0, length);
    };
    const hits = (index: KeywordIndex, input: string): string[] => {
      const out: string[] = [];
      index.search(input, (k, start) => out.push(`${k}@${start}`));
      return out;
    };
    let total = 0;
    for (const length of [1023, 1024, 1025, 5000, 65_600, 140_000]) {
      const input = text(length);
      const expected = hits(js, input);
      expect(hits(wasm, input), `length ${length}`).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(5_000);
  });

  it('drops an assignment keyword where no assignment follows', () => {
    const index = new KeywordIndex(['secret', 'token'], { assignment: [true, false] });
    const text = `secret = 1; "secret": 2; ['secret'] = 3; secret  := 4; secret ||= 5; the secret word; secret_name = 6; secret"\n= 7 token`;
    const hits: number[] = [];
    index.search(text, (k, start) => hits.push(k === 0 ? start : -start));
    const fromBytes: number[] = [];
    index.searchBytes(Buffer.from(text), (k, start) => fromBytes.push(k === 0 ? start : -start));
    expect(hits).toEqual([0, 13, 27, 41, 55, -text.lastIndexOf('token')]);
    expect(fromBytes).toEqual(hits);
  });

  it('gives the same hits for keywords of many characters or longer than a stream, whichever search runs', () => {
    // 70 distinct characters: more classes than the WebAssembly table holds, so JavaScript searches.
    const wide = Array.from({ length: 70 }, (_, i) => `k${String.fromCharCode(33 + i)}z`);
    const long = ['q'.repeat(1000), 'tok'];
    for (const keywords of [wide, long]) {
      const wasm = new KeywordIndex(keywords);
      const js = new KeywordIndex(keywords, { wasm: false });
      for (const text of ['tok '.repeat(20_000), 'a'.repeat(600), `${'q'.repeat(1500)} tok ${wide.join(' ')} ${'a'.repeat(700)}`]) {
        const hits = (index: KeywordIndex): string[] => {
          const out: string[] = [];
          index.searchBytes(Buffer.from(text, 'latin1'), (k, start) => out.push(`${k}@${start}`));
          return out;
        };
        expect(hits(wasm)).toEqual(hits(js));
      }
    }
  });

  it('reports nothing for text without keywords', () => {
    const index = new KeywordIndex(['akia']);
    let n = 0;
    index.search('nothing to see here ✓', () => n++);
    expect(n).toBe(0);
  });
});

describe('entropy', () => {
  it('is zero for one repeated character and high for random text', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('ab')).toBeCloseTo(1);
    expect(shannonEntropy('q8Zr3LmN0xVb7TkW')).toBeGreaterThan(3.5);
  });
});

describe('decodeJwt', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (payload: object) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;

  it('calls a token without exp long-lived', () => {
    expect(decodeJwt(jwt({ sub: 'svc', role: 'service_role' }))).toMatchObject({ lifetime: 'static' });
  });
  it('calls a token valid for an hour expiring, one valid for ten years long-lived', () => {
    expect(decodeJwt(jwt({ iat: 1700000000, exp: 1700003600 }))?.lifetime).toBe('expiring');
    expect(decodeJwt(jwt({ iat: 1700000000, exp: 2015360000 }))?.lifetime).toBe('static');
  });
  it('rejects what only looks like a JWT', () => {
    expect(decodeJwt('eyJhbGciOi.notjson.x')).toBeUndefined();
  });
});
