/** Results of a group of files, merged; what a worker sends back for each batch. */
import type { IdentityUse, InventoryItem } from '../core/rule.js';
import type { Finding, ScanError, SkippedFile } from '../core/types.js';
import type { FileResult, QueuedFile } from './analyze-file.js';

export interface BatchResult {
  findings: Finding[];
  errors: ScanError[];
  skipped: SkippedFile[];
  identities: IdentityUse[];
  inventory: InventoryItem[];
  filesScanned: number;
  bytes: number;
  suppressed: number;
  /** Files the result cache hashed, not yet merged: the scanning thread settles each with its cache. */
  records?: { path: string; result: FileResult }[];
}

export function emptyBatch(): BatchResult {
  return { findings: [], errors: [], skipped: [], identities: [], inventory: [], filesScanned: 0, bytes: 0, suppressed: 0 };
}

/** A file just analyzed: merged, or, when the cache hashed it, kept aside for the scanning thread to settle. */
export function addAnalyzed(into: BatchResult, file: QueuedFile, result: FileResult): void {
  if (result.hash !== undefined) (into.records ??= []).push({ path: file.relPath, result });
  else addFile(into, result);
}

/** Merges each kept-aside file with what `settle` makes of it (the cached result for a hit). */
export function settleRecords(batch: BatchResult, settle: (path: string, result: FileResult) => FileResult): void {
  const records = batch.records;
  if (!records) return;
  batch.records = undefined;
  for (const { path, result } of records) addFile(batch, settle(path, result));
}

export function addFile(into: BatchResult, file: FileResult): void {
  for (const f of file.findings) into.findings.push(f);
  for (const e of file.errors) into.errors.push(e);
  for (const i of file.identities) into.identities.push(i);
  for (const i of file.inventory) into.inventory.push(i);
  if (file.skipped) into.skipped.push(file.skipped);
  else into.filesScanned++;
  into.bytes += file.bytes;
  into.suppressed += file.suppressed;
}

export function mergeBatch(into: BatchResult, other: BatchResult): void {
  for (const f of other.findings) into.findings.push(f);
  for (const e of other.errors) into.errors.push(e);
  for (const s of other.skipped) into.skipped.push(s);
  for (const i of other.identities) into.identities.push(i);
  for (const i of other.inventory) into.inventory.push(i);
  if (other.records) for (const r of other.records) (into.records ??= []).push(r);
  into.filesScanned += other.filesScanned;
  into.bytes += other.bytes;
  into.suppressed += other.suppressed;
}
