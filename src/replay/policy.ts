/**
 * The replay policy (YAML), validated at load. The DESIGN.md schema (`version`, `objective`,
 * `tools.allow`, `tools.requireApproval`) plus denied tools, argument constraints, approval files,
 * high-risk class selection, egress hosts, shared credentials, per-agent tool sets, revocations,
 * and Cedar policy files. A `.cedar` file given as the policy is a Cedar-only policy.
 * The full schema is documented in `rules/replay/README.md`.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { SEVERITIES, type Severity } from '../core/types.js';
import { ToolMatcher, Validator, loadYaml, type LoadedYaml, type YPath } from './config.js';
import type { SafeRegex } from './regex.js';

export interface ArgumentRule {
  tool: ToolMatcher;
  toolGlob: string;
  /** Dotted path into the arguments; undefined means the whole argument text. */
  path?: string;
  equals?: string | number | boolean;
  oneOf?: (string | number | boolean)[];
  pattern?: SafeRegex;
  notPattern?: SafeRegex;
  min?: number;
  max?: number;
  maxLength?: number;
  verdict: 'deny' | 'needs-approval';
  severity: Severity;
  message?: string;
  /** `policy.yaml:12` — where the rule is, for reasons. */
  where: string;
}

export interface PolicyRevocation {
  target: 'credential' | 'session' | 'agent' | 'tool' | 'approval';
  ref?: string;
  at: number;
  atText: string;
  where: string;
}

export interface Policy {
  /** Policy file as shown in reports (relative path). */
  file: string;
  objective?: string;
  allow?: ToolMatcher;
  deny: ToolMatcher;
  requireApproval: ToolMatcher;
  argumentRules: ArgumentRule[];
  approvalFiles: string[];
  taxonomyFile?: string;
  /** Taxonomy classes that need approval; undefined means the taxonomy's own defaults. */
  requireApprovalClasses?: string[];
  exempt: ToolMatcher;
  allowHosts: ToolMatcher;
  sharedCredentials: Set<string>;
  agents: Map<string, ToolMatcher>;
  revocations: PolicyRevocation[];
  cedarFiles: string[];
  cedarSchema?: string;
}

export function emptyPolicy(file = ''): Policy {
  return {
    file,
    deny: new ToolMatcher([]),
    requireApproval: new ToolMatcher([]),
    argumentRules: [],
    approvalFiles: [],
    exempt: new ToolMatcher([]),
    allowHosts: new ToolMatcher([]),
    sharedCredentials: new Set(),
    agents: new Map(),
    revocations: [],
    cedarFiles: [],
  };
}

const TOP_KEYS = ['version', 'objective', 'tools', 'arguments', 'approvals', 'highRisk', 'egress', 'credentials', 'agents', 'revocations', 'cedar'] as const;
const ARG_KEYS = ['tool', 'path', 'equals', 'oneOf', 'pattern', 'notPattern', 'min', 'max', 'maxLength', 'verdict', 'severity', 'message'] as const;

function scalar(v: Validator, x: unknown, path: YPath): string | number | boolean {
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
  return v.fail(path, 'must be a string, number or boolean');
}

/**
 * @param abs   the policy file on disk
 * @param file  its name in messages and reports
 */
export function loadPolicy(abs: string, file: string): Policy {
  return parsePolicy(loadYaml(abs, file), dirname(abs));
}

export function parsePolicy(y: LoadedYaml, baseDir: string): Policy {
  const v = new Validator(y);
  const root = v.object(y.value, [], TOP_KEYS, ['version']);
  if (root.version !== 1) v.fail(['version'], 'must be 1');
  const p = emptyPolicy(y.file);
  const ref = (x: unknown, path: YPath): string => {
    const s = v.string(x, path, { nonEmpty: true });
    return isAbsolute(s) ? s : resolve(baseDir, s);
  };
  const where = (path: YPath): string => `${y.file}:${y.lineOf(path) ?? 1}`;

  if (root.objective !== undefined) p.objective = v.string(root.objective, ['objective']);

  if (root.tools !== undefined) {
    const t = v.object(root.tools, ['tools'], ['allow', 'deny', 'requireApproval']);
    if (t.allow !== undefined) p.allow = new ToolMatcher(v.strings(t.allow, ['tools', 'allow']));
    if (t.deny !== undefined) p.deny = new ToolMatcher(v.strings(t.deny, ['tools', 'deny']));
    if (t.requireApproval !== undefined) p.requireApproval = new ToolMatcher(v.strings(t.requireApproval, ['tools', 'requireApproval']));
  }

  if (root.arguments !== undefined) {
    v.list(root.arguments, ['arguments']).forEach((raw, i) => {
      const path: YPath = ['arguments', i];
      const a = v.object(raw, path, ARG_KEYS, ['tool']);
      const toolGlob = v.string(a.tool, [...path, 'tool'], { nonEmpty: true });
      const rule: ArgumentRule = {
        tool: new ToolMatcher([toolGlob]),
        toolGlob,
        path: v.optString(a.path, [...path, 'path']),
        verdict: a.verdict === undefined ? 'deny' : v.oneOf(a.verdict, [...path, 'verdict'], ['deny', 'needs-approval'] as const),
        severity: a.severity === undefined ? 'high' : v.oneOf(a.severity, [...path, 'severity'], SEVERITIES),
        message: v.optString(a.message, [...path, 'message']),
        where: where(path),
      };
      if (a.equals !== undefined) rule.equals = scalar(v, a.equals, [...path, 'equals']);
      if (a.oneOf !== undefined) rule.oneOf = v.list(a.oneOf, [...path, 'oneOf']).map((x, j) => scalar(v, x, [...path, 'oneOf', j]));
      if (a.pattern !== undefined) rule.pattern = v.regex(a.pattern, [...path, 'pattern'], '');
      if (a.notPattern !== undefined) rule.notPattern = v.regex(a.notPattern, [...path, 'notPattern'], 'i');
      if (a.min !== undefined) rule.min = v.number(a.min, [...path, 'min']);
      if (a.max !== undefined) rule.max = v.number(a.max, [...path, 'max']);
      if (a.maxLength !== undefined) rule.maxLength = v.number(a.maxLength, [...path, 'maxLength']);
      const conditions = ['equals', 'oneOf', 'pattern', 'notPattern', 'min', 'max', 'maxLength'].filter((k) => a[k] !== undefined);
      if (conditions.length === 0) v.fail(path, 'needs at least one condition: equals, oneOf, pattern, notPattern, min, max or maxLength');
      p.argumentRules.push(rule);
    });
  }

  if (root.approvals !== undefined) {
    const a = v.object(root.approvals, ['approvals'], ['files'], ['files']);
    p.approvalFiles = v.list(a.files, ['approvals', 'files']).map((x, i) => ref(x, ['approvals', 'files', i]));
  }

  if (root.highRisk !== undefined) {
    const h = v.object(root.highRisk, ['highRisk'], ['taxonomy', 'requireApproval', 'exempt']);
    if (h.taxonomy !== undefined) p.taxonomyFile = ref(h.taxonomy, ['highRisk', 'taxonomy']);
    if (h.requireApproval !== undefined) {
      p.requireApprovalClasses = v.list(h.requireApproval, ['highRisk', 'requireApproval']).map((x, i) => v.string(x, ['highRisk', 'requireApproval', i], { nonEmpty: true }));
    }
    if (h.exempt !== undefined) p.exempt = new ToolMatcher(v.strings(h.exempt, ['highRisk', 'exempt']));
  }

  if (root.egress !== undefined) {
    const e = v.object(root.egress, ['egress'], ['allowHosts']);
    if (e.allowHosts !== undefined) p.allowHosts = new ToolMatcher(v.strings(e.allowHosts, ['egress', 'allowHosts']));
  }

  if (root.credentials !== undefined) {
    const c = v.object(root.credentials, ['credentials'], ['shared']);
    if (c.shared !== undefined) p.sharedCredentials = new Set(v.strings(c.shared, ['credentials', 'shared']));
  }

  if (root.agents !== undefined) {
    const agents = v.object(root.agents, ['agents'], Object.keys((root.agents as object) ?? {}));
    for (const [name, raw] of Object.entries(agents)) {
      const a = v.object(raw, ['agents', name], ['tools'], ['tools']);
      p.agents.set(name, new ToolMatcher(v.strings(a.tools, ['agents', name, 'tools'])));
    }
  }

  if (root.revocations !== undefined) {
    v.list(root.revocations, ['revocations']).forEach((raw, i) => {
      const path: YPath = ['revocations', i];
      const r = v.object(raw, path, ['target', 'ref', 'at'], ['target', 'at']);
      const target = v.oneOf(r.target, [...path, 'target'], ['credential', 'session', 'agent', 'tool', 'approval'] as const);
      const atText = v.string(r.at, [...path, 'at']);
      const at = Date.parse(atText);
      if (Number.isNaN(at)) v.fail([...path, 'at'], 'must be an ISO-8601 time, e.g. 2026-11-02T08:00:00Z');
      const refValue = v.optString(r.ref, [...path, 'ref']);
      if (target !== 'session' && !refValue) v.fail(path, `"ref" is required for target ${target}`);
      p.revocations.push({ target, ref: refValue, at, atText, where: where(path) });
    });
  }

  if (root.cedar !== undefined) {
    const c = v.object(root.cedar, ['cedar'], ['policies', 'schema'], ['policies']);
    p.cedarFiles = v.list(c.policies, ['cedar', 'policies']).map((x, i) => ref(x, ['cedar', 'policies', i]));
    if (c.schema !== undefined) p.cedarSchema = ref(c.schema, ['cedar', 'schema']);
  }
  return p;
}

/** Files a policy reads besides itself (the sandbox is granted exactly these); its taxonomy not when one is given on the command line. */
export function referencedFiles(p: Policy, opts: { taxonomyGiven?: boolean } = {}): string[] {
  const taxonomy = p.taxonomyFile && !opts.taxonomyGiven ? [p.taxonomyFile] : [];
  return [...p.approvalFiles, ...taxonomy, ...p.cedarFiles, ...(p.cedarSchema ? [p.cedarSchema] : [])];
}
