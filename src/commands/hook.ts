/**
 * `agentwarden hook install|uninstall`: a plain git pre-commit hook (no framework) that scans the
 * content staged for the commit. For the pre-commit framework, use .pre-commit-hooks.yaml instead.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import { parseFailOn } from './output.js';

const MARKER = '# installed by: agentwarden hook install';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The hook script: the project's own agentwarden first, then one on PATH, then the one that installed it. */
export function hookScript(failOn: string, fallback: { node: string; bin: string }): string {
  const args = `scan --staged --fail-on ${failOn}`;
  return `#!/bin/sh
${MARKER}
# Scans what is staged for this commit (the git index, not the working tree) and refuses the
# commit when a finding is at or above --fail-on. Skip once with: git commit --no-verify
# Remove with: agentwarden hook uninstall
top=$(git rev-parse --show-toplevel) || exit 1
if [ -x "$top/node_modules/.bin/agentwarden" ]; then
  exec "$top/node_modules/.bin/agentwarden" ${args}
elif command -v agentwarden >/dev/null 2>&1; then
  exec agentwarden ${args}
elif [ -f ${shellQuote(fallback.bin)} ]; then
  exec ${shellQuote(fallback.node)} ${shellQuote(fallback.bin)} ${args}
fi
echo "agentwarden pre-commit hook: agentwarden not found (npm install -D agentwarden); commit refused" >&2
exit 1
`;
}

function hooksDir(cwd: string): string {
  const r = spawnSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd, encoding: 'utf8' });
  if (r.error) throw new UsageError('git is not installed or not on PATH');
  if (r.status !== 0) throw new UsageError(`not inside a git repository: ${cwd}`);
  return path.resolve(cwd, r.stdout.trim());
}

export async function runHook(action: string, options: { force?: boolean; failOn?: string; cwd?: string }): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const file = path.join(hooksDir(cwd), 'pre-commit');
  const ours = existsSync(file) && readFileSync(file, 'utf8').includes(MARKER);
  const shown = path.relative(cwd, file) || file;
  if (action === 'install') {
    const failOn = parseFailOn(options.failOn);
    if (existsSync(file) && !ours && !options.force) {
      throw new UsageError(`${shown} already exists and is not agentwarden's (use --force to replace it, or call \`agentwarden scan --staged\` from it)`);
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, hookScript(failOn, { node: process.execPath, bin: path.join(PACKAGE_ROOT, 'bin', 'agentwarden.js') }));
    chmodSync(file, 0o755);
    process.stderr.write(`agentwarden: installed the pre-commit hook in ${shown} (fails on ${failOn})\n`);
    return 0;
  }
  if (action === 'uninstall') {
    if (!existsSync(file)) {
      process.stderr.write('agentwarden: no pre-commit hook to remove\n');
      return 0;
    }
    if (!ours) throw new UsageError(`${shown} is not agentwarden's; left as it is`);
    rmSync(file);
    process.stderr.write(`agentwarden: removed ${shown}\n`);
    return 0;
  }
  throw new UsageError(`unknown hook action "${action}" (expected install or uninstall)`);
}
