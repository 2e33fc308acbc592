/**
 * Examples of code/agent-api-no-auth for servers whose agent is reached other than by a model call a
 * route writes out: a framework runner a route calls, an A2A application whose host is the default
 * of a command-line option declared over several lines, and a launcher serving the app a factory of
 * its package makes, whose WebSocket route reaches the agent through a class of the project; and
 * of its CORS check (`agent-api-cors.ts`): an API on loopback that admits every origin. The rule's other examples are in
 * `agent-api-rule.ts`; a router another module builds, with a key check that admits everyone while no
 * key is set, is in the fixtures (`fixtures/agent-api/*\/…key_router`), as it takes several modules.
 */
import type { RuleExample } from '../../core/rule.js';

/** An Express server whose route runs the agent through a framework runner; `listen` is given `listen`'s arguments. */
function runnerServer(runner: string, listen: string): string {
  return (
    `import express from 'express';\n${runner}\n\nconst app = express();\napp.use(express.json());\n\n` +
    "app.post('/run', async (req, res) => {\n  const out = [];\n  for await (const event of runner.runAsync({ userId: req.body.user, sessionId: req.body.session, newMessage: req.body.message })) out.push(event);\n  res.json(out);\n});\n\n" +
    `app.listen(${listen});\n`
  );
}
const ADK_RUNNER = "import { LlmAgent, Runner, InMemorySessionService } from '@google/adk';\n\nconst agent = new LlmAgent({ name: 'helper', model: 'gemini-2.5-flash', instruction: 'Help.' });\nconst runner = new Runner({ appName: 'helper', agent, sessionService: new InMemorySessionService() });";
const JOB_RUNNER = "import { JobRunner } from './jobs';\n\nconst runner = new JobRunner({ concurrency: 2 });";

/** A command that serves an agent over A2A; `executor` is the executor class, `host` the option's default. */
function a2aCommand(executor: string, host: string): string {
  return (
    'import argparse\n\nimport uvicorn\nfrom a2a.server.apps import A2AStarletteApplication\nfrom a2a.server.request_handlers import DefaultRequestHandler\n' +
    `from a2a.server.tasks import InMemoryTaskStore\n${executor}\n\ndef main():\n    parser = argparse.ArgumentParser()\n` +
    `    parser.add_argument(\n        '--host',\n        type=str,\n        default=${host},\n        help='Interface to bind',\n    )\n` +
    "    parser.add_argument('--port', type=int, default=9999)\n    args = parser.parse_args()\n" +
    '    handler = DefaultRequestHandler(agent_executor=NotesExecutor(), task_store=InMemoryTaskStore())\n' +
    '    app = A2AStarletteApplication(agent_card=load_card(), http_handler=handler)\n    uvicorn.run(app.build(), host=args.host, port=args.port)\n'
  );
}
const AGENT_EXECUTOR =
  'from a2a.server.agent_execution import AgentExecutor\nfrom openai import AsyncOpenAI\n\nclient = AsyncOpenAI()\n\n\n' +
  'class NotesExecutor(AgentExecutor):\n    async def execute(self, context, event_queue):\n' +
  '        reply = await client.responses.create(model="gpt-4.1", input=context.get_user_input())\n        await event_queue.enqueue_event(reply.output_text)\n';
const ECHO_EXECUTOR =
  'from a2a.server.agent_execution import AgentExecutor\n\n\nclass NotesExecutor(AgentExecutor):\n' +
  '    async def execute(self, context, event_queue):\n        await event_queue.enqueue_event("echo: " + context.get_user_input())\n';

/**
 * A launcher serving an app another module makes is covered by fixtures (agent-api/positive/imported_factory and its negatives)
 * and test/code/agent-api-imported-app.test.ts: the module it imports is read from disk, which a rule example does not have.
 */
export const SERVED_EXAMPLES: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // A route runs the agent through ADK's runner; listen(port) binds every interface.
    { path: 'dev/server.ts', code: runnerServer(ADK_RUNNER, 'port') },
    // An A2A application whose executor calls a model, on the default host of an option declared over several lines.
    { path: 'cli/serve_a2a.py', code: a2aCommand(AGENT_EXECUTOR, "'0.0.0.0'") },
  ],
  negative: [
    // A runner of jobs, not of an agent.
    { path: 'dev/server.ts', code: runnerServer(JOB_RUNNER, 'port') },
    // The A2A executor only echoes what it is sent.
    { path: 'cli/serve_a2a.py', code: a2aCommand(ECHO_EXECUTOR, "'0.0.0.0'") },
    // The option's default is loopback.
    { path: 'cli/serve_a2a.py', code: a2aCommand(AGENT_EXECUTOR, "'127.0.0.1'") },
  ],
};

/** A FastAPI agent API on loopback; `cors` is its CORS middleware's options, `check` what opens its route. */
function localAgentApp(cors: string, check = ''): string {
  return (
    'import uvicorn\nfrom fastapi import FastAPI, HTTPException, Request\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom agents import Agent, Runner\n\n' +
    `app = FastAPI()\napp.add_middleware(CORSMiddleware, ${cors})\nagent = Agent(name="desk", instructions="Help.")\n\n\n` +
    `async def chat(request: Request):\n${check}    body = await request.json()\n    result = await Runner.run(agent, body["message"])\n    return {"reply": result.final_output}\n\n\n` +
    'app.add_api_route("/chat", chat, methods=["POST"])\nuvicorn.run(app, host="127.0.0.1", port=8090)\n'
  );
}

export const CORS_EXAMPLES: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // Loopback, but every origin admitted: a page the user opens drives the agent through the browser.
    { path: 'serve/app.py', code: localAgentApp('allow_origins=["*"], allow_credentials=True, allow_methods=["*"]') },
    // Express's cors() with no options admits every origin; listen(port, 'localhost') is loopback.
    {
      path: 'src/local-api.ts',
      code:
        "import express from 'express';\nimport cors from 'cors';\nimport { Agent, run } from '@openai/agents';\n\nconst agent = new Agent({ name: 'desk', instructions: 'Help.' });\n" +
        "const app = express();\napp.use(cors());\napp.use(express.json());\napp.post('/api/run', async (req, res) => {\n  const result = await run(agent, req.body.input);\n" +
        "  res.json({ output: result.finalOutput });\n});\napp.listen(4000, 'localhost');\n",
    },
  ],
  negative: [
    // Loopback with CORS limited to the app's own UI.
    { path: 'serve/app.py', code: localAgentApp('allow_origins=["http://localhost:5173"], allow_methods=["POST"]') },
    // Loopback, every origin admitted, but the route checks a bearer token.
    {
      path: 'serve/app.py',
      code: localAgentApp(
        'allow_origins=["*"]',
        '    if request.headers.get("authorization") != f"Bearer {TOKEN}":\n        raise HTTPException(status_code=401)\n',
      ),
    },
  ],
};
