/**
 * MCP and agent-client configurations: every major client's config is recognised by path and
 * shape, parsed once, normalized into servers, and checked by each MCP rule. Nothing is executed:
 * servers are judged by how they are declared.
 */
import type { AnalyzerContext, FileAnalyzer } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';
import type { ClientConfig } from './clients.js';
import type { SecretEngine } from '../secrets/analyzer.js';
import { loadClientConfig, mayBeClientConfig } from './clients.js';
import { emitFacts } from './facts.js';
import type { McpRule } from './rule.js';
import { literalCredential, staticHeaderCredential } from './rules/literal-credential.js';
import { unpinnedImage, unpinnedPackage } from './rules/unpinned.js';
import { plainHttp, tlsVerificationOff } from './rules/transport.js';
import { approvalDisabled, projectServersAutoEnabled, serverAutoApprove } from './rules/approval.js';
import { unrestrictedPermission } from './rules/allow-rules.js';
import { hookPipeToShell } from './rules/hooks.js';
import { guardrailSelfEdit } from './rules/guardrails.js';
import { broadCapability, filesystemRoot, privilegedContainer } from './rules/scope.js';
import { lockfileReader } from './lock-drift.js';

export const MCP_RULES: McpRule[] = [
  literalCredential,
  staticHeaderCredential,
  unpinnedPackage,
  unpinnedImage,
  plainHttp,
  tlsVerificationOff,
  serverAutoApprove,
  approvalDisabled,
  unrestrictedPermission,
  projectServersAutoEnabled,
  hookPipeToShell,
  guardrailSelfEdit,
  filesystemRoot,
  broadCapability,
  privilegedContainer,
];

export function mcpAnalyzer(engine: SecretEngine): FileAnalyzer {
  return {
    name: 'mcp',
    rules: MCP_RULES.map((r) => r.meta),
    kinds: ['json', 'yaml', 'toml'],
    applies: mayBeClientConfig,
    analyze(file, ctx) {
      const { config, error } = loadClientConfig(file);
      if (error) {
        ctx.error(error);
        return;
      }
      if (!config) return;
      const check = { file, config, ctx, engine };
      for (const rule of MCP_RULES) rule.check({ ...check, ctx: lowerForDisabled(ctx, config, rule) });
      emitFacts(check);
    },
  };
}

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/**
 * Findings about a server the config turns off (`disabled: true`, `enabled: false`) are info: nothing
 * is launched, fetched or connected to until someone turns it on, and then the same finding returns
 * at its own level. A credential written into the entry is the exception, one step lower and never
 * below low: it sits in the file, readable, whether the server runs or not.
 */
function lowerForDisabled(ctx: AnalyzerContext, config: ClientConfig, rule: McpRule): AnalyzerContext {
  const disabled = config.servers.filter((s) => s.disabled).map((s) => `server:${s.path}/`);
  if (disabled.length === 0) return ctx;
  const written = rule.meta.category === 'credential.long-lived';
  return {
    ...ctx,
    report(d) {
      if (!d.key || !disabled.some((p) => d.key!.startsWith(p))) return ctx.report(d);
      const current = d.severity ?? rule.meta.severity;
      const lowered = written ? ORDER[Math.max(ORDER.indexOf('low'), ORDER.indexOf(current) - 1)]! : 'info';
      const message = written ? `${d.message} (The server is disabled in this config.)` : `${d.message} (For information: the server is disabled in this config, so nothing runs until it is turned on.)`;
      ctx.report({ ...d, severity: ORDER.indexOf(current) < ORDER.indexOf(lowered) ? current : lowered, message });
    },
  };
}

export async function analyzers(engine: SecretEngine): Promise<FileAnalyzer[]> {
  return [mcpAnalyzer(engine), lockfileReader];
}

