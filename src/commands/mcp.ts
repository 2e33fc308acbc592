/**
 * `agentwarden mcp list [paths…] [--user-configs]`: the inventory of every configured MCP server —
 * client, file, transport, command or URL, pinned or not, the credentials it receives and its
 * approval mode — from the `mcp-server` facts the MCP analyzer emits during a normal scan. Text (one
 * block per file) or JSON. Nothing is started: servers are described as declared.
 */
import type { InventoryItem } from '../core/rule.js';
import type { ScanError } from '../core/types.js';
import { userConfigSources } from '../discovery/user-configs.js';
import { scan } from '../engine/scan.js';
import { parseTargets, writeOutput } from './output.js';
import { cmp } from '../engine/order.js';

export interface McpListCredential {
  name: string;
  where: string;
  form: 'literal' | 'reference' | 'input' | 'placeholder';
  provider?: string;
  variables?: string[];
}

export interface McpListServer {
  client: string;
  clientLabel: string;
  file: string;
  line: number;
  name: string;
  transport: string;
  command?: string;
  url?: string;
  source?: { runner: string; ref: string };
  /** null when the server is not fetched from a registry (a local binary, a remote URL). */
  pinned: boolean | null;
  pin?: string;
  credentials: McpListCredential[];
  approval: string;
  disabled: boolean;
}

export interface McpListReport {
  version: 1;
  root: string;
  servers: McpListServer[];
  errors: ScanError[];
}

const FORMATS = ['text', 'json'] as const;

export async function runMcpList(paths: string[], options: { userConfigs?: boolean; format?: string[]; output?: string[] }): Promise<number> {
  const targets = parseTargets(options.format, options.output, FORMATS, { what: 'format for mcp list' });
  const user = options.userConfigs ? userConfigSources() : undefined;
  const { report, facts } = await scan({ paths, extraSources: user?.sources });
  const errors = [...(user?.errors ?? []), ...report.errors];
  const list = mcpListReport(report.root, facts.inventory, errors);
  for (const t of targets) {
    const text = t.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : renderText(list);
    writeOutput(t.file, text);
  }
  if (!targets.every((t) => t.file) || targets.some((t) => t.format === 'text')) {
    for (const e of errors) process.stderr.write(`agentwarden: ${e.path}: ${e.message}\n`);
  }
  return 0;
}

export function mcpListReport(root: string, inventory: InventoryItem[], errors: ScanError[]): McpListReport {
  const servers: McpListServer[] = inventory
    .filter((i) => i.type === 'mcp-server')
    .map((i) => {
      const d = i.data as Record<string, unknown>;
      return {
        client: String(d.client),
        clientLabel: String(d.clientLabel),
        file: i.location.path,
        line: i.location.startLine,
        name: String(d.name),
        transport: String(d.transport),
        command: d.command as string | undefined,
        url: d.url as string | undefined,
        source: d.source as McpListServer['source'],
        pinned: (d.pinned as boolean | null) ?? null,
        pin: d.pin as string | undefined,
        credentials: (d.credentials as McpListCredential[]) ?? [],
        approval: String(d.approval ?? 'ask'),
        disabled: d.disabled === true,
      };
    })
    .sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
  return { version: 1, root, servers, errors };
}

export function renderText(list: McpListReport): string {
  if (list.servers.length === 0) return 'No MCP servers configured.\n';
  const files = new Map<string, McpListServer[]>();
  for (const s of list.servers) files.set(s.file, [...(files.get(s.file) ?? []), s]);
  const lines: string[] = [`${list.servers.length} MCP server${list.servers.length > 1 ? 's' : ''} in ${files.size} file${files.size > 1 ? 's' : ''}`, ''];
  for (const [file, servers] of files) {
    lines.push(`${file} (${servers[0]!.clientLabel})`);
    const width = Math.max(...servers.map((s) => s.name.length));
    for (const s of servers) {
      const target = s.url ?? s.command ?? '(no command or URL)';
      lines.push(`  ${s.name.padEnd(width)}  ${s.transport.padEnd(5)}  ${clip(target, 100)}${s.disabled ? '  [disabled]' : ''}`);
      const details = [
        s.pinned === null ? undefined : s.pinned ? `pinned (${PIN_WORDS[s.pin ?? ''] ?? s.pin})` : `UNPINNED (${PIN_WORDS[s.pin ?? ''] ?? s.pin})`,
        s.credentials.length ? `credentials: ${s.credentials.map(describeCredential).join(', ')}` : 'no credentials',
        `approval: ${s.approval}`,
      ].filter(Boolean);
      lines.push(`  ${' '.repeat(width)}  ${details.join(' · ')}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

const PIN_WORDS: Record<string, string> = {
  version: 'exact version',
  digest: 'digest',
  commit: 'commit',
  local: 'local path',
  'no-version': 'no version',
  latest: 'latest',
  range: 'version range',
  tag: 'mutable tag',
  url: 'URL',
  'release-file': 'release file of one version',
  'git-ref': 'git branch or tag',
  'no-tag': 'no tag',
};

function describeCredential(c: McpListCredential): string {
  if (c.form === 'reference') return `${c.name} ← ${c.variables?.length ? c.variables.join('+') : 'reference'}`;
  if (c.form === 'input') return `${c.name} (prompted)`;
  if (c.form === 'literal') return `${c.name} (LITERAL${c.provider ? `, ${c.provider}` : ''})`;
  return `${c.name} (placeholder)`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
