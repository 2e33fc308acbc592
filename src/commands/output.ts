/**
 * Shared by every command that produces a report: which formats go where, colour, exit code.
 * `--format` may repeat (or be comma-separated); each `--output` pairs with the format at the same
 * position, and `--format sarif:out.sarif` names both at once. Formats without a file go to stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { FailOn } from '../core/config.js';
import type { RuleMeta } from '../core/rule.js';
import type { Report, Severity } from '../core/types.js';
import { SEVERITIES } from '../core/types.js';
import { meetsThreshold } from '../core/severity.js';
import { colorFor } from '../ui/terminal.js';
import { escapeControl } from '../core/text-safety.js';
import { FORMATS, REPORTERS, type Format, type Reporter } from '../formats/index.js';

export interface OutputOptions {
  format?: string[];
  output?: string[];
  failOn?: string;
  quiet?: boolean;
  strict?: boolean;
  color?: boolean;
}

export interface OutputTarget {
  format: Format;
  file?: string;
}

export const FAIL_ON_VALUES: FailOn[] = [...SEVERITIES, 'none'];

/**
 * `--format`/`--output` pairs for any command: formats repeat or are comma-separated, `fmt:file`
 * names the file in place, each `--output` pairs with the format at its position.
 */
export function parseTargets<F extends string = Format>(
  formats: string[] = [],
  outputs: string[] = [],
  allowed: readonly F[] = FORMATS as unknown as readonly F[],
  options: { fallback?: F; what?: string } = {},
): { format: F; file?: string }[] {
  const list = formats.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  if (list.length === 0) list.push(options.fallback ?? allowed[0]!);
  if (outputs.length > list.length) throw new UsageError(`${outputs.length} --output files for ${list.length} formats`);
  return list.map((spec, i) => {
    const [name, inline] = splitSpec(spec);
    if (!(allowed as readonly string[]).includes(name)) {
      throw new UsageError(`unknown ${options.what ?? 'format'} "${name}" (expected one of: ${allowed.join(', ')})`);
    }
    return { format: name as F, file: inline ?? (outputs[i] || undefined) };
  });
}

/** One rendered output: to its file (folders created), or to stdout. */
export function writeOutput(file: string | undefined, body: string): void {
  if (file === undefined) {
    if (body) process.stdout.write(body);
    return;
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, body);
}

function splitSpec(spec: string): [string, string | undefined] {
  const i = spec.indexOf(':');
  return i < 0 ? [spec, undefined] : [spec.slice(0, i), spec.slice(i + 1)];
}

export function parseFailOn(value: string | undefined, fallback: FailOn = 'high'): FailOn {
  const v = (value ?? fallback) as FailOn;
  if (!FAIL_ON_VALUES.includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}`);
  return v;
}

/** Colour for what goes to stdout: --color/--no-color, then NO_COLOR, FORCE_COLOR, a terminal. */
export function useColor(explicit?: boolean): boolean {
  return colorFor(process.stdout, explicit);
}

/** Writes every requested format and returns the exit code the findings call for. */
export function emit(
  report: Report,
  targets: OutputTarget[],
  options: { rules: RuleMeta[]; failOn: FailOn; quiet?: boolean; strict?: boolean; color?: boolean },
  extraReporters: Partial<Record<Format, Reporter>> = {},
): number {
  const color = useColor(options.color);
  for (const target of targets) {
    const reporter = extraReporters[target.format] ?? (REPORTERS as Partial<Record<Format, Reporter>>)[target.format];
    if (!reporter) throw new UsageError(`format "${target.format}" is not available for this command`);
    const toFile = target.file !== undefined;
    let body = reporter(report, { rules: options.rules, color: color && !toFile && target.format === 'text', failOn: options.failOn });
    if (target.format === 'text' && options.quiet && !toFile) body = report.findings.length ? body : '';
    writeOutput(target.file, body);
  }
  if (!options.quiet && (targets.some((t) => t.format === 'text') || targets.every((t) => t.file))) {
    for (const e of report.errors) process.stderr.write(`agentwarden: ${escapeControl(e.path)}: ${escapeControl(e.message)}\n`);
  }
  return exitCode(report, options.failOn, options.strict);
}

export function exitCode(report: Report, failOn: FailOn, strict = false): number {
  if (strict && report.errors.length > 0) return 2;
  return report.findings.some((f) => meetsThreshold(f.severity as Severity, failOn)) ? 1 : 0;
}
