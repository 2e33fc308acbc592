// `npm run eval -- --repos DIR`: rescans the evaluation repositories that are checked out under DIR
// (folders named <owner>+<name>) with this checkout's build, matches the findings to the verdicts in
// eval/verdicts.yaml and prints precision per rule family, at >= medium and overall, and the
// findings that still need a verdict. Repositories that are absent are skipped; with none present
// the script says so and exits 0.
//
//   node eval/run.mjs --repos DIR [--repo owner/name]… [--reports DIR] [--json FILE]
//                     [--unjudged FILE] [--list all|medium|none]
//                     [--repositories FILE] [--verdicts FILE] [--bin FILE]
//
//   --reports DIR   use saved JSON reports (DIR/<owner>+<name>.json) instead of scanning
//   --json FILE     write the figures, matches and unjudged findings as JSON
//   --unjudged FILE write the unjudged findings as verdict stubs (YAML) to fill in and append
//   --repositories FILE, --verdicts FILE   other lists than eval/repos.yaml and eval/verdicts.yaml
//   --bin FILE      scan with another build's bin/agentwarden.js (e.g. a frozen copy of an older one)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { lineHash, matchVerdicts } from './lib/match.mjs';
import { computeMetrics, FAMILIES, atLeastMedium } from './lib/metrics.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

function parseArgs(argv) {
  const opts = {
    repos: process.env.AGENTWARDEN_EVAL_REPOS,
    only: [],
    list: 'medium',
    repositories: path.join(here, 'repos.yaml'),
    verdicts: path.join(here, 'verdicts.yaml'),
    bin: path.join(root, 'bin/agentwarden.js'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--repos') opts.repos = value();
    else if (a === '--repo') opts.only.push(value());
    else if (a === '--reports') opts.reports = value();
    else if (a === '--json') opts.json = value();
    else if (a === '--unjudged') opts.unjudged = value();
    else if (a === '--list') opts.list = value();
    else if (a === '--repositories') opts.repositories = value();
    else if (a === '--verdicts') opts.verdicts = value();
    else if (a === '--bin') opts.bin = path.resolve(value());
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0].replace(/^\/\/ ?/gm, ''));
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!['all', 'medium', 'none'].includes(opts.list)) fail('--list is all, medium or none');
  return opts;
}

function fail(message) {
  console.error(`eval: ${message}`);
  process.exit(2);
}

function loadYaml(file) {
  try {
    return YAML.parse(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}
const dirName = (repo) => repo.replace('/', '+');

function headOf(dir) {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function scan(dir, name, opts) {
  const reportsDir = opts.reports;
  if (reportsDir) {
    const file = path.join(reportsDir, `${name}.json`);
    if (!existsSync(file)) fail(`no saved report ${file}`);
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  if (!existsSync(path.join(path.dirname(opts.bin), '..', 'dist'))) fail(`no build beside ${opts.bin}: run \`npm run build\` first`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'aw-eval-'));
  const out = path.join(tmp, 'report.json');
  try {
    const r = spawnSync(
      process.execPath,
      [opts.bin, 'scan', dir, '--format', 'json', '--fail-on', 'none', '--output', out, '--quiet'],
      { encoding: 'utf8', maxBuffer: 256 << 20 },
    );
    if (r.status !== 0 || !existsSync(out)) fail(`scan of ${name} failed (exit ${r.status}): ${(r.stderr || '').slice(0, 500)}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The findings of one report in the evaluation's flat shape, each with its line's hash. */
function flatten(repo, dir, report) {
  const lines = new Map();
  const lineOf = (rel, n) => {
    if (!lines.has(rel)) {
      let text = [];
      try {
        text = readFileSync(path.join(dir, rel), 'utf8').split(/\r?\n/);
      } catch {
        // a finding on a file we cannot read keeps no line hash; it can still match by fingerprint or line
      }
      lines.set(rel, text);
    }
    return lines.get(rel)[n - 1];
  };
  return report.findings.map((f) => {
    const line = f.location?.startLine ?? 0;
    const text = f.location?.path ? lineOf(f.location.path, line) : undefined;
    return {
      repo,
      path: f.location?.path ?? '',
      line,
      ruleId: f.ruleId,
      severity: f.severity,
      confidence: f.confidence,
      context: f.context,
      fingerprint: f.fingerprint,
      lineHash: text === undefined ? undefined : lineHash(text),
    };
  });
}

const pct = (r) => (r.precision === null ? '   -' : r.precision.toFixed(2));
const cell = (r) => `${pct(r)} (${r.right}/${r.judged})`.padEnd(16);

function printFigures(metrics) {
  console.log(`\n${'family'.padEnd(10)} ${'>= medium'.padEnd(16)} ${'>= medium strict'.padEnd(16)} ${'all judged'.padEnd(16)} unjudged (>= medium)`);
  const row = (name, m) =>
    console.log(`${name.padEnd(10)} ${cell(m.atLeastMedium)} ${cell(m.atLeastMediumStrict)} ${cell(m.all)} ${m.unjudged} (${m.unjudgedAtLeastMedium})`);
  for (const family of Object.keys(metrics.families).sort((a, b) => FAMILIES.indexOf(a) - FAMILIES.indexOf(b))) {
    row(family, metrics.families[family]);
  }
  row('all', metrics.total);
  const e = metrics.estimatedOverall;
  console.log(
    `\nestimated precision over all ${e.findings} findings (weighted by rule and severity): ${
      e.precision === null ? '-' : e.precision.toFixed(2)
    } (strata with verdicts cover ${e.findingsCovered})`,
  );
  console.log(`matched by: ${Object.entries(metrics.matchedBy).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing'}`);
  console.log(
    `verdicts whose finding is gone: ${metrics.gone.fp} false positives (fixed), ${metrics.gone.tp} true positives (check recall); ` +
      `${metrics.gone.ruleNotReported} of rules this scan reports nowhere (not in this build, or renamed)`,
  );
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const repos = loadYaml(opts.repositories).repositories ?? [];
  const verdicts = loadYaml(opts.verdicts).verdicts ?? [];
  if (!opts.repos) {
    console.log('eval: no repositories folder given (--repos DIR or AGENTWARDEN_EVAL_REPOS); nothing to evaluate.');
    return;
  }
  const findings = [];
  const present = [];
  for (const entry of repos) {
    if (opts.only.length && !opts.only.includes(entry.repo)) continue;
    const dir = path.resolve(opts.repos, dirName(entry.repo));
    if (!existsSync(dir)) {
      console.log(`skip ${entry.repo}: not checked out at ${dir}`);
      continue;
    }
    const head = headOf(dir);
    if (head && head !== entry.commit) console.log(`warn ${entry.repo}: checked out at ${head.slice(0, 12)}, verdicts are for ${entry.commit.slice(0, 12)}`);
    const report = scan(dir, dirName(entry.repo), opts);
    const flat = flatten(entry.repo, dir, report);
    console.log(`scan ${entry.repo}: ${flat.length} findings`);
    findings.push(...flat);
    present.push(entry.repo);
  }
  if (!present.length) {
    console.log('eval: none of the evaluation repositories is present; nothing to evaluate.');
    return;
  }

  const relevant = verdicts.filter((v) => present.includes(v.repo));
  const { matched, unjudged, unmatched } = matchVerdicts(findings, relevant);
  const metrics = computeMetrics(matched, unjudged, unmatched);
  printFigures(metrics);

  const listed = opts.list === 'all' ? unjudged : opts.list === 'medium' ? unjudged.filter((f) => atLeastMedium(f.severity)) : [];
  if (listed.length) {
    console.log(`\nunjudged findings${opts.list === 'medium' ? ' at >= medium' : ''}:`);
    for (const f of listed) console.log(`  ${f.repo} ${f.path}:${f.line} ${f.ruleId} ${f.severity}`);
  }
  const reported = new Set(findings.map((f) => f.ruleId));
  const goneTp = unmatched.filter((v) => v.verdict === 'tp' && reported.has(v.ruleId));
  if (goneTp.length) {
    console.log('\ntrue positives no longer reported:');
    for (const v of goneTp) console.log(`  ${v.repo} ${v.path}:${v.line} ${v.ruleId}`);
  }

  if (opts.json) {
    writeFileSync(
      opts.json,
      JSON.stringify({ repositories: present, metrics, matched, unjudged, gone: unmatched }, null, 2),
    );
  }
  if (opts.unjudged) {
    const stubs = unjudged.map((f) => ({
      repo: f.repo,
      path: f.path,
      line: f.line,
      ruleId: f.ruleId,
      severity: f.severity,
      verdict: '',
      reason: '',
      fingerprint: f.fingerprint,
      lineHash: f.lineHash,
    }));
    writeFileSync(opts.unjudged, YAML.stringify({ verdicts: stubs }));
  }
}

main();
