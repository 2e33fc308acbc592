/**
 * code/agent-api-no-auth is low when every model client the app makes is given the API key the
 * caller sends: an unauthenticated caller spends their own key. A key of the app's own (read from
 * its environment) or a route that runs commands keeps the finding as it was.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { callerKeyOnly } from '../../src/rules/code/agent-api-model-keys.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';

/** A FastAPI app whose route runs an imported agent; `make` is how the route builds it. */
function app(make: string, head = ''): string {
  return (
    'import uvicorn\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\nfrom planner import Planner\n' +
    head +
    '\napp = FastAPI()\n\n\nclass PlanRequest(BaseModel):\n    goal: str\n    model_api_key: str\n\n\n' +
    `@app.post("/api/plan")\nasync def plan(request: PlanRequest):\n${make}    return {"plan": await planner.run(request.goal)}\n\n\n` +
    'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8800)\n'
  );
}

const PLANNER = 'from openai import OpenAI\n\n\nclass Planner:\n    def __init__(self, api_key):\n        self.client = OpenAI(api_key=api_key)\n\n    async def run(self, goal):\n        return self.client.responses.create(model="gpt-4o", input=goal).output_text\n';

async function found(main: string) {
  const { report } = await scan({ paths: [tempTree({ 'svc/main.py': main, 'svc/planner.py': PLANNER })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID && f.location.path === 'svc/main.py');
}

describe('an agent API that runs on the key the caller sends', () => {
  it('is low, and says whose key is spent', async () => {
    const r = await found(app('    planner = Planner(api_key=request.model_api_key)\n'));
    expect(r).toHaveLength(1);
    expect(r[0]!.severity).toBe('low');
    expect(r[0]!.message).toContain('the API key the caller sends (request.model_api_key)');
  });

  it('follows a name bound to the request\'s key', async () => {
    const r = await found(app('    key = request.model_api_key\n    planner = Planner(api_key=key)\n'));
    expect(r.map((f) => f.severity)).toEqual(['low']);
  });

  it('stays medium when the app falls back to a key of its own', async () => {
    const r = await found(app('    planner = Planner(api_key=request.model_api_key or os.environ["OPENAI_API_KEY"])\n', 'import os\n'));
    expect(r.map((f) => f.severity)).toEqual(['medium']);
    const own = await found(app('    planner = Planner(api_key=os.getenv("OPENAI_API_KEY"))\n', 'import os\n'));
    expect(own.map((f) => f.severity)).toEqual(['medium']);
  });

  it('reads only keys given in calls', () => {
    expect(callerKeyOnly('client = Agent(api_key=req.body.apiKey)', 'python')).toBe('req.body.apiKey');
    expect(callerKeyOnly("const c = new OpenAI({ apiKey: req.body.apiKey });", 'typescript')).toBe('req.body.apiKey');
    expect(callerKeyOnly('client = Agent(api_key=KEY)\nKEY = load()\n', 'python')).toBeUndefined();
    expect(callerKeyOnly('client = Agent(model="m")', 'python')).toBeUndefined();
    // A fallback to a key of the app's is the app's key.
    expect(callerKeyOnly('client = Agent(api_key=request.api_key or DEFAULT_KEY)', 'python')).toBeUndefined();
  });
});
