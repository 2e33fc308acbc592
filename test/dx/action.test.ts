/** action.yml: its scan step, run as the runner would, writes SARIF, the job summary and the exit code. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempTree } from '../helpers/tmp.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

interface Step { name?: string; uses?: string; run?: string; env?: Record<string, string> }
const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };

describe('action.yml', () => {
  it('is a composite action whose third-party actions are pinned by commit SHA', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    for (const u of uses) expect(u).toMatch(/@[0-9a-f]{40}$/);
  });

  it('scan step: exit code output, SARIF file and job summary; fails only in the last step', () => {
    const scan = action.runs.steps.find((s) => s.name === 'Scan')!;
    const ws = tempTree({ '.env': 'GITHUB_TOKEN=ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L\n' });
    const out = path.join(ws, 'gh-output');
    const summary = path.join(ws, 'gh-summary');
    writeFileSync(out, '');
    writeFileSync(summary, '');
    const env = {
      ...process.env, NO_COLOR: '1', CI: 'true',
      AW_HOME: PROJECT_ROOT, AW_PATH: '.', AW_FAIL_ON: action.inputs['fail-on']!.default!, AW_ARGS: '--exclude gh-*', AW_SARIF: action.inputs['sarif-file']!.default!,
      GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: ws,
    };
    const r = spawnSync('bash', ['-e', '-c', scan.run!], { cwd: ws, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('secrets/github-pat');
    expect(readFileSync(out, 'utf8')).toContain('exit-code=1');
    expect(existsSync(path.join(ws, 'agentwarden.sarif'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(ws, 'agentwarden.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(summary, 'utf8')).toContain('github-pat');
  });
});
