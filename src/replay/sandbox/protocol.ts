/** What the parent sends the sandbox child on stdin, and how the child answers on stdout. */
import type { FileRef, ReplayJob, ReplayJobResult } from '../engine.js';
import type { SecretPatternData } from '../../rules/secrets/patterns.js';

export type SandboxRequest = { mode: 'run'; job: ReplayJob; secrets: SecretPatternData } | { mode: 'resolve'; policy: FileRef; taxonomyGiven?: boolean };

export type SandboxResponse = { mode: 'run'; result: ReplayJobResult } | { mode: 'resolve'; files?: string[]; fatal?: string } | { error: string };

/** Written before the JSON answer, so that stray output before it cannot be mistaken for the answer. */
export const RESULT_MARKER = '\n@@agentwarden-replay-result@@\n';
