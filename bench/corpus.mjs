// Deterministic synthetic repository for the benchmark: source, config and docs files with the
// words real code is full of (key, token, password, secret …) and, in some files, planted secrets.
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32), so every run generates the same corpus. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Credential words appear in names and prose at about the density of real agent code (the keyword
// prefilter sees ~3,000 hits per MB, as in vercel/ai or openai-agents-python); values never look
// like credentials.
const ALL_WORDS = 'agent tool call result message user config client server request response handler token key value item list map index cache store session retry timeout policy model prompt context memory plan step task queue worker event stream record schema field name path file data output input secret password auth credential account role scope'.split(' ');
const CREDENTIAL_WORDS = ALL_WORDS.filter((w) => /token|key|secret|password|auth|credential/.test(w));
const PLAIN = ALL_WORDS.filter((w) => !CREDENTIAL_WORDS.includes(w));
const CREDENTIAL_SHARE = 0.04;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function buildCorpus(dir, { files = 20000, avgBytes = 10240, seed = 42, plantEvery = 40 } = {}) {
  const marker = path.join(dir, '.corpus.json');
  const spec = JSON.stringify({ files, avgBytes, seed, plantEvery, v: 4 });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === spec) return JSON.parse(readFileSync(path.join(dir, '.planted.json'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const word = () => (r() < CREDENTIAL_SHARE ? pick(CREDENTIAL_WORDS) : pick(PLAIN));
  const rand = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
  const ident = () => word() + word().replace(/^./, (c) => c.toUpperCase());
  const secrets = [
    () => `ghp_${rand(36)}`,
    () => `sk-proj-${rand(74, ALNUM + '-_')}T3BlbkFJ${rand(74, ALNUM + '-_')}`,
    () => `AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    () => `xoxb-${rand(11, '0123456789')}-${rand(12, '0123456789')}-${rand(24)}`,
    () => `sk-ant-api03-${rand(93, ALNUM + '-_')}AA`,
    () => `hf_${rand(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`,
  ];
  const kinds = [
    ['py', (i) => `def ${ident()}(${word()}, ${word()}=None):\n    ${word()}_${word()} = ${word()}.get("${word()}_${word()}", ${Math.floor(r() * 1000)})\n    return ${word()}  # ${word()} ${word()} ${word()} ${i}\n`],
    ['ts', (i) => `export function ${ident()}(${word()}: string): ${pick(['string', 'number', 'Promise<void>'])} {\n  const ${ident()} = config.${word()}${pick(PLAIN)} ?? process.env.${word().toUpperCase()}_${word().toUpperCase()};\n  return ${word()}.${ident()}(${i});\n}\n`],
    ['json', () => `  "${ident()}": { "${pick(PLAIN)}": "${pick(PLAIN)}-${Math.floor(r() * 1e6)}", "${word()}_policy": "${pick(PLAIN)}", "enabled": ${r() > 0.5} },\n`],
    ['yaml', () => `${word()}_${word()}:\n  ${pick(PLAIN)}: ${pick(PLAIN)}-${Math.floor(r() * 1e6)}\n  ${word()}Ref: ${word()}\n`],
    ['md', () => `The ${word()} ${word()} uses an ${word()} and a ${word()} ${word()} to call the ${word()} ${word()}.\n`],
  ];
  const planted = [];
  for (let f = 0; f < files; f++) {
    const [ext, line] = kinds[f % kinds.length];
    const sub = path.join(dir, `pkg${f % 97}`, `mod${f % 13}`);
    mkdirSync(sub, { recursive: true });
    const target = Math.floor(avgBytes * (0.5 + r()));
    const parts = ext === 'json' ? ['{\n'] : [];
    let size = 0;
    let i = 0;
    while (size < target) {
      const l = line(i++);
      parts.push(l);
      size += l.length;
    }
    if (ext === 'json') parts.push('  "end": true\n}\n');
    const rel = path.posix.join(`pkg${f % 97}`, `mod${f % 13}`, `file${f}.${ext}`);
    if (f % plantEvery === 7) {
      const secret = pick(secrets)();
      const at = Math.floor(parts.length / 2);
      parts.splice(at, 0, ext === 'json' ? `  "apiToken": "${secret}",\n` : ext === 'yaml' ? `api_token: ${secret}\n` : ext === 'md' ? `Token: ${secret}\n` : `API_TOKEN = "${secret}"\n`);
      planted.push(rel);
    }
    writeFileSync(path.join(dir, rel), parts.join(''));
  }
  writeFileSync(path.join(dir, '.planted.json'), JSON.stringify(planted));
  writeFileSync(marker, spec);
  return planted;
}
