/**
 * Credentials written literally into an MCP server's env, flags, URL or headers that no provider
 * pattern recognises (the secret engine reports those): found by the name they are given instead.
 */
import { redact } from '../../../core/redact.js';
import { credentialSlots, describeSlot, isRemote, slotKind, type CredentialSlot } from '../credentials.js';
import { defineMcpRule, engineMatches, serverKey, type McpCheck } from '../rule.js';
import type { McpServer } from '../model.js';

/** Literal credentials of a server that the secret engine does not already report. */
function uncovered(check: McpCheck, server: McpServer, filter: (slot: CredentialSlot) => boolean): CredentialSlot[] {
  return credentialSlots(server).filter(
    (slot) => slot.where !== 'passthrough' && filter(slot) && slotKind(slot, check.engine) === 'literal' && engineMatches(check, slot.value.span).length === 0,
  );
}

/** The redacted value in parentheses, when redaction leaves something to recognise it by. */
function shown(token: string): string {
  const r = redact(token);
  return r === '…' ? '' : ` (${r})`;
}

const isStaticHeader = (server: McpServer) => (slot: CredentialSlot) => slot.where === 'header' && isRemote(server);

export const literalCredential = defineMcpRule({
  meta: {
    id: 'mcp/literal-credential',
    title: 'Literal credential in an MCP server configuration',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'medium',
    description:
      'A value under a credential-like name (`*_TOKEN`, `*_KEY`, `*_SECRET`, `PASSWORD`, an `--api-key` flag, a `key=` URL parameter) ' +
      'is written literally in an MCP client config. Everyone who can read the file, its backups and its git history holds the credential, ' +
      'and it stays valid until someone rotates it.',
    remediation:
      'Move the value out of the file: reference an environment variable (`${env:NAME}` in VS Code, `${NAME}` in Claude Code/Cursor, ' +
      '`env_vars` in Codex) or a prompted input (`${input:name}`), keep it in a secret manager, then rotate the exposed value. ' +
      'Prefer a short-lived token (OAuth, a cloud role) where the service offers one.',
    examples: {
      positive: [
        { path: '.mcp.json', code: '{ "mcpServers": { "db": { "command": "node", "args": ["srv.js"], "env": { "DB_PASSWORD": "hunter22" } } } }' },
        { path: '.mcp.json', code: '{ "mcpServers": { "search": { "command": "search-mcp", "env": { "SEARCH_KEY": "k7Hq2mZ9pL4xW8vB3nR6" } } } }' },
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "search": { "command": "search-mcp", "args": ["--api-key", "k7Hq2mZ9pL4xW8vB3nR6"] } } }' },
      ],
      negative: [
        { path: '.mcp.json', code: '{ "mcpServers": { "db": { "command": "node", "args": ["srv.js"], "env": { "DB_PASSWORD": "${DB_PASSWORD}" } } } }' },
        { path: '.vscode/mcp.json', code: '{ "servers": { "db": { "command": "node", "env": { "API_KEY": "${input:api_key}", "LOG_LEVEL": "debug" } } } }' },
        // jwt.io's sample token (John Doe) in a demo config: it authenticates nobody.
        {
          path: 'mcp_server_config_demo.json',
          code: '{ "mcpServers": { "media": { "command": "uvx", "args": ["media-mcp==1.2.0"], "env": { "MEDIA_API_KEY": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" } } } }',
        },
        // Stand-ins the reader replaces, judged as the secret rules judge them.
        {
          path: '.cursor/mcp.json',
          code: '{ "mcpServers": { "tasks": { "command": "node", "env": { "ANTHROPIC_API_KEY": "ANTHROPIC_API_KEY_HERE", "SEARCH_TOKEN": "YOUR_SEARCH_TOKEN", "DB_PASSWORD": "<db password>", "CRM_KEY": "crm-key-for-your-account" } } } }',
        },
      ],
    },
  },
  check(check) {
    for (const server of check.config.servers) {
      for (const slot of uncovered(check, server, (slot) => !isStaticHeader(server)(slot))) {
        check.ctx.report({
          ruleId: this.meta.id,
          message:
            `MCP server "${server.name}" (${check.config.label}) receives a literal credential in ${describeSlot(slot)}${shown(slot.token)}. ` +
            'No provider pattern matched it, but its name marks it as a credential; it does not expire and anyone who can read this file holds it.',
          span: slot.value.span,
          secret: slot.token,
        });
      }
    }
  },
});

export const staticHeaderCredential = defineMcpRule({
  meta: {
    id: 'mcp/static-header-credential',
    title: 'Static token sent to a remote MCP server',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'medium',
    description:
      'A remote MCP server is called with a literal token in a header (`Authorization: Bearer …`, `X-API-Key`). A static bearer token ' +
      'does not expire, is sent with every request, and is readable by anyone with the config file.',
    remediation:
      'Use the MCP authorization flow (OAuth) the server offers, so the client obtains short-lived, revocable tokens; otherwise reference ' +
      'the token from the environment or a prompted input (`${input:token}`, Codex `bearer_token_env_var`) and rotate the exposed one.',
    examples: {
      positive: [
        { path: '.vscode/mcp.json', code: '{ "servers": { "crm": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "X-Crm-Key": "crm_9fQ2kLm7Zx4Rt8Vw1Ny6" } } } }' },
      ],
      negative: [
        { path: '.vscode/mcp.json', code: '{ "servers": { "crm": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${input:crm_token}" } } } }' },
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "crm": { "url": "https://mcp.example.com/mcp" } } }' },
      ],
    },
  },
  check(check) {
    for (const server of check.config.servers) {
      for (const slot of uncovered(check, server, isStaticHeader(server))) {
        check.ctx.report({
          ruleId: this.meta.id,
          message:
            `Remote MCP server "${server.name}" (${check.config.label}) is sent a static token in ${describeSlot(slot)}${shown(slot.token)}. ` +
            'It does not expire and travels with every request; the server should be reached through OAuth or a token kept out of the file.',
          span: slot.value.span,
          secret: slot.token,
          key: serverKey(server, `header:${slot.key}`),
        });
      }
    }
  },
});
