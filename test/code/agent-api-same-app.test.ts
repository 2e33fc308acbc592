/**
 * code/agent-api-no-auth reports one finding per app a file starts: the TLS and plain branches of one
 * launch are one API, reported at the first call with the others as related places; two different
 * apps started in one file stay two findings.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { servedApp } from '../../src/rules/code/agent-api-listen.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';

const FASTAPI_APP =
  'import uvicorn\nfrom fastapi import FastAPI\nfrom openai import OpenAI\n\napp = FastAPI()\nclient = OpenAI()\n\n\n' +
  '@app.post("/ask")\nasync def ask(q: str):\n    r = client.responses.create(model="gpt-4o", input=q)\n    return {"answer": r.output_text}\n\n\n';

async function found(files: Record<string, string>) {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID);
}

describe('one finding per app a file starts', () => {
  it('the TLS and plain branches of one uvicorn launch: one finding, the other branch related', async () => {
    const r = await found({
      'api/server.py':
        FASTAPI_APP +
        'def serve(host, port, keyfile=None, certfile=None):\n    if keyfile and certfile:\n' +
        '        uvicorn.run(\n            app,\n            host="0.0.0.0",\n            port=port,\n            ssl_keyfile=keyfile,\n            ssl_certfile=certfile,\n        )\n' +
        '    else:\n        uvicorn.run(app, host="0.0.0.0", port=port)\n',
    });
    expect(r).toHaveLength(1);
    expect(r[0]!.location.startLine).toBe(17);
    expect(r[0]!.related?.map((x) => x.startLine)).toEqual([25]);
    expect(r[0]!.related?.[0]!.message).toContain('starts the same app');
  });

  it('two different apps started in one file are two findings', async () => {
    const r = await found({
      'api/server.py':
        FASTAPI_APP.replace('app = FastAPI()', 'app = FastAPI()\nadmin = FastAPI()') +
        'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8000)\n    uvicorn.run(admin, host="0.0.0.0", port=8001)\n',
    });
    expect(r).toHaveLength(2);
    expect(r.every((f) => !f.related)).toBe(true);
  });

  it('names the app a server call starts', () => {
    expect(servedApp('uvicorn.run(app, host="0.0.0.0")')).toBe('app');
    expect(servedApp('uvicorn.run("main:app", host="0.0.0.0")')).toBe('"main:app"');
    expect(servedApp('uvicorn.run(app=make(), host="0.0.0.0")')).toBeUndefined();
    expect(servedApp('web.run_app(site, port=8080)')).toBe('site');
    expect(servedApp('app.run(host="0.0.0.0")')).toBe('app');
    expect(servedApp('server.listen(3000)')).toBe('server');
    expect(servedApp('serve({ fetch: api.fetch, port: 8787 })')).toBe('api.fetch');
    expect(servedApp('sock.bind(("0.0.0.0", 9000))')).toBeUndefined();
  });
});
