/**
 * Servers given more than their job needs: a filesystem rooted at `/` or the home folder, write or
 * sensitive-data switches, admin cloud profiles, and containers that can reach the host.
 */
import type { Severity } from '../../../core/types.js';
import { commandLine, type McpServer, type Val } from '../model.js';
import { launchOf } from '../launch.js';
import { rateCapabilities } from '../../deploy/capabilities.js';
import { defineMcpRule, serverKey } from '../rule.js';

const ROOT_PATH = /^(?:\/|~|~\/|\$HOME\/?|\$\{HOME\}\/?|\$\{env:HOME\}\/?|\$\{userHome\}\/?|%USERPROFILE%\\?|[A-Za-z]:[\\/]?|\/home\/?|\/Users\/?|\/root\/?)$/;

function isFilesystemServer(server: McpServer): boolean {
  const line = commandLine(server).map((v) => v.value).join(' ');
  return /server-filesystem|mcp-server-filesystem|filesystem-mcp|mcp-filesystem|fs-mcp/i.test(line) || /^(?:fs|filesystem|files)$/i.test(server.name);
}

/** A host path mounted into a container that is the root or the home folder: `-v /:/host`, `--mount src=$HOME,…`. */
function rootMounts(server: McpServer): Val[] {
  const launch = launchOf(server);
  if (launch?.kind !== 'container') return [];
  return launch.flags
    .filter((f) => ['-v', '--volume', '--mount'].includes(f.name) && f.value !== undefined)
    .filter((f) => {
      const v = f.value!;
      const src = f.name === '--mount' ? /(?:^|,)(?:src|source)=([^,]+)/.exec(v)?.[1] : v.split(':').slice(0, /^[A-Za-z]:/.test(v) ? 2 : 1).join(':');
      return src !== undefined && ROOT_PATH.test(src);
    })
    .map((f) => ({ value: `${f.name} ${f.value}`, span: f.span }));
}

export const filesystemRoot = defineMcpRule({
  meta: {
    id: 'mcp/filesystem-root',
    title: 'MCP server given the whole filesystem or home folder',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      'A filesystem server is rooted at `/`, `~` or a drive root, or a container server mounts the host root or home folder. The agent can ' +
      'then read SSH keys, cloud credentials, browser profiles and other projects, and write to them when writes are allowed.',
    remediation: 'Give the server only the project folders it needs (`./docs`, `${workspaceFolder}`), read-only where possible; never mount `/` or the home folder.',
    examples: {
      positive: [
        { path: 'claude_desktop_config.json', code: '{ "mcpServers": { "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/"] } } }' },
        { path: '.mcp.json', code: '{ "mcpServers": { "tools": { "command": "docker", "args": ["run", "-i", "-v", "/:/host", "acme/tools@sha256:' + '0'.repeat(64) + '"] } } }' },
      ],
      negative: [
        { path: 'claude_desktop_config.json', code: '{ "mcpServers": { "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "./docs"] } } }' },
      ],
    },
  },
  check({ config, ctx }) {
    for (const server of config.servers) {
      if (server.disabled) continue;
      const hits: Val[] = [...rootMounts(server)];
      if (isFilesystemServer(server)) hits.push(...server.args.filter((a) => ROOT_PATH.test(a.value.trim())));
      for (const hit of hits) {
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) is given ${hit.value.trim()}: the agent can reach every file there, credentials and keys included.`,
          span: hit.span,
          evidence: hit.value.trim(),
          key: serverKey(server, `root:${hit.value.trim()}`),
        });
      }
    }
  },
});

const BROAD_FLAGS: [RegExp, Severity, string][] = [
  [/^--allow-write(?:=true)?$/i, 'medium', 'lets the agent create, change and delete through this server'],
  [/^--allow-sensitive-data-access(?:=true)?$/i, 'high', 'lets the agent read data the server otherwise withholds (secrets, logs, payloads)'],
  [/^--(?:allow-all|all-permissions|unsafe|dangerously[\w-]*)$/i, 'high', 'turns off the server\'s own restrictions'],
  [/^--read-only=false$/i, 'medium', 'turns off the server\'s read-only mode'],
];
const ADMIN_PROFILE = /(?:^|[-_.])(?:admin|administrator|root|owner|poweruser|power-user|superuser|fullaccess|full-access)(?:$|[-_.])/i;
const PROFILE_ENV = /^(?:AWS_PROFILE|AWS_DEFAULT_PROFILE|CLOUDSDK_ACTIVE_CONFIG_NAME|AZURE_PROFILE|GOOGLE_IMPERSONATE_SERVICE_ACCOUNT|KUBE_CONTEXT|KUBECONTEXT)$/i;

export const broadCapability = defineMcpRule({
  meta: {
    id: 'mcp/broad-capability',
    title: 'MCP server started with broad rights',
    category: 'credential.broad-scope',
    severity: 'medium',
    confidence: 'medium',
    description:
      'The server is started with switches or identities that widen what the agent can do through it: `--allow-write`, ' +
      '`--allow-sensitive-data-access`, or an admin cloud profile / context. Whatever the model is talked into, it can do with those rights.',
    remediation:
      'Start the server read-only unless writes are needed, drop sensitive-data switches, and hand it a dedicated least-privilege profile or ' +
      'role scoped to the resources it serves.',
    examples: {
      positive: [
        {
          path: '.amazonq/mcp.json',
          code: '{ "mcpServers": { "aws": { "command": "uvx", "args": ["awslabs.cloudwatch-mcp-server==0.0.9", "--allow-sensitive-data-access"], "env": { "AWS_PROFILE": "prod-admin" } } } }',
        },
      ],
      negative: [
        { path: '.amazonq/mcp.json', code: '{ "mcpServers": { "aws": { "command": "uvx", "args": ["awslabs.cloudwatch-mcp-server==0.0.9"], "env": { "AWS_PROFILE": "mcp-readonly" } } } }' },
      ],
    },
  },
  check({ config, ctx }) {
    for (const server of config.servers) {
      if (server.disabled) continue;
      for (const a of commandLine(server).slice(1)) {
        const hit = BROAD_FLAGS.find(([re]) => re.test(a.value.trim()));
        if (!hit) continue;
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) is started with ${a.value.trim()}, which ${hit[2]}.`,
          span: a.span,
          evidence: a.value.trim(),
          key: serverKey(server, `flag:${a.value.trim()}`),
          severity: hit[1],
        });
      }
      const args = commandLine(server);
      const profiles: { name: string; value: Val }[] = server.env.filter((e) => PROFILE_ENV.test(e.key)).map((e) => ({ name: e.key, value: e.value }));
      args.forEach((a, i) => {
        if (/^--(?:profile|context|kube-context)$/.test(a.value) && args[i + 1]) profiles.push({ name: a.value, value: args[i + 1]! });
      });
      for (const p of profiles) {
        if (!ADMIN_PROFILE.test(p.value.value)) continue;
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) is handed the admin profile ${p.name}=${p.value.value}: the agent acts with administrator rights through it.`,
          span: p.value.span,
          evidence: `${p.name}=${p.value.value}`,
          key: serverKey(server, `profile:${p.name}`),
          severity: 'high',
        });
      }
    }
  },
});

const sharesHostNetwork = (f: { name: string; value?: string }): boolean => ['--network', '--net'].includes(f.name) && f.value === 'host';

export const privilegedContainer = defineMcpRule({
  meta: {
    id: 'mcp/privileged-container',
    title: 'MCP server container can control the host',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      'A container-based server runs `--privileged`, mounts the Docker socket, shares the host network or process namespace, or adds ' +
      'capabilities that reach the host (`SYS_ADMIN`, `SYS_PTRACE`; `NET_ADMIN` with the host network). Control of the Docker socket or ' +
      'a privileged container is root on the host, so the server\'s tools are no longer isolated. `NET_ADMIN` without the host network ' +
      "acts on the container's own network only and is low.",
    remediation: 'Drop `--privileged`, the Docker socket mount and host namespaces; add only the capabilities and ports the server needs, and run it as a non-root user.',
    examples: {
      positive: [
        {
          path: '.vscode/mcp.json',
          code: '{ "servers": { "ops": { "command": "docker", "args": ["run", "-i", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "acme/ops-mcp:1.2.0"] } } }',
        },
      ],
      negative: [{ path: '.vscode/mcp.json', code: '{ "servers": { "ops": { "command": "docker", "args": ["run", "-i", "--rm", "--read-only", "acme/ops-mcp:1.2.0"] } } }' }],
    },
  },
  check({ config, ctx }) {
    for (const server of config.servers) {
      const launch = launchOf(server);
      if (launch?.kind !== 'container' || server.disabled) continue;
      const hostNetwork = launch.flags.some(sharesHostNetwork);
      for (const f of launch.flags) {
        const value = f.value ?? '';
        let why: string | undefined;
        let rated: ReturnType<typeof rateCapabilities>;
        if (f.name === '--privileged' && value !== 'false') why = 'runs privileged (full access to host devices and kernel)';
        else if (['-v', '--volume', '--mount'].includes(f.name) && /docker\.sock|podman\.sock|containerd\.sock/.test(value)) why = 'mounts the container runtime socket (root on the host)';
        else if (sharesHostNetwork(f)) why = 'shares the host network';
        else if (['--pid', '--ipc', '--userns', '--uts'].includes(f.name) && value === 'host') why = `shares the host ${f.name.slice(2)} namespace`;
        else if (f.name === '--cap-add') {
          rated = rateCapabilities([value], hostNetwork);
          if (rated) why = `adds capability ${value}${rated.why}`;
        }
        if (!why) continue;
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) ${why}.`,
          span: f.span,
          ...(rated?.severity === 'low' ? { severity: 'low' as const } : {}),
          evidence: `${f.name}${f.value !== undefined ? ` ${f.value}` : ''}`,
          key: serverKey(server, `container:${f.name}=${value}`),
        });
      }
    }
  },
});
