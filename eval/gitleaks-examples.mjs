#!/usr/bin/env node
/**
 * How this build does on the examples gitleaks ships with its rules: each rule generator in a local
 * gitleaks checkout (`cmd/generate/config/rules/*.go`) lists true-positive (`tps`) and
 * false-positive (`fps`) examples. They are extracted at run time (see lib/gitleaks-rules.mjs),
 * written one per file into a scratch folder, scanned with this checkout's CLI, and scored:
 *
 *   recall      share of the true-positive examples of provider rules (every rule but
 *               gitleaks' generic ones) on which some finding at low or above is reported;
 *   false hits  share of all rules' false-positive examples on which one is (a rule's negative
 *               that is another rule's positive, such as Cloudflare's key kinds, is left out).
 *
 * Info findings (keys public by design, listed for the inventory) count as not reported. Nothing of
 * gitleaks is kept: the scratch folder is removed, and listings show examples shortened.
 *
 *   node eval/gitleaks-examples.mjs --gitleaks /path/to/gitleaks [--json FILE] [--list misses|false|all|none] [--seed N] [--bin FILE]
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadGitleaksExamples } from './lib/gitleaks-rules.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

function parseArgs(argv) {
  const opts = { list: 'all', seed: 1, bin: path.join(ROOT, 'bin', 'agentwarden.js') };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--gitleaks') opts.gitleaks = value();
    else if (a === '--json') opts.json = value();
    else if (a === '--list') opts.list = value();
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--bin') opts.bin = path.resolve(value());
    else if (a === '-h' || a === '--help') opts.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  opts.gitleaks ??= process.env.GITLEAKS_DIR;
  return opts;
}

/** An example as it may be shown: long runs of key characters cut to their ends. */
export function shorten(text) {
  const one = text.replace(/\s+/g, ' ').trim();
  const cut = one.replace(/[A-Za-z0-9+/_=.%-]{16,}/g, (run) => `${run.slice(0, 6)}…${run.slice(-2)}`);
  return cut.length > 110 ? `${cut.slice(0, 109)}…` : cut;
}

const isProvider = (ruleId) => !ruleId.startsWith('generic');
const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || !opts.gitleaks) {
    console.log('usage: node eval/gitleaks-examples.mjs --gitleaks DIR [--json FILE] [--list misses|false|all|none] [--seed N] [--bin FILE]');
    process.exit(opts.help ? 0 : 2);
  }
  const rules = loadGitleaksExamples(opts.gitleaks, opts.seed);
  const scratch = mkdtempSync(path.join(tmpdir(), 'agentwarden-gitleaks-'));
  try {
    // One example per file, under a neutral path (production context), named after its rule.
    const examples = [];
    // A rule's negatives include other rules' positives (Cloudflare's three key kinds are each
    // other's): found by the rule they belong to, they are no false positive of the scanner.
    const positives = new Set(rules.flatMap((rule) => rule.tps.map((ex) => ex.text)));
    let othersPositives = 0;
    rules.forEach((rule, r) => {
      for (const [kind, list] of [['tp', rule.tps], ['fp', rule.fps]]) {
        list.forEach((ex, n) => {
          if (kind === 'fp' && positives.has(ex.text)) {
            othersPositives++;
            return;
          }
          const name = ex.file ? `${kind}-${n}-${ex.file.replace(/[^\w.-]/g, '_')}` : `${kind}-${n}.txt`;
          const rel = `src/${String(r).padStart(3, '0')}-${rule.ruleId}/${name}`;
          mkdirSync(path.dirname(path.join(scratch, rel)), { recursive: true });
          writeFileSync(path.join(scratch, rel), ex.text);
          examples.push({ rel, rule: rule.ruleId, kind, text: ex.text, hits: [] });
        });
      }
    });
    const reportFile = path.join(scratch, 'report.json');
    const run = spawnSync(process.execPath, [opts.bin, 'scan', path.join(scratch, 'src'), '--format', 'json', '--output', reportFile, '--fail-on', 'none', '--no-cache'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`scan failed (${run.status}): ${run.stderr.slice(0, 500)}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const byPath = new Map(examples.map((e) => [e.rel.slice('src/'.length), e]));
    for (const f of report.findings) {
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK.low) continue;
      for (const loc of [f.location, ...(f.related ?? [])]) byPath.get(loc.path)?.hits.push(`${f.ruleId} ${f.severity}`);
    }
    const figures = { ...score(rules, examples), othersPositives };
    print(figures, examples, rules, opts.list);
    if (opts.json) {
      const strip = (e) => ({ rule: e.rule, kind: e.kind, example: shorten(e.text), hits: [...new Set(e.hits)] });
      writeFileSync(
        opts.json,
        JSON.stringify(
          {
            gitleaks: opts.gitleaks,
            seed: opts.seed,
            ...figures,
            misses: examples.filter((e) => e.kind === 'tp' && isProvider(e.rule) && e.hits.length === 0).map(strip),
            falseHits: examples.filter((e) => e.kind === 'fp' && e.hits.length > 0).map(strip),
          },
          null,
          2,
        ),
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function score(rules, examples) {
  const perRule = {};
  for (const e of examples) {
    const r = (perRule[e.rule] ??= { provider: isProvider(e.rule), tp: 0, tpFound: 0, fp: 0, fpHit: 0 });
    if (e.kind === 'tp') {
      r.tp++;
      if (e.hits.length) r.tpFound++;
    } else {
      r.fp++;
      if (e.hits.length) r.fpHit++;
    }
  }
  const provider = Object.values(perRule).filter((r) => r.provider);
  const sum = (list, k) => list.reduce((n, r) => n + r[k], 0);
  const all = Object.values(perRule);
  return {
    rules: rules.length,
    skippedExamples: rules.reduce((n, r) => n + r.skipped, 0),
    recall: { found: sum(provider, 'tpFound'), of: sum(provider, 'tp'), value: sum(provider, 'tpFound') / sum(provider, 'tp') },
    falsePositives: { hit: sum(all, 'fpHit'), of: sum(all, 'fp'), value: sum(all, 'fpHit') / sum(all, 'fp') },
    perRule,
  };
}

function print(figures, examples, rules, list) {
  const f2 = (x) => x.toFixed(3);
  console.log(`gitleaks rules: ${figures.rules}, examples: ${examples.length} (${figures.skippedExamples} written in Go this script does not evaluate, skipped)`);
  console.log(`provider recall on true-positive examples: ${f2(figures.recall.value)} (${figures.recall.found}/${figures.recall.of})`);
  console.log(
    `false positives on negative examples:      ${f2(figures.falsePositives.value)} (${figures.falsePositives.hit}/${figures.falsePositives.of}; ${figures.othersPositives} negatives that are another rule's positives left out)`,
  );
  const weak = Object.entries(figures.perRule).filter(([, r]) => (r.provider && r.tpFound < r.tp) || r.fpHit > 0);
  if (weak.length) {
    console.log('\nper rule (only rules with a miss or a false hit): rule  found/tps  false-hits/fps');
    for (const [id, r] of weak.sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${id.padEnd(44)} ${`${r.tpFound}/${r.tp}`.padStart(7)}  ${`${r.fpHit}/${r.fp}`.padStart(6)}`);
  }
  if (list === 'misses' || list === 'all') {
    const misses = examples.filter((e) => e.kind === 'tp' && isProvider(e.rule) && e.hits.length === 0);
    if (misses.length) console.log(`\nmissed true positives (${misses.length}):`);
    for (const e of misses) console.log(`  ${e.rule}: ${shorten(e.text)}`);
  }
  if (list === 'false' || list === 'all') {
    const hits = examples.filter((e) => e.kind === 'fp' && e.hits.length > 0);
    if (hits.length) console.log(`\nfalse hits on negatives (${hits.length}):`);
    for (const e of hits) console.log(`  ${e.rule}: ${shorten(e.text)}  ← ${[...new Set(e.hits)].join(', ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`gitleaks-examples: ${err.message}`);
    process.exit(1);
  }
}
