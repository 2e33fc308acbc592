/**
 * The shapes of the framework data: frameworks, their controls, and the mapping from finding
 * categories and rule ids to controls, with the fixed lists (framework order, control kinds and
 * statuses) the data is checked against.
 */
import type { Category, FrameworkRefs } from '../core/types.js';

/** The frameworks every finding may cite, in the order their keys appear in `frameworks`. */
export const FRAMEWORK_ORDER = [
  'owasp-asi',
  'owasp-agentic-threats',
  'owasp-nhi',
  'owasp-llm',
  'maestro',
  'nist-ai-rmf',
  'mitre-atlas',
] as const;
export type KnownFrameworkId = (typeof FRAMEWORK_ORDER)[number];

/** The catalogs that count as OWASP for coverage checks. */
export const OWASP_FRAMEWORKS: readonly string[] = ['owasp-asi', 'owasp-agentic-threats', 'owasp-nhi', 'owasp-llm'];

/**
 * confirmed: read in the publisher's own text. confirmed-secondary: the publisher's text was not
 * reachable, several independent copies agree. unconfirmed: not checked; do not show to auditors
 * without a check.
 */
export const CONTROL_STATUSES = ['confirmed', 'confirmed-secondary', 'unconfirmed'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export const CONTROL_KINDS = [
  'risk',
  'threat',
  'layer',
  'function',
  'category',
  'subcategory',
  'tactic',
  'technique',
  'sub-technique',
  'mitigation',
] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export const TITLE_KINDS = ['verbatim', 'paraphrase'] as const;
/** Whether a title is the source's own wording or our paraphrase (NIST gives no titles). */
export type TitleKind = (typeof TITLE_KINDS)[number];

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly kind: ControlKind;
  readonly status: ControlStatus;
  /** Resolved: the control's own `titleKind`, else the framework's. */
  readonly titleKind: TitleKind;
  /** Id of the enclosing control (subcategory → category → function, threat → layer, …). */
  readonly parent?: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly note?: string;
  readonly section?: string;
  readonly tactics?: readonly string[];
}

export interface Framework {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly released?: string;
  readonly publisher?: string;
  readonly url: string;
  readonly sources: readonly string[];
  readonly status: ControlStatus;
  readonly titleKind: TitleKind;
  readonly notes?: string;
  readonly controls: readonly Control[];
}

export interface RuleOverride {
  /** Rule id or glob, as written in the mapping. */
  readonly pattern: string;
  /** Only findings of these categories; undefined means every category. */
  readonly categories?: readonly Category[];
  readonly replace: FrameworkRefs;
  readonly remove: FrameworkRefs;
  readonly add: FrameworkRefs;
}

export interface FrameworkMapping {
  readonly version: 1;
  readonly categories: Readonly<Record<Category, FrameworkRefs>>;
  /** In file order. */
  readonly rules: readonly RuleOverride[];
}
