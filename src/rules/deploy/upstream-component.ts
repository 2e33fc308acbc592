/**
 * A Kubernetes manifest that is a well-known component's own install manifest, vendored as its
 * project publishes it (a cloud's load balancer controller, an ingress controller, cert-manager),
 * told by what the manifest says of itself: a workload labelled with the component's name
 * (`app.kubernetes.io/name`, or `part-of`) runs the image the component publishes under that name
 * (`…/aws-load-balancer-controller:v2.7.2`, `…/ingress-nginx/controller`) on a public registry, under
 * a namespace that is not the repository's own, and a binding in the same manifest gives that
 * workload's ServiceAccount a role named for the component (by its name or its own labels). The rights of that role are what the component ships with and
 * needs; the repository did not choose them. A role bound to the repository's own workload, or to
 * a third-party image the manifest does not name itself for (a `kubectl` image running the
 * project's own job), is the project's choice and keeps its level.
 */
import { isOwnImage, ownPublicationsOf } from '../../discovery/repository-owner.js';
import { imagePath } from './dockerfile-stages.js';
import { formatOf, readYaml } from './formats.js';
import type { DeployCtx } from './context.js';

export interface UpstreamComponent {
  /** The component's name, as its labels give it. */
  name: string;
  /** The image its workload runs, as written. */
  image: string;
}

/** Registries where images are published for anyone to pull; an account's own registry (ECR, ACR, Artifact Registry) holds a project's own builds. */
const PUBLIC_REGISTRY = /^(?:docker\.io|registry-1\.docker\.io|ghcr\.io|quay\.io|public\.ecr\.aws|registry\.k8s\.io|k8s\.gcr\.io|mcr\.microsoft\.com|nvcr\.io|docker\.elastic\.co|registry\.gitlab\.com)$/i;
const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
const NAME_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/part-of'];

interface Workload {
  serviceAccount: string;
  names: string[];
  images: string[];
}

/** The upstream component whose workload holds the role `kind`/`name` of this file, by a binding in the same file; undefined when none. */
export function upstreamComponentOf(dc: DeployCtx, kind: string, name: string): UpstreamComponent | undefined {
  return upstreamRoles(dc).get(`${kind}/${name}`);
}

/** Every role of the file held by an upstream component's workload, by `kind/name`, read once per file. */
function upstreamRoles(dc: DeployCtx): Map<string, UpstreamComponent> {
  return dc.file.memo('deploy:upstream-roles', () => {
    const out = new Map<string, UpstreamComponent>();
    const read = readYaml(dc.file);
    if (!read.ok) return out;
    const values = read.read.docs.filter((doc) => formatOf(dc.file, doc) === 'k8s').map((doc) => doc.value as Record<string, unknown>);
    const workloads = values.filter((v) => WORKLOADS.has(String(v.kind))).map(workloadOf);
    if (workloads.length === 0) return out;
    const own = ownPublicationsOf(dc.file, (relPath, hash) => dc.ctx.dependsOn?.(relPath, hash));
    const shared = new Set<string>();
    for (const v of values) {
      if (v.kind !== 'ClusterRoleBinding' && v.kind !== 'RoleBinding') continue;
      const ref = record(v.roleRef);
      if (typeof ref.name !== 'string' || typeof ref.kind !== 'string') continue;
      const role = `${ref.kind}/${ref.name}`;
      // Every subject must be the ServiceAccount of the component's workload: a role the manifest also hands a user, a group or another workload is the project's choice.
      const subjects = list(v.subjects).map(record);
      const components = subjects.map((s) => (s.kind === 'ServiceAccount' ? workloads.filter((w) => w.serviceAccount === String(s.name)).map((w) => namedComponent(w, own)).find((c) => c) : undefined));
      const component = components[0];
      if (!component || components.some((c) => c?.name !== component.name)) {
        shared.add(role);
        continue;
      }
      // The role and the binding named for the component by the manifest itself: a role the project added for it (`k8sgpt-mcp-server` beside `k8sgpt`) is its own choice.
      if (namedFor(values, String(ref.kind), ref.name, component.name)) out.set(role, component);
      // The binding itself, for when it hands the workload a built-in role (`cluster-admin`).
      const binding = String(record(v.metadata).name);
      if (namedFor(values, String(v.kind), binding, component.name)) out.set(`${String(v.kind)}/${binding}`, component);
    }
    for (const role of shared) out.delete(role);
    return out;
  });
}

/** Whether the object `kind`/`name` of the manifest is the component's by its name, or by its own name labels. */
function namedFor(values: Record<string, unknown>[], kind: string, name: string, component: string): boolean {
  if (name.toLowerCase() === component) return true;
  const object = values.find((v) => v.kind === kind && record(v.metadata).name === name);
  const labels = record(record(object?.metadata).labels);
  return NAME_LABELS.some((l) => typeof labels[l] === 'string' && (labels[l] as string).toLowerCase() === component);
}

/** The component a workload's labels name, when one of its images is that component's, published by others. */
function namedComponent(w: Workload, own: ReturnType<typeof ownPublicationsOf>): UpstreamComponent | undefined {
  for (const image of w.images) {
    if (!publishedByOthers(image, own)) continue;
    const segments = imagePath(image)?.split('/') ?? [];
    const name = w.names.find((n) => segments.some((s) => s === n || s.startsWith(`${n}-`) || n.startsWith(`${s}-`)));
    if (name) return { name, image };
  }
  return undefined;
}

/** An image on a public registry (Docker Hub when no registry is written), not under the repository's own namespace. */
function publishedByOthers(image: string, own: ReturnType<typeof ownPublicationsOf>): boolean {
  if (image.includes('$') || image.includes('{{')) return false;
  const first = image.split('/')[0]!;
  const host = image.includes('/') && /[.:]|^localhost$/.test(first) ? first : undefined;
  if (host !== undefined && !PUBLIC_REGISTRY.test(host)) return false;
  return !isOwnImage(image, own);
}

function workloadOf(v: Record<string, unknown>): Workload {
  const template = record(record(v.spec).template);
  const pod = record(template.spec);
  const labels = { ...record(record(v.metadata).labels), ...record(record(template.metadata).labels) };
  const names = NAME_LABELS.map((l) => labels[l]).filter((n): n is string => typeof n === 'string' && n.length >= 3).map((n) => n.toLowerCase());
  const images = [...list(pod.containers), ...list(pod.initContainers)].map((c) => record(c).image).filter((i): i is string => typeof i === 'string');
  const account = pod.serviceAccountName ?? pod.serviceAccount;
  return { serviceAccount: typeof account === 'string' ? account : 'default', names, images };
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
