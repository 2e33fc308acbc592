import type { RuleMeta } from '../../src/core/rule.js';
import type { Finding, Report } from '../../src/core/types.js';

/** A fixed report exercising every field reporters render: related locations, steps, errors, sessions. */
export function sampleReport(): Report {
  const findings: Finding[] = [
    {
      ruleId: 'secrets/github-pat',
      category: 'credential.long-lived',
      severity: 'high',
      confidence: 'high',
      title: 'GitHub personal access token',
      message: 'GitHub personal access token hard-coded in .mcp.json. It does not expire until someone revokes it.',
      location: { path: '.mcp.json', startLine: 7, startColumn: 41, endLine: 7, endColumn: 81 },
      evidence: 'ghp_…NUx',
      snippet: '"GITHUB_TOKEN": "ghp_…NUx"',
      fingerprint: '0f5e1c1a9d0e4c7b8a2f3e4d5c6b7a81',
      frameworks: { 'owasp-asi': ['ASI03'], 'owasp-nhi': ['NHI7:2025'] },
      remediation: 'Revoke the token and use a GitHub App installation token.',
    },
    {
      ruleId: 'identity/shared-credential',
      category: 'identity.shared-account',
      severity: 'medium',
      confidence: 'medium',
      title: 'One identity shared by several consumers',
      message: 'GitHub token ghp_…NUx is used by 2 consumers: .mcp.json; scripts/release.sh.',
      location: { path: '.mcp.json', startLine: 7, startColumn: 41, endLine: 7, endColumn: 81 },
      evidence: 'GitHub token ghp_…NUx',
      fingerprint: '1a2b3c4d5e6f708192a3b4c5d6e7f809',
      frameworks: { 'owasp-nhi': ['NHI9:2025'] },
      remediation: 'Give each consumer its own identity.',
      related: [
        { path: '.mcp.json', startLine: 7, startColumn: 41, endLine: 7, endColumn: 81, message: 'used by .mcp.json' },
        { path: 'scripts/release.sh', startLine: 3, startColumn: 14, endLine: 3, endColumn: 54, message: 'used by scripts/release.sh' },
      ],
    },
    {
      ruleId: 'replay/unapproved-high-risk',
      category: 'runtime.unapproved-high-risk',
      severity: 'critical',
      confidence: 'high',
      title: 'High-risk step without approval',
      message: 'Tool "shell" (shell) ran with no approval record <&> "quoted".',
      location: { path: 'sessions/run.jsonl', startLine: 12, startColumn: 1, endLine: 12, endColumn: 1 },
      fingerprint: '2b3c4d5e6f708192a3b4c5d6e7f8091a',
      frameworks: { 'owasp-asi': ['ASI02'] },
      remediation: 'Require approval for shell.',
      step: { index: 4, id: 'toolu_01' },
    },
  ];
  return {
    version: 1,
    tool: { name: 'agentwarden', version: '0.1.0' },
    root: '/repo',
    stats: { filesScanned: 12, filesSkipped: 1, bytesScanned: 4096, durationMs: 42, findingsSuppressed: 1, findingsBaselined: 0 },
    findings,
    errors: [{ path: 'broken.yaml', message: 'invalid YAML at 3:2: Unexpected flow-map-end' }],
    skipped: [{ path: 'logo.png', reason: 'binary' }],
    sessions: [
      {
        path: 'sessions/run.jsonl',
        format: 'claude-code-jsonl',
        policy: 'policy.yaml',
        steps: [
          { index: 3, kind: 'message', actor: 'user', reasons: [], location: { path: 'sessions/run.jsonl', startLine: 10, startColumn: 1, endLine: 10, endColumn: 1 } },
          { index: 4, id: 'toolu_01', time: '2026-11-02T10:00:03Z', kind: 'tool-call', actor: 'assistant', tool: 'shell', verdict: 'needs-approval', reasons: ['shell is high-risk (shell)', 'no approval record'], location: { path: 'sessions/run.jsonl', startLine: 12, startColumn: 1, endLine: 12, endColumn: 1 } },
          { index: 5, kind: 'tool-call', actor: 'assistant', tool: 'lookup_order', verdict: 'allow', reasons: [], location: { path: 'sessions/run.jsonl', startLine: 14, startColumn: 1, endLine: 14, endColumn: 1 } },
        ],
      },
    ],
  };
}

export const sampleRules: RuleMeta[] = [
  { id: 'secrets/github-pat', title: 'GitHub personal access token', category: 'credential.long-lived', severity: 'high', confidence: 'high', description: 'A GitHub classic token.', remediation: 'Revoke it.', frameworks: { 'owasp-asi': ['ASI03'] } },
  { id: 'identity/shared-credential', title: 'One identity shared by several consumers', category: 'identity.shared-account', severity: 'high', confidence: 'medium', description: 'Shared.', remediation: 'Split it.', frameworks: { 'owasp-nhi': ['NHI9:2025'] } },
];
