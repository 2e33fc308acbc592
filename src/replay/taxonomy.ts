/**
 * The high-risk taxonomy: classes of tool calls (shell, file writes, egress, payments …) recognised
 * by tool name and, for tools whose arguments are commands or queries, by argument patterns.
 * Data in `rules/replay/taxonomy.yaml`, validated at load; a policy may point at its own.
 */
import { SEVERITIES, type Severity } from '../core/types.js';
import { ToolMatcher, Validator, loadYaml, type LoadedYaml } from './config.js';
import { scrub } from './secrets.js';
import type { SafeRegex } from './regex.js';

export interface RiskClass {
  id: string;
  title: string;
  severity: Severity;
  /** Calls of this class need a recorded approval (unless the policy says otherwise). */
  requireApproval: boolean;
  /** Calls of this class send data out of the session (secret-flow sinks). */
  outbound: boolean;
  /** The arguments of this class's tools are commands or code: every class's argument patterns apply to them. */
  commands: boolean;
  tools: ToolMatcher;
  /** Tools (besides command tools) whose arguments this class's patterns are checked against. */
  argumentTools: ToolMatcher;
  arguments: SafeRegex[];
}

export interface Taxonomy {
  file: string;
  classes: RiskClass[];
}

export interface ClassHit {
  cls: RiskClass;
  /** Why: `tool Bash` or `argument matches /curl/`. */
  because: string;
}

/** Names a tool is matched under: as recorded, and without an MCP prefix (`mcp__github__create_issue` → `create_issue`). */
export function toolNames(tool: string): string[] {
  const names = [tool];
  const mcp = /^mcp__.+?__(.+)$/.exec(tool);
  if (mcp) names.push(mcp[1]!);
  const dotted = /^[\w-]+[./:]([\w-]+)$/.exec(tool);
  if (dotted) names.push(dotted[1]!);
  return names;
}

const ARG_TEXT_LIMIT = 64 * 1024;

export function classify(tax: Taxonomy, tool: string, argsText: string | undefined): { hits: ClassHit[]; commandTool: boolean } {
  const names = toolNames(tool);
  const hits: ClassHit[] = [];
  const add = (cls: RiskClass, because: string): void => {
    if (!hits.some((h) => h.cls.id === cls.id)) hits.push({ cls, because });
  };
  let commandTool = false;
  for (const cls of tax.classes) {
    const g = cls.tools.match(...names);
    if (g) {
      add(cls, `tool ${tool} matches "${g}"`);
      if (cls.commands) commandTool = true;
    }
  }
  if (argsText) {
    const text = argsText.length > ARG_TEXT_LIMIT ? argsText.slice(0, ARG_TEXT_LIMIT) : argsText;
    for (const cls of tax.classes) {
      if (!cls.arguments.length) continue;
      if (!commandTool && !cls.argumentTools.match(...names)) continue;
      for (const re of cls.arguments) {
        const m = re.exec(text);
        if (m !== undefined) {
          add(cls, `arguments contain "${scrub(m.trim(), [], 40)}"`);
          break;
        }
      }
    }
  }
  return { hits, commandTool };
}

const CLASS_KEYS = ['title', 'severity', 'requireApproval', 'outbound', 'commands', 'tools', 'argumentTools', 'arguments'] as const;

export function parseTaxonomy(y: LoadedYaml): Taxonomy {
  const v = new Validator(y);
  const root = v.object(y.value, [], ['version', 'classes'], ['version', 'classes']);
  if (root.version !== 1) v.fail(['version'], 'must be 1');
  const classesObj = v.object(root.classes, ['classes'], Object.keys((root.classes as object) ?? {}));
  const classes: RiskClass[] = [];
  for (const [id, raw] of Object.entries(classesObj)) {
    const p = ['classes', id];
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(id)) v.fail(p, 'class ids are lower-kebab-case');
    const c = v.object(raw, p, CLASS_KEYS, ['title', 'severity']);
    classes.push({
      id,
      title: v.string(c.title, [...p, 'title'], { nonEmpty: true }),
      severity: v.oneOf(c.severity, [...p, 'severity'], SEVERITIES),
      requireApproval: c.requireApproval === undefined ? true : v.boolean(c.requireApproval, [...p, 'requireApproval']),
      outbound: c.outbound === undefined ? false : v.boolean(c.outbound, [...p, 'outbound']),
      commands: c.commands === undefined ? false : v.boolean(c.commands, [...p, 'commands']),
      tools: new ToolMatcher(c.tools === undefined ? [] : v.strings(c.tools, [...p, 'tools'])),
      argumentTools: new ToolMatcher(c.argumentTools === undefined ? [] : v.strings(c.argumentTools, [...p, 'argumentTools'])),
      arguments: c.arguments === undefined ? [] : v.list(c.arguments, [...p, 'arguments']).map((r, i) => v.regex(r, [...p, 'arguments', i], 'im')),
    });
  }
  if (classes.length === 0) v.fail(['classes'], 'must define at least one class');
  return { file: y.file, classes };
}

export function loadTaxonomy(abs: string, file: string): Taxonomy {
  return parseTaxonomy(loadYaml(abs, file));
}
