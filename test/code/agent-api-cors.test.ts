/**
 * code/agent-api-no-auth, the loopback case: a loopback agent API is reported only when the same file
 * admits every origin in its CORS policy and authenticates no caller; servers on every interface read
 * as before.
 */
import { describe, expect, it } from 'vitest';
import { openAgentApis, openListeners } from '../../src/rules/code/agent-api-listen.js';
import { corsFinding, wildcardCors } from '../../src/rules/code/agent-api-cors.js';

const ID = 'code/agent-api-no-auth';

/** An agent server class that binds the host its caller gives, loopback by default, and registers its routes on its own app. */
const CLASS_SERVER =
  'import argparse\nimport uvicorn\nfrom fastapi import FastAPI, Request\nfrom fastapi.middleware.cors import CORSMiddleware\n\n\n' +
  "class DeskServer:\n    def __init__(self, config: dict, host: str = '127.0.0.1', port: int = 8090):\n        self.app = FastAPI()\n" +
  "        self.app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_methods=['*'])\n        self.agent = make_desk(**config)\n" +
  "        self.setup()\n        uvicorn.run(self.app, host=host, port=port)\n\n    def setup(self):\n        async def reply(request: Request):\n" +
  "            body = await request.json()\n            return await self.agent(body['message'])\n\n" +
  "        self.app.add_api_route('/reply', reply, methods=['POST'])\n\n\n" +
  "if __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--host', type=str, default='127.0.0.1')\n" +
  '    args = parser.parse_args()\n    DeskServer({}, host=args.host)\n';

const EXPRESS = (cors: string, listen: string) =>
  `import express from 'express';\nimport cors from 'cors';\nimport { Agent, run } from '@openai/agents';\n\nconst agent = new Agent({ name: 'desk', instructions: 'Help.' });\n` +
  `const app = express();\napp.use(${cors});\napp.post('/api/run', async (req, res) => {\n  const result = await run(agent, req.body.input);\n  res.json({ output: result.finalOutput });\n});\n${listen};\n`;

describe('loopback agent APIs open to every origin', () => {
  it('reads a class that serves its own agent on a loopback default, with its routes on self.app', () => {
    const [api] = openAgentApis(CLASS_SERVER, 'python');
    expect(api).toMatchObject({ server: 'FastAPI (uvicorn)', bind: "127.0.0.1, the default of host", cors: "CORSMiddleware allow_origins=['*']" });
    expect(api!.exposure).toMatchObject({ kind: 'agent', route: '/reply', via: 'self.agent()' });
    const finding = corsFinding(ID, { ...api!, cors: api!.cors! }, undefined)!;
    expect(finding.severity).toBe('medium');
    expect(finding.message).toContain('any web page the user opens can drive the agent through the browser');
  });

  it('leaves a server on every interface to the every-interface finding, CORS or not', () => {
    const [l] = openListeners(CLASS_SERVER.replace("host: str = '127.0.0.1'", "host: str = '0.0.0.0'").replace("default='127.0.0.1'", "default='0.0.0.0'"), 'python');
    expect(l!.bind).toContain('0.0.0.0');
    expect(l!.cors).toBeUndefined();
  });

  it('takes no host it cannot tell for loopback', () => {
    const code = CLASS_SERVER.replace("host: str = '127.0.0.1'", 'host: str = None').replace("default='127.0.0.1'", "default=os.getenv('DESK_HOST')");
    expect(openListeners(code, 'python')).toEqual([]);
  });

  it('reads each framework\'s wildcard, and not a list of origins', () => {
    expect(wildcardCors('from flask_cors import CORS\nCORS(app)\n', 'python')).toBe('CORS(app)');
    expect(wildcardCors('from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": "*"}})\n', 'python')).toBeDefined();
    expect(wildcardCors('from flask_cors import CORS\nCORS(app, origins=["http://localhost:3000"])\n', 'python')).toBeUndefined();
    expect(wildcardCors('app.add_middleware(CORSMiddleware, allow_origin_regex=r".*")\n', 'python')).toBeDefined();
    expect(wildcardCors('ORIGINS = ["http://localhost:5173"]\napp.add_middleware(CORSMiddleware, allow_origins=ORIGINS)\n', 'python')).toBeUndefined();
    expect(wildcardCors('ORIGINS = ["*"]\napp.add_middleware(CORSMiddleware, allow_origins=ORIGINS)\n', 'python')).toBeDefined();
    expect(wildcardCors("import cors from 'cors';\napp.use(cors({ origin: true, credentials: true }));\n", 'typescript')).toBeDefined();
    expect(wildcardCors("import cors from 'cors';\napp.use(cors({ origin: 'http://localhost:3000' }));\n", 'typescript')).toBeUndefined();
    expect(wildcardCors("import cors from '@fastify/cors';\nawait app.register(cors, { origin: '*' });\n", 'typescript')).toBeDefined();
  });

  it('reports an Express agent API on 127.0.0.1 only when its cors() admits every origin', () => {
    expect(openAgentApis(EXPRESS('cors()', "app.listen(4000, '127.0.0.1')"), 'typescript')[0]).toMatchObject({ bind: '127.0.0.1', cors: 'cors()' });
    expect(openAgentApis(EXPRESS("cors({ origin: ['http://localhost:5173'] })", "app.listen(4000, '127.0.0.1')"), 'typescript')).toEqual([]);
    // On every interface the finding is the one it always was.
    const [open] = openAgentApis(EXPRESS('cors()', 'app.listen(4000)'), 'typescript');
    expect(open).toMatchObject({ bind: 'listen() given no host' });
    expect(open!.cors).toBeUndefined();
  });

  it('leaves a loopback settings route alone: on a local tool it is as often its UI\'s preferences', () => {
    const api = { server: 'Express', bind: 'localhost', call: "app.listen(4000, 'localhost')", start: 0, end: 1, cors: 'cors()' };
    expect(corsFinding(ID, { ...api, exposure: { kind: 'settings', route: '/config', via: 'res.json(config)' } }, undefined)).toBeUndefined();
    expect(corsFinding(ID, { ...api, exposure: { kind: 'commands', route: '/exec', via: 'execSync(' } }, undefined)!.severity).toBe('high');
  });
});
