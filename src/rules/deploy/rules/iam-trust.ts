/**
 * Who may assume an IAM role, from its trust policy (CloudFormation's `AssumeRolePolicyDocument`,
 * Terraform's `assume_role_policy`), as far as it names an agent service: a role that Bedrock or
 * Bedrock AgentCore assumes acts for a model, so what it may read is whatever the model, or a
 * prompt injected into it, asks for.
 */
import type { HclBlock, HclFile } from '../../../parsers/hcl.js';
import { attr } from './terraform-util.js';

const AGENT_SERVICE = /^(?:bedrock|bedrock-agentcore)\.amazonaws\.com$/;

/** The agent services a trust policy document (an object, or JSON text) lets assume the role. */
export function agentServicesTrusted(doc: unknown): string[] {
  let value = doc;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  const raw = value && typeof value === 'object' ? (value as { Statement?: unknown }).Statement : undefined;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const services = statements.flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const st = s as { Effect?: unknown; Principal?: unknown };
    if (String(st.Effect ?? 'Allow').toLowerCase() !== 'allow' || !st.Principal || typeof st.Principal !== 'object') return [];
    return strings((st.Principal as { Service?: unknown }).Service);
  });
  return [...new Set(services.filter((s) => AGENT_SERVICE.test(s)))];
}

/**
 * The agent services an `aws_iam_role` of this file trusts: its `assume_role_policy` written in
 * place (`jsonencode`, a heredoc) or taken from an `aws_iam_policy_document` of the same file.
 */
export function agentServicesOfTerraformRole(role: HclBlock, tf: HclFile): string[] {
  const policy = attr(role, 'assume_role_policy');
  if (!policy) return [];
  const ref = /^data\.aws_iam_policy_document\.([\w-]+)\.json$/.exec(policy.source.trim());
  if (!ref) return agentServicesTrusted(policy.value);
  const doc = tf.blocks.find((b) => b.type === 'data' && b.labels[0] === 'aws_iam_policy_document' && b.labels[1] === ref[1]);
  if (!doc) return [];
  const services = doc.blocks
    .filter((s) => s.type === 'statement' && String(attr(s, 'effect')?.value ?? 'Allow').toLowerCase() === 'allow')
    .flatMap((s) => s.blocks.filter((p) => p.type === 'principals' && attr(p, 'type')?.value === 'Service'))
    .flatMap((p) => strings(attr(p, 'identifiers')?.value));
  return [...new Set(services.filter((s) => AGENT_SERVICE.test(s)))];
}

/**
 * The `aws_iam_role` of this file an attachment's `role` names (`aws_iam_role.agent.name`, `.id`),
 * if it is one of this file.
 */
export function terraformRoleNamed(roleSource: string, tf: HclFile): HclBlock | undefined {
  const m = /\baws_iam_role\.([\w-]+)\.(?:name|id)\b/.exec(roleSource);
  if (!m) return undefined;
  return tf.blocks.find((b) => b.type === 'resource' && b.labels[0] === 'aws_iam_role' && b.labels[1] === m[1]);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
