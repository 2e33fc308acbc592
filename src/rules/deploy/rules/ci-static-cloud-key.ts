/**
 * CI that signs in to a cloud with keys stored as repository secrets, where the CI provider can
 * federate (GitHub OIDC) and get credentials that expire with the job.
 */
import type { Span } from '../../../core/rule.js';
import type { Severity } from '../../../core/types.js';
import type { WorkflowStep } from '../formats.js';
import { deployRule } from '../rule.js';
import { isTestCommandLine } from '../../../discovery/test-runner.js';
import { actionName, jobSpan, stepSpan } from './workflow-util.js';

const ID = 'deploy/ci-static-cloud-key';

const FIX = {
  aws: 'Use GitHub OIDC: grant `id-token: write`, create an IAM role trusting token.actions.githubusercontent.com for this repository and branch, and pass `role-to-assume` to aws-actions/configure-aws-credentials; then delete the access key.',
  google: 'Use Workload Identity Federation: pass `workload_identity_provider` and `service_account` to google-github-actions/auth (with `id-token: write`) and delete the service-account key.',
  azure: 'Use OpenID Connect: add a federated credential to the app registration and call azure/login with `client-id`, `tenant-id` and `subscription-id` only (with `id-token: write`); then remove the client secret.',
};

/**
 * Environment variables that carry a static cloud credential, whatever prefix the workflow gives
 * them (`TEST_AWS_ACCESS_KEY_ID`, `PROD_AWS_SECRET_ACCESS_KEY`, `GCP_SA_KEY_STAGING`).
 */
const STATIC_ENV: [RegExp, keyof typeof FIX][] = [
  [/(?:^|_)ACCESS_KEY_ID$|(?:^|_)SECRET_ACCESS_KEY$|^AWS_(?:\w+_)?(?:ACCESS|SECRET)_KEY$/, 'aws'],
  [/(?:^|_)(?:GOOGLE|GCP|GCLOUD|GCS|GKE)_(?:\w+_)?(?:CREDENTIALS(?:_JSON)?|SA_KEY|SERVICE_ACCOUNT_KEY|SERVICE_KEY|KEY_JSON|KEYFILE(?:_JSON)?)(?:_\w+)?$|^GOOGLE_APPLICATION_CREDENTIALS_JSON$/, 'google'],
  [/(?:^|_)(?:AZURE|ARM)_(?:\w+_)?CLIENT_SECRET$|(?:^|_)AZURE_CREDENTIALS$/, 'azure'],
];

export function staticCloud(name: string): keyof typeof FIX | undefined {
  const n = name.toUpperCase().replace(/-/g, '_');
  return STATIC_ENV.find(([re]) => re.test(n))?.[1];
}

/**
 * Keys of an S3-compatible store (Cloudflare R2, Backblaze B2, MinIO, Wasabi, DigitalOcean Spaces …):
 * they use the AWS key format but their provider has no GitHub OIDC federation to move to.
 */
const S3_COMPATIBLE_NAME = /^(?:R2|B2|MINIO|WASABI|SPACES|DO_SPACES|DIGITALOCEAN_SPACES|SCW|SCALEWAY|LINODE|OCI_S3|STORJ|CLOUDFLARE_R2|CF_R2)_/;
/**
 * A setting that points an S3 client at another host (`AWS_ENDPOINT_URL_S3`, `R2_S3_ENDPOINT`,
 * `S3_ENDPOINT_URL`). An AWS service's own endpoint (`AWS_IOT_CORE_ENDPOINT`) is AWS's, not another store.
 */
const ENDPOINT_NAME = /^AWS_ENDPOINT_URL(?:_\w+)?$|^(?:AWS_)?S3_ENDPOINT(?:_URL)?$|(?:S3|R2|B2|MINIO|SPACES|STORAGE|BUCKET|OBJECT_STORE)(?:_\w+)?_ENDPOINT(?:_URL)?(?:_\w+)?$|^(?:endpoint|endpoint[-_]url|s3[-_]endpoint)$/i;
/** `--endpoint-url https://…` on an aws CLI line, or an endpoint value: custom unless it is AWS's own. */
const ENDPOINT_FLAG = /--endpoint-url[=\s]+["']?(\S+)/;

/** The step (and the job and workflow around it) sends its key to a non-AWS S3 endpoint. */
function customEndpoint(blocks: unknown[], run?: string): boolean {
  const custom = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '' && !/amazonaws\.com/i.test(v);
  for (const b of blocks) {
    if (!b || typeof b !== 'object') continue;
    if (Object.entries(b as Record<string, unknown>).some(([k, v]) => ENDPOINT_NAME.test(k.replace(/-/g, '_')) && custom(v))) return true;
  }
  const flag = run ? ENDPOINT_FLAG.exec(run) : null;
  return !!flag && custom(flag[1]);
}

/**
 * A step that only runs a test suite (`pnpm run test:llm-connections`, `pytest`, `go test`): a key it
 * holds under the application's own names (not `AWS_*`) exercises the product's static-key code path,
 * which a federated role cannot stand in for.
 */
function testOnly(step: WorkflowStep): boolean {
  if (step.uses || !step.run) return false;
  const lines = step.run.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !/^(?:cd|export|echo|set)\b/.test(l));
  return lines.length > 0 && lines.every(isTestCommandLine);
}

/** `aws configure set aws_access_key_id ${{ secrets.X }}` in a script. */
const CONFIGURE_IN_RUN = /aws\s+configure\s+set\s+(?:\S+\.)?aws_(?:access_key_id|secret_access_key)\s+["']?\$\{\{\s*secrets\./;

export const ciStaticCloudKey = deployRule({
  meta: {
    id: ID,
    title: 'CI authenticates to a cloud with a stored static key',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'high',
    description:
      'A workflow signs in to AWS, Google Cloud or Azure with a long-lived key kept in repository secrets. The key works from anywhere, never expires, ' +
      'and leaks with any compromised step or log; the CI provider can instead federate and issue credentials that expire with the job.',
    remediation: `${FIX.aws} ${FIX.google} ${FIX.azure}`,
    examples: {
      positive: [
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          aws-region: us-east-1\n',
        },
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_KEY }}\n    steps:\n      - run: aws s3 ls\n',
        },
        {
          path: '.github/workflows/integration.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest tests/integration\n        env:\n          TEST_AWS_ACCESS_KEY_ID: ${{ secrets.TEST_AWS_ACCESS_KEY_ID }}\n          TEST_AWS_SECRET_ACCESS_KEY: ${{ secrets.TEST_AWS_SECRET_ACCESS_KEY }}\n',
        },
        {
          path: '.github/workflows/gcp.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: ${{ secrets.GCP_SA_KEY }}\n',
        },
        {
          // An endpoint on AWS's own host is still AWS.
          path: '.github/workflows/sync.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  s:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_KEY }}\n      AWS_ENDPOINT_URL_S3: https://s3.eu-west-1.amazonaws.com\n    steps:\n      - run: aws s3 ls\n',
        },
        {
          // A key under the product's own names, held only by its test suite: reported, but low.
          path: '.github/workflows/llm-tests.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm run test:connections\n        env:\n          APP_BEDROCK_ACCESS_KEY_ID: ${{ secrets.APP_BEDROCK_ACCESS_KEY_ID }}\n          APP_BEDROCK_SECRET_ACCESS_KEY: ${{ secrets.APP_BEDROCK_SECRET_ACCESS_KEY }}\n',
        },
      ],
      negative: [
        {
          path: '.github/workflows/site.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build\n        env:\n          R2_ENDPOINT: ${{ secrets.R2_ENDPOINT }}\n          R2_ACCESS_KEY_ID: ${{ secrets.R2_ACCESS_KEY_ID }}\n          R2_SECRET_ACCESS_KEY: ${{ secrets.R2_SECRET_ACCESS_KEY }}\n',
        },
        {
          path: '.github/workflows/backup.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.STORE_KEY }}\n      AWS_SECRET_ACCESS_KEY: ${{ secrets.STORE_SECRET }}\n      AWS_ENDPOINT_URL_S3: https://storage.example.net\n    steps:\n      - run: aws s3 sync dist s3://site\n',
        },
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: push\npermissions: {contents: read, id-token: write}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n          aws-region: us-east-1\n',
        },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      AWS_REGION: us-east-1\n      AWS_ACCESS_KEY_ID_FILE: /run/secrets/key\n      S3_BUCKET: ${{ vars.BUCKET }}\n    steps:\n      - run: make test\n',
        },
        {
          path: '.github/workflows/azure.yml',
          code: 'on: push\npermissions: {id-token: write}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: ${{ secrets.AZURE_CLIENT_ID }}\n          tenant-id: ${{ secrets.AZURE_TENANT_ID }}\n          subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}\n',
        },
      ],
    },
  },

  workflow(wf, dc) {
    const report = (f: StepFinding, also = ''): void =>
      dc.report({ ruleId: ID, span: f.span, key: f.key, message: `${f.message}${also}`, remediation: FIX[f.cloud], severity: f.severity });
    if (!customEndpoint([wf.value.env])) envFinding(wf.value.env, 'The workflow', { startLine: 1, startColumn: 1 }, 'workflow', report);
    for (const job of wf.jobs) {
      if (!customEndpoint([wf.value.env, job.value.env])) envFinding(job.value.env, `Job "${job.id}"`, jobSpan(dc, job), `job:${job.id}`, report);
      // One finding per job and cloud: its steps' keys are one exposure with one fix (OIDC for the job).
      const found: StepFinding[] = [];
      job.steps.forEach((step, i) => {
        const span = stepSpan(dc, step);
        const key = `job:${job.id}/step:${typeof step.value.name === 'string' ? step.value.name : i}`;
        // A key for an S3-compatible store has no federation to move to; the cloud rules do not apply.
        if (customEndpoint([wf.value.env, job.value.env, step.env, step.with], step.run)) return;
        const tested = testOnly(step);
        envFinding(step.env, `A step of job "${job.id}"`, span, key, (d) => found.push(d), tested);
        if (step.run && CONFIGURE_IN_RUN.test(step.run)) {
          found.push({ cloud: 'aws', span, key: `${key}/aws-configure`, message: `Job "${job.id}" writes a stored AWS access key into the AWS CLI configuration instead of assuming a role through OIDC.` });
        }
        if (!step.uses) return;
        const name = actionName(step.uses);
        const w = step.with;
        if (name === 'aws-actions/configure-aws-credentials' && w['aws-access-key-id'] !== undefined) {
          found.push({ cloud: 'aws', span, key, message: `Job "${job.id}" configures AWS with a stored access key (aws-access-key-id) instead of assuming a role through OIDC.` });
        } else if (name === 'google-github-actions/auth' && w.credentials_json !== undefined) {
          found.push({ cloud: 'google', span, key, message: `Job "${job.id}" authenticates to Google Cloud with a service-account key file (credentials_json) instead of Workload Identity Federation.` });
        } else if (name === 'azure/login' && w.creds !== undefined) {
          found.push({ cloud: 'azure', span, key, message: `Job "${job.id}" signs in to Azure with a stored client secret (creds) instead of OpenID Connect.` });
        } else {
          // Any other action handed a cloud key as an input (`aws-access-key-id`, `gcp_sa_key` …).
          const input = Object.entries(w).find(([k, v]) => staticCloud(k) && typeof v === 'string' && /secrets\./.test(v));
          if (input) {
            const cloud = staticCloud(input[0])!;
            found.push({ cloud, span, key: `${key}/with/${cloud}`, message: `Job "${job.id}" hands ${name} a stored ${cloudName(cloud)} key (${input[0]}) instead of federating with OIDC.` });
          }
        }
      });
      for (const cloud of new Set(found.map((f) => f.cloud))) {
        // The strongest use leads: a test-only key beside a deploy key is the deploy key's finding.
        const [first, ...more] = found.filter((f) => f.cloud === cloud).sort((a, b) => Number(!!a.severity) - Number(!!b.severity));
        const lines = more.flatMap((f) => (f.span ? [dc.file.location(f.span).startLine] : []));
        const also = lines.length ? ` ${lines.length} more step${lines.length > 1 ? 's' : ''} of the job do${lines.length > 1 ? '' : 'es'} the same (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}).` : '';
        report(first!, also);
      }
    }
  },
});

interface StepFinding {
  cloud: keyof typeof FIX;
  span: Span | undefined;
  key: string;
  message: string;
  /** Set (low) when the key only feeds the product's own test suite. */
  severity?: Severity;
}

/** A stored cloud key in an `env:` block (the first of each block is enough), handed to `emit`. */
function envFinding(env: unknown, where: string, span: Span | undefined, key: string, emit: (f: StepFinding) => void, tested = false): void {
  if (!env || typeof env !== 'object') return;
  for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
    const cloud = staticCloud(name);
    if (!cloud || typeof value !== 'string' || !/secrets\./.test(value)) continue;
    const upper = name.toUpperCase().replace(/-/g, '_');
    if (S3_COMPATIBLE_NAME.test(upper)) continue;
    if (tested && !/(?:^|_)(?:AWS|GOOGLE|GCP|GCLOUD|AZURE|ARM)_/.test(upper)) {
      emit({ cloud, span, key: `${key}/env/${cloud}`, severity: 'low', message: `${where} hands a stored ${cloudName(cloud)} key (${name}) to a test command under the application's own setting names; it exercises the product's static-key support, which OIDC cannot stand in for. Keep it to a test account with no other rights.` });
    } else {
      emit({ cloud, span, key: `${key}/env/${cloud}`, message: `${where} puts a stored ${cloudName(cloud)} key (${name}) in the environment instead of federating with OIDC.` });
    }
    return;
  }
}

function cloudName(c: keyof typeof FIX): string {
  return c === 'aws' ? 'AWS' : c === 'google' ? 'Google Cloud' : 'Azure';
}
