/**
 * `scan --history`: the secrets in every blob the history holds, not only in the tree at HEAD.
 *
 * Each unique blob is analyzed once as it streams from git (the secret findings only: a past
 * config's other problems are not the repository's problems today). A secret that several versions
 * of a file carry is one finding, keyed by its fingerprint (rule, path, secret), so a baseline or
 * config ignore written for a normal scan applies here too; it is reported where it first came
 * in: the blob whose introducing commit is the oldest, with that commit, its author date, and
 * whether HEAD still holds it.
 */
import path from 'node:path';
import { loadConfig, type Config } from '../core/config.js';
import type { Finding, Location, Report, ScanError, SkippedFile } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { repoRoot } from '../discovery/git.js';
import { checkRange, headBlobs, historyBlobs, introducingCommits, type HistoryRange } from '../discovery/history.js';
import { loadFileAnalyzers } from '../rules/registry.js';
import { analyzerSet, analyzeSource, type FileResult } from './analyze-file.js';
import { settleFindings, type ProgressEvent, type ScanResult } from './scan.js';
import { byPath } from './order.js';

export interface HistoryScanOptions extends HistoryRange {
  /** A folder inside the repository; its whole history is scanned. */
  path: string;
  configFile?: string;
  exclude?: string[];
  baseline?: string;
  onProgress?: (event: ProgressEvent) => void;
}

/** One finding and every blob it shows in, with its location in each. */
interface Occurrences {
  finding: Finding;
  blobs: Map<string, Location>;
}

/** Progress is reported every this many blobs. */
const PROGRESS_EVERY = 500;

export async function scanHistory(options: HistoryScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const root = repoRoot(path.resolve(options.path));
  const loaded = loadConfig(root, options.configFile);
  const config: Config = { ...loaded.config, exclude: [...(loaded.config.exclude ?? []), ...(options.exclude ?? [])] };
  const range: HistoryRange = { since: options.since, logOpts: options.logOpts };
  checkRange(root, range);
  const set = analyzerSet((await loadFileAnalyzers(config)).filter((a) => !a.reportsNoSecrets), config.maxFileSize);

  const byFingerprint = new Map<string, Occurrences>();
  // Every version of a file is a blob: a path is noted once per problem, not once per version.
  const errors = new Map<string, ScanError>();
  const skipped = new Map<string, SkippedFile>();
  let blobs = 0;
  let bytes = 0;
  let suppressed = 0;
  for await (const blob of historyBlobs({ root, ...range, exclude: config.exclude, maxFileSize: config.maxFileSize })) {
    if (blob.error) errors.set(`${blob.error.path}\0${blob.error.message}`, blob.error);
    if (!blob.source) {
      if (blob.skipped) skipped.set(`${blob.skipped.path}\0${blob.skipped.reason}`, blob.skipped);
      continue;
    }
    const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: blob.source.size, suppressed: 0 };
    await analyzeSource(blob.source, set, result, { secretsOnly: true });
    blobs++;
    bytes += result.bytes;
    suppressed += result.suppressed;
    for (const e of result.errors) errors.set(`${e.path}\0${e.message}`, e);
    for (const f of result.findings) {
      const seen = byFingerprint.get(f.fingerprint);
      if (seen) seen.blobs.set(blob.oid, f.location);
      else byFingerprint.set(f.fingerprint, { finding: f, blobs: new Map([[blob.oid, f.location]]) });
    }
    if (blobs % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'analyze', done: blobs, total: blobs, findings: byFingerprint.size });
  }

  const wanted = new Set<string>();
  for (const o of byFingerprint.values()) for (const oid of o.blobs.keys()) wanted.add(oid);
  const introduced = await introducingCommits(root, range, wanted);
  const atHead = headBlobs(root);
  const findings: Finding[] = [];
  for (const { finding, blobs: where } of byFingerprint.values()) {
    // The blob that came in first; one git cannot date (reachable only from a tag on a tree) comes last.
    let first: string | undefined;
    for (const oid of where.keys()) {
      const t = introduced.get(oid)?.time ?? Infinity;
      if (first === undefined || t < (introduced.get(first)?.time ?? Infinity)) first = oid;
    }
    const intro = introduced.get(first!);
    findings.push({
      ...finding,
      location: where.get(first!)!,
      history: { commit: intro?.commit, date: intro?.date, atHead: [...where.keys()].some((oid) => atHead.has(oid)) },
    });
  }
  const settled = settleFindings(findings, config, options.baseline, [], [], root);
  options.onProgress?.({ phase: 'done' });
  const report: Report = {
    version: 1,
    tool: { name: 'agentwarden', version: VERSION },
    root,
    stats: {
      filesScanned: blobs,
      filesSkipped: skipped.size,
      bytesScanned: bytes,
      durationMs: Math.round(performance.now() - started),
      findingsSuppressed: suppressed + settled.suppressed,
      findingsBaselined: settled.baselined,
    },
    findings: settled.findings,
    errors: [...errors.values()].sort(byPath),
    skipped: [...skipped.values()].sort(byPath),
  };
  return { report, config: loaded, facts: { identities: [], inventory: [] } };
}
