// The parse prefilters skip work, never findings: each folder given is scanned twice, each time in
// a fresh process, once as shipped and once with every prefilter off (AGENTWARDEN_PREFILTER=off),
// and the two results are compared: the findings (each whole: fingerprint, rule, file, line,
// message, severity …), the errors, the skipped files, the files scanned, and the facts the report
// is built from (identities and the tool inventory: `scan --format json` does not print them, so
// each scan runs the engine's `scan()` from the bundle the command line runs, the way
// `scan --no-cache` does, and prints all of it).
// `--cli` runs `agentwarden scan DIR --format json --no-cache --fail-on none` instead (findings,
// errors and skipped files only: what the JSON report carries).
//
//   node bench/prefilter-check.mjs <dir> [dir ...] [--cli] [--threads N] [--no-stats] [--json out.json]
//
// Prints, per folder: files scanned, findings, whether both scans agree, and every difference;
// then what the prefilters spared (with them on): code files, those importing an agent framework,
// and those parsed; YAML deployment candidates and those parsed; Terraform files and those parsed.
// Exits 1 when any folder differs; "errors only" marks a folder where only parse errors differ (a
// broken file the prefilters skip is not syntax-checked). Scans one folder at a time (each scan
// uses the CLI's threads).
// Build first (`npm run build`): it runs dist/bundle/ (the scan) and dist/ (the decisions counted).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
const args = process.argv.slice(2);
const valued = new Set(['--threads', '--json', '--child']);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

async function main() {
  const dirs = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])).map((d) => path.resolve(d));
  if (dirs.length === 0) {
    console.error('usage: node bench/prefilter-check.mjs <dir> [dir ...] [--cli] [--threads N] [--no-stats] [--json out.json]');
    process.exit(2);
  }
  const cli = args.includes('--cli');
  const stats = !cli && !args.includes('--no-stats');
  const tmp = mkdtempSync(path.join(tmpdir(), 'agentwarden-prefilter-'));
  const rows = [];
  try {
    for (const dir of dirs) {
      const on = run(dir, false, cli, stats, tmp);
      const off = run(dir, true, cli, false, tmp);
      const differences = compare(on, off);
      const row = { dir, files: on.filesScanned, findings: on.findings.length, findingsOff: off.findings.length, identical: differences.length === 0, differences, cpu: { on: on.cpuS, off: off.cpuS }, prefilters: on.prefilters };
      rows.push(row);
      print(row);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const out = opt('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
  const differing = rows.filter((r) => !r.identical);
  console.log(`\n${rows.length} folder(s), ${differing.length} with a difference${differing.length ? ': ' + differing.map((r) => path.basename(r.dir)).join(', ') : ''}`);
  process.exit(differing.length ? 1 : 0);
}

/** One scan in a fresh process; `off` turns every prefilter off. */
function run(dir, off, cli, stats, tmp) {
  const env = { ...process.env };
  if (off) env.AGENTWARDEN_PREFILTER = 'off';
  else delete env.AGENTWARDEN_PREFILTER;
  const file = path.join(tmp, `${off ? 'off' : 'on'}.json`);
  const threads = opt('--threads');
  if (cli) {
    const out = execFileSync(process.execPath, [path.resolve(here, '../bin/agentwarden.js'), 'scan', dir, '--format', 'json', '--no-cache', '--fail-on', 'none', '--quiet'], { env, maxBuffer: 1 << 30 });
    writeFileSync(file, out);
  } else {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, file, ...(stats ? ['--stats'] : []), ...(threads ? ['--threads', threads] : [])], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // The CLI prints the report alone; the child prints the report and the facts.
  const report = cli ? r : r.report;
  return { filesScanned: report.stats.filesScanned, findings: report.findings, errors: report.errors, skipped: report.skipped, identities: r.facts?.identities, inventory: r.facts?.inventory, prefilters: r.prefilters, cpuS: r.cpuS };
}

/** The differences between the scan with prefilters (`on`) and without (`off`), as lines. */
function compare(on, off) {
  const out = [];
  if (on.filesScanned !== off.filesScanned) out.push(`files scanned: ${on.filesScanned} with the prefilters, ${off.filesScanned} without`);
  const findingKey = (f) => `${f.fingerprint ?? '-'} ${f.ruleId} ${f.location?.path ?? '-'}:${f.location?.startLine ?? '-'}`;
  out.push(...multisetDiff('finding', on.findings, off.findings, findingKey));
  out.push(...multisetDiff('error', on.errors, off.errors, (e) => `${e.path}: ${e.message}`));
  out.push(...multisetDiff('skipped file', on.skipped, off.skipped, (s) => `${s.path} (${s.reason})`));
  if (on.identities && off.identities) out.push(...multisetDiff('identity', on.identities, off.identities, factKey));
  if (on.inventory && off.inventory) out.push(...multisetDiff('inventory item', on.inventory, off.inventory, factKey));
  return out;
}

/** Identities by key and consumer, inventory items by type and name; both where they stand. */
const factKey = (x) => `${x.type ?? x.identityKind} ${x.key ?? x.data?.name ?? ''}${x.consumer ? ` (${x.consumer})` : ''} ${x.location?.path}:${x.location?.startLine}`;

/**
 * Items on one side only (by key, counted), and items with the same key that differ in anything
 * else (compared whole, as JSON).
 */
function multisetDiff(label, on, off, key) {
  const out = [];
  const group = (xs) => {
    const m = new Map();
    for (const x of xs) {
      const k = key(x);
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(JSON.stringify(x));
    }
    return m;
  };
  const a = group(on);
  const b = group(off);
  for (const [k, xs] of b) {
    const ys = a.get(k) ?? [];
    if (xs.length > ys.length) out.push(`${label} only without the prefilters (${xs.length - ys.length}): ${k}`);
  }
  for (const [k, ys] of a) {
    const xs = b.get(k) ?? [];
    if (ys.length > xs.length) out.push(`${label} only with the prefilters (${ys.length - xs.length}): ${k}`);
    if (xs.length && ys.length && [...xs].sort().join('\n') !== [...ys].sort().join('\n')) out.push(`${label} differs: ${k}`);
  }
  return out;
}

function print(row) {
  const name = path.basename(row.dir);
  const p = row.prefilters;
  const spared = p
    ? `${row.cpu.on === undefined ? '' : '; '}code parsed ${p.codeParsed}/${p.codeFramework} framework/${p.code} code, yaml parsed ${p.yamlParsed}/${p.yamlCandidates}, terraform parsed ${p.tfParsed}/${p.tf}`
    : '';
  const cpu = row.cpu.on === undefined ? '' : `cpu ${row.cpu.on.toFixed(1)} s on, ${row.cpu.off.toFixed(1)} s off`;
  // A file that does not parse and could yield nothing is reported only when it is parsed (README, *Speed*).
  const errorsOnly = !row.identical && row.differences.every((d) => d.startsWith('error '));
  const notes = cpu + spared;
  console.log(`${name.padEnd(40)} files ${String(row.files).padStart(6)}  findings ${String(row.findings).padStart(5)}  identical ${row.identical ? 'yes' : errorsOnly ? 'NO (errors only)' : 'NO'}${notes ? `  (${notes})` : ''}`);
  for (const d of row.differences.slice(0, 50)) console.log(`    ${d}`);
  if (row.differences.length > 50) console.log(`    … ${row.differences.length - 50} more`);
}

/**
 * In the fresh process: the scan the CLI runs for `scan DIR --no-cache` (config at the root, the
 * CLI's threads), written with its facts to `out`; with `stats`, then the prefilters' decisions on
 * every file, counted.
 */
async function child(dir, out, stats, threads) {
  // The engine as the command line runs it (the bundle); the prefilters' own modules are counted from dist/.
  const { loadCached } = await import(pathToFileURL(path.join(dist, 'core/code-cache.js')).href);
  const { scan } = loadCached(path.join(dist, 'bundle/scan.cjs'));
  const result = await scan({ paths: [dir], ...(threads ? { threads: Number(threads) } : {}) });
  // CPU time of the scan, every thread of this process (user + system).
  const usage = process.resourceUsage();
  const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const prefilters = stats ? await countDecisions(result.report.root, result.config.config) : undefined;
  writeFileSync(out, JSON.stringify({ report: result.report, facts: result.facts, prefilters, cpuS }));
}

/** What each prefilter says of the files the scan reads (the scan's own walk, read and tests). */
async function countDecisions(root, config) {
  const load = (m) => import(pathToFileURL(path.join(dist, m)).href);
  const [{ walk }, { readSource }, { importsAgentFramework, isTestPath }, { mayDeclareAgentCode }, { isDeployYamlPath, hasDeployYamlWords }, { manifestMayYield }, { terraformMayYield }, { DEPLOY_RULES }, { secretEngine }] = await Promise.all(
    ['discovery/walk.js', 'engine/analyze-file.js', 'rules/code/frameworks.js', 'rules/code/markers.js', 'rules/deploy/formats.js', 'rules/deploy/manifest-prefilter.js', 'rules/deploy/terraform-prefilter.js', 'rules/deploy/rules/all.js', 'rules/registry.js'].map(load),
  );
  // A YAML deployment candidate: what manifestMayYield reads with the prefilters off.
  const yamlCandidate = (source) => isDeployYamlPath(source.relPath) || hasDeployYamlWords(source.text);
  const engine = secretEngine(config);
  const n = { code: 0, codeFramework: 0, codeParsed: 0, yamlCandidates: 0, yamlParsed: 0, tf: 0, tfParsed: 0 };
  for (const entry of walk({ root, paths: [root], exclude: config.exclude, maxFileSize: config.maxFileSize })) {
    if (entry.type !== 'file') continue;
    const { kind, relPath } = entry.file;
    const tf = kind === 'hcl' && /\.(?:tf|tfvars)$/i.test(relPath);
    if (kind !== 'python' && kind !== 'typescript' && kind !== 'yaml' && !tf) continue;
    const { source } = readSource(entry.file, config.maxFileSize);
    if (!source) continue;
    if (kind === 'python' || kind === 'typescript') {
      const language = kind === 'python' ? 'python' : 'typescript';
      n.code++;
      if (isTestPath(relPath) || !importsAgentFramework(source.text, language)) continue;
      n.codeFramework++;
      if (mayDeclareAgentCode(source.text, language)) n.codeParsed++;
    } else if (kind === 'yaml') {
      if (!yamlCandidate(source)) continue;
      n.yamlCandidates++;
      if (manifestMayYield(source, DEPLOY_RULES)) n.yamlParsed++;
    } else {
      n.tf++;
      if (terraformMayYield(source, DEPLOY_RULES, engine)) n.tfParsed++;
    }
  }
  return n;
}

if (args[0] === '--child') await child(args[1], args[2], args.includes('--stats'), opt('--threads'));
else await main();
