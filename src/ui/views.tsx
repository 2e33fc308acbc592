/**
 * ink views of the terminal: the live progress line of a scan or replay and the final summary.
 * Colours come in pre-applied from one Chalk instance chosen by the caller (NO_COLOR, FORCE_COLOR,
 * whether stderr is a terminal), so ink's own colour detection, which looks at stdout, never decides.
 */
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { ChalkInstance } from 'chalk';
import { fileCounts, formatDuration, type Summary } from './summary.js';
import { severityPaint } from '../formats/text.js';

export interface ProgressState {
  /** What runs now: discovering files, analyzing, cross-file checks, replaying sessions, writing reports. */
  phase: 'discover' | 'analyze' | 'project' | 'replay' | 'report';
  done: number;
  total: number;
  /** Findings so far, when the engine reports them. */
  findings?: number;
  label?: string;
  startedAt: number;
}

const PHASES: Record<ProgressState['phase'], string> = {
  discover: 'discovering files',
  analyze: 'analyzing',
  project: 'cross-file checks',
  replay: 'replaying sessions',
  report: 'writing reports',
};

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return tick;
}

function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function ProgressView({ state, c }: { state: ProgressState; c: ChalkInstance }) {
  const tick = useTick(80);
  const elapsed = formatDuration(Math.round(performance.now() - state.startedAt));
  const counted = state.total > 0 && (state.phase === 'analyze' || state.phase === 'replay');
  return (
    <Box>
      <Text>
        {c.cyan(SPINNER[tick % SPINNER.length])} {c.bold(PHASES[state.phase])}
        {state.label ? ` ${state.label}` : ''}
        {counted ? `  ${c.cyan(bar(state.done, state.total, 24))} ${state.done}/${state.total} ${state.phase === 'replay' ? 'sessions' : 'files'}` : ''}
        {state.phase === 'discover' && state.total > 0 ? `  ${state.total} files` : ''}
        {state.findings !== undefined ? `  ${state.findings} finding${state.findings === 1 ? '' : 's'} so far` : ''}
        {c.dim(`  ${elapsed}`)}
      </Text>
    </Box>
  );
}

function Row({ left, right, width }: { left: string; right: string; width: number }) {
  return (
    <Box>
      <Box width={width}>
        <Text wrap="truncate-middle">{left}</Text>
      </Box>
      <Text>{right}</Text>
    </Box>
  );
}

/** The final panel: severity counts, categories, worst files, totals. */
export function SummaryView({ summary, c, failOn }: { summary: Summary; c: ChalkInstance; failOn?: string }) {
  const sev = severityPaint(c);
  const s = summary;
  const totals = [
    ...fileCounts(s),
    s.errors ? `${s.errors} error${s.errors === 1 ? '' : 's'}` : '',
    s.suppressed ? `${s.suppressed} suppressed` : '',
    s.baselined ? `${s.baselined} in baseline` : '',
    formatDuration(s.durationMs),
  ].filter(Boolean);
  const catWidth = Math.max(12, ...s.byCategory.map((x) => x.category.length + 2));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} marginTop={1}>
      <Text>
        {s.findings
          ? c.bold(`${s.findings} finding${s.findings === 1 ? '' : 's'}`)
          : s.filesFailed
            ? c.red.bold(`no findings, but ${s.filesFailed} file${s.filesFailed === 1 ? ' was' : 's were'} not evaluated`)
            : c.green.bold('no findings')}
        {s.bySeverity.length ? '  ' : ''}
        {s.bySeverity.map((x) => sev[x.severity](`${x.count} ${x.severity}`)).join(c.dim(' · '))}
      </Text>
      {s.byCategory.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{c.dim('by category')}</Text>
          {s.byCategory.map((x) => (
            <Row key={x.category} left={`  ${x.category}`} width={catWidth + 2} right={`${String(x.count).padStart(4)}  ${sev[x.worst](x.worst)}`} />
          ))}
        </Box>
      )}
      {s.worstFiles.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{c.dim('files to look at first')}</Text>
          {s.worstFiles.map((f) => (
            <Row key={f.path} left={`  ${f.path}`} width={Math.max(catWidth, 40) + 2} right={`${String(f.findings).padStart(4)}  ${sev[f.worst](f.worst)}`} />
          ))}
        </Box>
      )}
      {s.verdicts && (
        <Box marginTop={1}>
          <Text>
            {c.dim(`${s.sessions} session${s.sessions === 1 ? '' : 's'} replayed: `)}
            {(['allow', 'needs-approval', 'deny', 'unknown'] as const)
              .filter((v) => s.verdicts![v])
              .map((v) => `${s.verdicts![v]} ${v}`)
              .join(c.dim(' · '))}
          </Text>
        </Box>
      )}
      <Box marginTop={1}>
        <Text>
          {c.dim(totals.join(' · '))}
          {failOn ? c.dim(` · fails on ${failOn}`) : ''}
        </Text>
      </Box>
    </Box>
  );
}
