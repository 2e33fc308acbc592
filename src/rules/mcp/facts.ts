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

export interface ServerCredential {
  name: string;
  where: CredentialSlot['where'];
  /** `literal` values are shown redacted only; references name their variables. */
  form: 'literal' | 'reference' | 'input' | 'placeholder';
  provider?: string;
  variables?: string[];
}

/** Emits identities and the inventory item of every server in the config. */
export function emitFacts(check: McpCheck): void {
  for (const server of check.config.servers) {
    const credentials = emitIdentities(check, server);
    emitInventory(check, server, credentials);
  }
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
    const form = slotKind(slot);
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
  for (const slot of credentialSlots(server)) if (slot.token && slotKind(slot) === 'literal') secrets.add(slot.token);
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
    },
  });
}
