/**
 * Which workload connects to which: each Kubernetes pod workload and Compose service records the
 * names it is reached by (its own name, the Services that select it, a Compose `hostname`, a
 * network alias) and the hosts its configuration names (`ws://box:5410`, `API_HOST=api`, in its
 * env, a ConfigMap entry of the same file it reads, or its `envFrom`). The identity rule joins them:
 * a token held by exactly the two ends of one connection is that link's own secret, not one
 * identity shared by two workloads.
 */
import type { InventoryItem, Span } from '../../core/rule.js';
import { composePorts } from './compose-ports.js';
import { yamlAt, yamlItems, yamlScalar } from '../../parsers/yaml.js';
import type { DeployCtx } from './context.js';
import { composeEnv, containers, formatOf, k8sObject, podMetadata, podSpec, readYaml, type ComposeService, type K8sObject } from './formats.js';
import { withDefaults } from './compose-values.js';

export interface WorkloadLinks {
  consumer: string;
  /** Names other workloads reach it by (lowercase); `port:8000` for a port it publishes on the host. */
  names: string[];
  /** Hosts its configuration names (lowercase, cluster DNS suffixes dropped). */
  reaches: string[];
  /**
   * By credential setting, the hosts the address setting beside it names (`OPENAI_API_BASE_URL` beside
   * `OPENAI_API_KEY`, `REGISTRY_URL` beside `REGISTRY_PASSWORD`): where that credential is presented.
   * A loopback or `host.docker.internal` address is `port:<n>`, or the names of the workload of the same
   * file that publishes that port.
   */
  keyed?: Record<string, string[]>;
  /**
   * The program it runs, when that names one: an image with a namespace, without its tag
   * (`acme/memory-server`), or the folder and Dockerfile it is built from. Two workloads running one
   * program with different commands (its API, its MCP server, its worker) are one application.
   */
  runs?: string;
  /** A command line of a script, whose consumer is the whole file: the lines it spans, and where each setting's value is (line, first and last column). */
  lines?: [number, number];
  values?: [line: number, from: number, to: number, setting: string][];
}

/** `ws://box:5410/x`, `http://user:pw@api.ns.svc.cluster.local`, `redis://cache`, and `api:8000`. */
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9][a-z0-9_.-]*)/gi;
const HOST_PORT = /^([a-z0-9][a-z0-9_.-]*):\d{2,5}$/i;
/** A setting whose whole value is a host name. */
const HOST_KEY = /(?:HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT|SERVICE)$/i;
const BARE_HOST = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*$/i;

/** The hosts a configuration value names. */
export function hostsIn(key: string, value: unknown): string[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const text = withDefaults(String(value).trim());
  const out = [...text.matchAll(URL_HOST)].map((m) => m[1]!);
  const hp = HOST_PORT.exec(text);
  if (hp) out.push(hp[1]!);
  else if (out.length === 0 && HOST_KEY.test(key) && BARE_HOST.test(text)) out.push(text);
  return [...new Set(out.map(serviceHost))];
}

/** `api.agents.svc.cluster.local` → `api`; other names as they are, lowercase. */
function serviceHost(host: string): string {
  const h = host.toLowerCase();
  const svc = /^([^.]+)\.[^.]+\.svc(?:\.cluster\.local)?\.?$/.exec(h) ?? /^([^.]+)\.svc(?:\.cluster\.local)?\.?$/.exec(h);
  return svc ? svc[1]! : h;
}

/** A credential setting and what it is for: `OPENAI_API_KEY` → `openai`, `REGISTRY_PASSWORD` → `registry`. */
const CREDENTIAL_SETTING = /^(.+?)[_-]?(?:api[_-]?key|access[_-]?key|key|token|secret|password|passwd|pwd|pass)$/i;
/** An address setting and what it is for: `OPENAI_API_BASE_URL` → `openai`, `REGISTRY_URL` → `registry`. */
const ADDRESS_SETTING = /^(.+?)[_-]?(?:api[_-]?base[_-]?url|api[_-]?base|base[_-]?url|api[_-]?url|api[_-]?host|url|uri|endpoint|host|address|addr|server)$/i;
/** The host's own address as a container sees it: a published port of some workload. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|host\.containers\.internal|gateway\.docker\.internal)$/i;
const URL_HOST_PORT = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9][a-z0-9_.-]*)(?::(\d{2,5}))?/gi;

/** The hosts an address value names, a local one as the port it reaches (`http://host.docker.internal:9099` → `port:9099`). */
function addressTargets(key: string, value: unknown): string[] {
  const text = typeof value === 'string' || typeof value === 'number' ? withDefaults(String(value).trim()) : '';
  const local = [...text.matchAll(URL_HOST_PORT)].filter((m) => LOCAL_HOST.test(m[1]!));
  const hp = /^([a-z0-9][a-z0-9_.-]*):(\d{2,5})$/i.exec(text);
  if (hp && LOCAL_HOST.test(hp[1]!)) return [`port:${hp[2]}`];
  return [...hostsIn(key, value).filter((h) => !LOCAL_HOST.test(h)), ...local.flatMap((m) => (m[2] ? [`port:${m[2]}`] : []))];
}

/** By credential setting, the hosts of the address setting for the same thing beside it. */
export function keyedAddresses(env: { key: string; value: unknown }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cred of env) {
    const what = CREDENTIAL_SETTING.exec(cred.key)?.[1]?.toLowerCase();
    if (!what) continue;
    const hosts = env.filter((a) => a !== cred && ADDRESS_SETTING.exec(a.key)?.[1]?.toLowerCase() === what).flatMap((a) => addressTargets(a.key, a.value));
    if (hosts.length) out[cred.key] = [...new Set(hosts)];
  }
  return out;
}

/** `port:<n>` targets resolved to the names of the workload of the same file that publishes that port. */
export function resolvePorts(all: WorkloadLinks[]): void {
  for (const w of all) {
    for (const [setting, hosts] of Object.entries(w.keyed ?? {})) {
      const named = hosts.flatMap((h) => (h.startsWith('port:') ? all.filter((o) => o !== w && o.names.includes(h)).flatMap((o) => o.names) : []));
      w.keyed![setting] = [...new Set([...hosts, ...named])];
    }
  }
}

interface FileObjects {
  /** `ns/name` → its data. */
  configMaps: Map<string, Record<string, unknown>>;
  services: FileService[];
}

/** A Service of a manifest: what it selects, and how it is reached (its type, ports and annotations as written). */
export interface FileService {
  namespace: string;
  name: string;
  selector: Record<string, unknown>;
  spec: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/** The ConfigMaps and Services of a manifest, read once per file. */
function fileObjects(dc: DeployCtx): FileObjects {
  return dc.file.memo('deploy:link-objects', () => {
    const out: FileObjects = { configMaps: new Map(), services: [] };
    const read = readYaml(dc.file);
    if (!read.ok) return out;
    for (const doc of read.read.docs) {
      if (formatOf(dc.file, doc) !== 'k8s') continue;
      const kind = (doc.value as { kind?: unknown }).kind;
      if (kind !== 'ConfigMap' && kind !== 'Service') continue;
      const obj = k8sObject(doc);
      if (kind === 'ConfigMap') {
        const data = obj.value.data;
        if (data && typeof data === 'object') out.configMaps.set(`${obj.namespace}/${obj.name}`, data as Record<string, unknown>);
      } else {
        const spec = obj.value.spec && typeof obj.value.spec === 'object' ? (obj.value.spec as Record<string, unknown>) : {};
        const annotations = ((obj.value.metadata ?? {}) as { annotations?: unknown }).annotations;
        if (spec.selector && typeof spec.selector === 'object') {
          out.services.push({ namespace: obj.namespace, name: obj.name, selector: spec.selector as Record<string, unknown>, spec, annotations: annotations && typeof annotations === 'object' ? (annotations as Record<string, unknown>) : {} });
        }
      }
    }
    return out;
  });
}

/** A pod workload's names (itself, the Services of its namespace that select its pods) and the hosts its containers' env names. */
export function recordK8sLinks(obj: K8sObject, dc: DeployCtx): void {
  const pod = podSpec(obj);
  if (!pod) return;
  const objects = fileObjects(dc);
  const names = [obj.name, ...servicesSelecting(obj, dc).map((s) => s.name)];
  const reaches: string[] = [];
  const keyed: Record<string, string[]> = {};
  for (const c of containers(pod)) {
    const literals: { key: string; value: unknown }[] = [];
    for (const item of yamlItems(yamlAt(c.node, ['env']))) {
      const name = String(yamlScalar(yamlAt(item, ['name'])) ?? '');
      const literal = yamlScalar(yamlAt(item, ['value']));
      // A credential from a Secret still has its address setting beside it.
      literals.push({ key: name, value: literal });
      if (literal !== undefined) reaches.push(...hostsIn(name, literal));
      const ref = yamlAt(item, ['valueFrom', 'configMapKeyRef']);
      const map = objects.configMaps.get(`${obj.namespace}/${String(yamlScalar(yamlAt(ref, ['name'])))}`);
      const key = yamlScalar(yamlAt(ref, ['key']));
      if (map && typeof key === 'string') reaches.push(...hostsIn(key, map[key]));
    }
    for (const from of yamlItems(yamlAt(c.node, ['envFrom']))) {
      const map = objects.configMaps.get(`${obj.namespace}/${String(yamlScalar(yamlAt(from, ['configMapRef', 'name'])))}`);
      for (const [k, v] of Object.entries(map ?? {})) reaches.push(...hostsIn(k, v));
    }
    Object.assign(keyed, keyedAddresses(literals));
  }
  record(dc, { consumer: obj.label, names, reaches, keyed });
}

/** The Services of the same manifest, in the workload's namespace, that select its pods. */
export function servicesSelecting(obj: K8sObject, dc: DeployCtx): FileService[] {
  const labels = ((podMetadata(obj) ?? {}) as { labels?: Record<string, unknown> }).labels ?? {};
  return fileObjects(dc).services.filter((s) => s.namespace === obj.namespace && selects(s.selector, labels));
}

function selects(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** A Compose service's names (its key, `hostname`, `container_name`, network aliases) and the hosts its environment names. */
export function recordComposeLinks(services: ComposeService[], dc: DeployCtx): void {
  const all: WorkloadLinks[] = [];
  for (const s of services) {
    const names = [s.name, s.value.hostname, s.value.container_name].filter((n): n is string => typeof n === 'string');
    const networks = s.value.networks;
    if (networks && typeof networks === 'object' && !Array.isArray(networks)) {
      for (const n of Object.values(networks)) {
        const aliases = (n as { aliases?: unknown } | null)?.aliases;
        if (Array.isArray(aliases)) names.push(...aliases.filter((a): a is string => typeof a === 'string'));
      }
    }
    for (const p of composePorts(s)) if (p.published && p.hostPort && /^\d+$/.test(withDefaults(p.hostPort))) names.push(`port:${withDefaults(p.hostPort)}`);
    const env = composeEnv(s);
    const runs = programOf(s);
    all.push({ consumer: `Compose service "${s.name}"`, names, reaches: env.flatMap((e) => hostsIn(e.key, e.value)), keyed: keyedAddresses(env), ...(runs ? { runs } : {}) });
  }
  resolvePorts(all);
  for (const w of all) record(dc, w);
}

/**
 * The program a Compose service runs (see `WorkloadLinks.runs`): its build (context, Dockerfile and
 * target), or an image with a namespace, tag and digest dropped; an official image (`python`,
 * `redis`) runs whatever it is told and names none.
 */
function programOf(s: ComposeService): string | undefined {
  const build = s.value.build;
  if (typeof build === 'string') return `build:${build}`;
  if (build && typeof build === 'object') {
    const b = build as Record<string, unknown>;
    return `build:${String(b.context ?? '.')}:${String(b.dockerfile ?? 'Dockerfile')}:${String(b.target ?? '')}`;
  }
  const image = typeof s.value.image === 'string' ? withDefaults(s.value.image).toLowerCase().replace(/@.*$/, '').replace(/:[^/:]*$/, '') : '';
  return image.includes('/') ? `image:${image}` : undefined;
}

export function record(dc: DeployCtx, links: WorkloadLinks, span?: Span): void {
  const reaches = [...new Set(links.reaches)];
  const keyed = Object.keys(links.keyed ?? {}).length ? links.keyed : undefined;
  // What reaches nothing is found by its own name; only the connecting side needs a fact.
  if (reaches.length === 0 && links.names.length === 1 && !keyed && !links.runs) return;
  const data: WorkloadLinks = { ...links, names: [...new Set(links.names.map((n) => n.toLowerCase()))], reaches };
  if (keyed) data.keyed = keyed;
  else delete data.keyed;
  dc.ctx.inventory({ type: 'workload', data: data as unknown as Record<string, unknown>, ...(span ? { span } : {}) });
}

/**
 * The links recorded in a scan, by file and consumer; a script's command lines (whose consumer is the
 * file) also by file and line (`path\0@line`), for each line they span.
 */
export function workloadLinks(inventory: InventoryItem[]): Map<string, WorkloadLinks> {
  const out = new Map<string, WorkloadLinks>();
  for (const item of inventory) {
    if (item.type !== 'workload') continue;
    const d = item.data as unknown as WorkloadLinks;
    if (d.lines) for (let line = d.lines[0]; line <= d.lines[1]; line++) out.set(`${item.location.path}\0@${line}`, d);
    else out.set(`${item.location.path}\0${d.consumer}`, d);
  }
  return out;
}
