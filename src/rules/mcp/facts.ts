/**
 * What the MCP analyzer tells the rest of the scan besides findings: one inventory item per server
 * (for `mcp list` and the NHI inventory) and one identity use per credential a server receives, so
 * the identity graph can tell when several servers or clients share one secret or one variable.
 */
import { secretKey } from '../../core/fingerprint.js';
import { redact, redactIn } from '../../core/redact.js';
import { credentialSlots, referencedVariables, slotKind, isCredentialName, type CredentialSlot } from './credentials.js';
import { launchOf } from './launch.js';
import { commandLine, type McpServer } from './model.js';
import { consumerName, engineMatches, type McpCheck } from './rule.js';
import { serverRisk } from './server-risk.js';
import { at, isTrue, str, type CNode } from './tree.js';
import type { Location } from '../../core/types.js';

export interface ServerCredential {
  name: string;
  where: CredentialSlot['where'];
  /** `literal` values are shown redacted only; references name their variables. */
  form: 'literal' | 'reference' | 'input' | 'placeholder';
  provider?: string;
  variables?: string[];
}

/** Emits identities and the inventory item of every server in the config, and the config's approval rules. */
export function emitFacts(check: McpCheck): void {
  for (const server of check.config.servers) {
    const credentials = emitIdentities(check, server);
    emitInventory(check, server, credentials);
  }
  emitApprovalSettings(check);
}

/** One entry of an approval list and where it is written. */
export interface ApprovalEntry {
  rule: string;
  location: Location;
}

/** What `approval-settings` items hold (Claude Code settings files). */
export interface ApprovalSettings {
  client: string;
  allow: ApprovalEntry[];
  ask: string[];
  deny: string[];
  enableAllProjectMcpServers?: Location;
  enabledMcpjsonServers?: string[];
  disabledMcpjsonServers?: string[];
}

function emitApprovalSettings(check: McpCheck): void {
  const { config, file } = check;
  if (config.client !== 'claude-code' || !/(?:^|\/)(?:\.claude\/settings(?:\.local)?\.json|managed-settings\.json)$/.test(file.relPath)) return;
  const list = (key: string): CNode[] => at(config.root, ['permissions', key])?.items() ?? [];
  const names = (node: CNode | undefined): string[] | undefined => (node?.type === 'array' ? node.items().map((n) => str(n)).filter((v): v is string => v !== undefined) : undefined);
  const enableAll = config.root.get('enableAllProjectMcpServers');
  const data: ApprovalSettings = {
    client: config.client,
    allow: list('allow').flatMap((n) => (str(n) ? [{ rule: str(n)!.trim(), location: file.location(n.span) }] : [])),
    ask: list('ask').map((n) => str(n)?.trim() ?? '').filter(Boolean),
    deny: list('deny').map((n) => str(n)?.trim() ?? '').filter(Boolean),
  };
  if (isTrue(enableAll)) data.enableAllProjectMcpServers = file.location(enableAll!.keySpan);
  const enabled = names(config.root.get('enabledMcpjsonServers'));
  const disabled = names(config.root.get('disabledMcpjsonServers'));
  if (enabled) data.enabledMcpjsonServers = enabled;
  if (disabled) data.disabledMcpjsonServers = disabled;
  if (!data.allow.length && !data.ask.length && !data.deny.length && !data.enableAllProjectMcpServers && !enabled && !disabled) return;
  check.ctx.inventory({ type: 'approval-settings', data: data as unknown as Record<string, unknown> });
}

function emitIdentities(check: McpCheck, server: McpServer): ServerCredential[] {
  const { ctx } = check;
  const consumer = consumerName(server, check.config, check.file);
  const out: ServerCredential[] = [];
  for (const slot of credentialSlots(server)) {
    if (slot.where === 'passthrough') {
      if (!isCredentialName(slot.key) && !/token|key|secret|pass/i.test(slot.key)) continue;
      ctx.identity({ key: `var:${slot.key}`, label: slot.key, identityKind: 'variable', consumer, lifetime: 'reference', span: slot.value.span });
      out.push({ name: slot.key, where: slot.where, form: 'reference', variables: [slot.key] });
      continue;
    }
    const form = slotKind(slot, check.engine);
    const found = engineMatches(check, slot.value.span).filter((c) => slot.value.value.includes(c.secret) || c.secret.includes(slot.token));
    if (form === 'reference') {
      const vars = referencedVariables(slot.value.value);
      for (const v of vars) ctx.identity({ key: `var:${v}`, label: v, identityKind: 'variable', consumer, lifetime: 'reference', span: slot.value.span });
      out.push({ name: slot.key, where: slot.where, form, variables: vars });
    } else if (form === 'literal' || found.length > 0) {
      const candidates = found.length ? found.map((c) => ({ secret: c.secret, provider: c.pattern.provider, lifetime: c.lifetime })) : [{ secret: slot.token, provider: undefined, lifetime: 'static' as const }];
      for (const c of candidates) {
        ctx.identity({
          key: `secret:${secretKey(c.secret)}`,
          label: `${c.provider ?? slot.key} ${redact(c.secret)}`,
          identityKind: 'secret',
          consumer,
          provider: c.provider,
          lifetime: c.lifetime,
          span: slot.value.span,
        });
      }
      out.push({ name: slot.key, where: slot.where, form: 'literal', provider: candidates[0]?.provider });
    } else {
      out.push({ name: slot.key, where: slot.where, form });
    }
  }
  return out;
}

function emitInventory(check: McpCheck, server: McpServer, credentials: ServerCredential[]): void {
  const { config, file } = check;
  const secrets = new Set<string>();
  for (const slot of credentialSlots(server)) if (slot.token && slotKind(slot, check.engine) === 'literal') secrets.add(slot.token);
  const line = commandLine(server).map((v) => v.value);
  for (const v of [...commandLine(server), ...(server.url ? [server.url] : [])]) for (const c of engineMatches(check, v.span)) secrets.add(c.secret);
  const launch = launchOf(server);
  const pin = launch && launch.kind !== 'other' ? launch.pin : undefined;
  const auto = server.autoApprove;
  check.ctx.inventory({
    type: 'mcp-server',
    span: server.span,
    data: {
      client: config.client,
      clientLabel: config.label,
      file: file.relPath,
      name: server.name,
      path: server.path,
      transport: server.transport,
      command: line.length ? redactIn(line.join(' '), secrets) : undefined,
      url: server.url ? redactIn(server.url.value, secrets) : undefined,
      source: launch && launch.kind !== 'other' ? { runner: launch.runner, ref: launch.kind === 'container' ? launch.image.value : launch.spec.value } : undefined,
      pinned: pin ? pin.pinned : null,
      pin: pin ? (pin.pinned ? pin.how : pin.why) : undefined,
      credentials,
      approval: auto ? (auto.tools.includes('*') ? (auto.field === 'trust' ? 'trusted (all tools)' : 'auto (all tools)') : `auto: ${auto.tools.join(', ')}`) : 'ask',
      disabled: server.disabled,
      risk: serverRisk(server, credentials),
      ...(localScript(server) ? { script: localScript(server) } : {}),
      ...(fileRoots(server, launch) ? { roots: fileRoots(server, launch) } : {}),
    },
  });
}

/** The repository script a stdio server runs (`python agents/kb_server.py`, `node ./server.mjs`), relative to where the client starts it. */
function localScript(server: McpServer): string | undefined {
  if (server.transport !== 'stdio') return undefined;
  const arg = commandLine(server).slice(1).find((a) => /\.(?:py|mjs|cjs|js|ts)$/.test(a.value.trim()));
  const v = arg?.value.trim();
  if (!v || v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.includes('$') || v.includes('..')) return undefined;
  return v.replace(/^\.\//, '');
}

/** The folders a filesystem server is given (`server-filesystem ./docs /tmp`): the arguments after its package that are not options. */
function fileRoots(server: McpServer, launch: ReturnType<typeof launchOf>): string[] | undefined {
  if (!launch || (launch.kind !== 'npm' && launch.kind !== 'python')) return undefined;
  if (!/filesystem|fs-mcp|file-?system/i.test(launch.spec.value)) return undefined;
  const args = commandLine(server);
  const at = args.findIndex((a) => a === launch.spec);
  const roots = args.slice(at + 1).map((a) => a.value.trim()).filter((v) => v && !v.startsWith('-'));
  return roots.length ? roots : undefined;
}
