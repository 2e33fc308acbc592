/**
 * The interactive terminal: a live progress line on stderr while a command runs, then the summary
 * panel. Only loaded when stderr is a terminal outside CI (see terminal.ts), because ink and React
 * cost about half a second to import.
 */
import { render, renderToString, type Instance } from 'ink';
import type { Report } from '../core/types.js';
import { chalkFor, columnsOf } from './terminal.js';
import { summarize } from './summary.js';
import { ProgressView, SummaryView, type ProgressState } from './views.js';

export interface LiveDisplay {
  update(patch: Partial<Omit<ProgressState, 'startedAt'>>): void;
  /** Erases the progress line, so reports written next start on a clean screen. */
  stop(): void;
  /** Writes the summary panel (after the reports). */
  summary(report: Report, failOn?: string): void;
}

export function startLive(options: { color: boolean; stream?: NodeJS.WriteStream; phase?: ProgressState['phase']; startedAt?: number }): LiveDisplay {
  const stream = options.stream ?? process.stderr;
  const c = chalkFor(options.color);
  let state: ProgressState = { phase: options.phase ?? 'discover', done: 0, total: 0, startedAt: options.startedAt ?? performance.now() };
  let instance: Instance | undefined = render(<ProgressView state={state} c={c} />, {
    stdout: stream,
    stderr: stream,
    patchConsole: false,
    exitOnCtrlC: false,
    maxFps: 20,
  });
  return {
    update(patch) {
      if (!instance) return;
      state = { ...state, ...patch };
      instance.rerender(<ProgressView state={state} c={c} />);
    },
    stop() {
      if (!instance) return;
      // An empty frame makes ink erase what it drew; unmount then leaves nothing behind.
      instance.rerender(<></>);
      instance.unmount();
      instance = undefined;
    },
    summary(report, failOn) {
      this.stop();
      stream.write(`${renderToString(<SummaryView summary={summarize(report)} c={c} failOn={failOn} />, { columns: Math.min(columnsOf(stream), 90) })}\n`);
    },
  };
}
