/**
 * Which agent client wrote a file, decided by its path AND its shape: the path names a candidate
 * client, and the document must hold that client's keys (`mcpServers`, `servers`, `context_servers`,
 * `[mcp_servers.*]`, `extensions`, approval settings …) to count. A JSON file elsewhere counts as a
 * generic MCP config only when its `mcpServers` entries look like servers.
 */
import type { SourceFile } from '../../core/source.js';
import { parseJsonc } from '../../parsers/jsonc.js';
import { parseToml } from '../../parsers/toml.js';
import { parseYaml } from '../../parsers/yaml.js';
import { looksLikeServer, readServer, type McpServer } from './model.js';
import { at, fromJson, fromToml, fromYaml, str, type CNode } from './tree.js';
import { LOCKFILE_NAME } from './lockfile.js';

export type ClientId =
  | 'claude-desktop'
  | 'claude-code'
  | 'cursor'
  | 'vscode'
  | 'windsurf'
  | 'antigravity'
  | 'cline'
  | 'roo'
  | 'gemini'
  | 'codex'
  | 'zed'
  | 'continue'
  | 'goose'
  | 'amazonq'
  | 'kiro'
  | 'opencode'
  | 'copilot-cli'
  | 'mcp-agent'
  | 'generic';

type Syntax = 'json' | 'yaml' | 'toml';

interface ClientSpec {
  client: ClientId;
  label: string;
  syntax: Syntax;
  /** Path test on the lower-cased path with `/` separators. */
  path(p: string): boolean;
  /** Key paths holding servers (object of name → server, or a list of servers with `name`). */
  servers: string[][];
  /** Client settings whose presence alone makes the file this client's (approval modes …). */
  settings?: string[][];
  /** The document's settings live under this key (`.code-workspace` files keep them in `settings`). */
  rootKey?: (p: string) => string | undefined;
  /** Path alone is not enough: the file must hold one of the keys (for generic names like `config.toml`). */
  needsShape?: boolean;
}

export interface ClientConfig {
  client: ClientId;
  /** Human name of the client, e.g. `Claude Code`. */
  label: string;
  root: CNode;
  servers: McpServer[];
  syntax: Syntax;
}

/** Whether `p` is one of the suffixes or ends with `/` and one of them. */
const ends = (p: string, ...suffixes: string[]): boolean =>
  suffixes.some((s) => p.endsWith(s) && (p.length === s.length || p.charCodeAt(p.length - s.length - 1) === 47));
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

const MCP_SERVERS = [['mcpServers']];

/** Most specific first: the first spec whose path matches and whose shape is present wins. */
export const CLIENTS: ClientSpec[] = [
  { client: 'claude-desktop', label: 'Claude Desktop', syntax: 'json', path: (p) => base(p) === 'claude_desktop_config.json', servers: MCP_SERVERS },
  {
    client: 'claude-code',
    label: 'Claude Code',
    syntax: 'json',
    path: (p) => ends(p, '.claude/settings.json', '.claude/settings.local.json') || base(p) === 'managed-settings.json',
    servers: MCP_SERVERS,
    settings: [['permissions'], ['enableAllProjectMcpServers'], ['hooks'], ['statusLine']],
  },
  { client: 'claude-code', label: 'Claude Code', syntax: 'json', path: (p) => base(p) === '.claude.json', servers: [['mcpServers'], ['projects', '*', 'mcpServers']] },
  { client: 'claude-code', label: 'Claude Code', syntax: 'json', path: (p) => base(p) === '.mcp.json' || base(p) === 'managed-mcp.json', servers: MCP_SERVERS },
  { client: 'cursor', label: 'Cursor', syntax: 'json', path: (p) => ends(p, '.cursor/mcp.json', '.cursor/rules/mcp.json'), servers: MCP_SERVERS },
  {
    client: 'vscode',
    label: 'VS Code',
    syntax: 'json',
    path: (p) => ends(p, '.vscode/mcp.json', '.vscode-insiders/mcp.json', 'code/user/mcp.json', 'code - insiders/user/mcp.json', 'vscodium/user/mcp.json'),
    servers: [['servers'], ['mcpServers']],
  },
  {
    client: 'vscode',
    label: 'VS Code',
    syntax: 'json',
    path: (p) =>
      ends(p, '.vscode/settings.json', 'code/user/settings.json', 'code - insiders/user/settings.json', 'vscodium/user/settings.json') ||
      p.endsWith('.code-workspace'),
    rootKey: (p) => (p.endsWith('.code-workspace') ? 'settings' : undefined),
    servers: [['mcp', 'servers']],
    settings: [['chat', 'tools', 'autoApprove'], ['chat', 'tools', 'global', 'autoApprove']],
  },
  {
    client: 'antigravity',
    label: 'Antigravity',
    syntax: 'json',
    path: (p) =>
      ends(p, '.gemini/mcp_config.json', '.agents/mcp_config.json', 'gemini/config/mcp_config.json') ||
      (base(p) === 'mcp_config.json' && p.includes('antigravity')),
    servers: MCP_SERVERS,
  },
  { client: 'windsurf', label: 'Windsurf', syntax: 'json', path: (p) => base(p) === 'mcp_config.json' || ends(p, '.windsurf/mcp.json'), servers: MCP_SERVERS },
  { client: 'cline', label: 'Cline', syntax: 'json', path: (p) => base(p) === 'cline_mcp_settings.json', servers: MCP_SERVERS },
  { client: 'roo', label: 'Roo Code', syntax: 'json', path: (p) => /roo-cline\/settings\/mcp_settings\.json$/.test(p) || ends(p, '.roo/mcp.json'), servers: MCP_SERVERS },
  // Outside Roo Code's own settings folder the name is shared (MCPHub reads a `mcp_settings.json` too): the reader is not known.
  { client: 'roo', label: 'Roo Code, MCPHub or another client reading mcp_settings.json', syntax: 'json', path: (p) => base(p) === 'mcp_settings.json', servers: MCP_SERVERS },
  {
    client: 'gemini',
    label: 'Gemini CLI',
    syntax: 'json',
    path: (p) => ends(p, '.gemini/settings.json', 'gemini-cli/settings.json', 'geminicli/settings.json', 'gemini-cli/system-defaults.json'),
    servers: MCP_SERVERS,
    settings: [['general', 'defaultApprovalMode'], ['tools', 'autoAccept'], ['autoAccept'], ['tools', 'allowed'], ['approvalMode']],
  },
  {
    client: 'codex',
    label: 'Codex',
    syntax: 'toml',
    path: (p) => /(?:^|\/)\.?codex\/(?:[^/]+\.)?config\.toml$/.test(p),
    servers: [['mcp_servers'], ['profiles', '*', 'mcp_servers']],
    settings: [['approval_policy'], ['sandbox_mode'], ['profiles']],
  },
  {
    client: 'codex',
    label: 'Codex',
    syntax: 'toml',
    path: (p) => base(p) === 'config.toml' || base(p) === 'codex.toml',
    servers: [['mcp_servers'], ['profiles', '*', 'mcp_servers']],
    settings: [['approval_policy'], ['sandbox_mode']],
    needsShape: true,
  },
  {
    client: 'zed',
    label: 'Zed',
    syntax: 'json',
    path: (p) => ends(p, '.zed/settings.json', 'zed/settings.json'),
    servers: [['context_servers']],
    settings: [['agent', 'always_allow_tool_actions'], ['assistant', 'always_allow_tool_actions']],
  },
  {
    client: 'continue',
    label: 'Continue',
    syntax: 'yaml',
    path: (p) => /(?:^|\/)\.continue\/(?:config\.ya?ml|mcpservers\/[^/]+\.ya?ml)$/.test(p),
    servers: [['mcpServers']],
  },
  {
    client: 'continue',
    label: 'Continue',
    syntax: 'json',
    path: (p) => /(?:^|\/)\.continue\/(?:config\.json|mcpservers\/[^/]+\.json)$/.test(p),
    servers: [['mcpServers'], ['experimental', 'modelContextProtocolServers']],
  },
  { client: 'goose', label: 'Goose', syntax: 'yaml', path: (p) => /(?:^|\/)\.?goose\/(?:config\/)?config\.ya?ml$/.test(p), servers: [['extensions']], settings: [['GOOSE_MODE']] },
  {
    client: 'amazonq',
    label: 'Amazon Q',
    syntax: 'json',
    path: (p) => ends(p, '.amazonq/mcp.json', 'amazonq/mcp.json', '.amazonq/default.json') || /(?:^|\/)\.?amazonq\/(?:cli-)?agents\/[^/]+\.json$/.test(p),
    servers: MCP_SERVERS,
    settings: [['allowedTools']],
  },
  {
    client: 'kiro',
    label: 'Kiro',
    syntax: 'json',
    path: (p) => ends(p, '.kiro/settings/mcp.json') || /(?:^|\/)\.kiro\/agents\/[^/]+\.json$/.test(p),
    servers: MCP_SERVERS,
    settings: [['allowedTools']],
  },
  { client: 'opencode', label: 'OpenCode', syntax: 'json', path: (p) => /^opencode\.jsonc?$/.test(base(p)), servers: [['mcp']], settings: [['permission']] },
  { client: 'copilot-cli', label: 'Copilot CLI', syntax: 'json', path: (p) => ends(p, '.copilot/mcp-config.json'), servers: MCP_SERVERS },
  // lastmile-ai/mcp-agent: the servers its agents connect to, under `mcp.servers` (secrets go in `mcp_agent.secrets.yaml`, read like any file).
  { client: 'mcp-agent', label: 'mcp-agent', syntax: 'yaml', path: (p) => /(?:^|\/)mcp[_-]agent\.config\.ya?ml$/.test(p), servers: [['mcp', 'servers']] },
];

const GENERIC: ClientSpec = { client: 'generic', label: 'MCP client', syntax: 'json', path: () => true, servers: [['mcpServers'], ['servers']], needsShape: true };

/** The client spec a path may belong to (before looking at the content). */
export function specFor(relPath: string): ClientSpec | undefined {
  const p = relPath.toLowerCase();
  return CLIENTS.find((c) => c.path(p));
}

/** Cheap test before parsing: a known client path, or a JSON/TOML file that names MCP servers. */
export function mayBeClientConfig(file: SourceFile): boolean {
  if (file.baseName === LOCKFILE_NAME) return false;
  const p = file.relPath.toLowerCase();
  const syntax = syntaxOf(file);
  const spec = CLIENTS.find((c) => c.syntax === syntax && c.path(p));
  if (spec) return !spec.needsShape || /mcp_servers|approval_policy|sandbox_mode/.test(file.text);
  return file.kind === 'json' && file.text.includes('"mcpServers"');
}

function syntaxOf(file: SourceFile): Syntax | undefined {
  return file.kind === 'json' || file.kind === 'yaml' || file.kind === 'toml' ? file.kind : undefined;
}

export type LoadOutcome = { config?: ClientConfig; error?: string };

/** The file's client config (memoised); `error` is set once when the file cannot be parsed. */
export function loadClientConfig(file: SourceFile): LoadOutcome {
  return file.memo('mcp:client-config', () => {
    const syntax = syntaxOf(file);
    if (!syntax) return {};
    const p = file.relPath.toLowerCase();
    const candidates = CLIENTS.filter((c) => c.syntax === syntax && c.path(p));
    if (candidates.length === 0 && syntax === 'json') candidates.push(GENERIC);
    if (candidates.length === 0) return {};
    if (candidates.length === 1 && candidates[0] === GENERIC && !mayHoldGenericServers(file.text)) return {};
    const parsed = parseRoot(file, syntax);
    if ('error' in parsed) return { error: parsed.error };
    for (const spec of candidates) {
      const config = readClient(spec, parsed.root, p);
      if (config) return { config };
    }
    return {};
  });
}

/**
 * Whether a JSON file outside every client's path could hold a generic config, decided by the
 * native JSON parser before the positional one: a document whose root names none of GENERIC's
 * server keys as a map (or `mcpServers` as a list) holds none: an OpenAPI schema that mentions
 * `mcpServers` deep inside is most of what reaches here, and its root `servers` is a list of its
 * API's base URLs. A document JSON.parse refuses (comments, trailing commas) goes on to the parser,
 * which reports what is wrong with it.
 */
function mayHoldGenericServers(text: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return true;
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) return false;
  const doc = root as Record<string, unknown>;
  return GENERIC.servers.some(([key]) => {
    const value = doc[key!];
    // VS Code's `servers` is a map of names to servers; only `mcpServers` is also written as a list.
    return !!value && typeof value === 'object' && (key === 'mcpServers' || !Array.isArray(value));
  });
}

function parseRoot(file: SourceFile, syntax: Syntax): { root: CNode } | { error: string } {
  if (syntax === 'json') {
    const r = parseJsonc(file);
    return r.ok ? { root: fromJson(r.doc.root) } : { error: r.error };
  }
  if (syntax === 'toml') {
    const r = parseToml(file);
    return r.ok ? { root: fromToml(file, r.doc) } : { error: r.error };
  }
  const r = parseYaml(file);
  if (!r.ok) return { error: r.error };
  const doc = r.doc.find((d) => d.document.contents);
  return { root: fromYaml(doc?.document.contents as never) };
}

function readClient(spec: ClientSpec, fileRoot: CNode, p: string): ClientConfig | undefined {
  if (fileRoot.type !== 'object') return undefined;
  const rootKey = spec.rootKey?.(p);
  const root = rootKey ? fileRoot.get(rootKey) : fileRoot;
  if (!root || root.type !== 'object') return undefined;
  const servers: McpServer[] = [];
  let sawContainer = false;
  for (const path of spec.servers) {
    for (const { prefix, node } of expand(root, path)) {
      // A generic `servers` list is an API's base URLs (OpenAPI), not MCP servers (see mayHoldGenericServers).
      if (spec === GENERIC && path[0] === 'servers' && node.type !== 'object') continue;
      sawContainer = true;
      servers.push(...readContainer(node, prefix));
    }
  }
  const hasSettings = (spec.settings ?? []).some((path) => at(root, path) !== undefined);
  if (spec.client === 'generic' && !servers.some((s) => looksLikeServer(s.node))) return undefined;
  if (!sawContainer && !hasSettings) return undefined;
  if (spec.needsShape && !hasSettings && servers.length === 0) return undefined;
  return { client: spec.client, label: spec.label, root, servers, syntax: spec.syntax };
}

/** Resolves a key path with `*` standing for every key of an object (`projects.*.mcpServers`). */
function expand(root: CNode, path: string[], prefix = ''): { prefix: string; node: CNode }[] {
  const star = path.indexOf('*');
  if (star < 0) {
    const node = at(root, path);
    return node ? [{ prefix: prefix + path.join('.'), node }] : [];
  }
  const parent = star === 0 ? root : at(root, path.slice(0, star));
  if (!parent || parent.type !== 'object') return [];
  const out: { prefix: string; node: CNode }[] = [];
  for (const [key, child] of parent.entries()) {
    out.push(...expand(child, path.slice(star + 1), `${prefix}${path.slice(0, star).join('.')}${star ? '.' : ''}${key}.`));
  }
  return out;
}

/** An object of name → server, or (Continue, odd real-world files) a list of servers with a `name`. */
function readContainer(node: CNode, prefix: string): McpServer[] {
  const out: McpServer[] = [];
  if (node.type === 'object') {
    for (const [name, entry] of node.entries()) {
      const server = readServer(name, `${prefix}.${name}`, entry, entry.keySpan);
      if (server) out.push(server);
    }
  } else if (node.type === 'array') {
    node.items().forEach((item, i) => {
      if (item.type !== 'object') return;
      // Continue's old JSON keeps the launch details in `transport`.
      const entry = item.get('transport')?.type === 'object' && !item.get('command') ? item.get('transport')! : item;
      const nameNode = item.get('name') ?? item.get('id');
      const name = str(nameNode) ?? `#${i + 1}`;
      const server = readServer(name, `${prefix}[${i}]`, entry, nameNode?.span ?? item.span);
      if (server) out.push(server);
    });
  }
  return out;
}
