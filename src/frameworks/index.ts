/** Framework catalogs and the category/rule mapping: the public API of `src/frameworks`. */
export { FRAMEWORK_ORDER, OWASP_FRAMEWORKS } from './types.js';
export type { Control, ControlKind, ControlStatus, Framework, FrameworkMapping, KnownFrameworkId, RuleOverride, TitleKind } from './types.js';
export { parseYaml, validateFramework, validateMapping } from './validate.js';
export { CatalogError } from './fields.js';
export type { CatalogIssue } from './fields.js';
export { matchesRulePattern } from './rule-pattern.js';
export {
  FrameworkCatalog,
  controlTitle,
  frameworksDir,
  frameworksFor,
  getCatalog,
  getControl,
  getFramework,
  loadCatalogFrom,
  loadFrameworks,
  loadMapping,
  shortTags,
} from './catalog.js';
