/**
 * Risk from data flow: a tool is risky when an input the model fills in reaches the argument that
 * decides a sink. Each case pairs the risky shape with the same tool made safe.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';
import { Bindings, clip } from '../../src/rules/code/flow.js';
import type { ArgValue } from '../../src/rules/code/model.js';

interface Entry {
  name: string;
  inputs?: string[];
  risks: { class: string; inputs?: string[]; path: string[]; argument?: string }[];
  contained: { class: string; reason: string }[];
  approval: { found: boolean; mechanism?: string };
}

async function inventory(path: string, code: string): Promise<{ tools: Entry[]; findings: { ruleId: string; severity: string; confidence: string; message: string }[] }> {
  const r = await analyzeCodeFile(path, code);
  expect(r.errors).toEqual([]);
  return { tools: r.inventory.filter((i) => i.type === 'agent-tool').map((i) => i.data as unknown as Entry), findings: r.findings };
}

const classes = (t: Entry | undefined) => (t?.risks ?? []).map((r) => r.class);

const PY_AGENT = 'from agents import Agent, function_tool\n';

describe('shell: the command decides', () => {
  it('a model command run by a shell is risky; a fixed rg call with quoted or separate arguments is not', async () => {
    const code = `${PY_AGENT}import shlex, subprocess\n\n@function_tool\ndef sh(cmd: str) -> str:\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n\n@function_tool\ndef search(pattern: str, path: str = ".") -> str:\n    return subprocess.run(f"rg -e {shlex.quote(pattern)} -- {shlex.quote(path)}", shell=True, capture_output=True, text=True).stdout\n\n@function_tool\ndef search2(pattern: str) -> str:\n    return subprocess.run(["rg", "-e", pattern, "."], capture_output=True, text=True).stdout\n\nagent = Agent(name="a", tools=[sh, search, search2])\n`;
    const { tools, findings } = await inventory('agents/sh.py', code);
    expect(classes(tools.find((t) => t.name === 'sh'))).toEqual(['shell']);
    expect(tools.find((t) => t.name === 'sh')!.risks[0]!.inputs).toEqual(['cmd']);
    expect(classes(tools.find((t) => t.name === 'search'))).toEqual([]);
    expect(tools.find((t) => t.name === 'search')!.contained[0]!.reason).toMatch(/only quoted or validated \(pattern, path\)/);
    expect(classes(tools.find((t) => t.name === 'search2'))).toEqual([]);
    expect(tools.find((t) => t.name === 'search2')!.contained[0]!.reason).toMatch(/command is fixed/);
    expect(findings.map((f) => f.message.slice(0, 12))).toEqual(['Tool "sh" (O']);
  });

  it('an SSH tool running a constant diagnostic is not shell access; one running the model command is', async () => {
    const code = `${PY_AGENT}import paramiko\n\nclient = paramiko.SSHClient()\n\n@function_tool\ndef memory(host: str) -> str:\n    client.connect(host)\n    _, out, _ = client.exec_command("free -h")\n    return out.read().decode()\n\n@function_tool\ndef remote(host: str, command: str) -> str:\n    client.connect(host)\n    _, out, _ = client.exec_command(command)\n    return out.read().decode()\n\nagent = Agent(name="a", tools=[memory, remote])\n`;
    const { tools } = await inventory('agents/ssh.py', code);
    expect(classes(tools.find((t) => t.name === 'memory'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'remote'))).toEqual(['shell']);
  });

  it('an interpreter fed by the model is risky even with a fixed program', async () => {
    const code = `${PY_AGENT}import subprocess\n\n@function_tool\ndef py(code: str) -> str:\n    return subprocess.check_output(["python3", "-c", code], text=True)\n\nagent = Agent(name="a", tools=[py])\n`;
    const { tools } = await inventory('agents/py.py', code);
    expect(classes(tools[0])).toEqual(['shell']);
  });

  it('an allow-listed command is not the model\'s', async () => {
    const code = `${PY_AGENT}import subprocess\n\nALLOWED = {"uptime", "df -h"}\n\n@function_tool\ndef diag(check: str) -> str:\n    if check not in ALLOWED:\n        return "not allowed"\n    return subprocess.run(check, shell=True, capture_output=True, text=True).stdout\n\nagent = Agent(name="a", tools=[diag])\n`;
    const { tools, findings } = await inventory('agents/diag.py', code);
    expect(classes(tools[0])).toEqual([]);
    expect(findings).toEqual([]);
  });
});

describe('files: the path decides', () => {
  it('a write through a same-module helper is still a write, with the path of calls', async () => {
    const code = `${PY_AGENT}from pathlib import Path\n\ndef _store(target, text):\n    Path(target).write_text(text)\n\n@function_tool\ndef write_file(path: str, content: str) -> str:\n    _store(path, content)\n    return "ok"\n\nagent = Agent(name="a", tools=[write_file])\n`;
    const { tools, findings } = await inventory('agents/files.py', code);
    expect(tools[0]!.risks[0]).toMatchObject({ class: 'file-write', inputs: ['path'], path: ['write_file', '_store'] });
    expect(findings[0]!.message).toContain('input "path" reaches Path().write_text(…) at line 5 through write_file → _store()');
  });

  it('a download to a fixed path is not a write the model steers', async () => {
    const code = `${PY_AGENT}import mimetypes, requests\n\n@function_tool\ndef download(url: str) -> str:\n    r = requests.get(url)\n    ext = mimetypes.guess_extension(r.headers.get("content-type", "")) or ".bin"\n    path = f"./downloads/file{ext}"\n    with open(path, "wb") as f:\n        f.write(r.content)\n    return path\n\nagent = Agent(name="a", tools=[download])\n`;
    const { tools, findings } = await inventory('agents/dl.py', code);
    expect(tools[0]!.risks.map((r) => r.class)).toEqual(['network-fetch']);
    expect(tools[0]!.contained.map((c) => c.class)).toContain('file-write');
    expect(findings).toEqual([]);
  });

  it('a fixed directory in front does not confine a model path; basename does', async () => {
    const code = `${PY_AGENT}import os\n\n@function_tool\ndef rm(name: str) -> str:\n    os.remove(os.path.join("/srv/exports", name))\n    return "ok"\n\n@function_tool\ndef rm_safe(name: str) -> str:\n    os.remove(os.path.join("/srv/exports", os.path.basename(name)))\n    return "ok"\n\nagent = Agent(name="a", tools=[rm, rm_safe])\n`;
    const { tools } = await inventory('agents/rm.py', code);
    expect(classes(tools.find((t) => t.name === 'rm'))).toEqual(['file-delete']);
    expect(classes(tools.find((t) => t.name === 'rm_safe'))).toEqual([]);
  });

  it("removing the temporary file the tool just made is not a delete the model steers, whatever suffix it chose; removing the model's path is", async () => {
    const code =
      `${PY_AGENT}import os, tempfile\n\n@function_tool\ndef convert(data: str, file_format: str) -> str:\n` +
      `    with tempfile.NamedTemporaryFile(delete=False, suffix=f".{file_format}") as tmp:\n        tmp.write(data.encode())\n        tmp_path = tmp.name\n` +
      `    try:\n        return tmp_path\n    finally:\n        os.unlink(tmp_path)\n\n` +
      `@function_tool\ndef cleanup(path: str) -> str:\n    os.unlink(path)\n    return "ok"\n\nagent = Agent(name="a", tools=[convert, cleanup])\n`;
    const { tools } = await inventory('agents/tmp.py', code);
    expect(classes(tools.find((t) => t.name === 'convert'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'cleanup'))).toEqual(['file-delete']);
  });

  it('removing the pieces a helper cut and named itself is clean-up; removing what a helper hands back as the model gave it is a delete', async () => {
    const split =
      `def _split(source, parts):\n    out_dir = os.path.splitext(source)[0] + "_parts"\n    os.makedirs(out_dir, exist_ok=True)\n    pieces = []\n` +
      `    for i in range(parts):\n        piece = os.path.join(out_dir, f"part_{i}.bin")\n        with open(piece, "wb") as f:\n            f.write(b"")\n        pieces.append(piece)\n    return pieces\n\n`;
    const scratch = `def _scratch(source):\n    with tempfile.NamedTemporaryFile(delete=False, suffix=os.path.splitext(source)[1]) as tmp:\n        return tmp.name\n\n`;
    const mixed = `def _targets(source, parts):\n    found = _split(source, parts)\n    found.append(source)\n    return found\n\n`;
    const truncate = `def _truncate(target):\n    with open(target, "w") as f:\n        f.write("")\n    return target\n\n`;
    const tool = (name: string, body: string) => `@function_tool\ndef ${name}(path: str) -> str:\n${body}    return "ok"\n\n`;
    const code =
      `${PY_AGENT}import os, tempfile\n\n${split}${scratch}${mixed}${truncate}` +
      tool('transcribe', '    for piece in _split(path, 4):\n        os.remove(piece)\n') +
      tool('convert', '    os.remove(_scratch(path))\n') +
      tool('sweep', '    for target in _targets(path, 4):\n        os.remove(target)\n') +
      tool('wipe', '    os.remove(_truncate(path))\n') +
      'agent = Agent(name="a", tools=[transcribe, convert, sweep, wipe])\n';
    const { tools } = await inventory('agents/chunks.py', code);
    // The pieces get names the code gives, in a folder beside the model's file: writing them writes no file the model chose, and removing them is not a delete.
    expect(classes(tools.find((t) => t.name === 'transcribe'))).toEqual([]);
    expect(tools.find((t) => t.name === 'transcribe')!.contained).toContainEqual(expect.objectContaining({ class: 'file-delete', reason: 'the file is fixed, under a fixed directory, or one the code made itself' }));
    expect(classes(tools.find((t) => t.name === 'convert'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'sweep'))).toContain('file-delete');
    expect(classes(tools.find((t) => t.name === 'wipe'))).toContain('file-delete');
  });
});

describe('which assignment reaches a use', () => {
  const tool = (name: string, body: string) => `@function_tool\ndef ${name}(cmd: str) -> str:\n${body}\n\n`;
  it('a later whole assignment replaces an earlier one; a branch, a loop, a try or an item assignment does not', async () => {
    const code =
      `${PY_AGENT}import subprocess\n\n` +
      tool('fixed', '    line = cmd\n    line = "uptime"\n    return subprocess.run(line, shell=True).stdout') +
      tool('branch', '    line = "uptime"\n    if cmd:\n        line = cmd\n    return subprocess.run(line, shell=True).stdout') +
      tool('loop', '    line = "uptime"\n    for _ in range(2):\n        subprocess.run(line, shell=True)\n        line = cmd\n    return ""') +
      tool('attempt', '    line = cmd\n    try:\n        line = "uptime"\n    except Exception:\n        pass\n    return subprocess.run(line, shell=True).stdout') +
      tool('item', '    line = [cmd]\n    line[0] = "uptime"\n    return subprocess.run(line[0], shell=True).stdout') +
      'agent = Agent(name="a", tools=[fixed, branch, loop, attempt, item])\n';
    const { tools } = await inventory('agents/reach.py', code);
    expect(classes(tools.find((t) => t.name === 'fixed'))).toEqual([]);
    for (const name of ['branch', 'loop', 'attempt', 'item']) expect(classes(tools.find((t) => t.name === name)), name).toEqual(['shell']);
  });

  it('the branches of an if/else stay apart where the same test is made again; a different test, or one whose names changed, mixes them', async () => {
    const head = '    video = cmd.endswith(".mp4")\n    if video:\n        with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as tmp:\n            path = tmp.name\n    else:\n        path = cmd\n';
    const code =
      `${PY_AGENT}import os, tempfile\n\n` +
      tool('same', `${head}    if video:\n        os.remove(path)\n    return ""`) +
      tool('other', `${head}    if not video:\n        os.remove(path)\n    return ""`) +
      tool('changed', `${head}    video = True\n    if video:\n        os.remove(path)\n    return ""`) +
      tool('always', `${head}    os.remove(path)\n    return ""`) +
      'agent = Agent(name="a", tools=[same, other, changed, always])\n';
    const { tools } = await inventory('agents/branches.py', code);
    expect(classes(tools.find((t) => t.name === 'same'))).toEqual([]);
    for (const name of ['other', 'changed', 'always']) expect(classes(tools.find((t) => t.name === name)), name).toEqual(['file-delete']);
  });

  it('a helper that hands back one of its arguments hands back that argument only', async () => {
    const code =
      `${PY_AGENT}import os, tempfile\n\ndef _export(source, target):\n    write_copy(source, target)\n    return target\n\n` +
      tool('scratch', '    tmp = tempfile.NamedTemporaryFile(delete=False)\n    out = _export(cmd, tmp.name)\n    os.remove(out)\n    return ""') +
      tool('given', '    tmp = tempfile.NamedTemporaryFile(delete=False)\n    out = _export(tmp.name, cmd)\n    os.remove(out)\n    return ""') +
      'agent = Agent(name="a", tools=[scratch, given])\n';
    const { tools } = await inventory('agents/export.py', code);
    expect(classes(tools.find((t) => t.name === 'scratch'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'given'))).toEqual(['file-delete']);
  });
});

describe('code kept to characters that name nothing', () => {
  it('a filter or check down to digits and operators makes eval a calculator; letters, a deny-list, a check that goes on, or text added after do not', async () => {
    const tool = (name: string, body: string) => `@function_tool\ndef ${name}(expr: str, fn: str = "abs") -> str:\n${body}\n\n`;
    const code =
      `${PY_AGENT}import re\n\nDIGITS = "0123456789+-*/(). "\n\n` +
      tool('joined', '    safe = "".join(c for c in expr if c in DIGITS)\n    return str(eval("(" + safe + ")"))') +
      tool('listed', '    safe = "".join([c for c in expr if c in ("1", "2", "+")])\n    return str(eval(safe.strip()))') +
      tool('pattern', '    expr = re.sub(r"[^\\d.+*/() -]+", "", expr)\n    return str(eval(expr))') +
      tool('checked', '    if any(c not in DIGITS for c in expr):\n        raise ValueError("bad")\n    return str(eval(expr))') +
      tool('letters', '    expr = re.sub(r"[^\\w.+*/() -]", "", expr)\n    return str(eval(expr))') +
      tool('underscore', '    safe = "".join(c for c in expr if c in DIGITS + "_")\n    return str(eval(safe))') +
      tool('denied', '    safe = re.sub(r"[a-z]", "", expr)\n    return str(eval(safe))') +
      tool('widened', '    safe = "".join(c for c in expr if c in DIGITS or c.isalpha())\n    return str(eval(safe))') +
      tool('goes_on', '    if not all(c in DIGITS for c in expr):\n        print("odd")\n    return str(eval(expr))') +
      tool('called', '    safe = "".join(c for c in expr if c in DIGITS)\n    return str(eval(fn + "(" + safe + ")"))') +
      tool('replaced', '    safe = "".join(c for c in expr if c in DIGITS)\n    return str(eval(safe.replace("1", "exit")))') +
      'agent = Agent(name="a", tools=[joined, listed, pattern, checked, letters, underscore, denied, widened, goes_on, called, replaced])\n';
    const { tools } = await inventory('agents/calc.py', code);
    for (const name of ['joined', 'listed', 'pattern', 'checked']) {
      expect(classes(tools.find((t) => t.name === name)), name).toEqual([]);
      expect(tools.find((t) => t.name === name)!.contained.map((c) => c.class), name).toContain('code-exec');
    }
    for (const name of ['letters', 'underscore', 'denied', 'widened', 'goes_on', 'called', 'replaced']) expect(classes(tools.find((t) => t.name === name)), name).toEqual(['code-exec']);
  });
});

describe('code run through a pool, a bound partial and a runtime object', () => {
  const tool = (runtime: string) =>
    'from functools import partial\nfrom multiprocessing import Pool\nfrom qwen_agent.tools.base import BaseTool, register_tool\n\n' +
    `class Runtime:\n    def exec_code(self, piece):\n${runtime}\n\n` +
    'def timeout(seconds):\n    def wrap(fn):\n        return fn\n    return wrap\n\n' +
    '@register_tool("run_python")\nclass RunPython(BaseTool):\n    name = "run_python"\n    description = "Run Python code."\n\n' +
    '    def __init__(self, cfg=None):\n        super().__init__(cfg)\n        self.runtime = Runtime()\n\n' +
    '    def call(self, params, **kwargs):\n        code = params["code"]\n        run = partial(self.execute, runtime=self.runtime)\n        with Pool(2) as pool:\n            return pool.map(run, [code])\n\n' +
    '    @staticmethod\n    def execute(code, runtime=None):\n        return timeout(20)(runtime.exec_code)("\\n".join(code))\n';

  it('a Qwen-Agent tool whose code reaches exec through pool.map(partial(…)), an inline wrapper and a runtime method executes code', async () => {
    const { tools } = await inventory('tools/run_python.py', tool('        exec(piece, {})'));
    const t = tools.find((x) => x.name === 'run_python');
    expect(classes(t)).toEqual(['code-exec']);
    expect(t!.risks[0]!.path).toEqual(['run_python', 'execute', 'exec_code']);
  });

  it('the same chain to a runtime that runs only its own fixed code does not', async () => {
    const { tools } = await inventory('tools/run_python.py', tool('        exec("import this", {})'));
    const t = tools.find((x) => x.name === 'run_python');
    expect(t).toBeDefined();
    expect(classes(t)).toEqual([]);
  });
});

describe('network, messages, SQL, money', () => {
  it('a POST to the tool\'s own fixed endpoint is not egress; to a model-chosen URL it is', async () => {
    const code = `${PY_AGENT}import requests\n\nAPI = "https://inference.example.com/v1/generate"\n\n@function_tool\ndef generate(prompt: str) -> str:\n    return requests.post(API, json={"inputs": prompt}).text\n\n@function_tool\ndef webhook(url: str, body: str) -> str:\n    return requests.post(url, data=body).text\n\n@function_tool\ndef item(item_id: str) -> str:\n    return requests.post(f"https://api.example.com/items/{item_id}", json={}).text\n\nagent = Agent(name="a", tools=[generate, webhook, item])\n`;
    const { tools } = await inventory('agents/net.py', code);
    expect(classes(tools.find((t) => t.name === 'generate'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'webhook'))).toEqual(['network-egress']);
    expect(classes(tools.find((t) => t.name === 'item'))).toEqual([]);
  });

  it('a fixed recipient is not the model\'s; a model recipient is', async () => {
    const code = `${PY_AGENT}import smtplib\n\nOWNER = "me@example.com"\n\n@function_tool\ndef notify_me(text: str) -> str:\n    smtplib.SMTP("localhost").sendmail("bot@example.com", OWNER, text)\n    return "ok"\n\n@function_tool\ndef mail(to: str, text: str) -> str:\n    smtplib.SMTP("localhost").sendmail("bot@example.com", to, text)\n    return "ok"\n\nagent = Agent(name="a", tools=[notify_me, mail])\n`;
    const { tools } = await inventory('agents/mail.py', code);
    expect(classes(tools.find((t) => t.name === 'notify_me'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'mail'))).toEqual(['email']);
  });

  it('fixed SQL with bound parameters is the tool\'s own storage; SQL text from the model is not', async () => {
    const code = `${PY_AGENT}import sqlite3\n\nconn = sqlite3.connect("memory.db")\n\n@function_tool\ndef remember(memory_id: int, importance: float) -> str:\n    conn.execute("UPDATE memories SET importance = ? WHERE id = ?", (importance, memory_id))\n    return "ok"\n\n@function_tool\ndef query(where: str) -> list:\n    return conn.execute(f"SELECT * FROM memories WHERE {where}").fetchall()\n\nagent = Agent(name="a", tools=[remember, query])\n`;
    const { tools } = await inventory('agents/mem.py', code);
    expect(classes(tools.find((t) => t.name === 'remember'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'query'))).toEqual(['sql']);
  });

  it('SQL a `…_safe_…` builder makes from the input is checked; one an `unsafe_…` helper makes is not', async () => {
    const code =
      `${PY_AGENT}import sqlite3\n\nconn = sqlite3.connect("cache.db")\n\n` +
      `@function_tool\ndef cache(operation: str) -> str:\n    conn.execute(create_safe_sql_statement("CREATE", operation, "data TEXT"))\n    return "ok"\n\n` +
      `@function_tool\ndef raw(where: str) -> list:\n    return conn.execute(unsafe_sql("SELECT * FROM t WHERE " + where)).fetchall()\n\n` +
      `agent = Agent(name="a", tools=[cache, raw])\n`;
    const { tools } = await inventory('agents/cache.py', code);
    expect(classes(tools.find((t) => t.name === 'cache'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'raw'))).toEqual(['sql']);
  });

  it('a POST of a model amount to a payouts endpoint moves money (TypeScript)', async () => {
    const code = "import { Agent, tool } from '@openai/agents';\nimport { z } from 'zod';\n\nexport const pay = tool({\n  name: 'pay',\n  parameters: z.object({ supplier: z.string(), amount: z.number() }),\n  async execute({ supplier, amount }) {\n    const r = await fetch('https://pay.example.com/payouts', { method: 'POST', body: JSON.stringify({ supplier, amount }) });\n    return r.statusText;\n  },\n});\n\nexport const status = tool({\n  name: 'status',\n  parameters: z.object({ id: z.string() }),\n  async execute({ id }) {\n    const r = await fetch(`https://pay.example.com/status/${id}`, { method: 'POST' });\n    return r.statusText;\n  },\n});\nexport const a = new Agent({ name: 'a', tools: [pay, status] });\n";
    const { tools } = await inventory('src/pay.ts', code);
    expect(classes(tools.find((t) => t.name === 'pay'))).toEqual(['payment']);
    expect(classes(tools.find((t) => t.name === 'status'))).toEqual([]);
  });
});

describe('a URL handed to a helper that appends the query', () => {
  it('keeps the host its caller passed: a fixed one, one with a fixed part before the query, or the model\'s', async () => {
    const code =
      "import { tool } from 'ai';\nimport { z } from 'zod';\nimport axios from 'axios';\n\nconst API = 'https://rail.example.com';\nconst PATH = await loadPath();\n\n" +
      "async function get(url: string, query: URLSearchParams) {\n  return axios.get(url + '?' + query.toString());\n}\n\n" +
      'export const tools = {\n' +
      "  tickets: tool({ description: 'Tickets', inputSchema: z.object({ date: z.string() }), execute: async ({ date }) => get(`${API}/tickets`, new URLSearchParams({ date })) }),\n" +
      "  transfers: tool({ description: 'Transfers', inputSchema: z.object({ date: z.string() }), execute: async ({ date }) => get(`${API}${PATH}`, new URLSearchParams({ date })) }),\n" +
      "  page: tool({ description: 'Page', inputSchema: z.object({ url: z.string(), date: z.string() }), execute: async ({ url, date }) => get(url, new URLSearchParams({ date })) }),\n};\n";
    const { tools } = await inventory('src/rail.ts', code);
    expect(classes(tools.find((t) => t.name === 'tickets'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'transfers'))).toEqual([]);
    expect(tools.find((t) => t.name === 'page')!.risks[0]).toMatchObject({ class: 'network-fetch', path: ['page', 'get'] });
    expect(tools.find((t) => t.name === 'page')!.risks[0]!.inputs).toContain('url');
  });

  it('the same in Python, the URL first in an f-string', async () => {
    const code =
      `${PY_AGENT}import httpx\n\nAPI = "https://rail.example.com"\n\ndef _get(url, query):\n    return httpx.get(f"{url}?{query}").json()\n\n` +
      `@function_tool\ndef tickets(date: str) -> dict:\n    return _get(API + "/tickets", "date=" + date)\n\n` +
      `@function_tool\ndef page(url: str) -> dict:\n    return _get(url, "page=1")\n\nagent = Agent(name="a", tools=[tickets, page])\n`;
    const { tools } = await inventory('agents/rail.py', code);
    expect(classes(tools.find((t) => t.name === 'tickets'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'page'))).toEqual(['network-fetch']);
  });
});

describe('TypeScript flow', () => {
  it('exec of a template with the model\'s text is risky; execFile of a fixed program is not; helpers are followed', async () => {
    const code = "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { exec, execFile } from 'node:child_process';\n\nfunction run(command: string) {\n  return exec(command);\n}\n\nexport const tools = {\n  list: tool({ description: 'List', inputSchema: z.object({ dir: z.string() }), execute: async ({ dir }) => run(`ls ${dir}`) }),\n  grep: tool({ description: 'Grep', inputSchema: z.object({ pattern: z.string() }), execute: async ({ pattern }) => execFile('rg', ['-e', pattern, '.']) }),\n};\n";
    const { tools } = await inventory('src/tools.ts', code);
    expect(tools.find((t) => t.name === 'list')!.risks[0]).toMatchObject({ class: 'shell', inputs: ['dir'], path: ['list', 'run'] });
    expect(classes(tools.find((t) => t.name === 'grep'))).toEqual([]);
  });
});

describe('frameworks', () => {
  it('Pydantic AI: RunContext is not an input; tool_plain and Tool(fn) are tools', async () => {
    const code = "import os\nfrom pydantic_ai import Agent, RunContext, Tool\n\nagent = Agent('openai:gpt-4o', deps_type=str)\n\n@agent.tool\ndef wipe(ctx: RunContext[str], name: str) -> str:\n    os.remove(ctx.deps)\n    return 'ok'\n\n@agent.tool_plain\ndef wipe2(name: str) -> str:\n    os.remove(name)\n    return 'ok'\n\ndef wipe3(name: str) -> str:\n    os.remove(name)\n    return 'ok'\n\nother = Agent('openai:gpt-4o', tools=[Tool(wipe3)])\n";
    const { tools } = await inventory('agents/pai.py', code);
    expect(tools.find((t) => t.name === 'wipe')!.inputs).toEqual(['name']);
    expect(classes(tools.find((t) => t.name === 'wipe'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'wipe2'))).toEqual(['file-delete']);
    expect(classes(tools.find((t) => t.name === 'wipe3'))).toEqual(['file-delete']);
  });

  it('LlamaIndex FunctionTool.from_defaults', async () => {
    const code = 'import subprocess\nfrom llama_index.core.agent.workflow import ReActAgent\nfrom llama_index.core.tools import FunctionTool\n\ndef shell(command: str) -> str:\n    return subprocess.getoutput(command)\n\nagent = ReActAgent(tools=[FunctionTool.from_defaults(fn=shell)])\n';
    const { findings } = await inventory('agents/li.py', code);
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['code/missing-approval high']);
  });

  it('Agno toolkits: included risky functions count; include_tools without them or requires_confirmation_tools do not', async () => {
    const code = 'from agno.agent import Agent\nfrom agno.tools.python import PythonTools\nfrom agno.tools.file import FileTools\n\na = Agent(tools=[PythonTools(include_tools=["list_files"]), FileTools(requires_confirmation_tools=["save_file", "replace_file_chunk", "delete_file"])])\n';
    const { tools, findings } = await inventory('agents/agno.py', code);
    expect(findings).toEqual([]);
    expect(tools.find((t) => t.name.startsWith('FileTools'))!.approval.found).toBe(true);
  });

  it('Semantic Kernel: a filter that asks is approval', async () => {
    const code = 'import os\nfrom semantic_kernel import Kernel\nfrom semantic_kernel.filters import FilterTypes\nfrom semantic_kernel.connectors.ai import FunctionChoiceBehavior\nfrom semantic_kernel.functions import kernel_function\n\nclass Files:\n    @kernel_function\n    def delete(self, path: str) -> str:\n        os.remove(path)\n        return "ok"\n\nkernel = Kernel()\nkernel.add_plugin(Files(), "files")\n\n@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)\nasync def ask(context, next):\n    if input(f"Allow {context.function.name}? [y/N] ") == "y":\n        await next(context)\n\nbehavior = FunctionChoiceBehavior.Auto()\n';
    const { findings, tools } = await inventory('agents/sk.py', code);
    expect(findings).toEqual([]);
    expect(tools[0]!.approval.mechanism).toMatch(/Semantic Kernel function invocation filter/);
  });

  it('MCP annotations: readOnlyHint on a shell tool is named; destructiveHint with no sink found is still a risk', async () => {
    const code = 'import subprocess\nfrom mcp.server.fastmcp import FastMCP\nfrom mcp.types import ToolAnnotations\n\nmcp = FastMCP("x")\n\n@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))\ndef status(cmd: str) -> str:\n    return subprocess.getoutput(cmd)\n\n@mcp.tool(annotations={"destructiveHint": True})\ndef purge(bucket: str) -> str:\n    return client_purge(bucket)\n';
    const { findings, tools } = await inventory('server/x.py', code);
    const status = findings.find((f) => f.message.includes('"status"'))!;
    expect(status.message).toContain('readOnlyHint');
    expect(status.confidence).toBe('high');
    expect(classes(tools.find((t) => t.name === 'purge'))).toEqual(['declared-destructive']);
    // destructiveHint: true tells the host to ask the user first: the tool's approval path, not a finding.
    expect(tools.find((t) => t.name === 'purge')!.approval).toMatchObject({ found: true, mechanism: expect.stringMatching(/^destructiveHint: true/) });
    expect(findings.some((f) => f.message.includes('"purge"'))).toBe(false);
  });

  it("MCP Apps: registerAppTool(server, name, config, handler) registers a tool, judged as registerTool's", async () => {
    const code =
      "import { registerAppTool } from '@modelcontextprotocol/ext-apps/server';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { exec } from 'node:child_process';\nimport { z } from 'zod';\n\n" +
      "const server = new McpServer({ name: 'x', version: '1.0.0' });\n" +
      "registerAppTool(server, 'run', { description: 'Run a command', inputSchema: { cmd: z.string() }, _meta: { ui: { resourceUri: 'ui://run' } } }, async ({ cmd }) => {\n  exec(cmd);\n  return { content: [] };\n});\n";
    const { tools } = await inventory('server/app.ts', code);
    expect(tools.map((t) => t.name)).toEqual(['run']);
    expect(classes(tools[0])).toEqual(['shell']);
  });

  it('Google ADK: approval asked only in the instruction is no approval', async () => {
    const code = 'import stripe\nfrom google.adk.agents import Agent\n\ndef refund(charge_id: str, amount: int) -> str:\n    return stripe.Refund.create(charge=charge_id, amount=amount).status\n\nroot_agent = Agent(name="billing", model="gemini-2.0-flash", instruction="Before any refund, ask the manager for approval.", tools=[refund])\n';
    const { findings } = await inventory('agents/adk.py', code);
    expect(findings[0]!.message).toMatch(/only approval is asked for in the agent's instructions .* a prompt is not a control/);
    expect(findings[0]!.severity).toBe('high');
  });

  it('a stub whose body does nothing is not a capability', async () => {
    const code = `${PY_AGENT}\n@function_tool\ndef run_shell(cmd: str) -> str:\n    """Run a shell command."""\n    raise NotImplementedError\n\nagent = Agent(name="a", tools=[run_shell])\n`;
    const { tools, findings } = await inventory('agents/stub.py', code);
    expect(tools).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('a local helper named like a built-in (`shell()`) is not the framework\'s shell tool', async () => {
    const code = 'from pydantic_ai import Agent\nfrom ._backends import shell\n\nasync def grep(pattern: str) -> str:\n    return await shell().run_command("rg -e x")\n';
    const { tools } = await inventory('shim/grep.py', code);
    expect(tools).toEqual([]);
  });
});

describe('MCP clients', () => {
  it('a TypeScript client that calls whichever tool the model names is reported; a fixed tool call is not', async () => {
    const risky = "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport Anthropic from '@anthropic-ai/sdk';\n\nexport async function turn(client: Client, llm: Anthropic, messages: any[]) {\n  const reply = await llm.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });\n  for (const block of reply.content) {\n    if (block.type === 'tool_use') await client.callTool({ name: block.name, arguments: block.input as Record<string, unknown> });\n  }\n}\n";
    const r = await inventory('src/client.ts', risky);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['code/unconfirmed-tool-calls']);
    const fixed = risky.replace('name: block.name', "name: 'search'");
    expect((await inventory('src/client.ts', fixed)).findings).toEqual([]);
  });

  it('a client a developer drives at the terminal, typing queries, against the server named on its command line, is low', async () => {
    const loop =
      'import json\nimport sys\nfrom mcp import ClientSession\nfrom openai import OpenAI\n\n' +
      'async def turn(session: ClientSession, llm: OpenAI, messages):\n    reply = llm.chat.completions.create(model="gpt-4.1", messages=messages)\n' +
      '    call = json.loads(reply.choices[0].message.content)\n    return await session.call_tool(call["tool"], call["arguments"])\n\n' +
      'async def chat(session, llm):\n    while True:\n        query = input("Query: ")\n        print(await turn(session, llm, [{"role": "user", "content": query}]))\n\n' +
      'if __name__ == "__main__":\n    server_url = sys.argv[1]\n';
    const typed = (await inventory('clients/try_client.py', loop)).findings;
    expect(typed.map((f) => [f.ruleId, f.severity])).toEqual([['code/unconfirmed-tool-calls', 'low']]);
    expect(typed[0]!.message).toMatch(/drives at the terminal/);
    // The same loop serving queries that arrive from elsewhere (no command line names the server) stays medium.
    const served = loop.replace('if __name__ == "__main__":\n    server_url = sys.argv[1]\n', '').replace('import sys\n', '');
    expect((await inventory('clients/try_client.py', served)).findings.map((f) => f.severity)).toEqual(['medium']);
  });
});

describe('clip', () => {
  it('is the text on one line, white space collapsed and trimmed, cut at 60 characters', () => {
    const plain = (t: string) => {
      const one = t.replace(/\s+/g, ' ').trim();
      return one.length > 60 ? `${one.slice(0, 59)}…` : one;
    };
    const pieces = ['a', 'bc', ' ', '\n', '\t', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é', '😀', '    '];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 5000; n++) {
      let t = '';
      for (let i = Math.floor(next() * 90); i > 0; i--) t += pieces[Math.floor(next() * pieces.length)];
      expect(clip(t)).toBe(plain(t));
    }
    expect(clip(`  run(${'x '.repeat(100_000)})`)).toBe(`run(${'x '.repeat(27)}x…`);
  });
});

describe('bindings', () => {
  /** Assignments `name = expr`, where expr names a parameter (`p`), another variable, or a constant. */
  function bindAll(assignments: [string, string][]): { env: Map<string, ArgValue>; evaluated: number } {
    const b = new Bindings();
    let evaluated = 0;
    const value = (expr: string): ArgValue => {
      evaluated++;
      b.note(expr);
      if (expr === 'p') return { from: ['p'], text: 'p' };
      const bound = b.env.get(expr);
      return bound ? { ...bound, text: expr } : { from: [], constant: expr, text: expr };
    };
    b.bind(assignments.map(([n, e]): [string[], string] => [[n], e]), value);
    return { env: b.env, evaluated };
  }

  it('lets values travel through a chain written in any order, within three passes', () => {
    const { env } = bindAll([
      ['c', 'b'],
      ['b', 'a'],
      ['a', 'p'],
    ]);
    expect(env.get('a')!.from).toEqual(['p']);
    expect(env.get('b')!.from).toEqual(['p']);
    expect(env.get('c')!.from).toEqual(['p']);
  });

  it('stops after one pass when no value reads a bound variable, and after two when the second changes nothing', () => {
    expect(bindAll([['a', 'p'], ['b', '"x"']]).evaluated).toBe(2);
    expect(bindAll([['a', 'p'], ['b', 'a']]).evaluated).toBe(4);
    expect(bindAll([['c', 'b'], ['b', 'a'], ['a', 'p']]).evaluated).toBe(9);
  });

  it('compares values field by field, nested items and properties too: a pass that changes only them is not the last', () => {
    /** One variable whose value reads itself; `change` says how the pass-th value differs from the one before. */
    const passes = (change: (pass: number) => Partial<ArgValue>): number => {
      const b = new Bindings();
      let calls = 0;
      b.bind([[['x'], 'x']], () => {
        b.note('x');
        calls++;
        return { from: ['p'], text: 'x', items: [{ from: [], text: 'ls' }], props: { a: { from: ['q'], text: 'q' } }, ...change(Math.min(calls, 2)) };
      });
      return calls;
    };
    expect(passes(() => ({}))).toBe(2);
    expect(passes((n) => (n === 2 ? { from: ['p', 'q'] } : {}))).toBe(3);
    expect(passes((n) => ({ items: [{ from: [], text: n === 2 ? 'rm' : 'ls' }] }))).toBe(3);
    expect(passes((n) => ({ props: { a: { from: n === 2 ? [] : ['q'], text: 'q' } } }))).toBe(3);
    expect(passes((n) => (n === 2 ? { prefix: 'https://' } : {}))).toBe(3);
  });
});

describe('arguments computed when read', () => {
  const code = `import { tool } from '@langchain/core/tools';\nimport { execFile } from 'node:child_process';\n\nconst BIN = 'rg';\nfunction search(pattern: string) {\n  const args = ['-e', pattern];\n  return execFile(BIN, args);\n}\nexport const t = tool(async ({ q }) => search(q), { name: 'search', description: 'Search.' });\n`;

  it('a call in a function gets the same arguments through the model and through the function body, read once', async () => {
    const { typescriptModel } = await import('../../src/rules/code/typescript-model.js');
    const built = await typescriptModel('agent.ts', code);
    if (!built.ok) throw new Error(built.error);
    const inBody = built.model.functions.get('search')!.calls.find((c) => c.callee === 'child_process.execFile')!;
    const inFile = built.model.calls.find((c) => c.callee === 'child_process.execFile')!;
    expect(inBody).not.toBe(inFile);
    expect(inBody.argv!['0']).toMatchObject({ from: [], constant: 'rg' });
    expect(inBody.argv!['1']!.items!.map((i) => i.from)).toEqual([[], ['pattern']]);
    // One computation shared by every copy of the call.
    expect(inFile.argv).toBe(inBody.argv);
    expect(Object.keys(inBody)).not.toContain('node');
    // Top-level calls have no function around them, so no arguments by data flow.
    expect(built.model.calls.find((c) => c.callee === 'langchain/core/tools.tool' || c.callee.endsWith('.tool'))!.argv).toBeUndefined();
  });

  it('settling a model computes every argument, and setting one replaces it', async () => {
    const { typescriptModel } = await import('../../src/rules/code/typescript-model.js');
    const { settleArgv } = await import('../../src/rules/code/model.js');
    const built = await typescriptModel('agent.ts', code);
    if (!built.ok) throw new Error(built.error);
    settleArgv(built.model);
    const call = built.model.calls.find((c) => c.callee === 'child_process.execFile')!;
    expect(Object.getOwnPropertyDescriptor(call, 'argv')!.get).toBeDefined();
    expect(call.argv!['0']!.constant).toBe('rg');
    call.argv = { '0': { from: ['x'], text: 'x' } };
    expect(call.argv['0']!.from).toEqual(['x']);
    expect(Object.getOwnPropertyDescriptor(call, 'argv')!.writable).toBe(true);
  });
});

describe('credential-read: the model names the secret', () => {
  it('a secret store read with the secret the model names is risky; the tool reading its own configured key is not', async () => {
    const code = `${PY_AGENT}import boto3, httpx\nfrom pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    search_key: SecretStr\n\nsettings = Settings()\nsm = boto3.client("secretsmanager")\n\n@function_tool\ndef fetch_secret(name: str) -> str:\n    """Fetch a secret."""\n    return sm.get_secret_value(SecretId=name)["SecretString"]\n\n@function_tool\ndef search(query: str) -> str:\n    """Search the web."""\n    return httpx.get("https://search.example.com/v1", params={"q": query, "key": settings.search_key.get_secret_value()}).text\n\nagent = Agent(name="a", tools=[fetch_secret, search])\n`;
    const { tools } = await inventory('agents/secrets.py', code);
    expect(classes(tools.find((t) => t.name === 'fetch_secret'))).toEqual(['credential-read']);
    expect(classes(tools.find((t) => t.name === 'search'))).toEqual([]);
  });
});

describe('dicts built by key: each entry holds what was set under its key', () => {
  it('an entry the model set is the model\'s; a fixed entry beside it is not, and the whole dict still carries every entry', async () => {
    const head = `${PY_AGENT}import subprocess\n\n`;
    const code =
      head +
      '@function_tool\ndef model_entry(command: str) -> str:\n    job = {"label": "nightly"}\n    job["cmd"] = command\n    return subprocess.run(job["cmd"], shell=True, capture_output=True, text=True).stdout\n\n' +
      '@function_tool\ndef fixed_entry(label: str) -> str:\n    job = {"cmd": "uptime"}\n    job["label"] = label\n    return subprocess.run(job.get("cmd"), shell=True, capture_output=True, text=True).stdout\n\n' +
      '@function_tool\ndef whole(label: str) -> str:\n    job = {"cmd": "uptime"}\n    job["label"] = label\n    return subprocess.run(str(job), shell=True, capture_output=True, text=True).stdout\n\n' +
      'agent = Agent(name="a", tools=[model_entry, fixed_entry, whole])\n';
    const { tools } = await inventory('agents/jobs.py', code);
    expect(classes(tools.find((t) => t.name === 'model_entry'))).toEqual(['shell']);
    expect(classes(tools.find((t) => t.name === 'fixed_entry'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'whole'))).toEqual(['shell']);
  });

  it('a helper\'s **kwargs takes the entries of the dict unpacked into it, and an entry it reads is the caller\'s entry', async () => {
    const code =
      `${PY_AGENT}import subprocess\n\ndef _run(kind, **opts):\n    return subprocess.run(opts.get("cmd"), shell=True, capture_output=True, text=True).stdout\n\n` +
      '@function_tool\ndef by_model(command: str, label: str) -> str:\n    job = {"label": label}\n    job["cmd"] = command\n    return _run("x", **job)\n\n' +
      '@function_tool\ndef by_code(label: str) -> str:\n    job = {"label": label, "cmd": "uptime"}\n    return _run("x", **job)\n\n' +
      '@function_tool\ndef by_keyword(command: str) -> str:\n    return _run("x", cmd=command)\n\n' +
      'agent = Agent(name="a", tools=[by_model, by_code, by_keyword])\n';
    const { tools } = await inventory('agents/jobs.py', code);
    expect(tools.find((t) => t.name === 'by_model')!.risks.map((r) => r.inputs)).toEqual([['command']]);
    expect(classes(tools.find((t) => t.name === 'by_code'))).toEqual([]);
    expect(classes(tools.find((t) => t.name === 'by_keyword'))).toEqual(['shell']);
  });
});
