/**
 * Which credential reads keep an open MCP server out of the low tiers of code/mcp-http-no-auth: a
 * variable named like a credential however it is read, the whole environment, an SDK that finds its
 * own credentials; not a proxy's settings, nor a port or a log level.
 */
import { describe, expect, it } from 'vitest';
import { credentialRead } from '../../src/rules/code/credential-reads.js';
import { pythonModel } from '../../src/rules/code/python-model.js';
import { typescriptModel } from '../../src/rules/code/typescript-model.js';

async function read(path: string, text: string): Promise<string | undefined> {
  const built = path.endsWith('.py') ? await pythonModel(text) : await typescriptModel(path, text);
  if (!built.ok) throw new Error(built.error);
  return credentialRead(text, built.model);
}

describe('credential reads', () => {
  it.each([
    ['s.py', 'import os\nKEY = os.getenv("ATLAS_API_KEY")\n', 'ATLAS_API_KEY'],
    ['s.py', 'import os\nauth = os.environ["AUTH_DATA"]\n', 'AUTH_DATA'],
    ['s.py', 'import click\n@click.option("--token", envvar="ATLAS_TOKEN")\ndef main(token): ...\n', 'ATLAS_TOKEN'],
    ['s.py', 'import os\nsettings = dict(os.environ)\n', 'environment'],
    ['s.py', 'import os\nname = "X"\nvalue = os.getenv(name)\n', 'environment'],
    ['s.py', 'import boto3\ns3 = boto3.client("s3")\n', 'boto3'],
    ['s.ts', 'const { ATLAS_SECRET, PORT } = process.env;\n', 'ATLAS_SECRET'],
    ['s.ts', 'const token = process.env.GITHUB_TOKEN;\n', 'GITHUB_TOKEN'],
    ['s.ts', 'const env = { ...process.env };\n', 'environment'],
    ['s.ts', "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'openai'],
  ])('%s: %j reads a credential', async (path, text, what) => expect(await read(path, text)).toContain(what));

  it.each([
    ['s.py', 'import os\nPORT = int(os.getenv("PORT", "5000"))\nPROXY_PASSWORD = os.environ.get("PROXY_PASSWORD")\nos.environ.setdefault("HTTPS_PROXY", "http://proxy:80")\n'],
    ['s.py', 'import click\n@click.option("--proxy-password", envvar="WEBSHARE_PROXY_PASSWORD")\ndef main(proxy_password): ...\n'],
    ['s.ts', 'const { PROXY_HOST, PROXY_USERNAME, PROXY_PASSWORD } = process.env;\nconst port = process.env.PORT ?? 3000;\n'],
  ])('%s: %j reads none', async (path, text) => expect(await read(path, text)).toBeUndefined());
});
