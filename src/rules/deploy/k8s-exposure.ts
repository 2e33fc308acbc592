/**
 * How a Kubernetes pod workload's container port is reached from outside the cluster: through a
 * Service of the same manifest that selects its pods and is a LoadBalancer (an address the cloud
 * gives it, on the internet unless annotated internal or limited to source ranges) or a NodePort
 * (a port on every node's address). A ClusterIP Service, or none, reaches only the cluster's pods.
 */
import type { K8sObject } from './formats.js';
import type { DeployCtx } from './context.js';
import { servicesSelecting, type FileService } from './service-links.js';

export interface Exposure {
  service: string;
  type: 'LoadBalancer' | 'NodePort';
  /** A LoadBalancer on the internet: no internal annotation, no source ranges. */
  public: boolean;
  /** How, for a message: `Service redis (type LoadBalancer, port 6379)`. */
  how: string;
}

/** Annotations with which the clouds give a LoadBalancer a private address only. */
const INTERNAL: [key: RegExp, value: RegExp][] = [
  [/^service\.beta\.kubernetes\.io\/(?:aws|azure|oci)-load-balancer-internal$/, /^(?!false$)\S/i],
  [/^service\.beta\.kubernetes\.io\/aws-load-balancer-scheme$/, /^internal$/i],
  [/^(?:networking\.gke\.io|cloud\.google\.com)\/load-balancer-type$/, /^internal$/i],
  [/^service\.beta\.kubernetes\.io\/openstack-internal-load-balancer$/, /^true$/i],
];

/**
 * The first Service that exposes `port` of the workload's containers beyond the cluster (by number,
 * or by the name a container gives that port), a public LoadBalancer first; undefined when none does.
 */
export function exposedBeyondCluster(obj: K8sObject, dc: DeployCtx, port: number, portNames: readonly string[]): Exposure | undefined {
  const found: Exposure[] = [];
  for (const s of servicesSelecting(obj, dc)) {
    const type = s.spec.type;
    if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
    const entry = servicePorts(s).find((p) => holds(p, port, portNames));
    if (!entry) continue;
    const internal = Object.entries(s.annotations).some(([k, v]) => INTERNAL.some(([key, value]) => key.test(k) && value.test(String(v))));
    const ranges = Array.isArray(s.spec.loadBalancerSourceRanges) && s.spec.loadBalancerSourceRanges.length > 0;
    found.push({ service: s.name, type, public: type === 'LoadBalancer' && !internal && !ranges, how: `Service ${s.name} (type ${type}, port ${String(entry.port)})` });
  }
  return found.find((e) => e.public) ?? found[0];
}

function servicePorts(s: FileService): { port?: unknown; targetPort?: unknown }[] {
  return Array.isArray(s.spec.ports) ? (s.spec.ports as unknown[]).filter((p): p is { port?: unknown; targetPort?: unknown } => !!p && typeof p === 'object') : [];
}

/** A Service port sends to the container's `port`: its targetPort by number or name, or its own port when it names no target. */
function holds(entry: { port?: unknown; targetPort?: unknown }, port: number, names: readonly string[]): boolean {
  const target = entry.targetPort ?? entry.port;
  return Number(target) === port || (typeof target === 'string' && names.includes(target));
}
