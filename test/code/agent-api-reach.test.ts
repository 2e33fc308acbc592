/**
 * code/agent-api-no-auth for routes that reach their agent through the project's own objects and
 * classes in other modules (a method of an object another module binds, a class it constructs), and
 * for routers a package only re-exports: reported when the route's calls lead to an agent; not when
 * the route only reads the object, or calls a method of it that runs none.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { drivesAgent } from '../../src/rules/code/agent-api-routes.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';

async function found(files: Record<string, string>) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID).map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message }));
}

/** Modules of a project: an object of `hub.py` whose class makes workers of `worker.py`, which call a model; a function of `hub.py` that makes notes. */
const PROJECT: Record<string, string> = {
  'hub.py': 'from notes import Notes\nfrom pool import WorkerPool\n\npool = WorkerPool()\n\n\ndef make_notes():\n    return Notes()\n',
  'pool.py':
    'from worker import Worker\n\n\nclass WorkerPool:\n    def __init__(self):\n        self.workers = []\n\n    def size(self):\n        return len(self.workers)\n\n' +
    '    def start(self, socket):\n        worker = Worker(socket)\n        self.workers.append(worker)\n        return worker\n',
  'worker.py':
    'from openai import AsyncOpenAI\n\nclient = AsyncOpenAI()\n\n\nclass Worker:\n    """Answers what a socket sends. Example: worker.run(), agent.run()."""\n\n' +
    '    def __init__(self, socket):\n        self.socket = socket\n\n    async def loop(self):\n        while True:\n            text = await self.socket.receive_text()\n' +
    '            reply = await client.responses.create(model="gpt-4.1", input=text)\n            await self.socket.send_text(reply.output_text)\n',
};

/** A FastAPI app on every interface; `route` is its route, `head` more imports. */
const app = (route: string, head = '') =>
  `import uvicorn\nfrom fastapi import FastAPI, WebSocket\n\nimport hub\n${head}\napp = FastAPI()\n\n\n${route}\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n`;
const SOCKET = '@app.websocket("/ws")\nasync def ws(socket: WebSocket):\n    worker = hub.pool.start(socket)\n    await worker.loop()\n';

describe("a route that reaches the agent through the project's objects and classes", () => {
  it("a WebSocket route: a method of another module's object, which constructs a class of a third that calls a model", async () => {
    const r = await found({ ...PROJECT, 'main.py': app(SOCKET) });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['main.py:15 medium']);
    expect(r[0]!.message).toContain('its route "/ws" drives the agent (hub.pool.start → WorkerPool → Worker in worker.py: .responses.create())');
  });

  it('a class whose method writes a multi-line string at the left margin is read to its end', async () => {
    const summary = '    def summary(self):\n        return f"""## Summary\n\n{self.socket}\n"""\n\n';
    const worker = PROJECT['worker.py']!.replace('    async def loop(self):', `${summary}    async def loop(self):`);
    const r = await found({ ...PROJECT, 'worker.py': worker, 'main.py': app(SOCKET) });
    expect(r[0]?.message).toContain('(hub.pool.start → WorkerPool → Worker in worker.py: .responses.create())');
  });

  it("a function of the route's own module that runs the agent", async () => {
    const route = '@app.post("/chat")\nasync def chat(q: str):\n    return await answer(q)\n\n\nasync def answer(q):\n    return await helper_agent.run(q)\n';
    const r = await found({ 'main.py': app(route).replace('import hub\n', '') });
    expect(r[0]?.message).toContain('route "/chat" drives the agent (answer in main.py: helper_agent.run())');
  });

  it.each([
    ['the route only reads an attribute of the object', '@app.get("/workers")\nasync def workers():\n    return {"count": len(hub.pool.workers)}\n'],
    ['the route calls a method of the object that runs no agent', '@app.get("/workers")\nasync def workers():\n    return {"count": hub.pool.size()}\n'],
    ['the class a function constructs only shows a run in its docstring', '@app.get("/notes")\nasync def notes():\n    return {"notes": hub.make_notes().text()}\n'],
  ])('no report when %s', async (_name, route) => {
    const notes = 'class Notes:\n    """Notes on the workers. Example: await agent.run(task)"""\n\n    def text(self):\n        return "two workers"\n';
    expect(await found({ ...PROJECT, 'notes.py': notes, 'main.py': app(route) })).toEqual([]);
  });

  it('a router a package only re-exports is read from the module that defines it', async () => {
    const files = {
      'api/__init__.py': 'from .chat import chat_router\n',
      'api/chat.py': 'from fastapi import APIRouter\nfrom agents import Runner\n\nfrom desk import helper\n\nchat_router = APIRouter()\n\n\n@chat_router.post("/chat")\nasync def chat(q: str):\n    return (await Runner.run(helper, q)).final_output\n',
      'main.py': 'import uvicorn\nfrom fastapi import FastAPI\n\nfrom api import chat_router\n\napp = FastAPI()\napp.include_router(chat_router)\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
    };
    expect((await found(files)).map((x) => x.message.match(/route "[^"]+" drives the agent \([^)]*\)\)/)?.[0])).toEqual(['route "/chat" drives the agent (Runner.run())']);
  });

  it("a re-exported router whose routes depend on the project's own check of the caller's login is left out", async () => {
    const files = {
      'api/__init__.py': 'from .chat import chat_router\n',
      'api/chat.py':
        'from fastapi import APIRouter, Depends\nfrom agents import Runner\n\nfrom desk import helper\nfrom members import verify_member\n\nchat_router = APIRouter()\n\n\n' +
        '@chat_router.post("/chat")\nasync def chat(q: str, member: str = Depends(verify_member)):\n    return (await Runner.run(helper, q)).final_output\n',
      'members.py':
        'from fastapi import Depends, HTTPException\n\nfrom login import get_current_user\n\n\nasync def verify_member(user: str = Depends(get_current_user)) -> str:\n' +
        '    if user not in MEMBERS:\n        raise HTTPException(status_code=403)\n    return user\n',
      'main.py': 'import uvicorn\nfrom fastapi import FastAPI\n\nfrom api import chat_router\n\napp = FastAPI()\napp.include_router(chat_router)\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
    };
    expect(await found(files)).toEqual([]);
  });

  it('a docstring that speaks of an agent runs none', () => {
    expect(drivesAgent('def list_chats(agent_id):\n    """All chats of a team agent (every member sees them)."""\n    agent = load_agent(agent_id)\n    return agent.chats\n', 'python')).toBe(false);
  });

  it("the Claude Agent SDK's client session and query run Claude Code, where the module imports the SDK", () => {
    const session = 'async def ask(q):\n    async with ClaudeSDKClient(options=options) as client:\n        await client.query(q)\n';
    expect(drivesAgent(`from claude_agent_sdk import ClaudeSDKClient\n\n${session}`, 'python')).toBe(true);
    expect(drivesAgent('from claude_agent_sdk import query\n\nasync def ask(q):\n    async for m in query(prompt=q):\n        print(m)\n', 'python')).toBe(true);
    expect(drivesAgent(`from search import query\n\n${session.replace('ClaudeSDKClient', 'SearchClient')}`, 'python')).toBe(false);
  });

  it("an agent's run_agent and run_agent_async run it", () => {
    expect(drivesAgent('class Session:\n    async def go(self, text):\n        await self.agent.run_agent_async(text)\n', 'python')).toBe(true);
    expect(drivesAgent('def go(text):\n    return my_agent.run_agent(text)\n', 'python')).toBe(true);
  });
});
