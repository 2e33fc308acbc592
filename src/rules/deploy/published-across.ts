/**
 * The repository step shared by the rules that report a network endpoint started in a script, in
 * code or in a Dockerfile (a browser's DevTools endpoint, a debugger, a compute dashboard): whether a
 * Compose service built from the folder that holds it publishes its port. A finding whose file is in
 * the build context of a service that publishes the port on every interface is reachable from the
 * network (high); one a Dockerfile starts in a container its service publishes on 127.0.0.1 only, or
 * does not publish (only EXPOSEd), is reachable from this machine or the containers beside it only
 * (low). The builds are the `compose-build` facts (recorded by deploy/browser-debug-exposed's Compose
 * handler for every Compose file); the endpoints are the rule's own facts of `endpointFact`, each with
 * its port, recorded where no Compose service was judged with it.
 *
 * A Dockerfile's CMD that every Compose service built from it replaces (its own `command:` or
 * `entrypoint:`), or an ENTRYPOINT every such service replaces with its own `entrypoint:`, is not
 * what runs when nothing else builds the image: the services' own commands are judged where they
 * are written, so the Dockerfile's is withdrawn rather than reported twice.
 */
import type { ProjectAnalyzer, InventoryItem } from '../../core/rule.js';
import type { Finding } from '../../core/types.js';
import { classify } from '../../discovery/classify.js';
import { settleAcrossFiles } from './rule.js';
import { imageGraph } from './image-graph.js';

/** A Dockerfile instruction that says what its container starts with; a Compose service may replace it. */
export type LaunchOp = 'CMD' | 'ENTRYPOINT';

/** The launch instruction an instruction is, if it is one. */
export function launchOp(op: string): LaunchOp | undefined {
  return op === 'CMD' || op === 'ENTRYPOINT' ? op : undefined;
}

interface Build {
  service: string;
  /** The build context, relative to the root ('' for the root). */
  under: string;
  dockerfile: string;
  published: { from: number; to: number; interface: string }[];
  /** The Compose file. */
  where: string;
  /** The service's own `command` and `entrypoint`, those it sets. */
  overrides?: string[];
}

export function publishedAcross(name: string, ruleId: string, endpointFact: InventoryItem['type']): ProjectAnalyzer {
  return settleAcrossFiles(name, (f) => f.ruleId === ruleId, (findings, facts) => {
    // The endpoints left to this step, by place: their ports, and the Dockerfile instruction that starts them.
    const endpoints = new Map<string, { port: number; launch?: LaunchOp }>();
    for (const i of facts.inventory) if (i.type === endpointFact) endpoints.set(`${i.location.path}:${i.location.startLine}`, { port: Number(i.data.port ?? NaN), launch: launchOp(String(i.data.launch)) });
    const builds: Build[] = facts.inventory
      .filter((i) => i.type === 'compose-build')
      .map((i) => ({ ...(i.data as Omit<Build, 'where'>), where: i.location.path }));
    if (builds.length === 0) return findings;
    const builtBy = lazyBuilders(facts.inventory);
    return findings.flatMap((f) => {
      const endpoint = f.ruleId === ruleId ? endpoints.get(`${f.location.path}:${f.location.startLine}`) : undefined;
      if (endpoint === undefined) return [f];
      if (endpoint.launch && replacedByEveryService(f.location.path, endpoint.launch, builds, builtBy)) return [];
      return [judgeAcross(f, endpoint.port, builds)];
    });
  });
}

/** `port`: the endpoint's (NaN when its arguments name none). */
function judgeAcross(f: Finding, port: number, builds: Build[]): Finding {
  if (f.severity === 'low' || f.severity === 'info') return f;
  const path = f.location.path;
  const dockerfile = classify(path) === 'dockerfile';
  const services = builds.filter((b) => (dockerfile ? b.dockerfile === path : b.under === '' || path.startsWith(`${b.under}/`)));
  if (services.length === 0) return f;
  const holding = (b: Build) => b.published.filter((p) => p.from <= port && port <= p.to).map((p) => p.interface);
  const open = services.find((b) => holding(b).includes('all'));
  if (open) return { ...f, severity: 'high', message: `${f.message} Port ${port} is published on every interface by ${open.where} (service "${open.service}"): anyone on the network can connect.` };
  // Only a container's own launch is known to run in the service: a script or code may run on a host too.
  if (!dockerfile || Number.isNaN(port)) return f;
  const local = services.find((b) => holding(b).length > 0);
  const service = local ?? services[0]!;
  return {
    ...f,
    severity: 'low',
    message: local
      ? `${f.message} ${service.where} (service "${service.service}") publishes port ${port} on 127.0.0.1 only: only this machine reaches it.`
      : `${f.message} ${service.where} (service "${service.service}") does not publish port ${port} (EXPOSE alone publishes nothing): only the containers beside it reach it.`,
  };
}

/** The files that build each Dockerfile (Compose files, scripts, workflows), joined once when first asked. */
function lazyBuilders(inventory: Parameters<typeof imageGraph>[0]): (dockerfile: string) => string[] {
  let graph: ReturnType<typeof imageGraph> | undefined;
  return (dockerfile) => (graph ??= imageGraph(inventory)).get(dockerfile)?.builtBy ?? [];
}

/**
 * Whether every Compose service built from the Dockerfile replaces its launch instruction (a CMD by the
 * service's `command:` or `entrypoint:`, an ENTRYPOINT by its `entrypoint:`), and no other file (a
 * script, a workflow that publishes the image) builds it: the instruction then never starts anything.
 */
function replacedByEveryService(dockerfile: string, launch: LaunchOp, builds: Build[], builtBy: (dockerfile: string) => string[]): boolean {
  const services = builds.filter((b) => b.dockerfile === dockerfile);
  if (services.length === 0) return false;
  const replaces = (b: Build) => (launch === 'CMD' ? (b.overrides ?? []).length > 0 : (b.overrides ?? []).includes('entrypoint'));
  if (!services.every(replaces)) return false;
  const composeFiles = new Set(services.map((b) => b.where));
  return builtBy(dockerfile).every((file) => composeFiles.has(file));
}
