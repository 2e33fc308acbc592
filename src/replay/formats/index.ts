/** The format readers, and detection: the reader with the highest score on the first records wins. */
import type { InputSource } from '../input.js';
import type { FormatId } from '../model.js';
import type { FormatReader } from './util.js';
import { normalized } from './normalized.js';
import { codexRollout } from './codex.js';
import { claudeCode } from './claude-code.js';
import { otlpJson } from './otlp.js';
import { mcpJsonRpc } from './mcp-jsonrpc.js';
import { openaiAgents } from './openai-agents.js';
import { langsmith } from './langsmith.js';
import { agentdojo } from './agentdojo.js';
import { invariant } from './invariant.js';
import { openaiResponses } from './openai-responses.js';
import { anthropicMessages } from './anthropic-messages.js';
import { openaiChat } from './openai-chat.js';
import { geminiCli } from './gemini-cli.js';

export type { FormatReader } from './util.js';

/** In order of specificity: on a tie the earlier reader wins. */
export const READERS: FormatReader[] = [
  normalized,
  codexRollout,
  claudeCode,
  geminiCli,
  otlpJson,
  openaiAgents,
  agentdojo,
  mcpJsonRpc,
  langsmith,
  invariant,
  openaiResponses,
  anthropicMessages,
  openaiChat,
];

export function readerFor(id: string): FormatReader | undefined {
  return READERS.find((r) => r.id === id);
}

export interface Detection {
  reader: FormatReader;
  score: number;
}

export function detectFormat(input: Pick<InputSource, 'sample' | 'shape'>): Detection | undefined {
  let best: Detection | undefined;
  for (const reader of READERS) {
    let score = 0;
    try {
      score = reader.detect(input.sample, input.shape);
    } catch {
      score = 0;
    }
    if (score > (best?.score ?? 0)) best = { reader, score };
  }
  return best && best.score >= 0.3 ? best : undefined;
}

export const FORMAT_TITLES: Record<FormatId, string> = Object.fromEntries(READERS.map((r) => [r.id, r.title])) as Record<FormatId, string>;
