/**
 * A tool that deletes an AWS resource the model names (a bucket, an object, a table, an item, an
 * instance) through the SDK, in a module that makes a client of that service, destroys what the
 * model picks; a method of the same name on anything else (an app's own store) is not counted, nor
 * a deletion of a fixed resource.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const PY_TOOL = (client: string, call: string): string =>
  `import boto3\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("aws")\n${client}\n\n\n` +
  `@mcp.tool()\ndef remove(bucket: str, key: str) -> str:\n    """Remove an object."""\n    ${call}\n    return "done"\n`;

const TS_TOOL = (input: string): string =>
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { S3Client, DeleteBucketCommand } from '@aws-sdk/client-s3';\nimport { z } from 'zod';\n\n" +
  "const s3 = new S3Client({});\nconst server = new McpServer({ name: 'aws', version: '1.0.0' });\n" +
  "server.tool('delete_bucket', 'Delete a bucket.', { bucket: z.string() }, async ({ bucket }) => {\n" +
  `  await s3.send(new DeleteBucketCommand({ Bucket: ${input} }));\n  return { content: [{ type: 'text', text: 'deleted' }] };\n});\n`;

async function deletes(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('deletes cloud resources')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('an AWS resource deleted as the model names it', () => {
  it("boto3's client of the service, the model's bucket and key", async () => {
    expect(await deletes({ 'server.py': PY_TOOL('s3 = boto3.client("s3")', 's3.delete_object(Bucket=bucket, Key=key)') })).toEqual(['server.py:9']);
    expect(await deletes({ 'server.py': PY_TOOL('db = boto3.client("dynamodb")', 'db.delete_table(TableName=bucket)') })).toEqual(['server.py:9']);
  });
  it("the SDK's Delete…Command in TypeScript", async () => {
    expect(await deletes({ 'server.ts': TS_TOOL('bucket') })).toEqual(['server.ts:7']);
  });
  it('a method of that name on an app store, and a fixed resource, are not', async () => {
    expect(await deletes({ 'server.py': PY_TOOL('store = {}', 'store.delete_item(key)') })).toEqual([]);
    expect(await deletes({ 'server.py': PY_TOOL('s3 = boto3.client("s3")', 's3.delete_object(Bucket="scratch", Key="last-run.json")') })).toEqual([]);
    expect(await deletes({ 'server.ts': TS_TOOL('"scratch-bucket"') })).toEqual([]);
  });
  it("an object of the module's own class beside the client: the object the call is on decides", async () => {
    const index = 's3 = boto3.client("s3")\n\n\nclass Index:\n    def delete_item(self, key):\n        return key\n\n\nindex = Index()';
    expect(await deletes({ 'server.py': PY_TOOL(index, 'index.delete_item(key)') })).toEqual([]);
    expect(await deletes({ 'server.py': PY_TOOL(index, 's3.delete_object(Bucket=bucket, Key=key)') })).toEqual(['server.py:17']);
  });
});
