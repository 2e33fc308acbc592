/**
 * The Compose files of a folder, read for what the files around another one say (the services of
 * a stack an env file belongs to, the build contexts a Dockerfile is given). Each folder's Compose
 * files are parsed once per scan, however many files and rules ask; the folder's YAML listing and
 * each file read are recorded, so a cached result goes when one of them changes.
 */
import { readRootFile, rootFact, rootFolderFiles, type DependsOn } from '../../core/root-file.js';
import { COMPOSE_FILE } from '../../discovery/context.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { yamlLib } from '../../parsers/libraries.js';

/** A Compose file of the folder: its name and its services, by name (plain values, as parsed). */
export interface ComposeFileServices {
  name: string;
  services: Record<string, Record<string, unknown>>;
}

/** Larger files are not read for context. */
const MAX_BYTES = 512 * 1024;

/** The Compose files directly in `dir` (relative to the root; `.` for the root) that define services, in name order. */
export function composeFilesIn(root: string, dir: string, dependsOn: DependsOn | undefined): ComposeFileServices[] {
  return rootFact(root, `deploy:compose-folder:${dir}`, dependsOn, (read) => {
    const key = folderKey('yaml', dir);
    read(key, folderDigest(root, key));
    const out: ComposeFileServices[] = [];
    for (const name of rootFolderFiles(root, dir).filter((n) => COMPOSE_FILE.test(n)).sort()) {
      const text = readRootFile(root, dir === '.' ? name : `${dir}/${name}`, read);
      if (text === undefined || text.length > MAX_BYTES || !/^services\s*:/m.test(text)) continue;
      let doc: unknown;
      try {
        doc = yamlLib().parse(text, { logLevel: 'silent', merge: true, maxAliasCount: 100 });
      } catch {
        continue;
      }
      const services: ComposeFileServices['services'] = {};
      for (const [service, value] of Object.entries(record(record(doc)?.services) ?? {})) services[service] = record(value) ?? {};
      out.push({ name, services });
    }
    return out;
  });
}

/** A Compose setting written as a map or as a list of `NAME=value` (`environment`, `additional_contexts`, `args`): its string-keyed pairs. */
export function settingPairs(setting: unknown): [string, unknown][] {
  if (Array.isArray(setting)) {
    return setting.flatMap((e): [string, unknown][] => {
      const i = typeof e === 'string' ? e.indexOf('=') : -1;
      return i > 0 ? [[(e as string).slice(0, i), (e as string).slice(i + 1)]] : [];
    });
  }
  return Object.entries(record(setting) ?? {});
}

/** `v` as an object of named values; undefined for a list, a scalar or nothing. */
export function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
