/**
 * Remote MCP servers reached in clear text, and servers told to skip TLS verification: tool calls,
 * their results and the tokens sent with them can be read or changed on the way.
 */
import { credentialSlots, transportUrls } from '../credentials.js';
import { commandLine } from '../model.js';
import { defineMcpRule, serverKey } from '../rule.js';

/** Loopback and in-host names, where plain HTTP does not cross a network. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === 'host.docker.internal' ||
    /^\$\{?|^%|^\{\{/.test(h)
  );
}

function hostOf(url: string): string | undefined {
  return /^https?:\/\/(?:[^/@\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/i.exec(url)?.[1];
}

export const plainHttp = defineMcpRule({
  meta: {
    id: 'mcp/plain-http',
    title: 'Remote MCP server over plain HTTP',
    category: 'transport.insecure',
    severity: 'high',
    confidence: 'high',
    description:
      'A remote MCP server is reached over `http://` on a host that is not loopback. Anyone on the path can read the tool calls and ' +
      'results, steal the credentials sent with them, and inject tool output that the model will trust.',
    remediation: 'Use `https://` for every remote MCP server (terminate TLS in front of it if needed); keep plain HTTP for localhost only.',
    examples: {
      positive: [
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "wiki": { "url": "http://mcp.internal.example.com/sse" } } }' },
        { path: 'claude_desktop_config.json', code: '{ "mcpServers": { "wiki": { "command": "npx", "args": ["-y", "mcp-remote@0.1.29", "http://mcp.internal.example.com/sse"] } } }' },
      ],
      negative: [
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "wiki": { "url": "https://mcp.internal.example.com/sse" } } }' },
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "dev": { "url": "http://localhost:3000/mcp" } } }' },
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "grafana": { "command": "mcp-grafana", "args": ["--url", "http://grafana.internal:3000"], "env": { "GRAFANA_URL": "http://grafana.internal:3000" } } } }' },
        // An API schema's `servers` list is its base URLs, even where the schema mentions `mcpServers`.
        { path: 'api/schema.json', code: '{ "servers": [{ "url": "http://api.internal.example.com" }], "paths": { "/s": { "description": "sets mcpServers" } } }' },
        { path: 'api/schema.json', code: '{ // staging\n "servers": [{ "url": "http://api.internal.example.com" }], "paths": { "/s": { "description": "sets mcpServers" } } }' },
      ],
    },
  },
  check({ config, ctx }) {
    for (const server of config.servers) {
      const withToken = credentialSlots(server).some((s) => s.where === 'header' || s.where === 'query' || s.where === 'userinfo');
      for (const url of transportUrls(server)) {
        const host = hostOf(url.value);
        if (!/^http:\/\//i.test(url.value) || !host || isLoopbackHost(host)) continue;
        ctx.report({
          ruleId: this.meta.id,
          message:
            `MCP server "${server.name}" (${config.label}) is reached over plain HTTP at ${host}` +
            (withToken ? ', and a credential is sent with every request.' : '; its tool calls and results cross the network unencrypted.'),
          span: url.span,
          evidence: `http://${host}`,
          key: serverKey(server, 'url'),
          severity: withToken ? 'high' : 'medium',
        });
      }
    }
  },
});

const TLS_OFF_ENV: Record<string, RegExp> = {
  NODE_TLS_REJECT_UNAUTHORIZED: /^0$/,
  PYTHONHTTPSVERIFY: /^0$/,
  GIT_SSL_NO_VERIFY: /^(?:1|true)$/i,
  CURL_INSECURE: /^(?:1|true)$/i,
  SSL_VERIFY: /^(?:0|false|no)$/i,
  VERIFY_SSL: /^(?:0|false|no)$/i,
  TLS_VERIFY: /^(?:0|false|no)$/i,
  INSECURE_SKIP_VERIFY: /^(?:1|true)$/i,
};
const TLS_OFF_FLAG = /^--(?:insecure|no-verify-ssl|no-ssl-verify|ssl-no-verify|skip-tls-verify|tls-skip-verify|insecure-skip-tls-verify|allow-insecure|disable-ssl-verification|ignore-certificate-errors)(?:=(?:true|1))?$/i;

export const tlsVerificationOff = defineMcpRule({
  meta: {
    id: 'mcp/tls-verification-off',
    title: 'TLS verification turned off for an MCP server',
    category: 'transport.insecure',
    severity: 'high',
    confidence: 'high',
    description:
      'The server runs with certificate verification disabled (`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `--insecure` …). ' +
      'Every HTTPS connection it makes, including those carrying its credentials, can be intercepted by anyone on the path.',
    remediation:
      'Remove the switch; if a private certificate authority is the reason, trust it explicitly (`NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, ' +
      '`REQUESTS_CA_BUNDLE`) instead of turning verification off.',
    examples: {
      positive: [{ path: '.mcp.json', code: '{ "mcpServers": { "jira": { "command": "jira-mcp", "env": { "NODE_TLS_REJECT_UNAUTHORIZED": "0" } } } }' }],
      negative: [{ path: '.mcp.json', code: '{ "mcpServers": { "jira": { "command": "jira-mcp", "env": { "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp-ca.pem" } } } }' }],
    },
  },
  check({ config, ctx }) {
    for (const server of config.servers) {
      for (const e of server.env) {
        const re = TLS_OFF_ENV[e.key.toUpperCase()];
        if (!re || !re.test(e.value.value.trim())) continue;
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) runs with ${e.key}=${e.value.value.trim()}, which turns off TLS certificate verification for its connections.`,
          span: e.keySpan,
          evidence: `${e.key}=${e.value.value.trim()}`,
          key: serverKey(server, `env:${e.key}`),
        });
      }
      for (const a of commandLine(server).slice(1)) {
        if (!TLS_OFF_FLAG.test(a.value)) continue;
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) is started with ${a.value}, which turns off TLS certificate verification.`,
          span: a.span,
          evidence: a.value,
          key: serverKey(server, `arg:${a.value}`),
        });
      }
    }
  },
});
