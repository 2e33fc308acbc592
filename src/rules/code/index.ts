/**
 * Agent code (Python and TypeScript/JavaScript): which tools agents get, which are high-risk,
 * whether approval guards them, hidden instructions in tool descriptions, tracing switched off.
 * One analyzer parses each agent file once (lazily loaded parsers) and runs every code rule on the
 * shared analysis; it also emits the tool inventory and the credential variables agents use.
 */
import type { AnalyzerContext, FileAnalyzer } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { NotebookCodeFile } from './notebook-file.js';
import type { SecretEngine } from '../secrets/analyzer.js';
import { isCredentialKey } from '../secrets/values.js';
import { analyzeCode, type FileAnalysis } from './analysis.js';
import { importsAgentFramework, isTestPath } from './frameworks.js';
import { mayDeclareAgentCode, mayDeclareOwnTools, mayDeclareImportedServerTools, mayDeclareRegisteredTools, mayRunModelReply } from './markers.js';
import { approvalBypassed } from './approval-bypassed.js';
import { emitAgents } from './agent-facts.js';
import { missingApproval } from './missing-approval.js';
import { toolPoisoning } from './tool-poisoning.js';
import { tracingDisabled } from './tracing-disabled.js';
import { mayLaunchMcpServer, mcpUnpinnedLaunch } from './mcp-code-launch.js';
import { hostCodeExecution } from './host-code-execution.js';
import { unconfirmedToolCalls } from './unconfirmed-tool-calls.js';
import { modelOutputExecuted } from './model-output-executed.js';
import type { CodeRule } from './rule.js';
import { agentCliApprovalsOff } from './agent-cli-approvals-off.js';
import { mcpHttpNoAuth } from './mcp-http-no-auth.js';
import { agentApiNoAuth } from './agent-api-no-auth.js';
import { tlsVerificationOff } from './tls-verification-off.js';

export const CODE_RULES: CodeRule[] = [missingApproval, approvalBypassed, hostCodeExecution, modelOutputExecuted, unconfirmedToolCalls, toolPoisoning, tracingDisabled, mcpUnpinnedLaunch];

/**
 * The code a file holds: a Python or TypeScript file itself; for a Jupyter notebook, its code cells
 * as Python whose positions are the notebook's (`notebook-file.ts`); undefined for anything else.
 */
function codeOf(file: SourceFile): SourceFile | undefined {
  if (file.kind === 'python' || file.kind === 'typescript') return file;
  if (!file.relPath.toLowerCase().endsWith('.ipynb')) return undefined;
  return file.memo('code:notebook', () => {
    // A notebook that imports no agent framework is not parsed: its source lines, unquoted, name none.
    if (!importsAgentFramework(file.text.replace(/^[ \t]*"/gm, ''), 'python')) return undefined;
    return NotebookCodeFile.of(file);
  });
}

export function codeAnalyzer(): FileAnalyzer {
  return {
    name: 'code/agent-code',
    rules: CODE_RULES.map((r) => r.meta),
    reportsNoSecrets: true,
    kinds: ['python', 'typescript', 'text'],
    applies: (file) => {
      if (isTestPath(file.relPath)) return false;
      const code = codeOf(file);
      if (!code) return false;
      const language = code.kind === 'python' ? 'python' : 'typescript';
      return (
        (importsAgentFramework(code.text, language) && mayDeclareAgentCode(code.text, language)) ||
        mayRunModelReply(code.text, language) ||
        mayDeclareOwnTools(code.text, language) ||
        mayDeclareRegisteredTools(code.text, language) ||
        mayDeclareImportedServerTools(code.text, language) ||
        mayLaunchMcpServer(code.text)
      );
    },
    async analyze(source, fileCtx) {
      const file = codeOf(source);
      if (!file) return;
      const ctx = file instanceof NotebookCodeFile ? file.context(fileCtx) : fileCtx;
      const result = await analyzeCode(file);
      if (!result.ok) {
        ctx.error(result.error);
        return;
      }
      const { analysis } = result;
      if (analysis.model.syntaxError) {
        const e = analysis.model.syntaxError;
        ctx.error(`syntax error at line ${e.line}${e.message ? ` (${e.message})` : ''}: agent code analysed only where it parses`);
      }
      for (const [dep, hash] of analysis.dependencies) ctx.dependsOn?.(dep, hash);
      for (const rule of CODE_RULES) rule.check(file, analysis, ctx);
      emitFacts(file, analysis, ctx);
      emitAgents(file, analysis, ctx);
    },
  };
}

/** Inventory of tools for `agentwarden tools`, and credential variables for the identity graph. */
function emitFacts(file: SourceFile, analysis: FileAnalysis, ctx: AnalyzerContext): void {
  for (const a of analysis.tools) {
    // MCP tools also go into the MCP lockfile: what their descriptions and parameters say.
    if (a.tool.framework === 'mcp') {
      ctx.inventory({
        type: 'mcp-tool',
        span: a.tool.at,
        data: { name: a.tool.name, ...(a.tool.description ? { description: a.tool.description.text } : {}), parameters: a.tool.schemaStrings.map((t) => t.text) },
      });
    }
    ctx.inventory({
      type: 'agent-tool',
      span: a.tool.at,
      data: {
        name: a.tool.name,
        ...(a.tool.binding ? { binding: a.tool.binding } : {}),
        ...(a.tool.registered ? { registered: a.tool.registered } : {}),
        ...(a.tool.runs ? { runs: a.tool.runs } : {}),
        framework: a.tool.framework,
        language: analysis.model.language,
        via: a.tool.via,
        ...(a.tool.inputs ? { inputs: a.tool.inputs } : {}),
        risks: a.risks.map((r) => ({
          class: r.riskClass,
          label: r.label,
          severity: r.severity,
          line: file.position(r.start).line,
          ...(r.site ? { site: `${r.site.path}:${r.site.startLine}` } : {}),
          evidence: r.evidence,
          ...(r.via ? { via: r.via } : {}),
          ...(r.inputs ? { inputs: r.inputs } : {}),
          ...(r.argument ? { argument: r.argument } : {}),
          path: r.path,
        })),
        contained: a.contained.map((c) => ({ class: c.riskClass, line: file.position(c.start).line, ...(c.site ? { site: `${c.site.path}:${c.site.startLine}` } : {}), evidence: c.evidence, reason: c.reason, path: c.path })),
        ...(a.tool.annotations ? { annotations: a.tool.annotations } : {}),
        approval: {
          found: a.approval.found,
          ...(a.approval.mechanism ? { mechanism: a.approval.mechanism, scope: a.approval.scope } : {}),
          ...(a.approval.at ? { line: file.position(a.approval.at.start).line } : {}),
          ...(a.approval.disabled ? { disabled: `${a.approval.disabled.option}=${a.approval.disabled.value}` } : {}),
          ...(a.approval.partial ? { partial: a.approval.partial } : {}),
        },
      },
    });
  }
  const { model } = analysis;
  if (model.agents.length === 0 && model.tools.length === 0) return;
  const named = model.agents.find((a) => a.name)?.name;
  const stem = file.baseName.replace(/\.[^.]+$/, '');
  const consumer = `agent ${named ?? stem} (${file.relPath})`;
  const seen = new Set<string>();
  for (const read of model.envReads) {
    if (!isCredentialKey(read.name) || seen.has(read.name)) continue;
    seen.add(read.name);
    ctx.identity({ key: `var:${read.name}`, label: read.name, identityKind: 'variable', consumer, lifetime: 'reference', span: read });
  }
}

export async function analyzers(_engine: SecretEngine): Promise<FileAnalyzer[]> {
  return [codeAnalyzer(), agentCliApprovalsOff, mcpHttpNoAuth, agentApiNoAuth, tlsVerificationOff];
}

