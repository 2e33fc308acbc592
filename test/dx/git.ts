/** A throwaway git repository for the pre-commit tests, with an identity and no user-level config. */
import { spawnSync } from 'node:child_process';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env } as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function initRepo(dir: string): void {
  const r = git(dir, ['init', '-q', '-b', 'main']);
  if (r.code !== 0) throw new Error(r.stderr);
}

export function hasCommand(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
}
