/**
 * The shape of an MCP rule: metadata with its examples, and a check over one recognised client
 * config (its normalized servers and its raw settings tree). The domain analyzer parses each file
 * once and hands the same config to every rule.
 */
import type { AnalyzerContext, RuleMeta, Span } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import type { SecretCandidate, SecretEngine } from '../secrets/analyzer.js';
import type { ClientConfig } from './clients.js';
import type { McpServer } from './model.js';

export interface McpCheck {
  file: SourceFile;
  config: ClientConfig;
  ctx: AnalyzerContext;
  engine: SecretEngine;
}

export interface McpRule {
  meta: RuleMeta;
  check(check: McpCheck): void;
}

export function defineMcpRule(rule: McpRule): McpRule {
  return rule;
}

/** How findings and the identity graph name a server: `MCP server "github" (Cursor, .cursor/mcp.json)`. */
export function consumerName(server: McpServer, config: ClientConfig, file: SourceFile): string {
  return `MCP server "${server.name}" (${config.label}, ${file.relPath})`;
}

/** Stable fingerprint key for a finding about one setting of one server. */
export function serverKey(server: McpServer, setting: string): string {
  return `server:${server.path}/${setting}`;
}

/**
 * The provider patterns' matches in the file that overlap a span: what the secrets analyzer already
 * reports there by a format of its own, so an MCP rule does not report it again.
 */
export function engineMatches(check: McpCheck, span: Span): readonly SecretCandidate[] {
  const all = check.engine.findInFile(check.file);
  if (all.length === 0) return all;
  let start: number;
  let end: number;
  if ('start' in span) ({ start, end } = span);
  else {
    start = check.file.offset(span.startLine, span.startColumn);
    end = span.endColumn !== undefined ? check.file.offset(span.endLine ?? span.startLine, span.endColumn) : check.file.offset((span.endLine ?? span.startLine) + 1, 1);
  }
  // Generic patterns yield to what the MCP rules know of the slot (a header sent to a remote server, a
  // credential env var): the engine drops its generic finding when a rule reports the same value.
  return all.filter((c) => !c.pattern.generic && c.start < Math.max(end, start + 1) && c.end > start);
}
