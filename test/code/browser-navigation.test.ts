/**
 * A tool that sends a browser to the URL it is given (Playwright's and Puppeteer's `page.goto`,
 * Selenium's `driver.get`) fetches any page the model names; one that keeps the host fixed does not.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const PY_TOOL = (body: string): string =>
  'from mcp.server.fastmcp import FastMCP\nfrom playwright.async_api import async_playwright\n\nmcp = FastMCP("browser")\n\n\n' +
  `@mcp.tool()\nasync def open_page(url: str) -> str:\n    """Open a page and return its title."""\n    async with async_playwright() as p:\n        browser = await p.chromium.launch()\n        page = await browser.new_page()\n${body}        return await page.title()\n`;

const TS_TOOL = (target: string): string =>
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport puppeteer from 'puppeteer';\nimport { z } from 'zod';\n\n" +
  "const server = new McpServer({ name: 'browser', version: '1.0.0' });\n" +
  "server.tool('open_page', 'Open a page and return its title.', { url: z.string() }, async ({ url }) => {\n" +
  `  const browser = await puppeteer.launch();\n  const page = await browser.newPage();\n  await page.goto(${target});\n  return { content: [{ type: 'text', text: await page.title() }] };\n});\n`;

async function fetches(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('fetches')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a browser sent to a URL', () => {
  it('Playwright in Python, at the URL the model gives, fetches it', async () => {
    expect(await fetches({ 'server.py': PY_TOOL('        await page.goto(url)\n') })).toEqual(['server.py:8']);
  });
  it('Puppeteer in TypeScript, at the URL the model gives, fetches it', async () => {
    expect(await fetches({ 'server.ts': TS_TOOL('url') })).toEqual(['server.ts:6']);
  });
  it('a page on a fixed host, the model choosing only the path, is not the model\'s fetch', async () => {
    expect(await fetches({ 'server.py': PY_TOOL('        await page.goto(f"https://docs.example.com/search?q={url}")\n') })).toEqual([]);
    expect(await fetches({ 'server.ts': TS_TOOL('`https://docs.example.com/search?q=${encodeURIComponent(url)}`') })).toEqual([]);
  });
  it('a goto that is not a page\'s (a turtle\'s) is not a fetch', async () => {
    expect(await fetches({ 'server.py': PY_TOOL('        turtle.goto(url)\n') })).toEqual([]);
  });
});
