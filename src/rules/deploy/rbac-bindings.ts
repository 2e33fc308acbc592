/**
 * How the ClusterRoles of a manifest are bound, read from the role's own file and the YAML files
 * beside it (a chart keeps its roles and their bindings in sibling templates): cluster-wide by a
 * ClusterRoleBinding, in named namespaces by RoleBindings, or both, as a chart does whose values
 * choose between a cluster-wide and a namespaced install (`{{ if eq .Values.rbac.scope "cluster" }}`).
 * The sibling files and the folder's listing are recorded for the result cache.
 */
import path from 'node:path';
import { readRootFile, rootFolderFiles } from '../../core/root-file.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { parseWithLibrary } from '../../parsers/yaml.js';
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
    const key = folderKey('yaml', dir);
    dc.ctx.dependsOn?.(key, folderDigest(root, key));
    for (const name of rootFolderFiles(root, dir)) {
      const relPath = dir === '.' ? name : `${dir}/${name}`;
      if (!/\.ya?ml$/i.test(name) || relPath === dc.file.relPath) continue;
      const text = readRootFile(root, relPath, dc.ctx.dependsOn?.bind(dc.ctx));
      if (!text || !/kind:\s*(?:Cluster)?RoleBinding\b/.test(text)) continue;
      const templated = text.includes('{{');
      const parsed = parseWithLibrary({ position: () => ({ line: 0, column: 0 }) }, templated ? blankTemplates(text) : text);
      if (parsed.ok) for (const doc of parsed.doc) note(out, doc.value, templated);
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
