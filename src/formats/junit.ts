/**
 * JUnit XML for CI test tabs: a test suite per scanned root with one failing test case per finding
 * (a passing case when there are none), and for replays a suite per session with a case per step.
 */
import type { Finding, SessionTimeline } from '../core/types.js';
import { meetsThreshold } from '../core/severity.js';
import type { Reporter } from './types.js';
import { xml } from './xml.js';
import { historyLine } from './text.js';

export const junit: Reporter = (report, options) => {
  const suites: string[] = [];
  if (!report.sessions?.length || report.findings.some((f) => !f.step)) {
    const scanFindings = report.findings.filter((f) => !f.step);
    const failures = scanFindings.filter((f) => meetsThreshold(f.severity, options.failOn)).length;
    const cases = scanFindings.length
      ? scanFindings.map((f) => findingCase(f, meetsThreshold(f.severity, options.failOn)))
      : ['    <testcase classname="agentwarden" name="no findings"/>'];
    suites.push(
      `  <testsuite name="agentwarden scan" tests="${cases.length}" failures="${failures}" errors="${report.errors.length}" time="${seconds(report.stats.durationMs)}">\n${cases.join('\n')}\n${errorsOut(report.errors)}  </testsuite>`,
    );
  }
  for (const session of report.sessions ?? []) suites.push(sessionSuite(session, report.findings, options.failOn));
  if (report.stats.filesFailed) suites.push(notEvaluatedSuite(report.errors));
  const tests = suites.reduce((n, s) => n + Number(/tests="(\d+)"/.exec(s)![1]), 0);
  const failures = suites.reduce((n, s) => n + Number(/failures="(\d+)"/.exec(s)![1]), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="agentwarden" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
};

function findingCase(f: Finding, failing: boolean): string {
  const where = `${f.location.path}:${f.location.startLine}:${f.location.startColumn}`;
  const name = `${f.ruleId} at ${where}`;
  const body = [f.message, f.evidence ? `Evidence: ${f.evidence}` : '', f.history ? `History: ${historyLine(f.history)}` : '', `Fix: ${f.remediation}`].filter(Boolean).join('\n');
  const tag = failing ? 'failure' : 'system-out';
  const attrs = failing ? ` message="${xml(f.title)}" type="${f.severity}"` : '';
  return `    <testcase classname="${xml(f.location.path)}" name="${xml(name)}">\n      <${tag}${attrs}>${xml(body)}</${tag}>\n    </testcase>`;
}

function sessionSuite(session: SessionTimeline, findings: Finding[], failOn: Parameters<typeof meetsThreshold>[1]): string {
  const bySession = findings.filter((f) => f.step && f.location.path === session.path);
  const cases: string[] = [];
  let failures = 0;
  for (const step of session.steps) {
    if (step.kind !== 'tool-call') continue;
    const stepFindings = bySession.filter((f) => f.step!.index === step.index);
    const failing = stepFindings.filter((f) => meetsThreshold(f.severity, failOn));
    const name = `step ${step.index}: ${step.tool ?? step.kind} → ${step.verdict ?? 'unknown'}`;
    if (failing.length) {
      failures++;
      const body = failing.map((f) => `${f.ruleId}: ${f.message}`).join('\n');
      cases.push(`    <testcase classname="${xml(session.path)}" name="${xml(name)}">\n      <failure message="${xml(failing[0]!.title)}" type="${failing[0]!.severity}">${xml(body)}</failure>\n    </testcase>`);
    } else {
      const out = step.reasons.length ? `\n      <system-out>${xml(step.reasons.join('\n'))}</system-out>\n    ` : '';
      cases.push(`    <testcase classname="${xml(session.path)}" name="${xml(name)}">${out}</testcase>`);
    }
  }
  if (!cases.length) cases.push(`    <testcase classname="${xml(session.path)}" name="no tool calls"/>`);
  return `  <testsuite name="${xml(`replay ${session.path} (${session.format})`)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
}

/** Replay: the session files that could not be evaluated, each an erroring case (never a silent pass). */
function notEvaluatedSuite(errors: { path: string; message: string }[]): string {
  const cases = errors.map(
    (e) => `    <testcase classname="${xml(e.path || 'agentwarden')}" name="not evaluated">\n      <error message="${xml(e.message)}" type="not-evaluated"/>\n    </testcase>`,
  );
  return `  <testsuite name="replay: files not evaluated" tests="${cases.length}" failures="0" errors="${cases.length}">\n${cases.join('\n')}\n  </testsuite>`;
}

function errorsOut(errors: { path: string; message: string }[]): string {
  if (!errors.length) return '';
  return `    <system-err>${xml(errors.map((e) => `${e.path}: ${e.message}`).join('\n'))}</system-err>\n`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
