/**
 * Reading benign sessions for `policy learn`: detect each file's format, stream its events into one
 * fact collector per session. Only JSON is parsed; nothing in a session is executed.
 */
import type { ScanError } from '../../core/types.js';
import { openInput, DEFAULT_INPUT_LIMITS } from '../input.js';
import { detectFormat, readerFor } from '../formats/index.js';
import type { FileRef } from '../engine.js';
import { FactCollector, type SessionFacts } from './collect.js';

export async function readFacts(files: FileRef[], inputFormat?: string): Promise<{ sessions: SessionFacts[]; errors: ScanError[] }> {
  const sessions: SessionFacts[] = [];
  const errors: ScanError[] = [];
  for (const file of files) {
    let errorsHere = 0;
    const error = (line: number | undefined, message: string): void => {
      if (errorsHere++ < 20) errors.push({ path: file.rel, message: line ? `line ${line}: ${message}` : message });
    };
    let input;
    try {
      input = await openInput(file.abs, DEFAULT_INPUT_LIMITS);
    } catch (e) {
      error(undefined, `cannot read the session: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const reader = inputFormat ? readerFor(inputFormat) : detectFormat(input)?.reader;
    if (!reader) {
      if (!file.found) error(undefined, 'unrecognised session format');
      continue;
    }
    let collector = new FactCollector(file.rel, reader.id);
    let events = 0;
    try {
      await reader.read(
        input,
        (e) => {
          if (e.kind === 'session' && e.boundary && events > 0) {
            sessions.push(collector.done());
            collector = new FactCollector(file.rel, reader.id);
            events = 0;
          }
          events++;
          collector.push(e);
        },
        { error, file: file.rel },
      );
    } catch (e) {
      error(undefined, `reading stopped: ${(e as Error).message.slice(0, 200)}`);
    }
    if (events) sessions.push(collector.done());
  }
  return { sessions, errors };
}
