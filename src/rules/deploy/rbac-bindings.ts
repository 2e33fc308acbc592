/**
 * How the ClusterRoles of a manifest are bound, read from the role's own file and the YAML files
 * beside it (a chart keeps its roles and their bindings in sibling templates): cluster-wide by a
 * ClusterRoleBinding, in named namespaces by RoleBindings, or both, as a chart does whose values
 * choose between a cluster-wide and a namespaced install (`{{ if eq .Values.rbac.scope "cluster" }}`).
 * The sibling files are parsed once per folder; they and the folder's listing are recorded for the
 * result cache.
 */
import path from 'node:path';
import { readRootFile, rootFact, rootFolderFiles, type DependsOn } from '../../core/root-file.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { parseYamlText } from '../../parsers/yaml.js';
import { blankTemplates, formatOf, readYaml, untemplate } from './formats.js';
import type { DeployCtx } from './context.js';

export interface RoleBindings {
  /** A ClusterRoleBinding binds it. */
  cluster: boolean;
  /** The namespaces RoleBindings bind it in (`{{…}}` where a template names them). */
  namespaces: Set<string>;
  /** A binding of it sits in a chart template (`{{ … }}`): the chart's values choose which are rendered. */
  templated: boolean;
}

/** The bindings of each ClusterRole (by name, templated parts read `{{…}}`) in the folder of the file, read once per file. */
export function folderBindings(dc: DeployCtx): Map<string, RoleBindings> {
  return dc.file.memo('deploy:cluster-role-bindings', () => {
    const out = new Map<string, RoleBindings>();
    const read = readYaml(dc.file);
    if (read.ok) for (const doc of read.read.docs) if (formatOf(dc.file, doc) === 'k8s') note(out, doc.value, dc.file.text.includes('{{'));
    const root = dc.file.root;
    if (root === undefined) return out;
    const dir = path.posix.dirname(dc.file.relPath);
    const name = path.posix.basename(dc.file.relPath);
    for (const sibling of bindingFiles(root, dir, dc.ctx.dependsOn?.bind(dc.ctx))) {
      if (sibling.name === name) continue;
      for (const value of sibling.values) note(out, value, sibling.templated);
    }
    return out;
  });
}

/** A YAML file of a folder that declares role bindings: its name and its documents' values. */
interface BindingFile {
  name: string;
  values: unknown[];
  templated: boolean;
}

/**
 * The YAML files directly in `dir` that declare role bindings, parsed once per scan however many
 * roles of the folder ask; the folder's listing and each file read are recorded for the result cache.
 */
function bindingFiles(root: string, dir: string, dependsOn: DependsOn | undefined): BindingFile[] {
  return rootFact(root, `deploy:rbac-bindings:${dir}`, dependsOn, (heard) => {
    const key = folderKey('yaml', dir);
    heard(key, folderDigest(root, key));
    const out: BindingFile[] = [];
    for (const name of rootFolderFiles(root, dir)) {
      if (!/\.ya?ml$/i.test(name)) continue;
      const text = readRootFile(root, dir === '.' ? name : `${dir}/${name}`, heard);
      if (!text || !/kind:\s*(?:Cluster)?RoleBinding\b/.test(text)) continue;
      const templated = text.includes('{{');
      const parsed = parseYamlText(templated ? blankTemplates(text) : text);
      if (parsed.ok) out.push({ name, values: parsed.doc.map((d) => d.value), templated });
    }
    return out;
  });
}

function note(out: Map<string, RoleBindings>, value: unknown, templated: boolean): void {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') return;
  const v = value as Record<string, unknown>;
  const ref = (v.roleRef ?? {}) as Record<string, unknown>;
  if (ref.kind !== 'ClusterRole' || typeof ref.name !== 'string') return;
  const name = untemplate(ref.name);
  const entry = out.get(name) ?? { cluster: false, namespaces: new Set<string>(), templated: false };
  if (kind === 'ClusterRoleBinding') entry.cluster = true;
  else {
    const meta = (v.metadata ?? {}) as Record<string, unknown>;
    entry.namespaces.add(typeof meta.namespace === 'string' ? untemplate(meta.namespace) : 'default');
  }
  entry.templated ||= templated;
  out.set(name, entry);
}
