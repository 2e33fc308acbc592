/**
 * The vocabulary shared by every stage of the pipeline:
 * discover → classify → parse → analyze → suppress/baseline → report.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Stable finding categories (DESIGN.md). A finding has exactly one. */
export const CATEGORIES = [
  'credential.long-lived',
  'credential.expiring',
  'credential.broad-scope',
  'identity.shared-account',
  'identity.default-account',
  'oversight.missing-approval',
  'oversight.missing-audit',
  'supply-chain.unpinned',
  'supply-chain.changed',
  'transport.insecure',
  'mcp.tool-poisoning',
  'runtime.unapproved-high-risk',
  'runtime.intent-drift',
  'runtime.secret-exfiltration',
  'runtime.after-revocation',
  'runtime.credential-misuse',
  'runtime.delegation-escalation',
  'runtime.untrusted-argument',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Where a finding lives in the life of the project (`discovery/context`): what ships, or a test,
 * an example, docs … Severity is adjusted for it (`engine/context-policy`).
 */
export const CONTEXTS = ['production', 'test', 'example', 'docs', 'evaluation', 'vendored', 'generated', 'template', 'local-dev', 'recording'] as const;
export type FindingContext = (typeof CONTEXTS)[number];

/** What a file is, decided once by `discovery/classify`. */
export const FILE_KINDS = [
  'env',
  'json',
  'yaml',
  'toml',
  'hcl',
  'dockerfile',
  'python',
  'typescript',
  'markdown',
  'text',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** 1-based lines and columns; `endColumn` is exclusive, as in SARIF. */
export interface Location {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation extends Location {
  message?: string;
}

export type FrameworkRefs = Record<string, string[]>;

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  title: string;
  message: string;
  location: Location;
  /** Redacted: never a whole secret. */
  evidence?: string;
  /** The source line of the finding, with every secret on it redacted, clipped. */
  snippet?: string;
  fingerprint: string;
  frameworks: FrameworkRefs;
  remediation: string;
  /** Other places the same problem shows (e.g. every use of a shared identity). */
  related?: RelatedLocation[];
  /** Replay findings point at a session step. */
  step?: { index: number; id?: string };
  /** Scan findings: the context of the file; `severity` is already adjusted for it. */
  context?: FindingContext;
  /** The rule's severity before the context (or a low confidence) lowered it; absent when unchanged. */
  originalSeverity?: Severity;
  /** `scan --history`: where in the history the finding came in. */
  history?: FindingHistory;
  /** Set by the rule, read and removed by the context policy: how far the file's context may lower it at most. */
  contextFloor?: ContextFloor;
}

/**
 * A finding whose reach does not depend on where its file sits (a password for a public service in a
 * test script works from anywhere): in these contexts, the context lowers it by at most `levels`.
 * The configuration's own treatment of a context still wins.
 */
export interface ContextFloor {
  contexts: FindingContext[];
  levels: number;
}

export interface FindingHistory {
  /** The commit that introduced the blob holding the finding (full id), when git can tell. */
  commit?: string;
  /** That commit's author date, ISO 8601. */
  date?: string;
  /** Whether the same finding (same rule, path and secret) is still in the tree at HEAD. */
  atHead: boolean;
}

export interface ScanError {
  path: string;
  message: string;
}

export interface SkippedFile {
  path: string;
  /** `empty`, `unrecognised` and `symlink`: replay, a session file found in a folder and left out. */
  reason: 'binary' | 'too-large' | 'minified' | 'unreadable' | 'symlink-outside-root' | 'symlink-loop' | 'invalid-utf8' | 'empty' | 'unrecognised' | 'symlink';
}

export interface ScanStats {
  filesScanned: number;
  filesSkipped: number;
  /** Replay: files that could not be evaluated completely (each has an error; the exit code is 2). */
  filesFailed?: number;
  bytesScanned: number;
  durationMs: number;
  findingsSuppressed: number;
  findingsBaselined: number;
}

export interface Report {
  version: 1;
  tool: { name: 'agentwarden'; version: string };
  root: string;
  stats: ScanStats;
  findings: Finding[];
  errors: ScanError[];
  skipped: SkippedFile[];
  /** Replay runs attach their timelines here (see src/replay). */
  sessions?: SessionTimeline[];
}

export type StepKind =
  | 'message'
  | 'tool-call'
  | 'tool-result'
  | 'approval'
  | 'delegation'
  | 'credential-issue'
  | 'credential-revoke';

export type Verdict = 'allow' | 'deny' | 'needs-approval' | 'unknown';

/** One step of a replayed session, as reporters show it. */
export interface TimelineStep {
  index: number;
  id?: string;
  time?: string;
  actor?: string;
  kind: StepKind;
  tool?: string;
  /** Only tool calls get a verdict. */
  verdict?: Verdict;
  /** Why the verdict: the policy or check that decided, redacted. */
  reasons: string[];
  location: Location;
}

export interface SessionTimeline {
  /** Session file, relative to the working directory, `/` separators. */
  path: string;
  /** Detected (or forced) input format, e.g. `claude-code-jsonl`. */
  format: string;
  /** Policy file that was applied, if any. */
  policy?: string;
  steps: TimelineStep[];
  /** Steps left out of `steps` to bound memory (allowed, unremarkable steps of very long sessions). */
  stepsOmitted?: number;
}

/** A discovered file, as the walker hands it to the analyzers. */
export interface DiscoveredFile {
  /** Absolute path on disk. */
  absPath: string;
  /** Path relative to the scanned root, `/` separators. */
  relPath: string;
  kind: FileKind;
  size: number;
}
