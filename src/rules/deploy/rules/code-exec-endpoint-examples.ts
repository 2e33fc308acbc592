/** The examples of deploy/code-exec-endpoint-exposed (run by the test suite), beside the rule. */
import type { RuleExample } from '../../../core/rule.js';

const positive: RuleExample[] = [
  // Written out in a script: high.
  { path: 'scripts/cluster.sh', code: '#!/bin/bash\nset -e\nray stop --force || true\nray start --head --dashboard-host=0.0.0.0 --dashboard-port=8265\npython -m trainer.main\n' },
  { path: 'scripts/debug-server.sh', code: '#!/bin/sh\nexec python -m debugpy --wait-for-client --listen 0.0.0.0:5678 -m agent.server\n' },
  { path: 'Dockerfile', code: 'FROM golang:1.23-bookworm\nWORKDIR /src\nCOPY . .\nCMD ["dlv", "debug", "./cmd/agent", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient"]\n' },
  // A Compose command whose service publishes the port on every interface: high.
  {
    path: 'docker-compose.yml',
    code: 'services:\n  notebook:\n    image: ghcr.io/acme/notebook:2.1.0\n    command: jupyter lab --ip=0.0.0.0 --port=8888 --no-browser --ServerApp.token=\'\'\n    ports:\n      - "8888:8888"\n',
  },
  // The same published on 127.0.0.1 only: low.
  { path: 'compose.yaml', code: 'services:\n  api:\n    build: .\n    command: ["node", "--inspect=0.0.0.0:9229", "dist/server.js"]\n    ports:\n      - "127.0.0.1:9229:9229"\n      - "3000:3000"\n' },
  // The address from a variable: medium.
  { path: 'bin/start-debug.sh', code: '#!/bin/bash\nnode --inspect-brk="${INSPECT_HOST}:9229" dist/index.js\n' },
  // Binding calls in code.
  { path: 'cluster/setup.py', code: 'import ray\n\n\ndef connect() -> None:\n    ray.init(address="auto", dashboard_host="0.0.0.0", dashboard_port=8265)\n' },
  { path: 'agent/debug.py', code: 'import os\n\nif os.environ.get("AGENT_DEBUG"):\n    import debugpy\n\n    debugpy.listen(("0.0.0.0", 5678))\n' },
  // Launch arguments code builds.
  {
    path: 'scripts/dev.ts',
    code: "import { spawn } from 'node:child_process';\n\nconst nodeArgs: string[] = [];\nconst port = process.env.DEBUG_PORT ?? '9229';\nnodeArgs.push(`--inspect-brk=0.0.0.0:${port}`);\nspawn(process.execPath, [...nodeArgs, 'dist/cli.js'], { stdio: 'inherit' });\n",
  },
  {
    path: 'tools/launch.py',
    code: 'import subprocess\nimport sys\n\n\ndef start(host: str) -> subprocess.Popen:\n    return subprocess.Popen([sys.executable, "-m", "debugpy", "--listen", f"{host}:5678", "-m", "agent.worker"])\n',
  },
  // A Dockerfile a Compose service builds without publishing the port: low.
  {
    path: 'worker/Dockerfile',
    code: 'FROM python:3.12-slim\nRUN pip install debugpy\nCMD ["python", "-m", "debugpy", "--listen", "0.0.0.0:5678", "-m", "worker"]\n',
    with: { 'docker-compose.yml': 'services:\n  worker:\n    build: ./worker\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    ports: ["8000:8000"]\n' },
  },
  // A variable address in a script of a Compose service that publishes the port on every interface: high.
  {
    path: 'app/entrypoint.sh',
    code: '#!/bin/sh\nexec debugpy --listen "$BIND_HOST:5678" -m app.main\n',
    with: { 'docker-compose.yml': 'services:\n  app:\n    build: ./app\n    ports:\n      - "5678:5678"\n' },
  },
  // A browser IDE with its authentication off: in a Dockerfile's CMD, a script, a launch list and a command string code hands a shell.
  { path: 'ide/Dockerfile', code: 'FROM debian:bookworm-slim\nRUN useradd -m dev\nUSER dev\nEXPOSE 8080\nCMD ["code-server", "--auth", "none", "--bind-addr", "0.0.0.0:8080", "/home/dev/project"]\n' },
  { path: 'scripts/workspace.sh', code: '#!/bin/bash\nmkdir -p "$HOME/work"\nnohup code-server --disable-telemetry --auth=none --bind-addr=0.0.0.0:8443 "$HOME/work" >/tmp/ide.log 2>&1 &\n' },
  {
    path: 'sandbox/editor.py',
    code: 'import subprocess\n\n\ndef open_editor(folder: str) -> subprocess.Popen:\n    return subprocess.Popen(["code-server", "--auth", "none", "--bind-addr", "0.0.0.0:8443", folder])\n',
  },
  {
    path: 'sandbox/ide.py',
    code:
      'import asyncio\n\n\nasync def start_ide(port: int, folder: str) -> None:\n    command = (\n        "code-server "\n        "--auth none "\n' +
      '        f"--bind-addr 0.0.0.0:{port} "\n        f"{folder} &"\n    )\n    await asyncio.create_subprocess_shell(command)\n',
  },
  {
    path: 'docker-compose.yml',
    code: 'services:\n  ide:\n    build: ./ide\n    command: openvscode-server --host 0.0.0.0 --port 3000 --without-connection-token\n    ports:\n      - "3000:3000"\n',
  },
  // A writable web terminal, on every interface by default.
  { path: 'terminal/Dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache ttyd bash\nEXPOSE 7681\nCMD ["ttyd", "--writable", "--port", "7681", "bash", "-l"]\n' },
];

const negative: RuleExample[] = [
  // Loopback, written or by default, and a port alone.
  {
    path: 'scripts/local.sh',
    code:
      '#!/bin/sh\nray start --head\nray start --head --dashboard-host=127.0.0.1\npython -m debugpy --listen 5678 -m agent\nnode --inspect=9229 dist/server.js\nnode --inspect dist/server.js\n' +
      'dlv debug ./cmd/agent --headless --listen=127.0.0.1:2345\n',
  },
  // A worker node runs no dashboard; Delve without --headless serves its own terminal, not the network.
  { path: 'scripts/worker.sh', code: '#!/bin/sh\nray start --address=head:6379 --dashboard-host=0.0.0.0\ndlv debug ./cmd/agent --listen=:2345\n' },
  // Jupyter that keeps its token, or has a password.
  {
    path: 'docker-compose.yml',
    code:
      'services:\n  lab:\n    image: ghcr.io/acme/notebook:2.1.0\n    command: jupyter lab --ip=0.0.0.0 --port=8888 --no-browser\n    ports: ["8888:8888"]\n' +
      '  classic:\n    image: ghcr.io/acme/notebook:2.1.0\n    command: jupyter notebook --ip=0.0.0.0 --NotebookApp.token= --NotebookApp.password=argon2:fake-hash-for-docs\n',
  },
  // Printed and commented commands start nothing.
  { path: 'help.sh', code: '#!/bin/sh\necho "debug with: python -m debugpy --listen 0.0.0.0:5678 -m agent"\n# ray start --head --dashboard-host=0.0.0.0\n' },
  // Loopback in code, a port alone, a comment, a help text and a list of refused switches.
  {
    path: 'agent/debug.py',
    code:
      'import debugpy\nimport ray\n\nray.init(dashboard_host="127.0.0.1")\ndebugpy.listen(5678)\n# debugpy.listen(("0.0.0.0", 5678))\n' +
      'HELP = "pass --inspect=0.0.0.0:9229 to debug from another machine"\nBLOCKED_FLAGS = ["--inspect=0.0.0.0:9229", "--dashboard-host=0.0.0.0"]\n',
  },
  // A Dockerfile's CMD that the one Compose service built from it replaces with its own command: not what runs.
  {
    path: 'notebooks/Dockerfile',
    code: 'FROM python:3.12-slim AS lab\nRUN pip install jupyterlab==4.2.5\nCMD ["jupyter-lab", "--ip=0.0.0.0", "--port=8888", "--NotebookApp.token=\'\'"]\n',
    with: { 'docker-compose.yml': 'services:\n  lab:\n    build: {context: ./notebooks, target: lab}\n    command: jupyter-lab --port=8888 --no-browser\n    ports: ["127.0.0.1:8888:8888"]\n' },
  },
  // A list with --listen that never names debugpy or Delve.
  { path: 'server/run.py', code: 'import subprocess\n\nsubprocess.run(["socat", "--listen", "0.0.0.0:8080"])\n' },
  // A code-server that keeps its password (the default), one with its authentication off on loopback, an OpenVSCode Server with its connection token.
  {
    path: 'scripts/ide.sh',
    code:
      '#!/bin/sh\nexport PASSWORD="$(cat /run/secrets/ide_password)"\ncode-server --bind-addr 0.0.0.0:8080 /workspace &\n' +
      'code-server --auth none --bind-addr 127.0.0.1:8081 /workspace &\n' +
      'openvscode-server --host 0.0.0.0 --port 3000 --connection-token-file /run/secrets/ide_token\n',
  },
  // A ttyd whose clients only watch, one that asks for a credential, one on loopback only.
  { path: 'scripts/terminal.sh', code: '#!/bin/sh\nttyd -p 7681 tail -f /var/log/agent.log &\nttyd -W -c "admin:$TTYD_PASSWORD" bash &\nttyd -W -i lo -p 7682 bash\n' },
  // A command printed for the user, not run.
  { path: 'cli/hint.py', code: 'def hint(port: int) -> None:\n    print(f"code-server --auth none --bind-addr 0.0.0.0:{port}")\n' },
];

export const codeExecExamples = { positive, negative };
