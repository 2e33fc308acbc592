/**
 * Cedar policies for tool calls, evaluated with `@cedar-policy/cedar-wasm` (loaded lazily: the wasm
 * costs ~50 ms). The request is shaped the way agent gateways use Cedar for tool authorization:
 *
 *   principal  Agent::"<agent>"      (member of User::"<user>" when the session names one)
 *   action     Action::"<tool>"
 *   resource   Tool::"<tool>"        (member of Server::"<mcp server>" when known)
 *   context    { input: <arguments>, approved, approval, riskClasses, highRisk, outbound,
 *                secretFlow, afterRevocation, longLivedCredential, sharedCredential, delegated,
 *                argumentsRecorded, format, step, settings }
 *
 * Verdicts: `allow`; `deny` when a forbid applies or nothing permits; `needs-approval` when every
 * determining policy carries `@verdict("needs-approval")`; `unknown` when a policy could not be
 * evaluated (e.g. `context.input` is absent because the format did not record arguments) and the
 * decision might have been different — never `allow` on missing facts.
 * Policy ids come from `@id("…")`, else `<file>#<n>`; `@reason`, `@severity` and `@category`
 * (a `runtime.*` category) shape the finding.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../core/types.js';
import { ConfigError } from './config.js';
import { jsonErrorMessage } from './input.js';
import { DecisionCache, contextPaths } from './cedar-cache.js';

type CedarModule = typeof import('@cedar-policy/cedar-wasm/nodejs');

export interface CedarPolicyInfo {
  id: string;
  file: string;
  line: number;
  needsApproval: boolean;
  reason?: string;
  severity?: Severity;
  category?: Category;
}

export interface CedarRequest {
  agent: string;
  user?: string;
  tool: string;
  server?: string;
  context: Record<string, unknown>;
}

export interface CedarDecision {
  verdict: 'allow' | 'deny' | 'needs-approval' | 'unknown';
  /** Determining policies. */
  policies: CedarPolicyInfo[];
  /** Evaluation errors, as text. */
  errors: string[];
}

export interface CedarEngine {
  policies: Map<string, CedarPolicyInfo>;
  decide(req: CedarRequest): CedarDecision;
}

const NEEDS_APPROVAL = new Set(['needs-approval', 'needs_approval', 'needsApproval']);
let setCounter = 0;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function firstError(errors: { message: string; help?: string | null }[]): string {
  const e = errors[0];
  return e ? `${e.message}${e.help ? ` (${e.help})` : ''}` : 'unknown error';
}

/**
 * A parse error without the text it quotes: Cedar repeats the offending token, and a file that is
 * not Cedar at all (a password file) would have its first token echoed.
 */
function parseError(errors: { message: string; help?: string | null }[]): string {
  return firstError(errors)
    .replace(/`[^`]*`/g, '`…`')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^'\s]{2,}'/g, "'…'")
    .slice(0, 200);
}

/**
 * @param files   Cedar policy files: absolute path and the name shown in reports
 * @param schema  optional schema (Cedar text, or JSON when the name ends in `.json`): policies are validated against it (strict)
 */
export async function loadCedar(files: { abs: string; file: string }[], schema?: { abs: string; file: string }): Promise<CedarEngine> {
  // Required, not imported: the bundle's code-cached chunks cannot run a dynamic import() (core/code-cache.ts).
  const cedar = createRequire(import.meta.url)('@cedar-policy/cedar-wasm/nodejs') as CedarModule;
  // no prototype: `__proto__`, `constructor` or `toString` are policy ids like any other
  const staticPolicies = Object.create(null) as Record<string, string>;
  const infos = new Map<string, CedarPolicyInfo>();
  const policyJson: unknown[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f.abs, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, f.file);
    }
    const parts = cedar.policySetTextToParts(text);
    if (parts.type === 'failure') {
      const loc = parts.errors[0]?.sourceLocations?.[0];
      throw new ConfigError(`invalid Cedar: ${parseError(parts.errors)}`, f.file, loc ? lineAt(text, loc.start) : undefined);
    }
    if (parts.policy_templates.length) throw new ConfigError('policy templates are not supported in replay policies', f.file);
    let from = 0;
    parts.policies.forEach((policyText, i) => {
      const at = text.indexOf(policyText, from);
      if (at >= 0) from = at + policyText.length;
      const line = at >= 0 ? lineAt(text, at) : 1;
      const json = cedar.policyToJson(policyText);
      policyJson.push(json.type === 'success' ? json.json.conditions : { Var: 'context' });
      const annotations: Record<string, string | null> = json.type === 'success' ? (json.json.annotations ?? {}) : {};
      const ann = Object.fromEntries(Object.entries(annotations).filter(([, v]) => typeof v === 'string')) as Partial<Record<'id' | 'verdict' | 'severity' | 'category' | 'reason', string>>;
      Object.setPrototypeOf(ann, null);
      const id = ann.id ?? `${f.file}#${i + 1}`;
      if (infos.has(id)) throw new ConfigError(`duplicate policy id "${id}"`, f.file, line);
      const verdict = ann.verdict;
      if (verdict !== undefined && !NEEDS_APPROVAL.has(verdict) && verdict !== 'deny') {
        throw new ConfigError(`@verdict("${verdict}") must be "needs-approval" or "deny"`, f.file, line);
      }
      if (ann.severity !== undefined && !(SEVERITIES as readonly string[]).includes(ann.severity)) {
        throw new ConfigError(`@severity("${ann.severity}") must be one of ${SEVERITIES.join(', ')}`, f.file, line);
      }
      if (ann.category !== undefined && !(ann.category.startsWith('runtime.') && (CATEGORIES as readonly string[]).includes(ann.category))) {
        throw new ConfigError(`@category("${ann.category}") must be a runtime.* category`, f.file, line);
      }
      if (verdict !== undefined && NEEDS_APPROVAL.has(verdict) && json.type === 'success' && json.json.effect !== 'forbid') {
        throw new ConfigError(`@verdict("${verdict}") belongs on a forbid policy (… unless { context.approved })`, f.file, line);
      }
      staticPolicies[id] = policyText;
      infos.set(id, {
        id,
        file: f.file,
        line,
        needsApproval: verdict !== undefined && NEEDS_APPROVAL.has(verdict),
        reason: ann.reason,
        severity: ann.severity as Severity | undefined,
        category: ann.category as Category | undefined,
      });
    });
  }
  if (infos.size === 0) throw new ConfigError('no Cedar policies found', files[0]?.file ?? '(cedar)');

  if (schema) {
    let schemaText: string;
    try {
      schemaText = readFileSync(schema.abs, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, schema.file);
    }
    let schemaValue: Parameters<CedarModule['validate']>[0]['schema'] = schemaText;
    if (schema.file.endsWith('.json')) {
      try {
        schemaValue = JSON.parse(schemaText);
      } catch (e) {
        throw new ConfigError(`invalid JSON: ${jsonErrorMessage(e)}`, schema.file);
      }
    }
    const checked = cedar.checkParseSchema(schemaValue);
    if (checked.type === 'failure') throw new ConfigError(`invalid Cedar schema: ${parseError(checked.errors)}`, schema.file);
    const res = cedar.validate({ schema: schemaValue, policies: { staticPolicies }, validationSettings: { mode: 'strict' } });
    if (res.type === 'failure') throw new ConfigError(`Cedar validation failed: ${firstError(res.errors)}`, schema.file);
    const first = res.validationErrors[0];
    if (first) {
      const info = infos.get(first.policyId);
      throw new ConfigError(`policy "${first.policyId}" does not validate against ${schema.file}: ${firstError([first.error])}`, info?.file ?? schema.file, info?.line);
    }
  }

  const setId = `agentwarden-${++setCounter}`;
  const pre = cedar.preparsePolicySet(setId, { staticPolicies });
  if (pre.type === 'failure') throw new ConfigError(`invalid Cedar: ${firstError(pre.errors)}`, files[0]!.file);

  const cache = new DecisionCache<CedarDecision>(contextPaths(policyJson));
  return {
    policies: infos,
    decide(req) {
      const key = cache.key([req.agent, req.user, req.tool, req.server], req.context);
      const known = cache.get(key);
      if (known) return known;
      const decision = decideOnce(req);
      cache.set(key, decision);
      return decision;
    },
  };

  function decideOnce(req: CedarRequest): CedarDecision {
    const first = evaluate(req.context);
    if (first.verdict !== 'needs-approval' || req.context.approved === true) return first;
    // Only approval-gated forbids apply: would an approval let the call through? If nothing
    // permits it even then, it is a plain deny.
    const approved = evaluate({ ...req.context, approved: true, approval: 'approved' });
    if (approved.verdict === 'allow') return first;
    if (approved.verdict === 'unknown') return { ...approved, errors: [...first.errors, ...approved.errors] };
    return approved;

    function evaluate(context: Record<string, unknown>): CedarDecision {
      const principal = { type: 'Agent', id: req.agent };
      const resource = { type: 'Tool', id: req.tool };
      const entities: Parameters<CedarModule['statefulIsAuthorized']>[0]['entities'] = [
        { uid: principal, attrs: {}, parents: req.user ? [{ type: 'User', id: req.user }] : [] },
        { uid: resource, attrs: {}, parents: req.server ? [{ type: 'Server', id: req.server }] : [] },
      ];
      if (req.user) entities.push({ uid: { type: 'User', id: req.user }, attrs: {}, parents: [] });
      if (req.server) entities.push({ uid: { type: 'Server', id: req.server }, attrs: {}, parents: [] });
      const answer = cedar.statefulIsAuthorized({
        principal,
        action: { type: 'Action', id: req.tool },
        resource,
        context: toCedarRecord(context, 0) as Record<string, never>,
        preparsedPolicySetId: setId,
        entities,
        validateRequest: false,
      });
      if (answer.type === 'failure') return { verdict: 'unknown', policies: [], errors: [firstError(answer.errors)] };
      const { decision, diagnostics } = answer.response;
      const determining = diagnostics.reason.map((id) => infos.get(id)).filter((x): x is CedarPolicyInfo => !!x);
      const errors = diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
      if (decision === 'allow') return { verdict: errors.length ? 'unknown' : 'allow', policies: determining, errors };
      if (determining.length === 0) return { verdict: errors.length ? 'unknown' : 'deny', policies: [], errors };
      const hard = determining.filter((p) => !p.needsApproval);
      return hard.length ? { verdict: 'deny', policies: hard, errors } : { verdict: 'needs-approval', policies: determining, errors };
    }
  }
}

const RESERVED = new Set(['__entity', '__extn', '__expr', '__proto__']);

/**
 * JSON → a Cedar value: integers stay Longs, other numbers become strings (Cedar has no floats),
 * nulls are dropped, and keys Cedar would read as entity or extension escapes are dropped so that a
 * transcript cannot smuggle an entity reference into the request.
 */
export function toCedarValue(v: unknown, depth: number): unknown {
  if (depth > 16) return undefined;
  if (typeof v === 'string') return v.length > 100_000 ? v.slice(0, 100_000) : v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.isFinite(v) ? String(v) : undefined;
  if (Array.isArray(v)) return v.slice(0, 10_000).map((x) => toCedarValue(x, depth + 1)).filter((x) => x !== undefined);
  if (typeof v === 'object' && v !== null) return toCedarRecord(v as Record<string, unknown>, depth + 1);
  return undefined;
}

function toCedarRecord(o: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, x] of Object.entries(o)) {
    if (RESERVED.has(k) || ++n > 1000) continue;
    const c = toCedarValue(x, depth);
    if (c !== undefined) out[k] = c;
  }
  return out;
}
