/**
 * mcp/server-changed and mcp/tool-changed: what the repository's MCP servers run and what their
 * tools say, against the committed lockfile (`agentwarden mcp lock`). A file analyzer reads each
 * lockfile into the scan's facts; a project analyzer compares it, once every file is read, with the
 * servers and MCP tools the scan saw. Only a repository with a lockfile gets these findings.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FileAnalyzer, InventoryItem, ProjectAnalyzer, RuleMeta } from '../../core/rule.js';
import type { Location } from '../../core/types.js';
import { parseValidated } from '../../core/data-file.js';
import { compareLocks, LOCKFILE_NAME, relativeTo, serversFromInventory, underLock, type Lockfile } from './lockfile.js';

const REMEDIATION_LOCK =
  'Review the change (the release notes of the new version, the new tool text); if it is intended, run `agentwarden mcp lock` ' +
  'and commit the updated lockfile with it, so the change is reviewed in the same pull request. Otherwise pin the server back ' +
  'to the locked version or digest.';

export const serverChanged: RuleMeta = {
  id: 'mcp/server-changed',
  title: 'MCP server differs from the lockfile',
  category: 'supply-chain.changed',
  severity: 'high',
  confidence: 'high',
  description:
    'An MCP server runs a different package, version, image digest or URL than the committed MCP lockfile records, or is not ' +
    'in it at all. Whoever publishes that package now decides what the agent can do, and nobody reviewed the change.',
  remediation: REMEDIATION_LOCK,
  docs: { why: 'A server pinned by name can change under its users; the lockfile makes every change a reviewed diff.' },
};

export const toolChanged: RuleMeta = {
  id: 'mcp/tool-changed',
  title: 'MCP tool description or schema differs from the lockfile',
  category: 'supply-chain.changed',
  severity: 'high',
  confidence: 'high',
  description:
    "An MCP tool's description or input schema is not what the committed MCP lockfile records (or the tool is new). Agents read " +
    'tool descriptions as trusted instructions, so a changed description changes what the agent does: the rug pull of an MCP server.',
  remediation: REMEDIATION_LOCK,
  docs: { why: 'Tool descriptions are prompts; a silent change to one is a change of the agent\'s instructions.' },
};

/** Reads each lockfile into the facts (an invalid one is an error, and no drift is judged against it). */
export const lockfileReader: FileAnalyzer = {
  name: 'mcp/lockfile',
  rules: [],
  reportsNoSecrets: true,
  kinds: ['json'],
  applies: (file) => file.baseName === LOCKFILE_NAME,
  analyze(file, ctx) {
    let lock: Lockfile;
    try {
      lock = parseValidated<Lockfile>(file.text, file.relPath, 'agentwarden-mcp-lock').value;
    } catch (err) {
      ctx.error(`invalid MCP lockfile: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
    ctx.inventory({ type: 'mcp-lock', data: { lock } });
  },
};

export const lockDrift: ProjectAnalyzer = {
  name: 'mcp/lock-drift',
  rules: [serverChanged, toolChanged],
  finish(facts, ctx) {
    for (const item of facts.inventory) {
      if (item.type !== 'mcp-lock') continue;
      const lockDir = path.posix.dirname(item.location.path);
      const lock = item.data.lock as Lockfile;
      const where = locations(facts.inventory, lockDir);
      for (const change of compareLocks(lock, serversFromInventory(facts.inventory, lockDir))) {
        const tool = change.tool;
        const location = (tool ? where.get(`tool:${change.server.file}#${tool.name}`) : where.get(`server:${change.server.file}#${change.server.name}`)) ?? item.location;
        const poisoned = change.poisoning;
        const isNew = change.kind === 'new-server' || change.kind === 'new-tool';
        ctx.report({
          ruleId: tool ? toolChanged.id : serverChanged.id,
          message: change.message,
          location,
          key: `lock:${change.server.origin}:${change.server.file}#${change.server.name}/${tool?.name ?? ''}/${change.kind}/${digest(change.after ?? '')}`,
          evidence: tool && change.after !== undefined ? clip(change.after) : undefined,
          severity: poisoned.length ? 'critical' : isNew ? 'medium' : 'high',
          related: location === item.location ? undefined : [{ ...item.location, message: `lockfile ${LOCKFILE_NAME}` }],
        });
      }
    }
  },
};

/** Where each configured server and each MCP tool of the code is, by its key in lockfile terms. */
function locations(inventory: InventoryItem[], lockDir: string): Map<string, Location> {
  const map = new Map<string, Location>();
  for (const i of inventory) {
    if (!underLock(lockDir, i.location.path)) continue;
    const file = relativeTo(lockDir, i.location.path);
    if (i.type === 'mcp-server') map.set(`server:${file}#${String(i.data.name)}`, i.location);
    if (i.type === 'mcp-tool') map.set(`tool:${file}#${String(i.data.name)}`, i.location);
  }
  return map;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function clip(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
