/** Framework catalogs and the category/rule mapping: the public API of `src/frameworks`. */
export { FRAMEWORK_ORDER, OWASP_FRAMEWORKS, CONTROL_STATUSES, CONTROL_KINDS, TITLE_KINDS } from './types.js';
export type { Control, ControlKind, ControlStatus, Framework, FrameworkMapping, KnownFrameworkId, RuleOverride, TitleKind } from './types.js';
export { CatalogError, parseYaml, validateFramework, validateMapping } from './validate.js';
export type { CatalogIssue } from './validate.js';
export { compileRulePattern, matchesRulePattern } from './rule-pattern.js';
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
