/**
 * MCP servers an agent SDK is handed as a map written in code: the Claude Agent SDK's
 * `ClaudeAgentOptions(mcp_servers={"browser": {"command": "npx", "args": [...]}})` in Python,
 * `query({ options: { mcpServers: { browser: { command: 'npx', args: [...] } } } })` in TypeScript, and
 * the like: the same shape as a client's `mcpServers` JSON, so each server's command line is read as
 * that config's would be. Only a literal map is read, one given to a call (a keyword or property of
 * its arguments): a map in a docstring, a comment or a string (a snippet shown for copying) is text, not a launch.
 * Nor is a map the nearest call around it returns or writes as data (`Response.json({ mcp_servers: {…} })`,
 * `res.json`, `JSON.stringify`, `json.dumps`, `jsonify`): settings a route serves or a file is given, not
 * servers this code starts.
 */
import type { Range } from './model.js';
import { argsAt, stringEnd } from './http-listen.js';

/** The key a map of servers goes under (`mcp_servers=`, `"mcpServers":`, `mcpServers:`), up to its opening brace. */
const SERVER_MAP_AT = /(?<![\w$])['"]?(?:mcp_servers|mcpServers)['"]?\s*[=:]\s*\{/;
const SERVER_MAP = new RegExp(SERVER_MAP_AT.source, 'g');

/**
 * Calls that hand their argument back as data: a web response (`Response.json`, `NextResponse.json`,
 * `res.json`, `res.send`, `c.json`, `jsonify`, `JSONResponse`, `web.json_response`) or serialisation
 * (`JSON.stringify`, `json.dumps`/`dump`, `yaml.dump`/`safe_dump`).
 */
const RETURNS_DATA = /(?:^|\.)(?:json|send|jsonify|JSONResponse|json_response|stringify|dumps?|safe_dump)$/;

/** Whether a call hands its argument back as data (see `RETURNS_DATA`). */
export function returnsData(callee: string): boolean {
  return RETURNS_DATA.test(callee);
}

/** Whether a text may hold such a map (the analyzer's prefilter). */
export function mayHoldServerMap(text: string): boolean {
  return SERVER_MAP_AT.test(text);
}

/**
 * Each server of each literal map given to a call: the text of its config object (`{ command, args }`)
 * and where it is. `calls` are the file's calls; a map outside all of their arguments, or handed to one
 * that returns it as data, is left out.
 */
export function serverConfigsInMaps(text: string, calls: (Range & { callee: string })[]): (Range & { text: string })[] {
  const out: (Range & { text: string })[] = [];
  for (const m of text.matchAll(SERVER_MAP)) {
    const open = m.index + m[0].length - 1;
    // Given to a call, as code: a map inside a string (a config snippet a page shows for copying) is text.
    const around = calls.filter((c) => c.start < m.index && open < c.end);
    if (!around.length || insideString(text, Math.min(...around.map((c) => c.start)), m.index)) continue;
    // The call the map is handed to is the innermost around it; one that returns or writes it keeps it data.
    const nearest = around.reduce((a, b) => (b.start >= a.start ? b : a));
    if (returnsData(nearest.callee)) continue;
    const close = closingBrace(text, open);
    if (close < 0) continue;
    // The servers: the objects one level inside the map.
    for (let i = open + 1; i < close; i++) {
      const ch = text[i]!;
      if (ch === '"' || ch === "'" || ch === '`') i = stringEnd(text, i);
      else if (ch === '{') {
        const end = closingBrace(text, i);
        if (end < 0 || end > close) break;
        out.push({ start: i, end: end + 1, text: text.slice(i, end + 1) });
        i = end;
      }
    }
  }
  return out;
}

/** Whether `at` falls inside a string literal, reading from `from` (outside any string). */
function insideString(text: string, from: number, at: number): boolean {
  for (let i = from; i < at; i++) {
    const ch = text[i]!;
    if (ch !== '"' && ch !== "'" && ch !== '`') continue;
    const end = stringEnd(text, i);
    if (end >= at) return true;
    i = end;
  }
  return false;
}

/** The brace closing the one at `open`, strings skipped; -1 when there is none. */
function closingBrace(text: string, open: number): number {
  const at = argsAt(text, open);
  return at ? at.end - 1 : -1;
}
