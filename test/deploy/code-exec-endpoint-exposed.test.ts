/**
 * deploy/code-exec-endpoint-exposed: a server whose network API runs code (Ray's dashboard, Delve,
 * debugpy, a JavaScript inspector, Jupyter with its token off, a browser IDE with its authentication
 * off, a writable ttyd) bound beyond loopback, in scripts, Dockerfiles, Compose commands and code
 * (launch arguments, command strings, binding calls); high for an address written out, medium for a
 * variable's, what a Compose service publishes decides for what it runs; nothing for loopback, a port
 * alone, a Jupyter server or IDE that keeps its token or password, a ttyd that asks for a credential
 * or only lets clients watch, printed or commented commands, or a list a test expects.
 */
import { describe, expect, it } from 'vitest';
import { analyzer, findings } from './helpers.js';
import { runExample } from '../../src/engine/examples.js';
import { codeExecEndpointExposed, codeExecPublished } from '../../src/rules/deploy/rules/code-exec-endpoint-exposed.js';

const ID = 'deploy/code-exec-endpoint-exposed';
/** The rule's findings of one file, by line (the services are read one after another). */
const exec = async (path: string, code: string) =>
  (await findings(path, code))
    .filter((f) => f.ruleId === ID)
    .sort((a, b) => a.location.startLine - b.location.startLine)
    .map((f) => `${f.location.startLine} ${f.severity} ${f.evidence}`);
const pick = (fs: Awaited<ReturnType<typeof runExample>>) => fs.filter((f) => f.ruleId === ID).map((f) => `${f.location.path}:${f.location.startLine} ${f.severity}`);

describe('code-running endpoint reachable from the network', () => {
  it('the examples beside the rule, with their severities', async () => {
    const got = [];
    for (const ex of codeExecEndpointExposed.meta.examples!.positive) got.push(...pick(await runExample([analyzer], ex, [codeExecPublished])));
    expect(got).toEqual([
      'scripts/cluster.sh:4 high',
      'scripts/debug-server.sh:2 high',
      'Dockerfile:4 high',
      'docker-compose.yml:4 high',
      'compose.yaml:4 low',
      'bin/start-debug.sh:2 medium',
      'cluster/setup.py:5 high',
      'agent/debug.py:6 high',
      'scripts/dev.ts:5 high',
      'tools/launch.py:6 medium',
      'worker/Dockerfile:3 low',
      'app/entrypoint.sh:2 high',
      'ide/Dockerfile:5 high',
      'scripts/workspace.sh:3 high',
      'sandbox/editor.py:5 high',
      'sandbox/ide.py:6 high',
      'docker-compose.yml:4 high',
      'terminal/Dockerfile:4 high',
    ]);
  });

  it('browser IDEs: code-server with --auth none, OpenVSCode Server without a connection token, each bound beyond its loopback default', async () => {
    const script = [
      '#!/bin/bash',
      'code-server --auth none --bind-addr 0.0.0.0:9000 /workspace &',
      'code-server --host 0.0.0.0 --port 7860 --auth=none',
      'exec /usr/bin/code-server --bind-addr "${IDE_HOST}:8080" --auth none',
      'code-server --auth none --bind-addr ${IDE_HOST:-127.0.0.1}:8080',
      'exec ${OPENVSCODE_SERVER_ROOT}/bin/openvscode-server --host 0.0.0.0 --without-connection-token "$@"',
      'openvscode-server --without-connection-token --host=0.0.0.0 --port 3100',
    ].join('\n');
    expect(await exec('ide.sh', script)).toEqual([
      '2 high code-server bound to 0.0.0.0; port 9000',
      '3 high code-server bound to 0.0.0.0; port 7860',
      '4 medium code-server bound to ${IDE_HOST}; port 8080',
      '5 low code-server bound to ${IDE_HOST:-127.0.0.1}; port 8080',
      '6 high openvscode-server bound to 0.0.0.0; port 3000',
      '7 high openvscode-server bound to 0.0.0.0; port 3100',
    ]);
    const none = [
      '#!/bin/sh',
      // Its password (the default), said or not; its loopback default; a UNIX socket; an extension installed, not a server.
      'code-server --bind-addr 0.0.0.0:8080 /workspace',
      'code-server --auth password --bind-addr 0.0.0.0:8080',
      'code-server --auth none',
      'code-server --auth none --bind-addr 127.0.0.1:8080',
      'code-server --auth none --socket /run/ide.sock --bind-addr 0.0.0.0:8080',
      'code-server --install-extension ms-python.python',
      // A connection token (the default, or given), localhost, a socket path.
      'openvscode-server --host 0.0.0.0',
      'openvscode-server --host 0.0.0.0 --connection-token "$IDE_TOKEN"',
      'openvscode-server --without-connection-token',
      'openvscode-server --without-connection-token --host localhost',
      'openvscode-server --without-connection-token --socket-path /tmp/ide.sock --host 0.0.0.0',
    ].join('\n');
    expect(await exec('none.sh', none)).toEqual([]);
  });

  it('ttyd: writable, on every interface unless -i keeps it local, asking for nothing; only the switches before its command are its own', async () => {
    const script = [
      '#!/bin/sh',
      'ttyd -W bash',
      'ttyd --writable -p 8022 -t fontSize=16 tmux new -A -s main',
      'ttyd -W -i eth0 bash',
      'ttyd -W -i "$TTYD_IFACE" bash',
      // -c and -i after the command are the command's.
      "ttyd -W bash -c 'tmux attach -t agent'",
      'ttyd -W docker exec -i agent sh',
    ].join('\n');
    expect(await exec('term.sh', script)).toEqual([
      '2 high ttyd bound to (every interface); port 7681',
      '3 high ttyd bound to (every interface); port 8022',
      '4 high ttyd bound to eth0; port 7681',
      '5 medium ttyd bound to $TTYD_IFACE; port 7681',
      '6 high ttyd bound to (every interface); port 7681',
      '7 high ttyd bound to (every interface); port 7681',
    ]);
    const none = [
      '#!/bin/sh',
      // Clients only watch without -W; a credential, an authenticating proxy's header, loopback, a socket.
      'ttyd -p 7681 htop',
      'ttyd bash -W',
      'ttyd -W -c admin:"$TTYD_PASSWORD" bash',
      'ttyd --writable --auth-header X-Forwarded-User -i lo bash',
      'ttyd -W -H X-Auth-User bash',
      'ttyd -W -i lo0 bash',
      'ttyd -W --interface 127.0.0.1 bash',
      'ttyd -W -i /run/ttyd.sock bash',
      'apk add ttyd',
    ].join('\n');
    expect(await exec('none.sh', none)).toEqual([]);
    // A Compose service that publishes the port on 127.0.0.1 only: low.
    expect(await exec('compose.yaml', 'services:\n  term:\n    image: tsl0922/ttyd:1.7.7\n    command: ttyd -W bash\n    ports: ["127.0.0.1:7681:7681"]\n')).toEqual([
      '4 low ttyd bound to (every interface); port 7681; service term',
    ]);
  });

  it('code: browser IDEs and ttyd in command strings; none when printed, logged, a help text, a comment, a test\'s expectation or loopback', async () => {
    const py = [
      'import os',
      'import subprocess',
      'PORT = int(os.getenv("IDE_PORT", "8080"))',
      'subprocess.Popen("code-server --auth none --bind-addr 0.0.0.0:8080 /work", shell=True)',
      'os.system("nohup ttyd -W -p 7681 bash &")',
      'cmd = "openvscode-server --without-connection-token " + "--host " + host + " --port 3000"',
      'subprocess.run(["bash", "-c", "python -m debugpy --listen 0.0.0.0:5678 -m agent"])',
    ].join('\n');
    expect(await exec('ide.py', py)).toEqual([
      '4 high code-server bound to 0.0.0.0; port 8080',
      '5 high ttyd bound to (every interface); port 7681',
      '6 medium openvscode-server bound to {host}; port 3000',
      '7 high debugpy bound to 0.0.0.0; port 5678',
    ]);
    const ts = [
      "import { execSync } from 'node:child_process';",
      'export function start(port: number): void {',
      '  execSync(`code-server --auth none --bind-addr 0.0.0.0:${port} .`);',
      '  execSync(`node --inspect=0.0.0.0:${process.env.DEBUG_PORT ?? 9229} dist/server.js`);',
      '}',
    ].join('\n');
    expect(await exec('start.ts', ts)).toEqual(['3 high code-server bound to 0.0.0.0', '4 high node-inspector bound to 0.0.0.0; port 9229']);
    const none = [
      'import logging',
      'def hints(port):',
      '    print("code-server --auth none --bind-addr 0.0.0.0:8080")',
      '    logging.info(f"code-server --auth none --bind-addr 0.0.0.0:{port}")',
      '    usage = "ttyd -W bash"',
      '    parser.add_argument("--ide", help="code-server --auth none --bind-addr 0.0.0.0:8080")',
      '    # subprocess.run("ttyd -W bash", shell=True)',
      '    assert build() == "code-server --auth none --bind-addr 0.0.0.0:8080"',
      '    run("start code-server --auth none --bind-addr 0.0.0.0:8080 from a terminal")',
      '    run("code-server --auth none --bind-addr 127.0.0.1:8080")',
    ].join('\n');
    expect(await exec('hints.py', none)).toEqual([]);
  });


  it('shell: each service, its switch spelled either way, a variable with or without a default', async () => {
    const script = [
      '#!/bin/bash',
      'ray start --head --dashboard-host 0.0.0.0 --dashboard-port 8300',
      'dlv dap --listen=0.0.0.0:4000',
      'dlv exec ./bin/agent --headless -l :2345',
      'nodemon --inspect=0.0.0.0 src/index.js',
      'npx ts-node --inspect-brk=[::]:9230 src/main.ts',
      "jupyter notebook --ip='*' --NotebookApp.token='' --port 8890",
      'jupyter-lab --ip 0.0.0.0 --IdentityProvider.token ""',
      'uv run python3 -Xfrozen_modules=off -m debugpy --listen ${DEBUG_HOST:-0.0.0.0}:5679 -m agent',
      'python -m debugpy --listen ${DEBUG_HOST:-127.0.0.1}:5678 -m agent',
      'debugpy --listen "$HOST:5678" -m agent',
    ].join('\n');
    expect(await exec('run.sh', script)).toEqual([
      '2 high ray-dashboard bound to 0.0.0.0; port 8300',
      '3 high delve bound to 0.0.0.0; port 4000',
      '4 high delve bound to (every interface); port 2345',
      '5 high node-inspector bound to 0.0.0.0; port 9229',
      '6 high node-inspector bound to [::]; port 9230',
      '7 high jupyter bound to *; port 8890',
      '8 high jupyter bound to 0.0.0.0; port 8888',
      '9 high debugpy bound to ${DEBUG_HOST:-0.0.0.0}; port 5679',
      '10 low debugpy bound to ${DEBUG_HOST:-127.0.0.1}; port 5678',
      '11 medium debugpy bound to $HOST; port 5678',
    ]);
  });

  it('shell: a variable the script gives a default is read with it; a port a variable holds is unknown', async () => {
    const script = '#!/bin/bash\nBIND_ADDRESS=${BIND_ADDRESS:-"0.0.0.0"}\nDEBUG_PORT=${DEBUG_PORT:-5678}\nexec debugpy --listen $BIND_ADDRESS:$DEBUG_PORT -m app\nexec debugpy --listen 0.0.0.0:"$OTHER_PORT" -m app\n';
    expect(await exec('entrypoint.sh', script)).toEqual(['4 high debugpy bound to ${BIND_ADDRESS:-0.0.0.0}; port 5678', '5 high debugpy bound to 0.0.0.0']);
    // Assigned two ways: what it holds depends on the branch taken.
    expect(await exec('entrypoint.sh', '#!/bin/sh\nif [ -n "$LOCAL" ]; then\n  HOST=127.0.0.1\nelse\n  HOST=0.0.0.0\nfi\nnode --inspect=$HOST:9229 app.js\n')).toEqual(['7 medium node-inspector bound to $HOST; port 9229']);
  });

  it('shell: none for loopback, a port alone, no head node, a Delve that is not headless, Jupyter with a token or password, Ray with its token authentication', async () => {
    const none = [
      '#!/bin/sh',
      'ray start --head --dashboard-host=localhost',
      'ray start --address=$HEAD:6379 --dashboard-host=0.0.0.0',
      'dlv debug ./cmd/agent --listen=:2345',
      'dlv debug --headless --listen=127.0.0.1:2345',
      'node --inspect=127.0.0.1:9229 server.js',
      'node --inspect-brk=9229 server.js',
      'node --inspect-port=0.0.0.0:9229 server.js',
      'debugpy --listen 5678 -m agent',
      'python -m debugpy --connect 0.0.0.0:5678 -m agent',
      'jupyter lab --ip=0.0.0.0 --no-browser',
      "jupyter lab --ip=0.0.0.0 --ServerApp.token='' --ServerApp.password=argon2:not-a-real-hash",
      'jupyter lab --ip=127.0.0.1 --ServerApp.token=',
      'apt-get install -y nodejs && pip install debugpy ray',
      'printf "node --inspect=0.0.0.0:9229 server.js\\n"',
      'temporal server start-dev --ip 0.0.0.0 --headless',
    ].join('\n');
    expect(await exec('run.sh', none)).toEqual([]);
    expect(await exec('ray.sh', '#!/bin/sh\nexport RAY_AUTH_MODE=token\nray start --head --dashboard-host=0.0.0.0\n')).toEqual([]);
  });

  it('code: calls and launch arguments; a variable the file falls back to loopback is low', async () => {
    expect(await exec('dbg.py', 'import debugpy\ndebugpy.listen(address=("0.0.0.0", 5680))\n')).toEqual(['2 high debugpy bound to 0.0.0.0; port 5680']);
    expect(await exec('dbg.py', 'import debugpy\ndef go(host):\n    debugpy.listen((host, 5678))\n')).toEqual(['3 medium debugpy bound to ${host}; port 5678']);
    expect(await exec('cluster.py', 'import os\nimport ray\nhost = os.getenv("RAY_DASHBOARD_HOST", "127.0.0.1")\nray.init(dashboard_host=host)\n')).toEqual(['4 low ray-dashboard bound to ${host}; port 8265']);
    const ts = [
      "function debugHost(env: NodeJS.ProcessEnv): string {",
      "  return env.DEBUG_HOST?.trim() || '127.0.0.1';",
      '}',
      'export function flags(env: NodeJS.ProcessEnv, port: number): string[] {',
      '  const host = debugHost(env);',
      '  const out: string[] = [];',
      '  out.push(`--inspect=${host}:${port}`);',
      '  return out;',
      '}',
    ].join('\n');
    // The port an expression gives is not known: no port is named.
    expect(await exec('flags.ts', ts)).toEqual(['7 low node-inspector bound to ${host}']);
    expect(await exec('start.py', 'import subprocess\nsubprocess.Popen(["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token=", "--port=9999"])\n')).toEqual(['2 high jupyter bound to 0.0.0.0; port 9999']);
    expect(await exec('start.py', 'import subprocess\nsubprocess.Popen(["dlv", "exec", "./agent", "--headless", "--listen", ":2345"])\n')).toEqual(['2 high delve bound to (every interface); port 2345']);
    expect(await exec('head.py', 'import subprocess\nsubprocess.run(["ray", "start", "--head", "--dashboard-host=0.0.0.0"], check=True)\n')).toEqual(['2 high ray-dashboard bound to 0.0.0.0; port 8265']);
    expect(await exec('worker.py', 'import subprocess\nsubprocess.run(["ray", "start", "--address", head, "--dashboard-host=0.0.0.0"], check=True)\n')).toEqual([]);
  });

  it('code: a command string handed to a shell, whole or joined from pieces, read as a script\'s line', async () => {
    const py = [
      'import os',
      'import subprocess',
      'subprocess.Popen("python -m debugpy --listen 0.0.0.0:5678 -m agent.worker", shell=True)',
      'subprocess.run(["bash", "-c", "jupyter lab --ip=0.0.0.0 --ServerApp.token= --port 8890"])',
      'cmd = (',
      '    "nohup python -m debugpy "  # the worker waits for the debugger',
      '    f"--listen {host}:5679 "',
      '    "-m agent.worker &"',
      ')',
      'os.system("node --inspect=" + bind_host + ":9230 dist/server.js")',
    ].join('\n');
    expect(await exec('workers.py', py)).toEqual([
      '3 high debugpy bound to 0.0.0.0; port 5678',
      '4 high jupyter bound to 0.0.0.0; port 8890',
      '6 medium debugpy bound to {host}; port 5679',
      '10 medium node-inspector bound to {bind_host}; port 9230',
    ]);
    // An environment variable with a default is read as a script's `${NAME:-default}`; another expression is a value the line does not show.
    const ts = [
      "import { execSync } from 'node:child_process';",
      'execSync(`node --inspect=0.0.0.0:${process.env.DEBUG_PORT ?? 9229} dist/server.js`);',
      'execSync(`node --inspect=0.0.0.0:${basePort + 1} dist/worker.js`);',
      "execSync(`node --inspect=${process.env['INSPECT_HOST'] || '127.0.0.1'}:9229 dist/server.js`);",
    ].join('\n');
    expect(await exec('start.ts', ts)).toEqual(['2 high node-inspector bound to 0.0.0.0; port 9229', '3 high node-inspector bound to 0.0.0.0', '4 low node-inspector bound to ${INSPECT_HOST:-127.0.0.1}; port 9229']);
    const withEnv = 'import os\nimport subprocess\nsubprocess.Popen(f"python -m debugpy --listen {os.getenv(\'DEBUG_HOST\', \'0.0.0.0\')}:{os.environ.get(\'DEBUG_PORT\', 5690)} -m agent", shell=True)\n';
    expect(await exec('debug.py', withEnv)).toEqual(['3 high debugpy bound to ${DEBUG_HOST:-0.0.0.0}; port 5690']);
  });

  it('code: no command string when it is printed, logged, a help text, a comment, a test\'s expectation, prose, or loopback', async () => {
    const py = [
      'import logging',
      'def hints(port):',
      '    print("python -m debugpy --listen 0.0.0.0:5678 -m agent")',
      '    logging.info(f"node --inspect=0.0.0.0:{port} dist/server.js")',
      '    usage = "python -m debugpy --listen 0.0.0.0:5678 -m agent"',
      '    parser.add_argument("--debug", help="python -m debugpy --listen 0.0.0.0:5678 -m agent")',
      '    # subprocess.run("python -m debugpy --listen 0.0.0.0:5678 -m agent", shell=True)',
      '    assert build() == "python -m debugpy --listen 0.0.0.0:5678 -m agent"',
      '    run("start python -m debugpy --listen 0.0.0.0:5678 from a terminal")',
      '    run("python -m debugpy --listen 127.0.0.1:5678 -m agent")',
      '    run("jupyter lab --ip=0.0.0.0 --port 8888")',
    ].join('\n');
    expect(await exec('hints.py', py)).toEqual([]);
  });

  it('code: none for loopback, a port alone, a list a test expects, a mention in text, a comment', async () => {
    const py = [
      'import debugpy',
      'import ray',
      'debugpy.listen(5678)',
      'debugpy.listen(("127.0.0.1", 5678))',
      'ray.init(dashboard_host="localhost")',
      '# ray.init(dashboard_host="0.0.0.0")',
      'assert build_args() == ["node", "--inspect=0.0.0.0:9229", "main.js"]',
      'print("start it with --dashboard-host=0.0.0.0 to share the dashboard")',
      'args = ["jupyter", "lab", "--ip=0.0.0.0"]',
    ].join('\n');
    expect(await exec('misc.py', py)).toEqual([]);
    expect(await exec('flags.test.ts', "it('binds', () => {\n  expect(flags()).toEqual([\n    'node',\n    '--inspect=0.0.0.0:9502',\n  ]);\n});\n")).toEqual([]);
  });

  it('Compose: what the service publishes decides', async () => {
    const svc = (ports: string) => `services:\n  api:\n    build: .\n    command: dlv debug ./cmd/api --headless --listen=:40000 --api-version=2\n${ports}`;
    expect(await exec('docker-compose.yml', svc('    ports:\n      - "40000:40000"\n'))).toEqual(['4 high delve bound to (every interface); port 40000; service api']);
    expect(await exec('docker-compose.yml', svc('    ports:\n      - "127.0.0.1:40000:40000"\n'))).toEqual(['4 low delve bound to (every interface); port 40000; service api']);
    expect(await exec('docker-compose.yml', svc('    expose: ["40000"]\n'))).toEqual(['4 low delve bound to (every interface); port 40000; service api']);
  });

  it('a Dockerfile no Compose service builds keeps its own severity; a script of a service that publishes the port is high', async () => {
    const dockerfile = { path: 'Dockerfile', code: 'FROM node:22-slim\nCMD ["node", "--inspect=0.0.0.0:9229", "server.js"]\n' };
    expect(pick(await runExample([analyzer], dockerfile, [codeExecPublished]))).toEqual(['Dockerfile:2 high']);
    expect(pick(await runExample([], { ...dockerfile, with: { 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["127.0.0.1:9229:9229"]\n' } }))).toEqual(['Dockerfile:2 low']);
    const script = { path: 'svc/run.sh', code: '#!/bin/sh\nexec node --inspect="$INSPECT_HOST:9229" server.js\n' };
    expect(pick(await runExample([], { ...script, with: { 'docker-compose.yml': 'services:\n  svc:\n    build: ./svc\n    ports: ["9229:9229"]\n' } }))).toEqual(['svc/run.sh:2 high']);
    expect(pick(await runExample([], { ...script, with: { 'docker-compose.yml': 'services:\n  svc:\n    build: ./svc\n    ports: ["3000:3000"]\n' } }))).toEqual(['svc/run.sh:2 medium']);
  });

  it("a Dockerfile's CMD that every Compose service built from it replaces is withdrawn; the service's own command is reported", async () => {
    const lab = 'FROM python:3.12-slim AS lab\nCMD ["jupyter-lab", "--ip=0.0.0.0", "--port=8888", "--NotebookApp.token=\'\'"]\n';
    const service = (extra: string) => `services:\n  dev:\n    build: {context: ./docker, dockerfile: Dockerfile.lab, target: lab}\n${extra}    ports: ["8888:8888"]\n`;
    const open = "    command: jupyter-lab --ip=0.0.0.0 --port=8888 --NotebookApp.token=''\n";
    const scan = (files: Record<string, string>) => runExample([], { path: 'docker/Dockerfile.lab', code: lab, with: files });
    expect(pick(await scan({ 'docker-compose.yml': service(open) }))).toEqual(['docker-compose.yml:4 high']);
    // A service that keeps the image's command, another build of it that publishes it, or an ENTRYPOINT a command does not replace: the Dockerfile's start runs.
    expect(pick(await scan({ 'docker-compose.yml': service(open) + '  other:\n    build: {context: ./docker, dockerfile: Dockerfile.lab}\n' })).sort()).toEqual(['docker-compose.yml:4 high', 'docker/Dockerfile.lab:2 high']);
    const workflow = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f docker/Dockerfile.lab -t ghcr.io/acme/lab:1.0.0 docker\n';
    expect(pick(await scan({ 'docker-compose.yml': service(open), '.github/workflows/image.yml': workflow })).sort()).toEqual(['docker-compose.yml:4 high', 'docker/Dockerfile.lab:2 high']);
    const entry = { path: 'docker/Dockerfile.lab', code: lab.replace('CMD', 'ENTRYPOINT'), with: { 'docker-compose.yml': service('    command: ["--debug"]\n') } };
    expect(pick(await runExample([], entry))).toEqual(['docker/Dockerfile.lab:2 high']);
  });
});
