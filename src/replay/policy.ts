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
  /** Compare `equals`/`oneOf`/`pattern` without regard to case. */
  ignoreCase?: boolean;
  /** Every URL or bare host in the value must match one of these host globs (`*.example.com`). */
  hosts?: ToolMatcher;
  /** Every email address in the value (a string or a list) must match one of these globs (`*@example.com`). */
  emails?: ToolMatcher;
  /** The value must come from the user (or the system prompt, or the policy): provenance decides. */
  fromUser?: boolean;
  /** A value the user (or the system prompt, or the policy) supplied passes `oneOf`, `emails` and `hosts` even when not listed. */
  allowFromUser?: boolean;
  /** Every value must be one the same path held in an earlier call to this tool (`same recipients as`). */
  sameAs?: { tool: ToolMatcher; path: string };
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

/** Tool names that read (for tools.allowReads): get_, list_, search_, read_, find_, view_, show_, lookup_, check_, describe_, query_ … */
export const READ_TOOL = /^(?:get|list|search|read|find|view|show|lookup|look_up|check|describe|query|count|fetch_(?:info|details)|retrieve)(?:_|[A-Z]|$)/;

export interface CallLimit {
  tool: ToolMatcher;
  glob: string;
  max: number;
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
  /** tools.allowReads: a tool named as a read (get_, list_, search_, read_ …) that no high-risk class covers passes tools.allow. */
  allowReads: boolean;
  /** tools.maxCalls: at most so many calls per session. */
  callLimits: CallLimit[];
  /** provenance.trustedSources: results of these tools count as trusted (like the user's words). */
  trustedSources: ToolMatcher;
  /** provenance.check: false turns the untrusted-argument check off. */
  provenanceOff: boolean;
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
    callLimits: [],
    allowReads: false,
    trustedSources: new ToolMatcher([]),
    provenanceOff: false,
  };
}

const TOP_KEYS = ['version', 'objective', 'tools', 'arguments', 'approvals', 'highRisk', 'egress', 'credentials', 'agents', 'revocations', 'cedar', 'provenance'] as const;
const ARG_KEYS = ['tool', 'path', 'equals', 'oneOf', 'pattern', 'notPattern', 'min', 'max', 'maxLength', 'ignoreCase', 'hosts', 'emails', 'fromUser', 'allowFromUser', 'sameAs', 'verdict', 'severity', 'message'] as const;
const CONDITIONS = ['equals', 'oneOf', 'pattern', 'notPattern', 'min', 'max', 'maxLength', 'hosts', 'emails', 'fromUser', 'sameAs'] as const;
/** `a.b`, `a[]`, `a[].b`, `a.*.b`: dotted keys, `[]` or `*` for every element of a list. */
const PATH_RE = /^[^.[\]*]+(?:\[\]|\.\*|\.[^.[\]*]+)*$/;

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
    const t = v.object(root.tools, ['tools'], ['allow', 'deny', 'requireApproval', 'maxCalls', 'allowReads']);
    if (t.allowReads !== undefined) p.allowReads = v.boolean(t.allowReads, ['tools', 'allowReads']);
    if (t.maxCalls !== undefined) {
      const m = v.object(t.maxCalls, ['tools', 'maxCalls'], Object.keys((t.maxCalls as object) ?? {}));
      for (const [glob, n] of Object.entries(m)) {
        const max = v.number(n, ['tools', 'maxCalls', glob]);
        if (!Number.isInteger(max) || max < 0) v.fail(['tools', 'maxCalls', glob], 'must be a whole number, 0 or more');
        p.callLimits.push({ tool: new ToolMatcher([glob]), glob, max, where: where(['tools', 'maxCalls', glob]) });
      }
    }
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
        ignoreCase: a.ignoreCase === undefined ? undefined : v.boolean(a.ignoreCase, [...path, 'ignoreCase']),
        fromUser: a.fromUser === undefined ? undefined : v.boolean(a.fromUser, [...path, 'fromUser']),
        allowFromUser: a.allowFromUser === undefined ? undefined : v.boolean(a.allowFromUser, [...path, 'allowFromUser']),
        verdict: a.verdict === undefined ? 'deny' : v.oneOf(a.verdict, [...path, 'verdict'], ['deny', 'needs-approval'] as const),
        severity: a.severity === undefined ? 'high' : v.oneOf(a.severity, [...path, 'severity'], SEVERITIES),
        message: v.optString(a.message, [...path, 'message']),
        where: where(path),
      };
      if (a.equals !== undefined) rule.equals = scalar(v, a.equals, [...path, 'equals']);
      if (a.oneOf !== undefined) rule.oneOf = v.list(a.oneOf, [...path, 'oneOf']).map((x, j) => scalar(v, x, [...path, 'oneOf', j]));
      if (rule.path !== undefined && !PATH_RE.test(rule.path)) v.fail([...path, 'path'], 'must be dotted keys, with [] or * for every element of a list (e.g. recipients[] or to.*.address)');
      if (a.pattern !== undefined) rule.pattern = v.regex(a.pattern, [...path, 'pattern'], rule.ignoreCase ? 'i' : '');
      if (a.hosts !== undefined) rule.hosts = new ToolMatcher(v.strings(a.hosts, [...path, 'hosts']).map((h) => h.toLowerCase()));
      if (a.emails !== undefined) rule.emails = new ToolMatcher(v.strings(a.emails, [...path, 'emails']).map((x) => x.toLowerCase()));
      if (a.sameAs !== undefined) {
        const sa = v.object(a.sameAs, [...path, 'sameAs'], ['tool', 'path'], ['tool', 'path']);
        const saPath = v.string(sa.path, [...path, 'sameAs', 'path'], { nonEmpty: true });
        if (!PATH_RE.test(saPath)) v.fail([...path, 'sameAs', 'path'], 'must be dotted keys, with [] or * for every element of a list');
        rule.sameAs = { tool: new ToolMatcher([v.string(sa.tool, [...path, 'sameAs', 'tool'], { nonEmpty: true })]), path: saPath };
      }
      if (a.notPattern !== undefined) rule.notPattern = v.regex(a.notPattern, [...path, 'notPattern'], 'i');
      if (a.min !== undefined) rule.min = v.number(a.min, [...path, 'min']);
      if (a.max !== undefined) rule.max = v.number(a.max, [...path, 'max']);
      if (a.maxLength !== undefined) rule.maxLength = v.number(a.maxLength, [...path, 'maxLength']);
      const conditions = CONDITIONS.filter((k) => a[k] !== undefined && a[k] !== false);
      if (conditions.length === 0) v.fail(path, `needs at least one condition: ${CONDITIONS.join(', ')}`);
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

  if (root.provenance !== undefined) {
    const pr = v.object(root.provenance, ['provenance'], ['check', 'trustedSources']);
    if (pr.check !== undefined) p.provenanceOff = !v.boolean(pr.check, ['provenance', 'check']);
    if (pr.trustedSources !== undefined) p.trustedSources = new ToolMatcher(v.strings(pr.trustedSources, ['provenance', 'trustedSources']));
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
