/** The MCP domain's cross-file analyzers, in a module of their own so a scan served from the result cache loads only them. */
import type { ProjectAnalyzer } from '../../core/rule.js';
import { approvalJoins } from './approval-joins.js';
import { lockDrift } from './lock-drift.js';

export const projectAnalyzers: ProjectAnalyzer[] = [lockDrift, approvalJoins];
