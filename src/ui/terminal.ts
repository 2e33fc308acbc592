/**
 * What kind of terminal we talk to, decided once per command from the environment. Cheap: no ink,
 * no React here, so the plain path (pipes, files, CI) never pays for loading them.
 */
import { Chalk, type ChalkInstance } from 'chalk';

type Env = Record<string, string | undefined>;

/** The same test as ink's `is-in-ci` (read once, at its load): CI or CONTINUOUS_INTEGRATION set and not 0/false. */
export function isCI(env: Env = process.env): boolean {
  const on = (key: string): boolean => key in env && env[key] !== '0' && env[key] !== 'false';
  return on('CI') || on('CONTINUOUS_INTEGRATION');
}

/**
 * Live display only on a real terminal, outside CI, and not on a dumb terminal: anywhere else ink
 * would write cursor-erase codes into logs and files.
 */
export function isInteractive(stream: { isTTY?: boolean } = process.stderr, env: Env = process.env): boolean {
  return stream.isTTY === true && !isCI(env) && env.TERM !== 'dumb';
}

/**
 * --color / --no-color win (a per-run flag overrides the environment, as no-color.org asks), then
 * NO_COLOR (non-empty), then FORCE_COLOR (not 0/false), then whether the stream is a terminal.
 */
export function colorFor(stream: { isTTY?: boolean }, explicit?: boolean, env: Env = process.env): boolean {
  if (explicit !== undefined) return explicit;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}

export function chalkFor(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** A 0-column pty would make ink wrap at every character. */
export function columnsOf(stream: { columns?: number }): number {
  return stream.columns && stream.columns >= 20 ? stream.columns : 80;
}
