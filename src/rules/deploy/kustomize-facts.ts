/**
 * What a kustomization includes (`resources`, `bases`, `components`), recorded as a fact so that
 * cross-file analyses can tell which environments a base is deployed to: a Secret in `base/` that
 * `overlays/dev` and `overlays/prod` both include is configured for both.
 */
import path from 'node:path';
import type { YamlDoc } from '../../parsers/yaml.js';
import type { DeployCtx } from './context.js';

export function recordKustomization(doc: YamlDoc, dc: DeployCtx): void {
  const value = doc.value as Record<string, unknown> | null;
  if (!value || typeof value !== 'object') return;
  const dir = path.posix.dirname(dc.file.relPath);
  const includes: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    for (const r of list) {
      // Remote bases (URLs, git refs) are not in the repository.
      if (typeof r !== 'string' || /^[a-z][\w+.-]*:\/\/|^(?:github\.com|git@)/i.test(r)) continue;
      const target = path.posix.normalize(path.posix.join(dir, r));
      if (!target.startsWith('..')) includes.push(target);
    }
  }
  if (includes.length) dc.ctx.inventory({ type: 'kustomization', data: { includes } });
}
