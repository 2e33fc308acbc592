/** The positive and negative examples of code/tls-verification-off, run by the test suite. */
import type { RuleExample } from '../../core/rule.js';

export const TLS_OFF_EXAMPLES: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // An Electron MCP client accepting every certificate for all its windows: high. The package depends on the MCP SDK.
    {
      path: 'src/main/main.ts',
      code:
        "import { app, BrowserWindow } from 'electron';\n\napp.whenReady().then(() => {\n  new BrowserWindow({ width: 800 });\n" +
        "  app.on('certificate-error', (event, webContents, url, error, certificate, callback) => {\n    event.preventDefault();\n    callback(true);\n  });\n});\n",
      with: { 'package.json': '{ "name": "desk", "dependencies": { "electron": "^30.0.0", "@modelcontextprotocol/sdk": "^1.17.0" } }' },
    },
    // A MySQL MCP server whose TLS is on unless turned off, and never verified: medium.
    {
      path: 'src/index.ts',
      code:
        "import mysql from 'mysql2/promise';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n\n" +
        "const pool = mysql.createPool({\n  host: process.env.MYSQL_HOST,\n  password: process.env.MYSQL_PASS,\n" +
        "  ssl: process.env.MYSQL_SSL !== 'false' ? { rejectUnauthorized: false } : undefined,\n});\nexport const server = new McpServer({ name: 'mysql', version: '1.0.0' });\n",
    },
    // A model API called with verify=False and the key in the Authorization header: high.
    {
      path: 'agent/llm.py',
      code:
        'import os\nimport requests\nfrom langchain_core.tools import tool\n\nKEY = os.environ["MODEL_API_KEY"]\n\n' +
        'def complete(prompt):\n    r = requests.post("https://api.example.com/v1/chat", json={"prompt": prompt},\n' +
        '                      headers={"Authorization": f"Bearer {KEY}"}, verify=False)\n    return r.json()\n',
    },
    // An OpenAI client handed an httpx client that verifies nothing.
    {
      path: 'app/model.py',
      code: 'import httpx\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=load_key(), http_client=httpx.Client(verify=False))\n',
    },
    // aiohttp with an unverified connector, carrying a token.
    {
      path: 'tools/search.py',
      code:
        'import aiohttp\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("search")\n\n@mcp.tool\nasync def search(q: str, token: str) -> dict:\n' +
        '    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False), headers={"Authorization": token}) as s:\n' +
        '        async with s.get("https://search.example.com", params={"q": q}) as r:\n            return await r.json()\n',
    },
    // Python's default HTTPS context replaced for the whole process in an agent tool.
    {
      path: 'flow/tools/custom_tool.py',
      code: 'import ssl\nfrom crewai.tools import BaseTool\n\nssl._create_default_https_context = ssl._create_unverified_context\n\nclass Fetch(BaseTool):\n    name: str = "fetch"\n',
    },
    // Node's process-wide switch set in an MCP server's code.
    {
      path: 'src/server.ts',
      code: "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nexport const server = new McpServer({ name: 'jira', version: '1.0.0' });\n",
    },
    // An undici Agent that accepts any certificate, used with an API key.
    {
      path: 'src/client.ts',
      code:
        "import { Agent, fetch } from 'undici';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\n\n" +
        "const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });\n" +
        "export const get = (url: string) => fetch(url, { dispatcher, headers: { 'x-api-key': process.env.API_KEY ?? '' } });\n",
    },
    // A value whose default turns verification off counts as always.
    {
      path: 'agent/http.py',
      code:
        'import os\nimport httpx\nfrom pydantic_ai import Agent\n\nVERIFY = os.getenv("SSL_VERIFY", "false").lower() == "true"\n' +
        'client = httpx.AsyncClient(verify=os.getenv("SSL_VERIFY", "false").lower() == "true", headers={"Authorization": os.environ["TOKEN"]})\n',
    },
    // Behind an opt-in the user must set: low.
    {
      path: 'agent/http.py',
      code:
        'import os\nimport httpx\nfrom pydantic_ai import Agent\n\nif os.getenv("ALLOW_INSECURE_TLS") == "1":\n' +
        '    client = httpx.Client(verify=False, headers={"Authorization": os.environ["TOKEN"]})\nelse:\n    client = httpx.Client(headers={"Authorization": os.environ["TOKEN"]})\n',
    },
    // A context that checks nothing, for a socket that sends a password (not agent code, but a credential crosses it).
    {
      path: 'connectors/feed.py',
      code:
        'import ssl\nimport websocket\n\ndef connect(url, password):\n    ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n' +
        '    ctx.verify_mode = ssl.CERT_NONE\n    ws = websocket.create_connection(url, sslopt={"context": ctx})\n    ws.send(password)\n',
    },
  ],
  negative: [
    // The default keeps verification on: configurability, not a finding.
    { path: 'agent/http.py', code: 'import os\nimport httpx\nfrom pydantic_ai import Agent\n\nclient = httpx.Client(verify=os.getenv("SSL_VERIFY", "true") == "true")\n' },
    { path: 'src/db.ts', code: "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport pg from 'pg';\n\nconst pool = new pg.Pool({ ssl: { rejectUnauthorized: process.env.PG_SSL_VERIFY !== 'false' } });\n" },
    // A local endpoint.
    { path: 'agent/health.py', code: 'import requests\nfrom langchain_core.tools import tool\n\ndef ready(token):\n    return requests.get("https://localhost:8443/health", headers={"Authorization": token}, verify=False).ok\n' },
    // A headless browser that browses pages: not the agent's own services.
    {
      path: 'src/browse.ts',
      code: "import puppeteer from 'puppeteer';\nimport { tool } from 'ai';\n\nexport const open = async (url: string) => {\n  const browser = await puppeteer.launch({ ignoreHTTPSErrors: true });\n  return (await browser.newPage()).goto(url);\n};\n",
    },
    // Only the warning silenced.
    { path: 'agent/main.py', code: 'import urllib3\nimport requests\nfrom langchain_core.tools import tool\n\nurllib3.disable_warnings()\nr = requests.get("https://api.example.com", headers={"Authorization": "Bearer x"})\n' },
    // A utility script that is no agent's and sends no credential.
    { path: 'scripts/download_data.py', code: 'import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False).content\n' },
    // A request's response used beside another, credentialed request: the unverified one carries nothing.
    { path: 'loaders/mirror.py', code: "import os\nimport urllib.parse\nimport requests\n\n\ndef fetch(token, target_url, use_gateway=False):\n    \"\"\"Fetch a page through the gateway or its API.\"\"\"\n    encoded = urllib.parse.quote(target_url)\n    if use_gateway:\n        gateway = os.getenv(\"GATEWAY\", \"gateway.example.net:8080\")\n        routes = {\"http\": f\"http://{gateway}\", \"https\": f\"http://{gateway}\"}\n        response = requests.get(target_url, proxies=routes, verify=False)\n    else:\n        url = f\"https://api.example.net/?token={token}&url={encoded}\"\n        response = requests.get(url)\n    return response.text\n" },
    // A test.
    { path: 'tests/test_client.py', code: 'import httpx\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="k", http_client=httpx.Client(verify=False))\n' },
    // `ssl=False` on a client that is not aiohttp means plain HTTP, not unverified TLS.
    { path: 'agent/store.py', code: 'import chromadb\nfrom langchain_core.tools import tool\n\nclient = chromadb.HttpClient(host="chroma.internal", port=8000, ssl=False, headers={"Authorization": "x"})\n' },
    // An Electron app that accepts only a pinned certificate.
    {
      path: 'src/main/main.ts',
      code:
        "import { app } from 'electron';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\n\n" +
        "app.on('certificate-error', (event, webContents, url, error, certificate, callback) => {\n  if (certificate.fingerprint === PINNED) {\n    event.preventDefault();\n    callback(true);\n  } else callback(false);\n});\n",
    },
    // A guard asking for the local machine.
    {
      path: 'src/fetch.ts',
      code: "import OpenAI from 'openai';\nimport https from 'node:https';\n\nconst agent = isLocalhost(baseURL) ? new https.Agent({ rejectUnauthorized: false }) : undefined;\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, httpAgent: agent });\n",
    },
    // `verify=False` of something that is no HTTP client (a signature check of the app's own).
    { path: 'agent/jobs.py', code: 'from langchain_core.tools import tool\n\ndef run(plan, token):\n    return commit_plan(plan, token=token, verify=False)\n' },
  ],
};
