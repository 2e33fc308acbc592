/**
 * A tool that sends a message with discord.js to a channel the model names (fetched by the bot's
 * client: `client.channels.fetch(id)`) posts where the model chooses, as a Slack or Telegram send to
 * a model-chosen chat does; one that sends to the channel the deployment configures does not.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const SERVER = (channelId: string): string =>
  "import { Server } from '@modelcontextprotocol/sdk/server/index.js';\nimport { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';\n" +
  "import { Client, GatewayIntentBits, TextChannel } from 'discord.js';\n\n" +
  'const client = new Client({ intents: [GatewayIntentBits.Guilds] });\n' +
  "const server = new Server({ name: 'discord', version: '1.0.0' }, { capabilities: { tools: {} } });\n\n" +
  'server.setRequestHandler(CallToolRequestSchema, async (request) => {\n' +
  '  const { channel: channelId, message } = request.params.arguments as { channel: string; message: string };\n' +
  `  const channel = (await client.channels.fetch(${channelId})) as TextChannel;\n` +
  '  const sent = await channel.send(message);\n' +
  "  return { content: [{ type: 'text', text: `sent ${sent.id}` }] };\n});\n";

async function posts(code: string): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ 'src/index.ts': code })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('posts chat messages')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a discord.js message sent where the model says', () => {
  it('to the channel the model names', async () => {
    expect(await posts(SERVER('channelId'))).toEqual(['src/index.ts:8']);
  });
  it('to the channel the deployment configures, the model writing only the text, is not', async () => {
    expect(await posts(SERVER('process.env.DISCORD_CHANNEL_ID!'))).toEqual([]);
  });
});
