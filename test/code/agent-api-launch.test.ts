/**
 * code/agent-api-no-auth for an app started by a launcher in another file: a FastAPI app whose route
 * runs an agent, with no listener and no authentication in its file, reported at the app when a
 * package.json script, a Dockerfile or a Compose service starts it on every interface; not when the
 * launcher binds loopback, names another module, or the app authenticates or never reaches a model.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { serverLaunches } from '../../src/rules/deploy/server-launch.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';

const APP =
  'from fastapi import FastAPI\nfrom openai import OpenAI\n\napp = FastAPI()\nclient = OpenAI()\n\n' +
  '@app.post("/ask")\nasync def ask(q: str):\n    r = client.responses.create(model="gpt-4o", input=q)\n    return {"answer": r.output_text}\n';

async function found(files: Record<string, string>, options: { cache?: string } = {}) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1, ...options });
  return report.findings.filter((f) => f.ruleId === ID).map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message }));
}

describe('an agent API started by a launcher in another file', () => {
  it('a package.json script that moves into the backend folder first', async () => {
    const r = await found({
      'backend/main.py': APP,
      'web/package.json': JSON.stringify({ scripts: { 'dev:api': 'cd ../backend && uvicorn main:app --reload --host 0.0.0.0 --port 8000' } }, null, 2),
    });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'backend/main.py:4', severity: 'medium' });
    expect(r[0]!.message).toContain('started by uvicorn on every interface (--host 0.0.0.0) from web/package.json:3 (script "dev:api": uvicorn main:app');
    expect(r[0]!.message).toContain('route "/ask" drives the agent');
  });

  it('a Dockerfile CMD in exec form, the module under the folder the image is built from', async () => {
    const r = await found({
      'service/app/api.py': APP,
      'service/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["uvicorn", "app.api:app", "--host", "0.0.0.0", "--port", "80"]\n',
    });
    expect(r.map((x) => x.at)).toEqual(['service/app/api.py:4']);
  });

  it('a Compose command, gunicorn with an ASGI worker, and one finding for several launchers', async () => {
    const r = await found({
      'api/server.py': APP,
      'docker-compose.yml': 'services:\n  api:\n    build: ./api\n    command: gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8000 server:app\n',
      'api/Procfile': 'web: uvicorn server:app --host 0.0.0.0 --port $PORT\n',
    });
    expect(r).toHaveLength(1);
    expect(r[0]!.at).toBe('api/server.py:4');
    expect(r[0]!.message).toContain('and 1 other launcher');
  });

  it('a Compose file in a subfolder that builds from the folder above, its command a shell string', async () => {
    const r = await found({
      'app/main.py': APP,
      'deploy/compose.yaml': 'services:\n  api:\n    build:\n      context: ../\n    command: sh -c "uvicorn app.main:app --host 0.0.0.0 --port 8000"\n',
    });
    expect(r.map((x) => x.at)).toEqual(['app/main.py:4']);
    expect(r[0]!.message).toContain('(service "api": uvicorn app.main:app --host 0.0.0.0 --port 8000)');
  });

  it('a route that runs what it is sent is high; fastapi run binds every interface by default', async () => {
    const app = 'import subprocess\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/exec")\ndef run(cmd: str):\n    return subprocess.run(cmd, shell=True, capture_output=True).stdout\n';
    const r = await found({ 'main.py': app, 'start.sh': '#!/bin/sh\nfastapi run main.py --port 8000\n' });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['main.py:4 high']);
  });

  it.each([
    ['a loopback host', { 'package.json': JSON.stringify({ scripts: { api: 'uvicorn main:app --host 127.0.0.1' } }) }],
    ["uvicorn's default host", { 'package.json': JSON.stringify({ scripts: { api: 'uvicorn main:app --port 8000' } }) }],
    ['fastapi dev', { 'dev.sh': '#!/bin/sh\nfastapi dev main.py\n' }],
    ['a launcher of another module', { 'Dockerfile': 'FROM python:3.12\nCMD uvicorn worker:app --host 0.0.0.0\n' }],
    ['another app name', { 'Procfile': 'web: uvicorn main:api --host 0.0.0.0\n' }],
  ])('no report for %s', async (_name, launcher) => {
    expect(await found({ 'main.py': APP, ...launcher })).toEqual([]);
  });

  it('no report for an app with a security dependency, or whose routes never reach a model', async () => {
    const secured = APP.replace('from fastapi import FastAPI', 'from fastapi import Depends, FastAPI\nfrom fastapi.security import APIKeyHeader').replace('q: str)', 'q: str, k: str = Depends(APIKeyHeader(name="X-Key")))');
    const health = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n';
    const launcher = { 'Procfile': 'web: uvicorn main:app --host 0.0.0.0\n' };
    expect(await found({ 'main.py': secured, ...launcher })).toEqual([]);
    expect(await found({ 'main.py': health, ...launcher })).toEqual([]);
  });

  it('keeps the in-file finding of an app that starts itself, and reports no second one for its launcher', async () => {
    const r = await found({ 'main.py': `import uvicorn\n${APP}\nuvicorn.run(app, host="0.0.0.0")\n`, 'Procfile': 'web: uvicorn main:app --host 0.0.0.0\n' });
    expect(r.map((x) => x.at)).toEqual(['main.py:13']);
  });

  it('the result cache: the join is made again when only the launcher changes', async () => {
    const root = tempTree({ 'backend/main.py': APP, 'package.json': JSON.stringify({ scripts: { api: 'cd backend && uvicorn main:app --host 127.0.0.1' } }) });
    const cache = path.join(root, '.cache');
    const run = async () => (await scan({ paths: [root], threads: 1, cache })).report.findings.filter((f) => f.ruleId === ID).map((f) => f.location.path);
    expect(await run()).toEqual([]);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts: { api: 'cd backend && uvicorn main:app --host 0.0.0.0' } }));
    expect(await run()).toEqual(['backend/main.py']);
    expect(await run()).toEqual(['backend/main.py']);
    writeFileSync(path.join(root, 'backend/main.py'), APP.replace('app = FastAPI()', 'app = FastAPI()\nfrom fastapi.security import HTTPBearer'));
    expect(await run()).toEqual([]);
  });
});

describe('reading a launcher command', () => {
  it.each([
    ['python -m uvicorn api.main:app --host=0.0.0.0', ['api/main.py'], '--host=0.0.0.0'.replace('=', ' '), ''],
    ['uvicorn main:app --app-dir src --host ::', ['main.py'], '--host ::', 'src'],
    ['hypercorn main:app --bind [::]:8000', ['main.py'], '--bind [::]:8000', ''],
    ['gunicorn --chdir backend -b 0.0.0.0:8000 -k uvicorn.workers.UvicornWorker server:app', ['server.py'], '--bind 0.0.0.0:8000', 'backend'],
    ['uvicorn main:app --host ${HOST:-0.0.0.0}', ['main.py'], '--host ${HOST:-0.0.0.0}', ''],
  ])('%s', (command, files, bind, dir) => {
    expect(serverLaunches(command)[0]).toMatchObject({ files, bind, dir });
  });

  it.each(['uvicorn main:app --host $HOST', 'pip install fastapi uvicorn gunicorn', 'uvicorn --factory main:create_app --host 0.0.0.0', 'gunicorn -b localhost:8000 main:app', 'echo see docs'])('%s is no launch on every interface', (command) => {
    expect(serverLaunches(command)).toEqual([]);
  });

  it('shows the command with the value of an option named for a secret masked', () => {
    const [launch] = serverLaunches('uvicorn main:app --host 0.0.0.0 --ssl-keyfile-password Zr8kq2vLw9Tb4Xp7 --env API_KEY=sk-proj-Zr8kq2vLw9Tb4Xp7');
    expect(launch?.command).toContain('uvicorn main:app --host 0.0.0.0');
    expect(launch?.command).not.toContain('Zr8kq2vLw9Tb4Xp7');
  });

  it('a cd on an earlier line of a script still holds', () => {
    expect(serverLaunches('#!/bin/sh\ncd services/api\nexec uvicorn main:app --host 0.0.0.0\n', { persistentCd: true })[0]?.dir).toBe('services/api');
  });
});

describe("an app's routes in the routers it includes", () => {
  const MAIN =
    'from fastapi import FastAPI\nfrom app.routers import chat, health\n\napp = FastAPI()\napp.include_router(chat.router)\napp.include_router(health.router)\n';
  const CHAT =
    'from fastapi import APIRouter\nfrom agents import Agent, Runner\n\nrouter = APIRouter()\nhelper = Agent(name="helper", instructions="Help.")\n\n' +
    '@router.post("/chat")\nasync def chat(message: str):\n    result = await Runner.run(helper, message)\n    return {"reply": result.final_output}\n';
  const HEALTH = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("/health")\nasync def health():\n    return {"ok": True}\n';
  const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n';

  it('reports the app when an included router runs the agent, naming its route', async () => {
    const r = await found({ 'app/main.py': MAIN, 'app/routers/chat.py': CHAT, 'app/routers/health.py': HEALTH, Dockerfile: DOCKERFILE });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'app/main.py:4', severity: 'medium' });
    expect(r[0]!.message).toContain('route "/chat"');
  });

  it('and when the app starts itself on every interface', async () => {
    const r = await found({ 'app/main.py': `${MAIN}\nimport uvicorn\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n`, 'app/routers/chat.py': CHAT, 'app/routers/health.py': HEALTH });
    expect(r.map((x) => x.at)).toEqual(['app/main.py:10']);
  });

  it('not when the router authenticates its callers, or only answers health checks', async () => {
    const guarded = CHAT.replace('router = APIRouter()', 'router = APIRouter(dependencies=[Depends(verify_api_key)])').replace('from fastapi import APIRouter', 'from fastapi import APIRouter, Depends\nfrom app.auth import verify_api_key');
    expect(await found({ 'app/main.py': MAIN, 'app/routers/chat.py': guarded, 'app/routers/health.py': HEALTH, Dockerfile: DOCKERFILE })).toEqual([]);
    expect(await found({ 'app/main.py': MAIN.replace('app.include_router(chat.router)\n', ''), 'app/routers/chat.py': CHAT, 'app/routers/health.py': HEALTH, Dockerfile: DOCKERFILE })).toEqual([]);
  });
});
