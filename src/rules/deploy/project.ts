/** The deployment domain's cross-file analyzers, in a module of their own so a scan served from the result cache loads only them. */
import type { ProjectAnalyzer } from '../../core/rule.js';
import { runsAsRootAcrossImages } from './rules/runs-as-root.js';
import { vncPublished } from './rules/vnc-no-password.js';
import { browserDebugPublished } from './rules/browser-debug-exposed.js';
import { codeExecPublished } from './rules/code-exec-endpoint-exposed.js';
import { unpinnedImageBuiltHere, unpinnedImageDeployedByBuilder, unpinnedImageOwnBuild } from './rules/unpinned-image.js';

export const projectAnalyzers: ProjectAnalyzer[] = [runsAsRootAcrossImages, unpinnedImageDeployedByBuilder, unpinnedImageBuiltHere, unpinnedImageOwnBuild, vncPublished, browserDebugPublished, codeExecPublished];
