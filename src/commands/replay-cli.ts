/**
 * The CLI side of `agentwarden replay`: output targets, the live display and the summary panel
 * around `runReplay` (src/commands/replay.ts), with the same exit-code contract as scan.
 */
import type { Severity } from '../core/types.js';
import { startUi } from '../ui/session.js';
import { escapeControl } from '../core/text-safety.js';
import { emit, parseFailOn, parseTargets, type OutputOptions } from './output.js';
import { ruleCatalog } from './rules.js';

export interface ReplayCommandOptions extends OutputOptions {
  policy?: string;
  inputFormat?: string;
  cedarSchema?: string;
  approvals?: string[];
  taxonomy?: string;
  skipUnrecognized?: boolean;
  maxLineMb?: number;
  maxDocumentMb?: number;
  sandbox?: boolean;
  progress?: boolean;
}

export async function runReplayCommand(files: string[], options: ReplayCommandOptions): Promise<number> {
  const targets = parseTargets(options.format, options.output);
  const failOn = parseFailOn(options.failOn);
  const ui = startUi(options, 'replay');
  try {
    ui.update({ phase: 'replay', label: `${files.length} file${files.length === 1 ? '' : 's'}` });
    const { runReplay } = await import('./replay.js');
    const { report, exitCode } = await runReplay(files, {
      policy: options.policy,
      inputFormat: options.inputFormat,
      cedarSchema: options.cedarSchema,
      approvals: options.approvals,
      taxonomy: options.taxonomy,
      sandbox: options.sandbox,
      strict: options.strict,
      skipUnrecognized: options.skipUnrecognized,
      maxLineMb: options.maxLineMb,
      maxDocumentMb: options.maxDocumentMb,
      failOn: failOn as Severity | 'none',
    });
    ui.stop();
    if (exitCode === 2 && !report.sessions?.length && !report.stats.filesFailed && !report.skipped.length) {
      // The run did not start (bad flag or policy, no session files, sandbox failure): say why, exit 2.
      // Files that could not be evaluated are reported in every requested format.
      for (const e of report.errors) process.stderr.write(`agentwarden: ${e.path ? `${escapeControl(e.path)}: ` : ''}${escapeControl(e.message)}\n`);
      return 2;
    }
    // html is the auditor's report (src/audit), as for scan
    const extra = targets.some((t) => t.format === 'html') ? { html: (await import('../audit/html.js')).html } : {};
    const code = emit(report, targets, { rules: await ruleCatalog(), failOn, quiet: options.quiet, strict: options.strict, color: options.color }, extra);
    await ui.summary(report, failOn);
    return exitCode === 2 ? 2 : code;
  } finally {
    ui.stop();
  }
}
