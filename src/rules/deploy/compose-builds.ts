/**
 * A Compose file whose builds have nothing to build: every `build:` context it names is a folder
 * of the repository that is not there (the app's folders were moved or deleted and the file was
 * left behind). `docker compose up` stops at the first such build, so as committed the file starts
 * nothing: a leftover, not how the project is deployed. The Dockerfiles and folders looked up are
 * recorded (a folder by the names of its files: `folderKey('any', …)`), so a cached result goes when
 * one appears. Only asked for when a finding is about to be reported (see deploy/default-password).
 */
import path from 'node:path';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { readRootFile, rootFolderFiles } from '../../core/root-file.js';
import type { DeployCtx } from './context.js';
import type { ComposeService } from './formats.js';

/** The build contexts (as written) when the file names at least one and none of them is in the repository; otherwise undefined. */
export function missingBuildContexts(services: ComposeService[], dc: DeployCtx): string[] | undefined {
  const root = dc.file.root;
  if (!root) return undefined;
  const contexts = services.flatMap((s) => localBuild(s.value.build));
  if (contexts.length === 0) return undefined;
  const home = path.posix.dirname(dc.file.relPath);
  const missing = contexts.filter(({ context, dockerfile }) => {
    const dir = path.posix.normalize(path.posix.join(home, context));
    // Outside the repository, or a variable in the path: not knowable here.
    if (dir.startsWith('..') || path.posix.isAbsolute(dir)) return false;
    const file = path.posix.join(dir, dockerfile);
    if (readRootFile(root, file, dc.ctx.dependsOn?.bind(dc.ctx)) !== undefined) return false;
    const key = folderKey('any', dir);
    dc.ctx.dependsOn?.(key, folderDigest(root, key));
    return rootFolderFiles(root, dir).length === 0;
  });
  return missing.length === contexts.length ? [...new Set(missing.map((m) => m.context))] : undefined;
}

/** A build from a folder of the repository (`build: ./app`, `build: {context: app, dockerfile: x}`); a remote context, a variable or an inline Dockerfile is none. */
export function localBuild(build: unknown): { context: string; dockerfile: string }[] {
  if (build === undefined || build === null) return [];
  const spec = typeof build === 'string' ? { context: build } : typeof build === 'object' ? (build as Record<string, unknown>) : {};
  if (spec.dockerfile_inline !== undefined) return [];
  const context = typeof spec.context === 'string' ? spec.context : '.';
  const dockerfile = typeof spec.dockerfile === 'string' ? spec.dockerfile : 'Dockerfile';
  if (/\$|:\/\/|^git@|^[\w.-]+:/.test(context) || /\$/.test(dockerfile)) return [];
  return [{ context, dockerfile }];
}
