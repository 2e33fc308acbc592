/**
 * The files a YAML policy names (approval files, taxonomy, Cedar policies and schema) are read, and
 * granted to the sandbox, only when they are confined: a regular file (never a folder, `/`, a FIFO
 * or a device), reached without a symlink, inside the policy's own folder, or one of the files
 * named on the command line. Checked in the parent, before any run is granted anything.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { escapeControl } from '../core/text-safety.js';
import { relPath } from './engine.js';

function inside(folder: string, path: string): boolean {
  const r = relative(folder, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
}

/**
 * @param policyAbs  the policy file's real path
 * @param refs       the absolute paths it names
 * @param named      real paths of the files named on the command line
 * @returns the real paths to grant, or why the policy is refused
 */
export function confineReferences(root: string, policyAbs: string, policyRel: string, refs: string[], named: string[]): { files: string[] } | { fatal: string } {
  const folder = dirname(policyAbs);
  const files: string[] = [];
  for (const ref of refs) {
    const shown = escapeControl(relPath(root, ref));
    const refuse = (why: string): { fatal: string } => ({ fatal: `${policyRel}: referenced file ${shown} ${why}` });
    let real: string;
    try {
      real = realpathSync(ref);
    } catch {
      return refuse('does not exist');
    }
    if (!lstatSync(real).isFile()) return refuse('is not a regular file (a policy may name files only, never a folder, a FIFO or a device)');
    const byName = named.includes(real);
    if (!byName && real !== resolve(ref)) return refuse('is reached through a symlink; name the file itself');
    if (!byName && !inside(folder, real)) {
      return refuse("is outside the policy's folder; a policy may only name files in its own folder (or files also given on the command line)");
    }
    files.push(real);
  }
  return { files: [...new Set(files)] };
}
