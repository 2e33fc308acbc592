/**
 * `agentwarden scan [paths…]`: choose what to scan (a folder walk, the git index with --staged,
 * what changed with --since, the user's agent-client configs with --user-configs), run the
 * pipeline, hand the report to the reporters. A live display runs on stderr only when it is a
 * terminal outside CI; everywhere else the output is plain and deterministic.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import type { SourceFile } from '../core/source.js';
import type { Report, ScanError, SkippedFile } from '../core/types.js';
import { scan, type ProgressEvent, type ScanOptions } from '../engine/scan.js';
import { allRules } from '../rules/registry.js';
import { emit, parseFailOn, parseTargets, type OutputOptions } from './output.js';
import { startUi, type Ui } from '../ui/session.js';

export interface ScanCommandOptions extends OutputOptions {
  config?: string;
  baseline?: string;
  exclude?: string[];
  threads?: string;
  /** Only the content staged in the git index. */
  staged?: boolean;
  /** Only files changed since this revision (and untracked ones). */
  since?: string;
  /** Also the user's own agent-client configs (outside the scanned root). */
  userConfigs?: boolean;
  /** `--no-progress` sets false. */
  progress?: boolean;
}

export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const targets = parseTargets(options.format, options.output);
  const failOnFlag = options.failOn;
  if (failOnFlag !== undefined) parseFailOn(failOnFlag);
  if (options.staged && options.since) throw new UsageError('--staged and --since cannot be combined');
  const threads = options.threads !== undefined ? Number(options.threads) : undefined;

  const ui: Ui = startUi(options);
  try {
    const input = await selectInput(paths, options);
    const { report, config } = await scan({
      ...input.scan,
      configFile: options.config,
      exclude: options.exclude,
      baseline: options.baseline,
      threads,
      onProgress: (event: ProgressEvent) => ui.progress(event),
    });
    addExtras(report, input.errors, input.skipped);
    const failOn = parseFailOn(failOnFlag, config.config.failOn);
    ui.update({ phase: 'report', total: 0 });
    const rules = await allRules(config.config);
    ui.stop();
    const code = emit(report, targets, { rules, failOn, quiet: options.quiet, strict: options.strict, color: options.color });
    await ui.summary(report, failOn);
    return code;
  } finally {
    ui.stop();
  }
}

interface Input {
  scan: Pick<ScanOptions, 'paths' | 'root' | 'sources'>;
  errors: ScanError[];
  skipped: SkippedFile[];
}

async function selectInput(paths: string[], options: ScanCommandOptions): Promise<Input> {
  const cwd = process.cwd();
  if (options.staged || options.since) {
    const git = await import('../discovery/git.js');
    const root = git.repoRoot(paths[0] ?? cwd);
    const { config } = loadConfig(root, options.config);
    const exclude = [...(config.exclude ?? []), ...(options.exclude ?? [])];
    if (options.staged) {
      const staged = git.stagedSources(cwd, { paths, exclude, maxFileSize: config.maxFileSize });
      return { scan: { paths: [staged.root], root: staged.root, sources: staged.sources }, errors: staged.errors, skipped: staged.skipped };
    }
    const changed = git.changedSince(cwd, options.since!, paths, exclude);
    // Nothing changed: scan nothing (an empty path list would mean the whole folder).
    if (changed.files.length === 0) return { scan: { paths: [changed.root], root: changed.root, sources: [] }, errors: [], skipped: [] };
    return withUserConfigs({ scan: { paths: changed.files, root: changed.root }, errors: [], skipped: [] }, options);
  }
  return withUserConfigs({ scan: { paths }, errors: [], skipped: [] }, options);
}

/**
 * `--user-configs`: the agent clients' configs in the home folder (Claude, Cursor, VS Code, …) are
 * scanned together with the project, so a credential shared between them is one identity. They sit
 * outside the root, so every file becomes a decoded source; their paths show as `~/…`.
 */
async function withUserConfigs(input: Input, options: ScanCommandOptions): Promise<Input> {
  if (!options.userConfigs) return input;
  const extra = await userConfigFiles();
  const { walk, commonRoot } = await import('../discovery/walk.js');
  const { readSource } = await import('../engine/analyze-file.js');
  const { classify } = await import('../discovery/classify.js');
  const absPaths = input.scan.paths.map((p) => path.resolve(p));
  const root = input.scan.root ?? commonRoot(absPaths);
  const { config } = loadConfig(root, options.config);
  const sources: SourceFile[] = [];
  const errors: ScanError[] = [...input.errors];
  const skipped: SkippedFile[] = [...input.skipped];
  const take = (r: ReturnType<typeof readSource>) => {
    if (r.source) sources.push(r.source);
    if (r.skipped) skipped.push(r.skipped);
    if (r.error) errors.push(r.error);
  };
  const walkExclude = [...(config.exclude ?? []), ...(options.exclude ?? [])];
  for (const entry of walk({ root, paths: absPaths, exclude: walkExclude, maxFileSize: config.maxFileSize })) {
    if (entry.type === 'file') take(readSource(entry.file));
    else skipped.push(entry.skipped);
  }
  const home = homedir();
  for (const abs of extra) {
    const rel = displayPath(abs, home);
    take(readSource({ absPath: abs, relPath: rel, kind: classify(abs), size: 0 }));
  }
  return { scan: { paths: [root], root, sources }, errors, skipped };
}

/** `~/.cursor/mcp.json` for a file in the home folder, the absolute path otherwise; `/` separators. */
export function displayPath(abs: string, home = homedir()): string {
  const rel = path.relative(home, abs);
  const shown = !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel}` : abs;
  return shown.split(path.sep).join('/');
}

async function userConfigFiles(): Promise<string[]> {
  // A variable specifier: the MCP domain ships this module; until it does, the flag says so.
  const specifier = '../discovery/user-configs.js';
  let mod: { userConfigPaths?: () => unknown };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('--user-configs is not available in this build');
    throw err;
  }
  const found = (await mod.userConfigPaths?.()) ?? [];
  if (!Array.isArray(found)) return [];
  return found
    .map((f: unknown) => (typeof f === 'string' ? f : (f as { path?: string; absPath?: string })?.absPath ?? (f as { path?: string })?.path))
    .filter((f): f is string => typeof f === 'string');
}

function addExtras(report: Report, errors: ScanError[], skipped: SkippedFile[]): void {
  if (errors.length === 0 && skipped.length === 0) return;
  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  report.errors = [...report.errors, ...errors].sort(byPath);
  report.skipped = [...report.skipped, ...skipped].sort(byPath);
  report.stats.filesSkipped += skipped.length;
}
