/**
 * code/agent-api-no-auth for a launcher that serves an app another module of the repository makes
 * (`app = create_app()` after importing the factory, `from pkg.main import app`, `uvicorn.run("pkg.main:app")`),
 * and for routes that reach their agent through the project's own objects and classes: reported at
 * the launcher when it binds every interface and nothing in it or the app's module authenticates;
 * not when it binds loopback, the app checks a key, or no route reaches the agent.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';

async function found(files: Record<string, string>) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID).map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message }));
}

/** A package whose factory makes a FastAPI app; `route` is its agent route, `extra` more of the module. */
function desk(route: string, extra = ''): Record<string, string> {
  return {
    'desk/__init__.py': '',
    'desk/app.py': `from fastapi import FastAPI, WebSocket\n\nfrom desk import runtime\n${extra}\n\ndef create_app() -> FastAPI:\n    app = FastAPI()\n\n${route}\n    return app\n`,
    'desk/runtime.py': 'from desk.pool import WorkerPool\n\npool = WorkerPool()\n',
    'desk/pool.py':
      'from desk.worker import Worker\n\n\nclass WorkerPool:\n    def __init__(self):\n        self.workers = []\n\n    def size(self):\n        return len(self.workers)\n\n' +
      '    def start(self, socket):\n        worker = Worker(socket)\n        self.workers.append(worker)\n        return worker\n',
    'desk/worker.py':
      'from openai import AsyncOpenAI\n\nclient = AsyncOpenAI()\n\n\nclass Worker:\n    def __init__(self, socket):\n        self.socket = socket\n\n' +
      '    async def loop(self):\n        while True:\n            text = await self.socket.receive_text()\n' +
      '            reply = await client.responses.create(model="gpt-4.1", input=text)\n            await self.socket.send_text(reply.output_text)\n',
  };
}
const SOCKET_ROUTE = '    @app.websocket("/ws")\n    async def ws(socket: WebSocket):\n        worker = runtime.pool.start(socket)\n        await worker.loop()\n';
const COUNT_ROUTE = '    @app.get("/workers")\n    async def workers():\n        return {"count": runtime.pool.size()}\n';

/** A launcher that imports the factory; `host` is the argparse option's default. */
const launcher = (host: string, run = 'app = create_app()\n    uvicorn.run(app, host=args.host, port=args.port)') =>
  'import argparse\n\nimport uvicorn\n\nfrom desk.app import create_app\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n' +
  `    parser.add_argument("--host", default="${host}")\n    parser.add_argument("--port", type=int, default=8000)\n    args = parser.parse_args()\n    ${run}\n`;

describe('an app another module makes, served by a launcher', () => {
  it('a factory imported from the package, the host an argparse default, a WebSocket route reaching the agent through project classes', async () => {
    const r = await found({ ...desk(SOCKET_ROUTE), 'serve.py': launcher('0.0.0.0') });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'serve.py:14', severity: 'medium' });
    expect(r[0]!.message).toContain('FastAPI (uvicorn) server on every interface (0.0.0.0) with no authentication, serving the app made by create_app() in desk/app.py');
    expect(r[0]!.message).toContain('route "/ws" drives the agent (runtime.pool.start → WorkerPool → Worker in desk/worker.py: .responses.create())');
    expect(r[0]!.message).toContain('neither this file nor desk/app.py checks a token');
  });

  it.each([
    ['the factory called in the uvicorn call', 'uvicorn.run(create_app(), host=args.host, port=args.port)'],
    ['a module path with factory=True', 'uvicorn.run("desk.app:create_app", factory=True, host=args.host)'],
  ])('%s', async (_name, run) => {
    expect((await found({ ...desk(SOCKET_ROUTE), 'serve.py': launcher('0.0.0.0', run) })).map((x) => x.at)).toEqual(['serve.py:13']);
  });

  it('an app object another module makes, imported or named by its module path', async () => {
    const files = desk(SOCKET_ROUTE);
    files['desk/app.py'] += '\n\napp = create_app()\n';
    const imported = 'import uvicorn\n\nfrom desk.app import app\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8000)\n';
    const named = 'import uvicorn\n\nif __name__ == "__main__":\n    uvicorn.run("desk.app:app", host="0.0.0.0", port=8000)\n';
    const r = await found({ ...files, 'run.py': imported });
    expect(r.map((x) => x.at)).toEqual(['run.py:6']);
    expect(r[0]!.message).toContain('with no authentication, serving the app "app" of desk/app.py: its route "/ws" drives the agent');
    expect((await found({ ...files, 'run.py': named })).map((x) => x.at)).toEqual(['run.py:4']);
  });

  it('a click option whose default is every interface', async () => {
    const cli =
      'import click\nimport uvicorn\n\nfrom desk.app import create_app\n\n\n@click.command()\n@click.option("--host", default="0.0.0.0")\ndef main(host):\n    uvicorn.run(create_app(), host=host, port=8000)\n';
    expect((await found({ ...desk(SOCKET_ROUTE), 'cli.py': cli })).map((x) => x.at)).toEqual(['cli.py:10']);
    expect(await found({ ...desk(SOCKET_ROUTE), 'cli.py': cli.replace('0.0.0.0', '127.0.0.1') })).toEqual([]);
  });

  it("on loopback, the factory's CORS policy admits every origin: the browser case, naming where the policy is", async () => {
    const cors = '    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n';
    const files = desk(SOCKET_ROUTE.replace('    @app', `${cors}\n    @app`), 'from fastapi.middleware.cors import CORSMiddleware\n');
    const r = await found({ ...files, 'serve.py': launcher('127.0.0.1') });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['serve.py:14 medium']);
    expect(r[0]!.message).toContain('on loopback (127.0.0.1, the default of host) with no authentication and a CORS policy that admits every origin (CORSMiddleware allow_origins=["*"] in desk/app.py)');
  });

  it('routers the factory includes through a package that re-exports them: a settings write is high', async () => {
    const include = '    app.include_router(settings_router)\n';
    const files = {
      ...desk(SOCKET_ROUTE.replace('    @app', `${include}\n    @app`), 'from desk.api import settings_router\n'),
      'desk/api/__init__.py': 'from .settings import settings_router\n',
      'desk/api/settings.py':
        'from fastapi import APIRouter\n\nfrom desk.store import save_llm_settings\n\nsettings_router = APIRouter(prefix="/api")\n\n\n' +
        '@settings_router.post("/settings")\nasync def update(settings: dict):\n    save_llm_settings(settings)\n    return {"ok": True}\n',
    };
    const r = await found({ ...files, 'serve.py': launcher('0.0.0.0') });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['serve.py:14 high']);
    expect(r[0]!.message).toContain('route "/settings" changes the app\'s settings with what the caller sends (save_llm_settings(settings))');
  });

  it.each([
    ['the launcher binds loopback (the option defaults to 127.0.0.1)', desk(SOCKET_ROUTE), launcher('127.0.0.1')],
    [
      'the route depends on a token check',
      desk(
        SOCKET_ROUTE.replace('socket: WebSocket)', 'socket: WebSocket, user=Depends(verify_token))'),
        'from fastapi import Depends\nfrom desk.auth import verify_token\n',
      ),
      launcher('0.0.0.0'),
    ],
    ['the route only counts the workers of the pool (a method that runs no agent)', desk(COUNT_ROUTE), launcher('0.0.0.0')],
    ['the factory makes no web app', { ...desk(SOCKET_ROUTE), 'desk/app.py': 'def create_app():\n    return {"name": "desk"}\n' }, launcher('0.0.0.0')],
  ])('no report when %s', async (_name, files, serve) => {
    expect(await found({ ...files, 'serve.py': serve })).toEqual([]);
  });
});
