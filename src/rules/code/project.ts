/** The agent-code domain's cross-file analyzers, in a module of their own so a scan served from the result cache loads only them. */
import type { ProjectAnalyzer } from '../../core/rule.js';
import { toolHolders } from './tool-holders.js';
import { unapprovedDelegation } from './unapproved-delegation.js';
import { agentCliDefaultOn, agentCliInMcpServer } from './agent-cli-project.js';
import { agentApiLaunched } from './agent-api-launched.js';
import { mcpHttpLaunched } from './mcp-http-launched.js';
import { agentApiNextModels } from './agent-api-next-models.js';

export const projectAnalyzers: ProjectAnalyzer[] = [unapprovedDelegation, toolHolders, agentCliInMcpServer, agentCliDefaultOn, agentApiLaunched, agentApiNextModels, mcpHttpLaunched];
