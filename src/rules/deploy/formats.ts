/**
 * Recognising and reading deployment formats: Kubernetes objects (multi-document, Kustomize, Helm
 * templates), Docker Compose, GitHub Actions workflows and composite actions (workflow-format.ts),
 * CloudFormation/SAM (YAML or JSON) and Helm values; Dockerfiles (dockerfile-format.ts) and .env files
 * (env-format.ts). Each reader returns plain models that keep the YAML nodes (for positions); rules never parse.
 */
import type { Node as YamlNode } from 'yaml';
import type { SourceFile } from '../../core/source.js';
import { parseYaml, yamlAt, yamlEntries, yamlItems, yamlMergedEntries, yamlMergedValue, yamlScalar, type YamlDoc } from '../../parsers/yaml.js';
import { TEMPLATE_MARK } from './context.js';
import { contextOf } from '../../discovery/context.js';

export { readWorkflow, type Workflow, type WorkflowJob, type WorkflowStep } from './workflow-format.js';

const TEMPLATE_RUN = new RegExp(`${TEMPLATE_MARK}+`, 'g');

export type DeployFormat = 'k8s' | 'compose' | 'workflow' | 'action' | 'cfn' | 'helm-values' | 'kustomization' | 'iam-policy' | 'skaffold' | 'toolbox';

/** Deployment YAML known by its path, whatever it contains: workflows, composite actions, Kustomizations, Skaffold configs, Helm values, MCP Toolbox configs. */
export function isDeployYamlPath(relPath: string): boolean {
  const p = relPath.toLowerCase();
  return DEPLOY_YAML_PATH.test(p) || HELM_VALUES_PATH.test(p);
}

/** Whether YAML text has the words a deployment file known by its content needs (Kubernetes, Compose, CloudFormation). */
export function hasDeployYamlWords(t: string): boolean {
  // One pass for "any of the words", then the exact test only for files that have one.
  if (!DEPLOY_YAML_WORD.test(t)) return false;
  return (
    (t.includes('apiVersion') && t.includes('kind')) ||
    t.includes('services:') ||
    t.includes('AWSTemplateFormatVersion') ||
    (t.includes('Resources') && t.includes('AWS::'))
  );
}

/**
 * A GitHub Actions workflow kept outside `.github/workflows/` for readers to copy: a template in an
 * example or docs folder, or named as an example (`examples/workflows/triage.yml`,
 * `github-actions-example.yml`), or in a `workflow-templates/` folder. GitHub runs none of them as
 * they are; what they set up runs in every repository that copies them, so they are read as
 * workflows (their findings take the example's context). Known by path and shape: `on:` and jobs
 * that each run on a runner or call a workflow.
 */
export function mayBeWorkflowTemplate(file: SourceFile): boolean {
  return isWorkflowTemplatePath(file.relPath) && /^["']?jobs["']?\s*:/m.test(file.text) && /^["']?on["']?\s*:/m.test(file.text) && /^\s+(?:runs-on|uses)\s*:/m.test(file.text);
}

/** A path where a workflow is kept for readers to copy (see `mayBeWorkflowTemplate`). */
export function isWorkflowTemplatePath(relPath: string): boolean {
  if (/(?:^|\/)\.github\/workflows\//i.test(relPath) || !/\.ya?ml$/i.test(relPath)) return false;
  if (/(?:^|\/)workflow-templates\//i.test(relPath)) return true;
  const context = contextOf(relPath);
  return context === 'example' || context === 'docs';
}

/** A workflow's shape: triggers, and jobs that each run on a runner (`runs-on`) or call a reusable workflow (`uses`). */
function isWorkflowShape(v: Record<string, unknown>): boolean {
  const jobs = v.jobs;
  if (!('on' in v || 'true' in v) || !jobs || typeof jobs !== 'object' || Array.isArray(jobs)) return false;
  const list = Object.values(jobs as Record<string, unknown>);
  return list.length > 0 && list.every((j) => !!j && typeof j === 'object' && ('runs-on' in (j as object) || typeof (j as { uses?: unknown }).uses === 'string'));
}

/** Whether a JSON file may be a CloudFormation template (read as YAML, of which JSON is a subset). */
export function cfnJsonCandidate(file: SourceFile): boolean {
  const t = file.text;
  return t.includes('AWSTemplateFormatVersion') || (t.includes('"Resources"') && t.includes('"AWS::'));
}

/** Whether a JSON file may be a standalone IAM policy document (`{"Version": "2012-10-17", "Statement": …}`). */
export function iamPolicyCandidate(file: SourceFile): boolean {
  return file.text.includes('"Statement"') && file.text.includes('2012-10-17');
}

/** Workflows, composite actions and Kustomizations, whatever they contain. */
const DEPLOY_YAML_PATH = /(?:^|\/)\.github\/workflows\/|(?:^|\/)(?:action|kustomization|tools)\.ya?ml$|(?:^|\/)skaffold(?:[-.][\w.-]+)?\.ya?ml$/;
const DEPLOY_YAML_WORD = /apiVersion|services:|AWSTemplateFormatVersion|Resources/;
const HELM_VALUES_PATH = /(^|\/)values(?:[-._][\w.-]*)?\.ya?ml$/;

export function isHelmValuesPath(p: string): boolean {
  return HELM_VALUES_PATH.test(p.toLowerCase());
}

/** A chart template (`templates/*.yaml` with `{{ … }}`): not YAML until Helm renders it. */
export function isHelmTemplate(file: SourceFile): boolean {
  return /(^|\/)templates\//.test(file.relPath) && file.text.includes('{{');
}

/**
 * Make a chart template parseable without rendering it: lines that hold only template actions
 * (`{{- if … }}`, `{{ include … | nindent 4 }}`) become blank, and inline `{{ … }}` becomes a
 * same-length run of a marker character, so offsets (and so lines) are unchanged and rules see a
 * value they know is templated.
 */
export function blankTemplates(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*(?:-\s*)?\{\{.*\}\}\s*$/.test(line) && !/:\s*\{\{/.test(line)) return line.replace(/[^\s]/g, ' ').replace(/\S/g, ' ');
      return line.replace(/\{\{.*?\}\}/g, (m) => TEMPLATE_MARK.repeat(m.length));
    })
    .join('\n');
}

export interface YamlRead {
  docs: YamlDoc[];
  /** Set when the file is a chart template that still does not parse: skipped without an error. */
  templateUnparsed?: boolean;
}

/** Parse once; broken YAML is an error (once per file), a chart template that still fails is skipped. */
export function readYaml(file: SourceFile): { ok: true; read: YamlRead } | { ok: false; error: string } {
  if (isHelmTemplate(file)) {
    const out = parseYaml(file, blankTemplates(file.text));
    return out.ok ? { ok: true, read: { docs: out.doc } } : { ok: true, read: { docs: [], templateUnparsed: true } };
  }
  const out = parseYaml(file);
  return out.ok ? { ok: true, read: { docs: out.doc } } : { ok: false, error: out.error };
}

export function formatOf(file: SourceFile, doc: YamlDoc): DeployFormat | undefined {
  const p = file.relPath.toLowerCase();
  const v = doc.value as Record<string, unknown> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p) && 'jobs' in v) return 'workflow';
  if (isWorkflowShape(v) && isWorkflowTemplatePath(p)) return 'workflow';
  if (/(^|\/)action\.ya?ml$/.test(p) && v.runs && typeof v.runs === 'object') return 'action';
  if (/(^|\/)kustomization\.ya?ml$/.test(p)) return 'kustomization';
  if (typeof v.apiVersion === 'string' && v.apiVersion.startsWith('skaffold/')) return 'skaffold';
  // Cloud Run's services and jobs share Kubernetes' shape but run on Google's platform, with no
  // Kubernetes service account or token; they are not Kubernetes objects.
  if (typeof v.apiVersion === 'string' && typeof v.kind === 'string' && !v.apiVersion.startsWith('run.googleapis.com/')) return 'k8s';
  if ('AWSTemplateFormatVersion' in v || isCfnResources(v.Resources)) return 'cfn';
  if (String(v.Version) === '2012-10-17' && 'Statement' in v) return 'iam-policy';
  const composePath = /compose/.test(p);
  if (isComposeServices(v.services, composePath) && (composePath || !('apiVersion' in v))) return 'compose';
  if (isHelmValuesPath(p)) return 'helm-values';
  if (isToolboxConfig(v)) return 'toolbox';
  return undefined;
}

/**
 * MCP Toolbox for Databases' `tools.yaml`: `sources` (database connections, each with a `kind` and
 * its credentials) and the `tools` an agent calls on them.
 */
function isToolboxConfig(v: Record<string, unknown>): boolean {
  const sources = v.sources;
  if (!sources || typeof sources !== 'object' || Array.isArray(sources) || !v.tools || typeof v.tools !== 'object') return false;
  return Object.values(sources as Record<string, unknown>).some((x) => !!x && typeof x === 'object' && typeof (x as { kind?: unknown }).kind === 'string');
}

function isCfnResources(r: unknown): boolean {
  if (!r || typeof r !== 'object') return false;
  return Object.values(r as Record<string, unknown>).some((x) => !!x && typeof x === 'object' && /^(AWS|Alexa)::/.test(String((x as { Type?: unknown }).Type ?? '')));
}

/** What a service of an override file may set on a service its base file defines (no `image` or `build` of its own). */
const OVERRIDE_KEYS = ['volumes', 'environment', 'env_file', 'ports', 'command', 'entrypoint', 'privileged', 'cap_add', 'network_mode', 'pid', 'user', 'devices'];

/**
 * Services with an image or a build; in a file named for Compose, also an override file's services
 * that only add to a base file's (`docker-compose.sandbox.yaml` adding a volume to `gateway`).
 */
function isComposeServices(s: unknown, composePath: boolean): boolean {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return false;
  const values = Object.values(s as Record<string, unknown>);
  return values.length > 0 && values.some((x) => !!x && typeof x === 'object' && ('image' in x || 'build' in x || (composePath && OVERRIDE_KEYS.some((k) => k in x))));
}

// ─── Kubernetes ─────────────────────────────────────────────────────────────

export interface K8sObject {
  kind: string;
  name: string;
  namespace: string;
  /** `Deployment agents/planner`. */
  label: string;
  node: YamlNode;
  value: Record<string, unknown>;
}

export interface PodSpec {
  owner: K8sObject;
  node: YamlNode;
  value: Record<string, unknown>;
}

export interface Container {
  pod: PodSpec;
  name: string;
  node: YamlNode;
  value: Record<string, unknown>;
}

/** Kinds that live outside any namespace: their label never shows one. */
const CLUSTER_SCOPED = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'CSIDriver',
  'ClusterIssuer',
]);

export function k8sObject(doc: YamlDoc): K8sObject {
  const value = doc.value as Record<string, unknown>;
  const meta = (value.metadata ?? {}) as Record<string, unknown>;
  const kind = String(value.kind);
  const name = typeof meta.name === 'string' ? untemplate(meta.name) : '(unnamed)';
  const namespace = typeof meta.namespace === 'string' ? untemplate(meta.namespace) : 'default';
  const label = CLUSTER_SCOPED.has(kind) ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
  return { kind, name, namespace, label, node: doc.document.contents as YamlNode, value };
}

/** A name that was a template expression reads `{{…}}` in messages. */
export function untemplate(s: string): string {
  return s.replace(TEMPLATE_RUN, '{{…}}');
}

/** Kind → where its pod spec is. A map, so that a kind spelled like an object's property (`constructor`) is no kind. */
const POD_SPEC_PATHS = new Map<string, string[]>([
  ['Pod', ['spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** The kinds of object that hold a pod spec. */
export const POD_KINDS: readonly string[] = [...POD_SPEC_PATHS.keys()];

export function podSpec(obj: K8sObject): PodSpec | undefined {
  const path = POD_SPEC_PATHS.get(obj.kind);
  if (!path) return undefined;
  const node = yamlAt(obj.node, path);
  const value = valueAt(obj.value, path);
  if (!node || !value || typeof value !== 'object') return undefined;
  return { owner: obj, node, value: value as Record<string, unknown> };
}

/** The metadata of a pod workload's pods (its template's, beside the pod spec), or of a Pod itself. */
export function podMetadata(obj: K8sObject): unknown {
  const path = POD_SPEC_PATHS.get(obj.kind);
  return path ? valueAt(obj.value, [...path.slice(0, -1), 'metadata']) : undefined;
}

/** The value at a path of keys in parsed YAML or JSON, or undefined. */
export function valueAt(value: unknown, path: string[]): unknown {
  for (const seg of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  return value;
}

export function containers(pod: PodSpec): Container[] {
  const out: Container[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = (pod.value[field] ?? []) as unknown[];
    yamlItems(yamlAt(pod.node, [field])).forEach((node, i) => {
      const value = (Array.isArray(list) ? list[i] : undefined) as Record<string, unknown> | undefined;
      if (!value || typeof value !== 'object') return;
      out.push({ pod, name: typeof value.name === 'string' ? value.name : `#${i}`, node, value });
    });
  }
  return out;
}

// ─── Compose ────────────────────────────────────────────────────────────────

export interface ComposeService {
  name: string;
  node: YamlNode;
  keyNode: YamlNode;
  value: Record<string, unknown>;
  /** The document's root: where the anchors its merge keys name are (`<<: *defaults`). */
  root?: YamlNode | null;
}

export function composeServices(doc: YamlDoc): ComposeService[] {
  const root = doc.document.contents;
  const services = (doc.value as { services?: Record<string, unknown> }).services ?? {};
  return yamlEntries(yamlAt(root, ['services'])).flatMap(([name, keyNode, node]) => {
    // Settings merged in from `x-` extension fields (`<<: *common`) are the service's own.
    const value = yamlMergedValue(services[name]);
    return node && value && typeof value === 'object' ? [{ name, node, keyNode, value: value as Record<string, unknown>, root }] : [];
  });
}

/**
 * Compose `environment` as a map or a `KEY=value` list, with the node of each entry; entries merged in
 * from `x-` extension fields (`<<: *postgres-config`, in the environment or in the service) count, at
 * the node where they are written.
 */
export function composeEnv(service: ComposeService): { key: string; value: unknown; node: YamlNode }[] {
  const envNode = yamlMergedEntries(service.node, service.root).find(([k]) => k === 'environment')?.[2];
  const asMap = yamlMergedEntries(envNode, service.root);
  if (asMap.length) return asMap.map(([key, keyNode, node]) => ({ key, value: node ? yamlScalar(node) : undefined, node: node ?? keyNode }));
  return yamlItems(envNode).flatMap((node) => {
    const s = yamlScalar(node);
    if (typeof s !== 'string') return [];
    const i = s.indexOf('=');
    return i > 0 ? [{ key: s.slice(0, i), value: s.slice(i + 1), node }] : [];
  });
}

// ─── CloudFormation / SAM ───────────────────────────────────────────────────

export interface CfnResource {
  id: string;
  type: string;
  node: YamlNode;
  keyNode: YamlNode;
  properties: Record<string, unknown>;
  propertiesNode?: YamlNode;
}

export function cfnResources(doc: YamlDoc): CfnResource[] {
  const root = doc.document.contents;
  const resources = ((doc.value as Record<string, unknown>).Resources ?? {}) as Record<string, unknown>;
  return yamlEntries(yamlAt(root, ['Resources'])).flatMap(([id, keyNode, node]) => {
    const r = resources[id] as { Type?: unknown; Properties?: unknown } | undefined;
    if (!node || !r || typeof r !== 'object' || typeof r.Type !== 'string') return [];
    const properties = (r.Properties && typeof r.Properties === 'object' ? plainIntrinsics(r.Properties) : {}) as Record<string, unknown>;
    return [{ id, type: r.Type, node, keyNode, properties, propertiesNode: yamlAt(node, ['Properties']) }];
  });
}

/**
 * JSON templates write intrinsic functions long-form (`{"Ref": "AgentUser"}`, `{"Fn::Sub": …}`);
 * they become their plain argument, as the YAML short forms (`!Ref AgentUser`) already do.
 */
function plainIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainIntrinsics);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && (entries[0]![0] === 'Ref' || entries[0]![0].startsWith('Fn::'))) return plainIntrinsics(entries[0]![1]);
  return Object.fromEntries(entries.map(([k, v]) => [k, plainIntrinsics(v)]));
}
