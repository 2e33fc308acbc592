import { describe, expect, it } from 'vitest';
import { dockerRuns, envOption } from '../../src/rules/deploy/docker-run.js';

describe('docker run options, one reader', () => {
  const script = 'set -e\n# docker run -e IGNORED=1 x\ndocker run -d --name db -p 5433:5432 \\\n  -e POSTGRES_PASSWORD=pw1 -e "APP_KEY=k 2" -e NOTE="v w" --env=TOKEN=t -e PASSED postgres:16\necho "docker run is not run here"\n';

  it('reads each command at a command position, its continuation joined, and its options unquoted', () => {
    const [run, ...rest] = dockerRuns(script);
    expect(rest).toEqual([]);
    expect(run!.command).toMatch(/^docker run -d --name db .*postgres:16$/);
    expect(run!.options.map((o) => `${o.flag} ${o.value}`)).toEqual(['--name db', '-p 5433:5432', '-e POSTGRES_PASSWORD=pw1', '-e APP_KEY=k 2', '-e NOTE=v w', '--env TOKEN=t', '-e PASSED']);
    expect(run!.options.map(envOption).filter(Boolean)).toEqual([
      { name: 'POSTGRES_PASSWORD', value: 'pw1' },
      { name: 'APP_KEY', value: 'k 2' },
      { name: 'NOTE', value: 'v w' },
      { name: 'TOKEN', value: 't' },
      { name: 'PASSED' },
    ]);
  });

  it("places each variable's value and each option where it is written", () => {
    const [run] = dockerRuns(script);
    for (const o of run!.options) {
      const set = envOption(o);
      expect(script.slice(o.from, o.to).startsWith(o.flag)).toBe(true);
      if (set?.value !== undefined) expect(script.slice(o.valueAt, o.valueAt + set.value.length)).toBe(set.value);
    }
  });
});
