/**
 * Infrastructure code that mints static cloud keys: AWS IAM access keys, Google service-account
 * key files, Azure application passwords with far end dates. The key ends up in state files and
 * outputs and lives until someone rotates it; federation makes it unnecessary.
 */
import { yamlSpan } from '../../../parsers/yaml.js';
import { isHclUnknown } from '../../../parsers/hcl.js';
import { deployRule } from '../rule.js';
import { attr, headerSpan, resources } from './terraform-util.js';

const ID = 'deploy/iac-static-key';
const YEAR_MS = 365 * 24 * 3600 * 1000;
/** The Terraform resource types that mint a static key. */
const KEY_RESOURCES = /^(?:aws_iam_access_key|google_service_account_key|google_storage_hmac_key|azuread_application_password|azuread_service_principal_password|azurerm_storage_account_sas)$/;

const ALTERNATIVE: Record<string, string> = {
  aws: 'Use an IAM role instead: IRSA / EKS Pod Identity for pods, an instance or task role, or GitHub OIDC (`aws-actions/configure-aws-credentials` with `role-to-assume`) for CI.',
  google: 'Use Workload Identity (GKE) or Workload Identity Federation (CI, other clouds) and service-account impersonation; disable key creation with the `iam.disableServiceAccountKeyCreation` org policy.',
  azure: 'Use a managed identity or a federated identity credential (`azuread_application_federated_identity_credential`) instead of a client secret; if a secret is unavoidable, keep its end date within 90 days and rotate it automatically.',
};

export const iacStaticKey = deployRule({
  meta: {
    id: ID,
    title: 'Infrastructure code mints a static cloud key',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'high',
    description:
      'The IaC creates a long-lived cloud credential (an IAM access key, a service-account key file, a Cloud Storage HMAC key, an application password). ' +
      'Its secret lands in the state file and outputs, and it stays valid until someone rotates it. ' +
      'A Cloud Storage HMAC key (an access ID and secret for the S3-compatible XML API) is medium: it reaches only Cloud Storage, with the service account\'s rights there.',
    remediation: `Replace the key with a federated, short-lived identity. ${ALTERNATIVE.aws} ${ALTERNATIVE.google} ${ALTERNATIVE.azure}`,
    examples: {
      positive: [
        { path: 'infra/iam.tf', code: 'resource "aws_iam_user" "agent" {\n  name = "agent"\n}\nresource "aws_iam_access_key" "agent" {\n  user = aws_iam_user.agent.name\n}\n' },
        { path: 'infra/gcp.tf', code: 'resource "google_service_account_key" "agent" {\n  service_account_id = google_service_account.agent.name\n}\n' },
        // Rated medium: a Cloud Storage HMAC key reaches Cloud Storage only.
        { path: 'infra/storage.tf', code: 'resource "google_storage_hmac_key" "backups" {\n  service_account_email = google_service_account.backups.email\n}\n' },
        { path: 'infra/azure.tf', code: 'resource "azuread_application_password" "agent" {\n  application_id = azuread_application.agent.id\n  end_date       = "2099-01-01T00:00:00Z"\n}\n' },
        { path: 'template.yaml', code: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  AgentKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref AgentUser\n' },
        { path: 'template.json', code: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "AgentKey": {\n      "Type": "AWS::IAM::AccessKey",\n      "Properties": { "UserName": { "Ref": "AgentUser" } }\n    }\n  }\n}\n' },
      ],
      negative: [
        { path: 'infra/iam.tf', code: 'resource "aws_iam_role" "agent" {\n  name               = "agent"\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n' },
        // A key switched off authenticates nothing.
        { path: 'infra/storage.tf', code: 'resource "google_storage_hmac_key" "backups" {\n  service_account_email = google_service_account.backups.email\n  state                 = "INACTIVE"\n}\n' },
        { path: 'infra/azure.tf', code: 'resource "azuread_application_federated_identity_credential" "ci" {\n  application_id = azuread_application.agent.id\n  subject        = "repo:org/agent:ref:refs/heads/main"\n}\n' },
      ],
    },
  },

  terraformSignal: new RegExp(KEY_RESOURCES.source.slice(1, -1)),

  terraform(tf, dc) {
    for (const r of resources(tf, KEY_RESOURCES)) {
      const type = r.labels[0]!;
      const address = `${type}.${r.labels[1] ?? ''}`;
      const span = headerSpan(dc, r);
      if (type === 'aws_iam_access_key') {
        if (String(attr(r, 'status')?.value ?? 'Active') === 'Inactive') continue;
        const user = userRef(attr(r, 'user')?.value);
        if (user) dc.ctx.identity({ key: `iam-user:${user}`, label: `IAM user ${user}`, identityKind: 'iam-user', consumer: address, lifetime: 'static', span, provider: 'AWS' });
        dc.report({ ruleId: ID, span, key: address, message: `${address} creates a static AWS access key${user ? ` for IAM user ${user}` : ''}; it is stored in Terraform state and never expires.`, remediation: ALTERNATIVE.aws });
      } else if (type === 'google_service_account_key') {
        dc.report({ ruleId: ID, span, key: address, message: `${address} creates a Google service-account key file; it is stored in Terraform state and valid until deleted (by default for years).`, remediation: ALTERNATIVE.google });
      } else if (type === 'google_storage_hmac_key') {
        // An inactive key authenticates nothing until someone turns it on.
        if (String(attr(r, 'state')?.value ?? 'ACTIVE').toUpperCase() === 'INACTIVE') continue;
        dc.report({
          ruleId: ID,
          span,
          key: address,
          message: `${address} creates a Cloud Storage HMAC key (an access ID and secret for the S3-compatible API) for a service account; its secret is stored in Terraform state and it is valid until deleted. It reaches Cloud Storage only, with the account's rights on it.`,
          severity: 'medium',
          remediation: ALTERNATIVE.google,
        });
      } else if (type.startsWith('azuread_')) {
        const end = attr(r, 'end_date')?.value;
        const relative = attr(r, 'end_date_relative')?.value;
        const far = farEndDate(end, relative);
        if (far === false) continue;
        dc.report({
          ruleId: ID,
          span,
          key: address,
          message: `${address} creates an Azure client secret ${far === 'default' ? 'with no end date (the provider default is two years)' : 'valid for more than a year'}.`,
          severity: 'medium',
          remediation: ALTERNATIVE.azure,
        });
      }
    }
  },

  cfn(res, _doc, dc) {
    for (const r of res) {
      if (r.type !== 'AWS::IAM::AccessKey') continue;
      if (String(r.properties.Status ?? 'Active') === 'Inactive') continue;
      const user = typeof r.properties.UserName === 'string' ? r.properties.UserName : undefined;
      const span = yamlSpan(r.keyNode);
      if (user) dc.ctx.identity({ key: `iam-user:${user}`, label: `IAM user ${user}`, identityKind: 'iam-user', consumer: `AWS::IAM::AccessKey ${r.id}`, lifetime: 'static', span, provider: 'AWS' });
      dc.report({ ruleId: ID, span, key: `cfn:${r.id}`, message: `${r.id} (AWS::IAM::AccessKey) creates a static AWS access key${user ? ` for IAM user ${user}` : ''} that never expires.`, remediation: ALTERNATIVE.aws });
    }
  },
});

/** `${aws_iam_user.agent.name}` → `aws_iam_user.agent`; a literal name stays as is. */
function userRef(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (isHclUnknown(v)) {
    const m = /^\$\{(aws_iam_user\.[\w-]+)(?:\[[^\]]*\])?\.(?:name|id)\}$/.exec(v);
    return m ? m[1] : v.slice(2, -1);
  }
  return v;
}

function farEndDate(end: unknown, relative: unknown): boolean | 'default' {
  if (typeof relative === 'string') {
    const h = /^(\d+)h$/.exec(relative);
    return h ? Number(h[1]) > 24 * 365 : true;
  }
  if (typeof end === 'string' && !isHclUnknown(end)) {
    const t = Date.parse(end);
    return Number.isNaN(t) ? true : t - Date.now() > YEAR_MS;
  }
  if (end === undefined) return 'default';
  return true;
}
