/**
 * code/agent-cli-approvals-off's repository steps, apart from its file analyses
 * (`agent-cli-approvals-off.ts`, `agent-cli-settings.ts`), so a scan served from the result cache
 * loads only these.
 */
import type { InventoryItem, ProjectAnalyzer } from '../../core/rule.js';
import type { Finding, RelatedLocation } from '../../core/types.js';
import { contextOf } from '../../discovery/context.js';
import { CHOICE_TAIL, ID, settingName, UNATTENDED_TAIL } from './agent-cli-report.js';

/**
 * A configuration that starts an agent CLI in a repository that serves MCP tools is what those tools
 * start: a client's tool call hands the agent its prompt, and nobody approves what it then runs.
 */
export const agentCliInMcpServer: ProjectAnalyzer = {
  name: 'code/agent-cli-in-mcp-server',
  rules: [],
  finish() {},
  settle(findings, facts) {
    if (!findings.some((f) => f.ruleId === ID && f.severity === 'medium')) return findings;
    if (!facts.inventory.some((i) => i.type === 'mcp-tool')) return findings;
    return findings.map((f) => {
      if (f.ruleId !== ID || f.severity !== 'medium' || !/^(?:json|yaml|yml|toml)$/i.test(f.location.path.split('.').pop() ?? '')) return f;
      return { ...f, severity: 'high' as const, message: `${f.message} This repository serves MCP tools: a client's tool call starts the agent with a prompt it chose.` };
    });
  },
};

/** Whether a default declared at `path` holds for a launch at `launchPath`: where the code ships, or in the same kind of place. */
function holdsFor(path: string, launchPath: string): boolean {
  const where = contextOf(path);
  return where === 'production' || where === contextOf(launchPath);
}

/** The defaults that turn a gate's switch on. */
function defaultsOn(gate: InventoryItem, defaults: InventoryItem[]): InventoryItem[] {
  const values = new Set((gate.data.values as string[]).map((v) => v.toLowerCase()));
  const names = new Set((gate.data.names as string[]).map(settingName));
  return defaults.filter((d) => {
    if (!holdsFor(d.location.path, gate.location.path)) return false;
    return typeof d.data.value === 'string' ? values.has(d.data.value.toLowerCase()) : typeof d.data.name === 'string' && names.has(settingName(d.data.name));
  });
}

/**
 * A switch passed for a setting whose default turns it on is rated as one always passed: medium, high
 * unattended; its message names the default, which is a related place.
 */
export const agentCliDefaultOn: ProjectAnalyzer = {
  name: 'code/agent-cli-default-on',
  rules: [],
  finish() {},
  settle(findings, facts) {
    const gates = facts.inventory.filter((i) => i.type === 'agent-cli-gate');
    if (gates.length === 0) return findings;
    const defaults = facts.inventory.filter((i) => i.type === 'setting-default');
    const raised = new Map<string, { gate: InventoryItem; on: InventoryItem[] }>();
    for (const gate of gates) {
      const on = defaultsOn(gate, defaults);
      if (on.length) raised.set(`${gate.location.path}:${gate.location.startLine}:${gate.location.startColumn}`, { gate, on });
    }
    if (raised.size === 0) return findings;
    return findings.map((f): Finding => {
      const hit = f.ruleId === ID && f.message.endsWith(CHOICE_TAIL) ? raised.get(`${f.location.path}:${f.location.startLine}:${f.location.startColumn}`) : undefined;
      if (!hit) return f;
      const first = hit.on[0]!;
      const unattended = hit.gate.data.unattended === true;
      const related: RelatedLocation[] = hit.on.map((d) => ({ ...d.location, message: `turns the switch on: ${String(d.data.text)}` }));
      return {
        ...f,
        severity: unattended ? 'high' : 'medium',
        message:
          f.message.slice(0, -CHOICE_TAIL.length) +
          ` The switch is passed when a setting asks for it, and the setting asks for it by default (${String(first.data.text)} at ${first.location.path}:${first.location.startLine}).` +
          (unattended ? UNATTENDED_TAIL : ''),
        related: [...(f.related ?? []), ...related],
      };
    });
  },
};
