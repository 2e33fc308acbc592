/**
 * Recognising and reading deployment formats: Kubernetes objects (multi-document, Kustomize, Helm
 * templates), Docker Compose, GitHub Actions workflows and composite actions, CloudFormation/SAM (YAML or JSON),
 * Helm values, Dockerfiles and .env files. Each reader returns plain models that keep the YAML
 * nodes (for positions); rules never parse.
 */
import type { Node as YamlNode } from 'yaml';
import type { SourceFile } from '../../core/source.js';
import { parseYaml, yamlAt, yamlEntries, yamlItems, yamlScalar, type YamlDoc } from '../../parsers/yaml.js';
import { TEMPLATE_MARK } from './context.js';

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
function untemplate(s: string): string {
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
  let value: unknown = obj.value;
  for (const seg of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  if (!node || !value || typeof value !== 'object') return undefined;
  return { owner: obj, node, value: value as Record<string, unknown> };
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
}

export function composeServices(doc: YamlDoc): ComposeService[] {
  const root = doc.document.contents;
  const services = (doc.value as { services?: Record<string, unknown> }).services ?? {};
  return yamlEntries(yamlAt(root, ['services'])).flatMap(([name, keyNode, node]) => {
    const value = services[name];
    return node && value && typeof value === 'object' ? [{ name, node, keyNode, value: value as Record<string, unknown> }] : [];
  });
}

/** Compose `environment` as a map or a `KEY=value` list, with the node of each entry. */
export function composeEnv(service: ComposeService): { key: string; value: unknown; node: YamlNode }[] {
  const envNode = yamlAt(service.node, ['environment']);
  const asMap = yamlEntries(envNode);
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

// ─── Dockerfile ─────────────────────────────────────────────────────────────

export interface DockerInstruction {
  /** Upper-case instruction, e.g. `FROM`. */
  op: string;
  /** Arguments with continuations joined. */
  args: string;
  line: number;
  /** Index of the build stage (0-based), counting FROMs. */
  stage: number;
}

/** Instructions of a Dockerfile, continuations (`\`) joined, comments and heredoc bodies skipped. */
export function dockerInstructions(file: SourceFile): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = -1;
  let heredoc: string | undefined;
  for (let line = 1; line <= file.lineCount; line++) {
    const text = file.lineText(line);
    if (heredoc !== undefined) {
      if (text.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = line;
    let joined = trimmed;
    while (joined.endsWith('\\') && line < file.lineCount) {
      line++;
      const next = file.lineText(line).trim();
      if (next.startsWith('#')) continue;
      joined = joined.slice(0, -1) + ' ' + next;
    }
    const m = /^([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stage++;
    const hd = /<<-?["']?([A-Za-z_]+)["']?/.exec(m[2]!);
    if (hd && (op === 'RUN' || op === 'COPY')) heredoc = hd[1];
    out.push({ op, args: m[2]!, line: start, stage: Math.max(stage, 0) });
  }
  return out;
}

/** A `CMD`/`ENTRYPOINT`/`RUN` in exec form (`["x11vnc", "-nopw"]`) as a command line; shell form as written. */
export function execForm(args: string): string {
  const t = args.trim();
  if (!t.startsWith('[')) return args;
  try {
    const list = JSON.parse(t) as unknown[];
    return list.map(String).join(' ');
  } catch {
    return args;
  }
}

/** `ENV A=1 B=2`, `ENV A 1`, `ARG A=1` → key/value pairs (values unquoted). */
export function dockerAssignments(ins: DockerInstruction): { key: string; value: string | undefined }[] {
  const args = ins.args.trim();
  if (ins.op === 'ENV' && !/^[A-Za-z_][\w.-]*=/.test(args)) {
    const m = /^([A-Za-z_][\w.-]*)\s+(.*)$/.exec(args);
    return m ? [{ key: m[1]!, value: unquoteShell(m[2]!) }] : [];
  }
  const out: { key: string; value: string | undefined }[] = [];
  const re = /([A-Za-z_][\w.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(re)) out.push({ key: m[1]!, value: m[2] === undefined ? undefined : unquoteShell(m[2]) });
  return out;
}

function unquoteShell(v: string): string {
  const s = v.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

// ─── .env ───────────────────────────────────────────────────────────────────

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** Column (1-based) where the value starts. */
  column: number;
}

/** Example env files document variables with placeholders; they are not deployed. */
export function isExampleEnv(relPath: string): boolean {
  return /\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema)$|(?:^|[./_-])(?:example|sample|template)(?:[._-]|$)/i.test(relPath.slice(relPath.lastIndexOf('/') + 1));
}

export function envEntries(file: SourceFile): EnvEntry[] {
  const out: EnvEntry[] = [];
  for (let line = 1; line <= file.lineCount; line++) {
    const text = file.lineText(line);
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(text);
    if (!m) continue;
    let rest = text.slice(m[0].length);
    let value: string;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const q = rest[0]!;
      const end = rest.indexOf(q, 1);
      value = end > 0 ? rest.slice(1, end) : rest.slice(1);
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    out.push({ key: m[2]!, value, line, column: m[0].length + 1 });
  }
  return out;
}
