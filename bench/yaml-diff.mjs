// Compares the fast YAML path (src/parsers/yaml-fast.ts: js-yaml's events built into the `yaml`
// package's nodes) with the `yaml` package's own parse, on every .yml/.yaml file under the folders
// given: the plain values (deep, key order and number identity included), the node trees (class,
// flow style, tag, anchor, scalar type and value, alias source) and every node's range[0] and
// range[1], the two ends the consumers read (range[2], the end with trailing comments, is counted
// apart). A file with `{{ … }}` is compared a second time as the scan reads a chart template, its
// template actions blanked (rules/deploy/formats.ts). Prints how many files took the fast path, the fallbacks by reason, and each mismatch;
// exits 1 on any mismatch. Runs the build: `npm run build && node bench/yaml-diff.mjs <dir …>`.
//   --show N   print up to N mismatches (default 20)   --range2   list range[2] differences too
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseYamlFast } from '../dist/parsers/yaml-fast.js';
import { parseWithLibrary } from '../dist/parsers/yaml.js';
import { yamlLib } from '../dist/parsers/libraries.js';
import { blankTemplates, hasDeployYamlWords, isDeployYamlPath } from '../dist/rules/deploy/formats.js';
import { redact } from '../dist/core/redact.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const show = Number(opt('--show', 20));
const listRange2 = args.includes('--range2');
const dirs = args.filter((a) => !a.startsWith('--'));
if (!dirs.length) {
  console.error('usage: node bench/yaml-diff.mjs [--show N] [--range2] <dir …>');
  process.exit(2);
}

const MAX = 2_000_000;
const files = [];
const walk = (d) => {
  let entries;
  try {
    entries = readdirSync(d, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && /\.ya?ml$/i.test(e.name) && statSync(p).size <= MAX) files.push(p);
  }
};
for (const d of dirs) walk(d);

const Y = yamlLib();
const position = (text) => ({
  position(offset) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  },
});

/** The first difference between two plain values, or ''. */
function valueDiff(a, b, at) {
  if (Object.is(a, b)) return '';
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return `${at}: ${fmt(a)} ≠ ${fmt(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${fmt(ka.slice(0, 8))} ≠ ${fmt(kb.slice(0, 8))}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototype`;
  for (const k of ka) {
    const d = valueDiff(a[k], b[k], `${at}.${k}`);
    if (d) return d;
  }
  return '';
}
/** A value for a mismatch line: strings redacted (a scanned file's values may be secrets), others by shape. */
const fmt = (v) => {
  if (typeof v === 'string') return JSON.stringify(redact(v));
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? JSON.stringify(redact(x)) : String(x))).join(', ')}]`;
  if (v && typeof v === 'object') return 'object';
  return String(v);
};

let range2 = 0;
/** The first difference between two node trees, or ''. */
function nodeDiff(a, b, at, r2) {
  if (a === b) return '';
  if (!a || !b) return `${at}: node ${a ? 'present' : 'missing'} vs ${b ? 'present' : 'missing'}`;
  const kind = (n) => (Y.isMap(n) ? 'map' : Y.isSeq(n) ? 'seq' : Y.isScalar(n) ? 'scalar' : Y.isAlias(n) ? 'alias' : Y.isPair(n) ? 'pair' : 'other');
  const [ka, kb] = [kind(a), kind(b)];
  if (ka !== kb || a.constructor !== b.constructor) return `${at}: ${ka} vs ${kb}`;
  if (ka === 'pair') return nodeDiff(a.key, b.key, `${at}.key`, r2) || nodeDiff(a.value, b.value, `${at}.value`, r2);
  for (const p of ['tag', 'anchor', 'flow']) if (a[p] !== b[p] && !(p === 'flow' && !a[p] && !b[p])) return `${at}: ${p} ${fmt(a[p])} ≠ ${fmt(b[p])}`;
  const ra = a.range;
  const rb = b.range;
  if (!ra || !rb || ra[0] !== rb[0] || ra[1] !== rb[1]) return `${at}: range ${fmt(ra)} ≠ ${fmt(rb)}`;
  if (ra[2] !== rb[2]) r2.push(`${at}: range[2] ${ra[2]} ≠ ${rb[2]}`);
  if (ka === 'scalar') {
    if (!Object.is(a.value, b.value)) return `${at}: value ${fmt(a.value)} ≠ ${fmt(b.value)}`;
    if (a.type !== b.type) return `${at}: type ${a.type} ≠ ${b.type}`;
    return '';
  }
  if (ka === 'alias') return a.source === b.source ? '' : `${at}: alias ${a.source} ≠ ${b.source}`;
  if (a.items.length !== b.items.length) return `${at}: ${a.items.length} items ≠ ${b.items.length}`;
  for (let i = 0; i < a.items.length; i++) {
    const d = nodeDiff(a.items[i], b.items[i], `${at}[${i}]`, r2);
    if (d) return d;
  }
  return '';
}

let fast = 0;
/** Texts the deployment rules parse (known by path, or by the words of Kubernetes, Compose, CloudFormation), and of those on the fast path. */
let deploy = 0;
let deployFast = 0;
let bytes = 0;
let fastBytes = 0;
const fallbacks = new Map();
const mismatches = [];
const started = performance.now();
const inputs = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  inputs.push([file, text]);
  if (text.includes('{{')) inputs.push([`${file} (templates blanked)`, blankTemplates(text)]);
}
for (const [file, text] of inputs) {
  bytes += text.length;
  const candidate = isDeployYamlPath(file) || hasDeployYamlWords(text);
  if (candidate) deploy++;
  let f;
  try {
    f = parseYamlFast(text);
  } catch (err) {
    mismatches.push(`${file}: the fast path threw ${err?.stack ?? err}`);
    continue;
  }
  if (!f.ok) {
    const n = fallbacks.get(f.fallback) ?? { all: 0, refused: 0 };
    n.all++;
    if (!parseWithLibrary(position(text), text).ok) n.refused++;
    fallbacks.set(f.fallback, n);
    continue;
  }
  fast++;
  if (candidate) deployFast++;
  fastBytes += text.length;
  const lib = parseWithLibrary(position(text), text);
  if (!lib.ok) {
    mismatches.push(`${file}: the fast path read it, the yaml package refused it (${lib.error})`);
    continue;
  }
  if (lib.doc.length !== f.docs.length) {
    mismatches.push(`${file}: ${f.docs.length} documents ≠ ${lib.doc.length}`);
    continue;
  }
  const r2 = [];
  for (let i = 0; i < f.docs.length; i++) {
    const d = valueDiff(f.docs[i].value, lib.doc[i].value, `doc${i}`) || nodeDiff(f.docs[i].contents, lib.doc[i].document.contents, `doc${i}`, r2);
    if (d) {
      mismatches.push(`${file}: ${d}`);
      break;
    }
  }
  if (r2.length) {
    range2++;
    if (listRange2) console.log(`range[2] ${file}: ${r2[0]} (${r2.length})`);
  }
}
const pct = (n, d) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
console.log(`${files.length} files, ${inputs.length - files.length} of them also with template actions blanked: ${inputs.length} texts (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`fast path: ${fast} texts (${pct(fast, inputs.length)}), ${(fastBytes / 1e6).toFixed(1)} MB (${pct(fastBytes, bytes)})`);
console.log(`  deployment candidates (workflows, Compose, Kubernetes, Helm, CloudFormation …): ${deployFast} of ${deploy} on the fast path (${pct(deployFast, deploy)})`);
console.log(`fallbacks: ${inputs.length - fast}`);
for (const [reason, n] of [...fallbacks].sort((x, y) => y[1].all - x[1].all)) console.log(`  ${String(n.all).padStart(6)}  ${reason}${n.refused ? ` (the yaml package refuses ${n.refused} of them too)` : ''}`);
console.log(`mismatches: ${mismatches.length}`);
for (const m of mismatches.slice(0, show)) console.log(`  ${m}`);
console.log(`files whose range[2] (the end with trailing comments, which no consumer reads) differs somewhere: ${range2}`);
process.exit(mismatches.length ? 1 : 0);
