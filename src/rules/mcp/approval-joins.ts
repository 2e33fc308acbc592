/**
 * mcp/approved-risky-server: approval settings joined with the servers they approve. Claude Code
 * reads its approvals from `.claude/settings.json` and `.claude/settings.local.json` and its project
 * servers from `.mcp.json`; one file alone cannot say whether `permissions.allow: ["mcp__deploy"]`
 * or `enableAllProjectMcpServers: true` is dangerous. Once every file is read, each project's
 * settings are combined (an `ask` or `deny` anywhere overrides an `allow` anywhere, as the client
 * does) and each approval is judged by what the server it names can do (`server-risk.ts`).
 *
 * The file rules that judged the same setting by names alone (`mcp/server-auto-approve` on an
 * allow rule, `mcp/project-servers-auto-enabled`) are withdrawn where this judgement replaces them,
 * or disproves them (the server is read-only, or the allow is overridden by an ask or a deny).
 */
import path from 'node:path';
import type { InventoryItem, ProjectAnalyzer, ProjectContext, ProjectFacts, RuleMeta } from '../../core/rule.js';
import type { Location, RelatedLocation, Severity } from '../../core/types.js';
import { SEVERITIES } from '../../core/types.js';
import type { ApprovalEntry, ApprovalSettings } from './facts.js';
import { isReadingTool } from './rules/approval.js';
import { guardrailSelfEdit, guardrailsReached, GUARDRAILS } from './rules/guardrails.js';
import type { RiskFactor, ServerRisk } from './server-risk.js';

export const approvedRiskyServer: RuleMeta = {
  id: 'mcp/approved-risky-server',
  title: 'Approval setting pre-approves a risky MCP server defined in another file',
  category: 'oversight.missing-approval',
  severity: 'high',
  confidence: 'high',
  description:
    'A Claude Code approval setting (`permissions.allow: ["mcp__deploy"]` or `mcp__deploy__*` in `.claude/settings.json` or ' +
    '`settings.local.json`, or `enableAllProjectMcpServers: true`) approves in advance a server that `.mcp.json` defines with risky ' +
    'capabilities: a shell, file writes, pushes, cloud or database changes, payments, credentials it acts with, an unpinned package ' +
    'or plain HTTP. Every tool of that server then runs with no human confirmation; the risk is in neither file alone.',
  remediation:
    'Pre-approve only the read-only tools of such a server by name (`mcp__github__get_issue`), move the server to `ask` ' +
    '(`"ask": ["mcp__deploy"]`) or `deny`, and approve project servers one by one in `enabledMcpjsonServers` instead of ' +
    '`enableAllProjectMcpServers`.',
  docs: { why: 'Oversight is decided where approvals and servers meet: a harmless-looking allow entry can pre-approve a shell defined elsewhere.' },
  examples: {
    positive: [
      {
        path: '.claude/settings.json',
        code: '{ "permissions": { "allow": ["mcp__deploy"] } }',
        with: { '.mcp.json': '{ "mcpServers": { "deploy": { "command": "npx", "args": ["-y", "mcp-server-kubernetes"], "env": { "KUBECONFIG": "/secrets/prod" } } } }' },
      },
      {
        path: '.claude/settings.local.json',
        code: '{ "enableAllProjectMcpServers": true }',
        with: { '.mcp.json': '{ "mcpServers": { "shell": { "command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander@0.2.3"] } } }' },
      },
    ],
    negative: [
      {
        path: '.claude/settings.json',
        code: '{ "permissions": { "allow": ["mcp__docs"] } }',
        with: { '.mcp.json': '{ "mcpServers": { "docs": { "command": "npx", "args": ["-y", "@upstash/context7-mcp@1.0.0"] } } }' },
      },
      {
        path: '.claude/settings.json',
        code: '{ "permissions": { "allow": ["mcp__deploy"] } }',
        with: {
          '.claude/settings.local.json': '{ "permissions": { "ask": ["mcp__deploy"] } }',
          '.mcp.json': '{ "mcpServers": { "deploy": { "command": "npx", "args": ["-y", "mcp-server-kubernetes@2.4.0"] } } }',
        },
      },
    ],
  },
};

interface ServerFact {
  name: string;
  file: string;
  location: Location;
  risk: ServerRisk;
  disabled: boolean;
  /** Its risky tools, when its script is in the repository. */
  tools?: RelatedLocation[];
  /** The folders a filesystem server is given. */
  roots?: string[];
}

interface Project {
  dir: string;
  settings: { path: string; data: ApprovalSettings }[];
  servers: ServerFact[];
}

const SETTINGS = /^(?:(.*)\/)?\.claude\/settings(?:\.local)?\.json$/;
/** Where the user's own configs are shown (`~/.claude/settings.json`, `~/.claude.json`). */
const USER = '~';

/** The client's spelling of a server in tool names: characters other than letters, digits, `_` and `-` become `_`. */
const toolName = (server: string): string => server.replace(/[^A-Za-z0-9_-]/g, '_');

/** What the joins decide: findings to add, and the name-based findings they withdraw (rule and place). */
interface Judgement {
  reports: Parameters<ProjectContext['report']>[0][];
  withdrawn: Set<string>;
  /** Allow entries reported as self-editing: a risky-server finding at the same entry would repeat it. */
  selfEditing: Set<string>;
}

const placeOf = (ruleId: string, l: Pick<Location, 'path' | 'startLine' | 'startColumn'>): string => `${ruleId}\0${l.path}\0${l.startLine}\0${l.startColumn}`;

/** Judged once per scan: `finish` reports, `settle` withdraws, from the same facts. */
const judged = new WeakMap<ProjectFacts, Judgement>();

function judge(facts: ProjectFacts): Judgement {
  let j = judged.get(facts);
  if (j) return j;
  j = { reports: [], withdrawn: new Set(), selfEditing: new Set() };
  const all = projects(facts.inventory);
  // The user's settings (`~/.claude/settings.json`, read with --user-configs) apply in every project, beside its own.
  const user = all.find((p) => p.dir === USER)?.settings ?? [];
  for (const project of all) {
    const settings = project.dir === USER ? project.settings : [...project.settings, ...user];
    const gates = settings.flatMap((s) => [...s.data.ask, ...s.data.deny]);
    for (const s of settings) {
      if (project.settings.includes(s)) judgeSelfEdit(project, s, gates, j);
      judgeAllows(project, s.path, s.data.allow, gates, j);
      if (s.data.enableAllProjectMcpServers) judgeEnableAll(project, s.path, s.data.enableAllProjectMcpServers, j);
    }
  }
  judged.set(facts, j);
  return j;
}

export const approvalJoins: ProjectAnalyzer = {
  name: 'mcp/approval-joins',
  rules: [approvedRiskyServer, guardrailSelfEdit.meta],
  finish(facts, ctx) {
    for (const r of judge(facts).reports) ctx.report(r);
  },
  settle(findings, facts, own) {
    const { withdrawn } = judge(facts);
    if (withdrawn.size === 0) return findings;
    // What this judgement itself says at a withdrawn place (the same rule, said again across files) stays.
    return findings.filter((f) => own.has(f) || !withdrawn.has(placeOf(f.ruleId, f.location)));
  },
};

/** Claude Code projects: settings files grouped by the folder holding `.claude/`, with the servers of its `.mcp.json`. */
function projects(inventory: InventoryItem[]): Project[] {
  const byDir = new Map<string, Project>();
  for (const item of inventory) {
    if (item.type !== 'approval-settings') continue;
    const m = SETTINGS.exec(item.location.path);
    if (!m) continue;
    const dir = m[1] ?? '';
    const project = byDir.get(dir) ?? { dir, settings: [], servers: [] };
    project.settings.push({ path: item.location.path, data: item.data as unknown as ApprovalSettings });
    byDir.set(dir, project);
  }
  if (byDir.size === 0) return [];
  for (const item of inventory) {
    if (item.type !== 'mcp-server' || item.data.client !== 'claude-code') continue;
    const file = item.location.path;
    const base = path.posix.basename(file);
    const raw = base === '.mcp.json' ? path.posix.dirname(file) : file === `${USER}/.claude.json` ? USER : SETTINGS.exec(file)?.[1];
    const dir = raw === '.' ? '' : raw;
    if (dir === undefined) continue;
    // A project without settings of its own still has the user's.
    if (!byDir.has(dir) && byDir.has(USER) && base === '.mcp.json') byDir.set(dir, { dir, settings: [], servers: [] });
    const project = byDir.get(dir);
    const risk = item.data.risk as ServerRisk | undefined;
    if (!project || !risk) continue;
    const script = typeof item.data.script === 'string' ? path.posix.join(project.dir, item.data.script) : undefined;
    const server: ServerFact = { name: String(item.data.name), file, location: item.location, risk, disabled: item.data.disabled === true };
    if (Array.isArray(item.data.roots)) server.roots = item.data.roots.map(String);
    project.servers.push(script ? withScriptTools(server, script, inventory) : server);
  }
  return [...byDir.values()];
}

interface ToolRisk {
  label: string;
  severity: Severity;
  line: number;
}

/**
 * A server whose script is in the repository is judged by its tools as the code analysis saw them:
 * each risky tool without approval is a capability, and a script whose tools are all harmless makes
 * the server's capabilities known (none).
 */
function withScriptTools(server: ServerFact, script: string, inventory: InventoryItem[]): ServerFact {
  const tools = inventory.filter((i) => i.type === 'agent-tool' && i.data.framework === 'mcp' && i.location.path === script);
  if (tools.length === 0) return server;
  const factors: RiskFactor[] = [];
  const related: RelatedLocation[] = [];
  for (const t of tools) {
    const risks = ((t.data.risks as ToolRisk[] | undefined) ?? []).filter((r) => SEVERITIES.indexOf(r.severity) <= SEVERITIES.indexOf('medium'));
    if (risks.length === 0 || (t.data.approval as { found?: boolean } | undefined)?.found) continue;
    const worst = risks[0]!;
    factors.push({ kind: 'tool', why: `has tool "${String(t.data.name)}" that ${worst.label} (${script}:${worst.line})`, severity: worst.severity });
    related.push({ ...t.location, message: `tool "${String(t.data.name)}" ${worst.label}` });
  }
  // The script's tools say what it does; guesses from its name give way.
  const kept = server.risk.factors.filter((f) => SUPPLY.has(f.kind));
  return { ...server, risk: { readOnly: false, known: true, factors: [...factors, ...kept] }, tools: related };
}

/** What a server holds or where it comes from, as opposed to what it can do. */
const SUPPLY = new Set(['credentials', 'unpinned', 'plain-http']);

/** Capabilities make a pre-approval high; credentials and supply-chain weaknesses alone, medium. */
function severityOf(factors: RiskFactor[]): Severity {
  return factors.reduce<Severity>((w, f) => (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(w) ? f.severity : w), 'info');
}

function describe(factors: RiskFactor[]): string {
  const parts = factors.map((f) => f.why);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Roots that are the project folder itself (or hold it: the filesystem root, the home folder). */
const WHOLE_PROJECT = /^(?:\.\/?|\$\{?(?:workspaceFolder|workspaceRoot|PWD|HOME|env:HOME)\}?\/?|\/|~\/?)$/;
/** Tools of a filesystem server that write. */
const WRITING_TOOL = /^(?:write|edit|create|move|rename|delete|remove|append|patch|update)/i;

/**
 * Oversight the agent controls, across files: an `Edit`/`Write` allow rule kept behind an `ask` or
 * `deny` in another settings file is not one (the file rule, reading one file, is withdrawn); a
 * filesystem server rooted at the project, its writing tools pre-approved, is one.
 */
function judgeSelfEdit(project: Project, settings: Project['settings'][number], gates: string[], j: Judgement): void {
  const { path: file, data } = settings;
  const allow = data.allow;
  for (const e of allow) {
    if (!/^(?:Edit|Write|MultiEdit)\(/.test(e.rule)) continue;
    const inFile = guardrailsReached(e.rule, [...data.ask, ...data.deny]);
    const reached = guardrailsReached(e.rule, gates);
    if (reached.length === inFile.length) continue;
    // The file rule saw only this file's ask and deny: withdrawn, and said again with what the project's other settings leave open.
    j.withdrawn.add(placeOf(guardrailSelfEdit.meta.id, e.location));
    if (reached.length === 0) continue;
    j.reports.push({
      ruleId: guardrailSelfEdit.meta.id,
      location: e.location,
      key: `setting:permissions.allow/${e.rule}`,
      message: `Claude Code permissions.allow (${file}) contains ${JSON.stringify(e.rule)}: the agent can rewrite ${reached.join(', ')} without asking (the project's other settings protect only ${inFile.filter((f) => !reached.includes(f)).join(', ')}), and with them its own allow list and servers.`,
      evidence: `permissions.allow: ${e.rule}`,
    });
  }
  for (const server of project.servers) {
    const roots = (server.roots ?? []).filter((r) => WHOLE_PROJECT.test(r) || path.posix.normalize(r) === '.' || path.posix.normalize(r) === project.dir);
    if (roots.length === 0 || server.risk.readOnly) continue;
    const prefix = `mcp__${toolName(server.name)}`;
    if (gates.some((g) => g === prefix || g === `${prefix}__*`)) continue;
    for (const e of allow) {
      const tool = e.rule === prefix || e.rule === `${prefix}__*` ? '*' : e.rule.startsWith(`${prefix}__`) ? e.rule.slice(prefix.length + 2) : undefined;
      if (tool === undefined || (tool !== '*' && (!WRITING_TOOL.test(tool) || gates.includes(e.rule)))) continue;
      j.selfEditing.add(placeOf(approvedRiskyServer.id, e.location));
      j.reports.push({
        ruleId: guardrailSelfEdit.meta.id,
        location: e.location,
        key: `setting:permissions.allow/${e.rule}`,
        message:
          `Claude Code permissions.allow (${file}) pre-approves ${tool === '*' ? 'every tool' : `"${tool}"`} of filesystem MCP server "${server.name}", which ${server.file} roots at ${roots.join(', ')}: ` +
          `the agent can rewrite ${GUARDRAILS.join(', ')} without asking, and with them its own allow list and servers.`,
        evidence: `permissions.allow: ${e.rule}`,
        related: [{ ...server.location, message: `MCP server "${server.name}" is given ${roots.join(', ')}` }],
      });
    }
  }
}

function judgeAllows(project: Project, file: string, allow: ApprovalEntry[], gates: string[], j: Judgement): void {
  for (const server of project.servers) {
    const name = toolName(server.name);
    const prefix = `mcp__${name}`;
    const entries = allow.filter((e) => e.rule === prefix || e.rule.startsWith(`${prefix}__`));
    if (entries.length === 0) continue;
    const wholeGated = gates.some((g) => g === prefix || g === `${prefix}__*`);
    const tools = entries.map((e) => (e.rule === prefix || e.rule === `${prefix}__*` ? '*' : e.rule.slice(prefix.length + 2)));
    const open = wholeGated ? [] : tools.filter((t) => t === '*' || !gates.includes(`${prefix}__${t}`));
    const all = open.includes('*');
    const acting = open.filter((t) => t !== '*' && !isReadingTool(t));
    const first = entries[0]!.location;
    // The name-based finding at the first allow entry of this server, if the file rule made one.
    const withdraw = () => j.withdrawn.add(placeOf('mcp/server-auto-approve', first));
    if (!all && acting.length === 0) {
      withdraw();
      continue;
    }
    if (server.risk.readOnly) {
      withdraw();
      continue;
    }
    const factors = server.risk.factors;
    if (factors.length === 0) {
      // Known to do nothing risky (its script's tools were read): the name-based guess is withdrawn.
      if (server.risk.known) withdraw();
      continue;
    }
    withdraw();
    if (j.selfEditing.has(placeOf(approvedRiskyServer.id, first))) continue;
    const capability = factors.some((f) => !SUPPLY.has(f.kind));
    // What an unknown server's tools do is guessed from their names, as the name-based rule does; a known one is judged by what it holds.
    const severity: Severity = capability ? severityOf(factors) : !server.risk.known && (all || acting.length) ? 'high' : 'medium';
    const what = all ? 'every tool of' : `${acting.length} tool${acting.length > 1 ? 's' : ''} (${acting.slice(0, 5).join(', ')}${acting.length > 5 ? ', …' : ''}) of`;
    j.reports.push({
      ruleId: approvedRiskyServer.id,
      location: first,
      key: `allow:${prefix}`,
      severity,
      confidence: capability ? 'high' : 'medium',
      message:
        `Claude Code permissions.allow (${file}) pre-approves ${what} MCP server "${server.name}", which ${server.file} defines: it ${describe(factors)}. ` +
        `${all ? 'Its tools run' : acting.length > 1 ? 'They run' : 'It runs'} with no human confirmation.`,
      evidence: `permissions.allow: ${entries.map((e) => e.rule).slice(0, 5).join(', ')}`,
      related: [{ ...server.location, message: `MCP server "${server.name}" ${describe(factors)}` }, ...(server.tools ?? [])],
    });
  }
}

function judgeEnableAll(project: Project, file: string, at: Location, j: Judgement): void {
  const disabled = new Set(project.settings.flatMap((s) => s.data.disabledMcpjsonServers ?? []));
  const started = project.servers.filter((s) => path.posix.basename(s.file) === '.mcp.json' && !disabled.has(s.name) && !s.disabled);
  const risky = started.filter((s) => !s.risk.readOnly && s.risk.factors.length > 0);
  if (risky.length === 0) return;
  j.withdrawn.add(placeOf('mcp/project-servers-auto-enabled', at));
  const severity = severityOf(risky.flatMap((s) => s.risk.factors));
  const names = risky.map((s) => `"${s.name}" (${describe(s.risk.factors)})`);
  j.reports.push({
    ruleId: approvedRiskyServer.id,
    location: at,
    key: 'setting:enableAllProjectMcpServers',
    severity: SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('medium') ? severity : 'medium',
    message:
      `Claude Code enableAllProjectMcpServers (${file}) starts every server of ${risky[0]!.file} without review, among them ${names.slice(0, 4).join('; ')}` +
      `${names.length > 4 ? `; and ${names.length - 4} more` : ''}.`,
    evidence: 'enableAllProjectMcpServers: true',
    related: risky.map((s) => ({ ...s.location, message: `MCP server "${s.name}" ${describe(s.risk.factors)}` })),
  });
}
