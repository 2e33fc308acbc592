/**
 * What a command shows on stderr while it runs. On a terminal outside CI: the ink live display and
 * the summary panel. Anywhere else (pipes, files, CI, --quiet, --no-progress): nothing at all, so
 * logs stay plain and deterministic and ink is never loaded.
 *
 * ink and React take about half a second to import, so they load alongside the command's own work
 * and the display starts as soon as they are ready, from the latest state.
 */
import type { Report } from '../core/types.js';
import type { ProgressEvent } from '../engine/scan.js';
import { colorFor, isInteractive } from './terminal.js';
import type { LiveDisplay } from './live.js';
import type { ProgressState } from './views.js';

type Patch = Partial<Omit<ProgressState, 'startedAt'>>;

export interface Ui {
  readonly interactive: boolean;
  progress(event: ProgressEvent): void;
  update(patch: Patch): void;
  /** Erases the live line (before reports go to stdout); later updates are ignored. */
  stop(): void;
  summary(report: Report, failOn?: string): Promise<void>;
}

const SILENT: Ui = { interactive: false, progress() {}, update() {}, stop() {}, async summary() {} };

export function startUi(options: { quiet?: boolean; progress?: boolean; color?: boolean }, phase: ProgressState['phase'] = 'discover'): Ui {
  if (options.quiet || options.progress === false || !isInteractive(process.stderr)) return SILENT;
  const startedAt = performance.now();
  let pending: Patch = { phase };
  let stopped = false;
  let live: LiveDisplay | undefined;
  const ready = import('./live.js').then(
    ({ startLive }) => {
      live = startLive({ color: colorFor(process.stderr, options.color), phase, startedAt });
      if (stopped) live.stop();
      else live.update(pending);
      return live;
    },
    () => undefined, // no display rather than no scan
  );
  const update = (patch: Patch) => {
    if (stopped) return;
    pending = { ...pending, ...patch };
    live?.update(patch);
  };
  return {
    interactive: true,
    progress(event) {
      if (event.phase === 'discover') update({ phase: 'analyze', done: 0, total: event.files });
      else if (event.phase === 'analyze') update({ phase: 'analyze', done: event.done, total: event.total, ...findingsOf(event) });
      else update({ phase: 'project', total: 0 });
    },
    update,
    stop() {
      stopped = true;
      live?.stop();
    },
    async summary(report, failOn) {
      stopped = true;
      (await ready)?.summary(report, failOn);
    },
  };
}

/** The engine may count findings in its progress events; shown when it does. */
function findingsOf(event: ProgressEvent): { findings?: number } {
  const n = (event as { findings?: unknown }).findings;
  return typeof n === 'number' ? { findings: n } : {};
}
