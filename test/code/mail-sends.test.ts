/**
 * Email sent to recipients the model chooses: nodemailer's `sendMail` sends, unless its transport only
 * writes the message out (`streamTransport`, `jsonTransport`: a MIME message built for another API);
 * the Gmail API's `users.messages.send` sends the raw message it is given.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOOL = (transport: string, after = ''): string =>
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport nodemailer from 'nodemailer';\nimport { google } from 'googleapis';\nimport { z } from 'zod';\n\n" +
  "const gmail = google.gmail({ version: 'v1' });\nconst server = new McpServer({ name: 'mail', version: '1.0.0' });\n" +
  "server.tool('send_email', 'Send an email.', { to: z.string(), body: z.string() }, async ({ to, body }) => {\n" +
  `  const transporter = nodemailer.createTransport(${transport});\n  const info = await transporter.sendMail({ to, text: body });\n${after}  return { content: [{ type: 'text', text: 'sent' }] };\n});\n`;

async function sends(code: string): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ 'server.ts': code })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('sends email')).map((f) => /reaches (\S+)\(/.exec(f.message)?.[1] ?? '');
}

describe('email a tool sends', () => {
  it("nodemailer's sendMail over SMTP sends it", async () => {
    expect(await sends(TOOL("{ host: 'smtp.example.com', port: 587 }"))).toEqual(['transporter.sendMail']);
  });
  it('a stream transport only builds the message: the Gmail API call that sends it is the send', async () => {
    const gmailSend = "  await gmail.users.messages.send({ userId: 'me', requestBody: { raw: info.message.toString('base64url') } });\n";
    expect(await sends(TOOL('{ streamTransport: true, buffer: true }', gmailSend))).toEqual(['gmail.users.messages.send']);
    expect(await sends(TOOL('{ streamTransport: true, buffer: true }'))).toEqual([]);
  });
});
