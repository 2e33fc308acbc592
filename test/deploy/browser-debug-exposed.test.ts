/**
 * deploy/browser-debug-exposed: a Chromium-family browser whose DevTools Protocol endpoint is bound
 * beyond loopback, in scripts, Dockerfiles, Compose commands and launch arguments in code; high for
 * an address written out, medium for a variable's; what a Compose service publishes decides for a
 * browser it runs; nothing for the port alone, a pipe, loopback, printed or commented commands.
 */
import { describe, expect, it } from 'vitest';
import { analyzer, findings } from './helpers.js';
import { runExample } from '../../src/engine/examples.js';
import { browserDebugExposed, browserDebugPublished } from '../../src/rules/deploy/rules/browser-debug-exposed.js';

const ID = 'deploy/browser-debug-exposed';
const cdp = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === ID).map((f) => `${f.location.startLine} ${f.severity} ${f.evidence}`);
const pick = (fs: Awaited<ReturnType<typeof runExample>>) => fs.filter((f) => f.ruleId === ID).map((f) => `${f.location.path}:${f.location.startLine} ${f.severity}`);

describe('browser DevTools Protocol endpoint reachable from the network', () => {
  it('the examples beside the rule, with their severities', async () => {
    const got = [];
    for (const ex of browserDebugExposed.meta.examples!.positive) got.push(...pick(await runExample([analyzer], ex, [browserDebugPublished])));
    expect(got).toEqual([
      'scripts/browser.sh:2 high',
      'Dockerfile:4 high',
      'docker/start-browser.sh:2 medium',
      'agent/browser.ts:6 high',
      'agent/launch.py:7 medium',
      'docker-compose.yml:4 high',
      'compose.yaml:4 low',
      'api/src/chrome.ts:3 high',
      'browser/Dockerfile:3 low',
    ]);
  });

  it('shell: every interface, another address, a variable with or without a default; loopback, the port alone and a pipe are none', async () => {
    expect(await cdp('run.sh', '#!/bin/sh\n/usr/bin/google-chrome-stable --remote-debugging-address=:: --remote-debugging-port 9333 &\n')).toEqual(['2 high --remote-debugging-address=::; port 9333']);
    expect(await cdp('run.sh', '#!/bin/sh\nchromium --remote-debugging-address=10.0.0.5 --remote-debugging-port=9222\n')).toEqual(['2 high --remote-debugging-address=10.0.0.5; port 9222']);
    expect(await cdp('run.sh', '#!/bin/sh\nchromium --remote-debugging-address=${HOST:-0.0.0.0} --remote-debugging-port=9222\n')).toEqual(['2 high --remote-debugging-address=${HOST:-0.0.0.0}; port 9222']);
    expect(await cdp('run.sh', '#!/bin/sh\nchromium --remote-debugging-address=${HOST:-127.0.0.1} --remote-debugging-port=9222\n')).toEqual(['2 low --remote-debugging-address=${HOST:-127.0.0.1}; port 9222']);
    expect(await cdp('run.sh', '#!/bin/sh\nsudo headless_shell --remote-debugging-address=$ADDR --remote-debugging-port=9222\n')).toEqual(['2 medium --remote-debugging-address=$ADDR; port 9222']);
    const none = [
      '#!/bin/sh',
      'chromium --remote-debugging-address=localhost --remote-debugging-port=9222',
      'chromium --remote-debugging-address=0.0.0.0',
      'chromium --remote-debugging-pipe --remote-debugging-address=0.0.0.0 --remote-debugging-port=9222',
      'apt-get install -y chromium',
      'pkill chromium',
      'printf "chromium --remote-debugging-address=0.0.0.0 --remote-debugging-port=9222\\n"',
      'curl -s http://localhost:9222/json/version',
    ].join('\n');
    expect(await cdp('run.sh', none)).toEqual([]);
  });

  it('code: list items, pushes and concatenations are launch arguments; help text and log lines are not', async () => {
    expect(await cdp('launch.ts', "const a: string[] = ['--remote-debugging-port=9222'];\na.push('--remote-debugging-address=0.0.0.0');\n")).toEqual(['2 high --remote-debugging-address=0.0.0.0; port 9222']);
    expect(await cdp('launch.py', 'opts.add_argument("--remote-debugging-port=9222")\nopts.add_argument("--remote-debugging-address=" + bind_host)\n')).toEqual(['2 medium --remote-debugging-address=${bind_host}; port 9222']);
    expect(await cdp('launch.py', 'args = ["--remote-debugging-port=9222", "--remote-debugging-address=127.0.0.1"]\n')).toEqual([]);
    expect(await cdp('launch.py', 'args = ["--remote-debugging-address=0.0.0.0"]\n')).toEqual([]);
    expect(await cdp('guard.ts', "const port = '--remote-debugging-port=9222';\nconst denied: string[] = [];\ndenied.push('--remote-debugging-address=0.0.0.0');\n")).toEqual([]);
    expect(await cdp('launch.py', 'urban_args = ["--remote-debugging-port=9222", "--remote-debugging-address=0.0.0.0"]\n')).toEqual(['1 high --remote-debugging-address=0.0.0.0; port 9222']);
    expect(await cdp('doc.py', 'HELP = "start chromium with --remote-debugging-port=9222 and --remote-debugging-address=0.0.0.0"\n')).toEqual([]);
  });

  it('a script in a Compose service\'s build context: high when it publishes the port on every interface, unchanged otherwise', async () => {
    const script = { path: 'app/start.sh', code: '#!/bin/sh\nchromium --remote-debugging-address="$CDP_HOST" --remote-debugging-port=9222\n' };
    expect(pick(await runExample([], { ...script, with: { 'docker-compose.yml': 'services:\n  app:\n    build: ./app\n    ports: ["9222:9222"]\n' } }))).toEqual(['app/start.sh:2 high']);
    expect(pick(await runExample([], { ...script, with: { 'docker-compose.yml': 'services:\n  app:\n    build: ./other\n    ports: ["9222:9222"]\n' } }))).toEqual(['app/start.sh:2 medium']);
    expect(pick(await runExample([], { ...script, with: { 'docker-compose.yml': 'services:\n  app:\n    build: ./app\n    ports: ["127.0.0.1:9222:9222"]\n' } }))).toEqual(['app/start.sh:2 medium']);
  });

  it('a Dockerfile no Compose service builds keeps its own severity; one a service publishes on 127.0.0.1 is low', async () => {
    const dockerfile = { path: 'Dockerfile', code: 'FROM debian:12-slim\nCMD chromium --remote-debugging-address=0.0.0.0 --remote-debugging-port=9222\n' };
    expect(pick(await runExample([analyzer], dockerfile, [browserDebugPublished]))).toEqual(['Dockerfile:2 high']);
    expect(pick(await runExample([], { ...dockerfile, with: { 'compose.yaml': 'services:\n  b:\n    build:\n      context: .\n    ports:\n      - target: 9222\n        published: 9222\n        host_ip: 127.0.0.1\n' } }))).toEqual(['Dockerfile:2 low']);
    expect(pick(await runExample([], { ...dockerfile, with: { 'compose.yaml': 'services:\n  b:\n    build: .\n    ports:\n      - "9222:9222"\n' } }))).toEqual(['Dockerfile:2 high']);
  });
});
