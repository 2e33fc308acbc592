/**
 * code/agent-api-no-auth on `fixtures/agent-api/`: each positive server is reported on the line its
 * `expect:` comment names, at that severity; no negative server is reported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { expectedFindings, reportedFindings } from '../helpers/expect-comments.js';
import { hasAuthentication, openAgentApis } from '../../src/rules/code/agent-api-listen.js';
import { returnsSettings } from '../../src/rules/code/route-settings.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/agent-api');
const ID = 'code/agent-api-no-auth';

describe(ID, () => {
  it('reports every positive server where its expect comment says, at that severity', async () => {
    const expected = expectedFindings(path.join(ROOT, 'positive'), ID);
    expect(expected.length).toBeGreaterThanOrEqual(9);
    expect(await reportedFindings(path.join(ROOT, 'positive'), ID)).toEqual(expected);
  });

  it('names the server, the interface, what the route does and the missing authentication', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive')], threads: 1 });
    const byPath = (p: string) => report.findings.find((x) => x.ruleId === ID && x.location.path === p)!;
    const flask = byPath('flask_openai.py');
    expect(flask.message).toMatch(/^Flask server on every interface \(0\.0\.0\.0\) with no authentication: its route "\/api\/ask" drives the agent/);
    expect(flask.message).toContain('checks no token, API key, session or login');
    expect(flask.evidence).toBe('app.run(host="0.0.0.0", port=5050)');
    expect(flask.category).toBe('transport.insecure');
    expect(byPath('fastapi_graph.py').message).toContain('FastAPI (uvicorn) server on every interface (the default "0.0.0.0" of API_HOST)');
    expect(byPath('express_agent.ts').message).toContain('Express server on every interface (listen() given no host)');
    expect(byPath('express_imported.ts').message).toContain('drives the agent (summarise() from ./lib/summarise)');
    expect(byPath('socketio_settings.py').message).toContain('route "/api/settings" returns the app\'s settings');
    expect(byPath('command_socket.py').message).toMatch(/^TCP socket server .* runs what it receives through a shell/);
    expect(byPath('flask_exec_route.py').message).toContain('route "/execute" runs what the caller sends as a command or code');
    // The bind host read from the app's settings module; a Python settings route that returns the keys.
    const settingsApi = byPath('settings_api/app.py').message;
    expect(settingsApi).toContain('on every interface (the default "0.0.0.0", settings.HOST in settings_api/appconfig.py)');
    expect(settingsApi).toContain('route "/api/config" returns the app\'s settings (read_config_values())');
    expect(byPath('config_writer.py').message).toContain('route "/api/llm" changes the app\'s settings with what the caller sends (save_llm_config(');
    // A route registered with add_api_route, whose handler calls the agent object it made.
    expect(byPath('solve_api.py').message).toContain('route "/solve" drives the agent (agent())');
  });

  it('reports no negative server', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'negative')], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === ID).map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual([]);
  });
});

describe('authentication and exposure signals', () => {
  it.each([
    ['@app.post("/x")\n@jwt_required()\ndef x(): ...', 'python'],
    ['def run(user = Depends(get_current_user)): ...', 'python'],
    ['@app.before_request\ndef gate():\n    if request.headers.get("X-Token") != TOKEN: abort(401)', 'python'],
    ['app = server.build()\napp.add_middleware(OAuth2Middleware, agent_card=card)', 'python'],
    ["app.use(basicAuth({ users: { admin: pass } }))", 'typescript'],
    ["if (req.user == null) return next('route');", 'typescript'],
  ] as const)('%s authenticates', (code, lang) => expect(hasAuthentication(code, lang)).toBe(true));

  it.each([
    'def check(authorization=Header(None)):\n    """Bearer check."""\n    if not API_KEY:\n        return\n    if authorization != f"Bearer {API_KEY}":\n        raise HTTPException(401)\n',
    'def check(authorization=Header(None)):\n    if _api_key is None: return\n    if authorization != _api_key:\n        raise HTTPException(status_code=403)\n',
  ])('a key check that admits everyone while no key is set is no authentication: %s', (code) => expect(hasAuthentication(code, 'python')).toBe(false));

  it('a key check that always runs is authentication', () => {
    expect(hasAuthentication('def check(authorization=Header(None)):\n    if not API_KEY or authorization != f"Bearer {API_KEY}":\n        raise HTTPException(401)\n', 'python')).toBe(true);
  });

  it('a settings route that clears the keys before it answers does not return them', () => {
    const body = 'async def load(settings = Depends(get_settings)):\n    out = Out(**settings.model_dump())\n    for name in out.llm_configs:\n        out.llm_configs[name].api_key = None\n    return out\n';
    expect(returnsSettings(body, 'python')).toBeUndefined();
    expect(returnsSettings(body.replace(/ {4}for name[^\n]*\n[^\n]*\n/, ''), 'python')).toBe('settings.model_dump()');
  });

  it('a fixed command list in a route is not the caller\'s text', () => {
    const code = 'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/s")\ndef s():\n    x = request.json\n    return subprocess.run(["ls", "-l"], capture_output=True).stdout\napp.run(host="0.0.0.0")\n';
    expect(openAgentApis(code, 'python')).toEqual([]);
  });

  it('follows a name the file binds to an agent (the shared agent inventory)', () => {
    const code = 'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/s")\ndef s():\n    return helper.kickoff_async(request.json)\napp.run(host="0.0.0.0")\n';
    expect(openAgentApis(code, 'python', { agentNames: ['helper'] })[0]?.exposure).toMatchObject({ kind: 'agent', route: '/s' });
  });
});
