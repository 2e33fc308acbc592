/**
 * The session's record: timeline steps (bounded: the first `maxTimelineSteps`, then only remarkable
 * ones) and findings (bounded, with stable fingerprints). Everything it keeps is made printable.
 */
import { SEVERITIES, type Finding, type Severity, type TimelineStep } from '../core/types.js';
import { fingerprint } from '../core/fingerprint.js';
import type { ReplayEvent, SourceRef } from './model.js';
import type { FindingSpec } from './checks/types.js';

/** Strip control, bidi and line-separator characters that a hostile transcript could use against a terminal. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '\ufffd').replace(/[\n\t]/g, ' ');
}

export class Recorder {
  readonly steps: TimelineStep[] = [];
  stepsOmitted = 0;
  private remarkableKept = 0;
  /** Findings by severity (critical first): past the cap, a finding pushes out a less severe one. */
  private readonly bySeverity: Finding[][] = SEVERITIES.map(() => []);
  private findingCount = 0;
  findingsOmitted = 0;
  private readonly ordinals = new Map<string, number>();
  /** Index of the last step made. */
  index = 0;

  constructor(
    private readonly relPath: string,
    private readonly maxTimelineSteps: number,
    private readonly maxFindings: number,
    /** Redacts the session's known and recognisable secrets, clipped to `max`. */
    private readonly scrub: (text: string, max?: number) => string,
  ) {}

  /** Text of this session on its way out: secrets redacted, control characters replaced. */
  private shown(text: string, max = 200): string {
    return printable(this.scrub(text, max));
  }

  makeStep(e: ReplayEvent, kind: TimelineStep['kind'], extra: Partial<TimelineStep> = {}): TimelineStep {
    const step: TimelineStep = {
      index: ++this.index,
      kind,
      reasons: [],
      location: this.location(e.src),
      ...extra,
    };
    const id = extra.id ?? e.id;
    if (id) step.id = id;
    if (e.time) step.time = e.time;
    if (e.branch) step.reasons.push(e.branch === 'sidechain' ? 'on a sidechain (sub-agent)' : 'on a branch the user rewound (it still ran)');
    return step;
  }

  private location(src: SourceRef): TimelineStep['location'] {
    const col = src.column ?? 1;
    return { path: this.relPath, startLine: src.line, startColumn: col, endLine: src.line, endColumn: col + 1 };
  }

  /** A finished step joins the timeline (or is counted as omitted). Reasons starting with `!` mark a remarkable step. */
  keep(step: TimelineStep): void {
    const remarkable = (step.verdict !== undefined && step.verdict !== 'allow') || step.reasons.some((r) => r.startsWith('!'));
    if (step.index <= this.maxTimelineSteps) this.steps.push(step);
    else if (remarkable && this.remarkableKept < this.maxTimelineSteps) {
      this.remarkableKept++;
      this.steps.push(step);
    } else return void this.stepsOmitted++;
    for (let i = 0; i < step.reasons.length; i++) if (step.reasons[i]!.startsWith('!')) step.reasons[i] = step.reasons[i]!.slice(1);
    // Ids, names and reasons can carry secrets (a token as a call id or credential id): scrubbed like findings.
    if (step.tool) step.tool = this.shown(step.tool);
    if (step.actor) step.actor = this.shown(step.actor);
    if (step.id) step.id = this.shown(step.id);
    step.reasons = step.reasons.map((r) => this.shown(r, 600));
  }

  /** The findings kept, most severe first (the caller orders them). */
  get findings(): Finding[] {
    return this.bySeverity.flat();
  }

  /**
   * Room for a finding of this severity: below the cap; past it, the newest of the least severe
   * findings is left out instead, so that a critical finding late in a long session is never the one lost.
   */
  private room(severity: Severity): boolean {
    if (this.findingCount < this.maxFindings) return true;
    const sev = SEVERITIES.indexOf(severity);
    for (let i = SEVERITIES.length - 1; i > sev; i--) {
      if (this.bySeverity[i]!.length) {
        this.bySeverity[i]!.pop();
        this.findingCount--;
        this.findingsOmitted++;
        return true;
      }
    }
    return false;
  }

  report(step: TimelineStep, f: FindingSpec): void {
    if (!this.room(f.severity ?? f.rule.severity)) {
      this.findingsOmitted++;
      return;
    }
    const key = `${this.relPath}\0${f.rule.id}\0${f.key}`;
    const ordinal = this.ordinals.get(key) ?? 0;
    this.ordinals.set(key, ordinal + 1);
    const finding: Finding = {
      ruleId: f.rule.id,
      category: f.category ?? f.rule.category,
      severity: f.severity ?? f.rule.severity,
      confidence: f.confidence ?? 'high',
      title: f.title ?? f.rule.title,
      message: this.shown(f.message, 600),
      location: step.location,
      fingerprint: fingerprint(f.rule.id, this.relPath, f.key, ordinal),
      frameworks: {},
      remediation: f.rule.remediation,
      step: step.id ? { index: step.index, id: step.id } : { index: step.index },
    };
    if (f.evidence) finding.evidence = this.shown(f.evidence);
    if (finding.step?.id) finding.step.id = this.shown(finding.step.id);
    this.bySeverity[SEVERITIES.indexOf(finding.severity)]!.push(finding);
    this.findingCount++;
  }
}
