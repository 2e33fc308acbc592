/**
 * The risky-sink taxonomy (`rules/code/risky-sinks.yaml`), loaded and compiled once, validated
 * against `schema/risky-sinks.schema.json` with errors that name the file and line.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';
import type { Severity } from '../../core/types.js';
import type { Control } from './flow.js';
import type { Language } from './model.js';

interface SinkFile {
  version: 1;
  classes: Record<string, { label: string; severity: Severity }>;
  sinks: { class: string; language?: Language | 'any'; call?: string; args?: string; alongside?: string; unlessAlongside?: string; sameReceiver?: boolean; unlessMadeBy?: string; strings?: string; text?: string; flags?: string; control?: Control; arg?: (string | number)[] }[];
}

export interface Sink {
  riskClass: string;
  language: Language | 'any';
  call?: RegExp;
  args?: RegExp;
  /** With call: another call of the same module (`callee(args)`) must match, e.g. the one that starts the shell a write feeds. */
  alongside?: RegExp;
  /**
   * With alongside: when the call's receiver is a name the module assigns from calls (`calc =
   * pexpect.spawn("bc")`), one of those calls must be the one that matches (a shell's session, not a
   * calculator's beside it); a receiver the module never assigns so falls back to the module.
   */
  sameReceiver?: boolean;
  /**
   * With call: not when the module makes the call's receiver only with calls that match
   * (`client = MemcachedConnectionManager.get_connection()` before `client.get(key)`: a cache's
   * client, not an HTTP one), `callee(args)`.
   */
  unlessMadeBy?: RegExp;
  /** With call: no other call of the same module (`callee(args)`) may match, e.g. a mail transport that only builds the message. */
  unlessAlongside?: RegExp;
  strings?: RegExp;
  text?: RegExp;
  /** What the model must decide for the call to be risky; none: risky by itself. */
  control?: Control;
  /** Which arguments decide it (positions, keywords, `self`, `0.to`); none: all. */
  arg?: string[];
}

export interface Taxonomy {
  classes: Map<string, { label: string; severity: Severity }>;
  sinks: Sink[];
}

export const SINKS_FILE = path.join(RULES_DIR, 'code', 'risky-sinks.yaml');

let cached: Taxonomy | undefined;

export function loadTaxonomy(file = SINKS_FILE): Taxonomy {
  if (file === SINKS_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<SinkFile>(file, 'risky-sinks', undefined, display);
  const classes = new Map(Object.entries(value.classes));
  const sinks = value.sinks.map((s, i): Sink => {
    // The line is looked up only for an error: it re-parses the file, which the build's record of the data spares.
    const where = (): string => `${display}:${lineOf(['sinks', i]) ?? '?'}`;
    if (!classes.has(s.class)) throw new UsageError(`${where()}: unknown class "${s.class}" (declare it under classes)`);
    const compile = (source: string | undefined, field: string): RegExp | undefined => {
      if (source === undefined) return undefined;
      try {
        return new RegExp(source, s.flags ?? '');
      } catch (err) {
        throw new UsageError(`${where()}: ${field} is not a valid regular expression: ${(err as Error).message}`);
      }
    };
    if (s.control && !s.call) throw new UsageError(`${where}: control applies to call sinks only`);
    return {
      riskClass: s.class,
      language: s.language ?? 'any',
      call: compile(s.call, 'call'),
      args: compile(s.args, 'args'),
      alongside: compile(s.alongside, 'alongside'),
      unlessAlongside: compile(s.unlessAlongside, 'unlessAlongside'),
      sameReceiver: s.sameReceiver,
      unlessMadeBy: compile(s.unlessMadeBy, 'unlessMadeBy'),
      strings: compile(s.strings, 'strings'),
      text: compile(s.text, 'text'),
      control: s.control,
      arg: s.arg?.map(String),
    };
  });
  const taxonomy = { classes, sinks };
  if (file === SINKS_FILE) cached = taxonomy;
  return taxonomy;
}
