/**
 * MCP and agent-client configurations: every major client's config is recognised by path and
 * shape, parsed once, normalized into servers, and checked by each MCP rule. Nothing is executed:
 * servers are judged by how they are declared.
 */
import type { FileAnalyzer, ProjectAnalyzer } from '../../core/rule.js';
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
import { broadCapability, filesystemRoot, privilegedContainer } from './rules/scope.js';
import { lockDrift, lockfileReader } from './lock-drift.js';

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
      for (const rule of MCP_RULES) rule.check(check);
      emitFacts(check);
    },
  };
}

export async function analyzers(engine: SecretEngine): Promise<FileAnalyzer[]> {
  return [mcpAnalyzer(engine), lockfileReader];
}

export const projectAnalyzers: ProjectAnalyzer[] = [lockDrift];
