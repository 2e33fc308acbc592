/** Helpers for Terraform and CloudFormation rules: spans of keys and blocks, IAM policy statements. */
import type { Span } from '../../../core/rule.js';
import type { HclAttribute, HclBlock, HclBody, HclFile } from '../../../parsers/hcl.js';
import { isHclUnknown } from '../../../parsers/hcl.js';
import type { DeployCtx } from '../context.js';
import { escapeRegExp } from '../../../core/regex.js';

/** The first occurrence of `key` inside a range (an attribute holding an object), or the range's first line. */
export function locateKey(dc: DeployCtx, range: { start: number; end: number }, key: string): Span {
  const text = dc.file.text.slice(range.start, range.end);
  const re = new RegExp(`["']?\\b${escapeRegExp(key)}\\b["']?\\s*[=:]`);
  const m = re.exec(text);
  if (m) return dc.firstLine({ start: range.start + m.index, end: range.end });
  return dc.firstLine(range);
}

/** The header line of a block: `resource "aws_iam_access_key" "ci" {`. */
export function headerSpan(dc: DeployCtx, block: HclBlock): Span {
  return dc.firstLine(block.span);
}

export function resources(tf: HclFile, type?: string | RegExp): HclBlock[] {
  return tf.blocks.filter(
    (b) => b.type === 'resource' && (type === undefined || (typeof type === 'string' ? b.labels[0] === type : type.test(b.labels[0] ?? ''))),
  );
}

export function attr(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export interface PolicyStatement {
  effect: string;
  actions: string[];
  notActions: boolean;
  resources: string[];
  /** Where to point: the attribute or block holding it. */
  span: Span;
}

/** Statements of an IAM policy document given as JSON text (heredoc, jsonencode, CloudFormation value). */
export function statementsOfDocument(doc: unknown, span: Span): PolicyStatement[] {
  let value = doc;
  if (typeof value === 'string') {
    if (isHclUnknown(value)) return [];
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!value || typeof value !== 'object') return [];
  const raw = (value as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const st = s as Record<string, unknown>;
    const actions = strings(st.Action ?? st.NotAction);
    return [{ effect: String(st.Effect ?? 'Allow'), actions, notActions: st.Action === undefined && st.NotAction !== undefined, resources: strings(st.Resource ?? st.NotResource), span }];
  });
}

/** Statements of a `data "aws_iam_policy_document"` block. */
export function statementsOfPolicyDocument(dc: DeployCtx, block: HclBlock): PolicyStatement[] {
  return block.blocks
    .filter((b) => b.type === 'statement')
    .map((b) => {
      const actions = attr(b, 'actions') ?? attr(b, 'not_actions');
      const res = attr(b, 'resources') ?? attr(b, 'not_resources');
      return {
        effect: String(attr(b, 'effect')?.value ?? 'Allow'),
        actions: strings(actions?.value),
        notActions: !!attr(b, 'not_actions'),
        resources: strings(res?.value),
        span: dc.firstLine(actions?.span ?? b.span),
      };
    });
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
