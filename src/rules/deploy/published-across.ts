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
 */
import type { ProjectAnalyzer, InventoryItem } from '../../core/rule.js';
import type { Finding } from '../../core/types.js';
import { classify } from '../../discovery/classify.js';
import { settleAcrossFiles } from './rule.js';

interface Build {
  service: string;
  /** The build context, relative to the root ('' for the root). */
  under: string;
  dockerfile: string;
  published: { from: number; to: number; interface: string }[];
  /** The Compose file. */
  where: string;
}

export function publishedAcross(name: string, ruleId: string, endpointFact: InventoryItem['type']): ProjectAnalyzer {
  return settleAcrossFiles(name, (f) => f.ruleId === ruleId, (findings, facts) => {
    // The endpoints left to this step, by place: their ports.
    const endpoints = new Map<string, number>();
    for (const i of facts.inventory) if (i.type === endpointFact) endpoints.set(`${i.location.path}:${i.location.startLine}`, Number(i.data.port ?? NaN));
    const builds: Build[] = facts.inventory
      .filter((i) => i.type === 'compose-build')
      .map((i) => ({ ...(i.data as Omit<Build, 'where'>), where: i.location.path }));
    if (builds.length === 0) return findings;
    return findings.map((f) => {
      const port = f.ruleId === ruleId ? endpoints.get(`${f.location.path}:${f.location.startLine}`) : undefined;
      return port === undefined ? f : judgeAcross(f, port, builds);
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
