/**
 * What a command shows on stderr while it runs. On a terminal outside CI: the ink live display and
 * the summary panel. Anywhere else (pipes, files, CI, --quiet, --no-progress): nothing at all, so
 * logs stay plain and deterministic and ink is never loaded.
 */
import type { Report } from '../core/types.js';
import type { ProgressEvent } from '../engine/scan.js';
import { colorFor, isInteractive } from './terminal.js';
import type { LiveDisplay } from './live.js';
import type { ProgressState } from './views.js';

export interface Ui {
  progress(event: ProgressEvent): void;
  update(patch: Partial<Omit<ProgressState, 'startedAt'>>): void;
  stop(): void;
  summary(report: Report, failOn?: string): void;
}

const SILENT: Ui = { progress() {}, update() {}, stop() {}, summary() {} };

export async function startUi(options: { quiet?: boolean; progress?: boolean; color?: boolean }, phase: ProgressState['phase'] = 'discover'): Promise<Ui> {
  if (options.quiet || options.progress === false || !isInteractive(process.stderr)) return SILENT;
  const { startLive } = await import('./live.js');
  const live: LiveDisplay = startLive({ color: colorFor(process.stderr, options.color), phase });
  return {
    progress(event) {
      if (event.phase === 'discover') live.update({ phase: 'discover', total: event.files });
      else if (event.phase === 'analyze') live.update({ phase: 'analyze', done: event.done, total: event.total, ...findingsOf(event) });
      else live.update({ phase: 'project', total: 0 });
    },
    update: (patch) => live.update(patch),
    stop: () => live.stop(),
    summary: (report, failOn) => live.summary(report, failOn),
  };
}

/** The engine may count findings in its progress events; shown when it does. */
function findingsOf(event: ProgressEvent): { findings?: number } {
  const n = (event as { findings?: unknown }).findings;
  return typeof n === 'number' ? { findings: n } : {};
}
