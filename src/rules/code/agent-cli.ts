/**
 * Coding-agent CLIs and the switches that turn their approvals or sandbox off
 * (`rules/code/agent-cli.yaml`), loaded and compiled once, validated against
 * `schema/agent-cli.schema.json`. One list for every place an agent is started: CI steps,
 * configuration that names the command, code that spawns it.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';

interface AgentCliFile {
  version: 1;
  clis: { name: string; programs: string[]; packages?: string[] }[];
  flags: { pattern: string; effect: 'bypass' | 'edits'; why: string }[];
}

export interface UnsafeFlag {
  pattern: RegExp;
  /** `bypass`: every command runs unasked; `edits`: edits (or sandboxed commands) are accepted unasked. */
  effect: 'bypass' | 'edits';
  why: string;
}

export interface AgentClis {
  /** Program name (`codex`) or package (`@openai/codex`) → the CLI's name. */
  programs: Map<string, string>;
  packages: Map<string, string>;
  flags: UnsafeFlag[];
}

export const AGENT_CLI_FILE = path.join(RULES_DIR, 'code', 'agent-cli.yaml');

let cached: AgentClis | undefined;

export function loadAgentClis(file = AGENT_CLI_FILE): AgentClis {
  if (file === AGENT_CLI_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<AgentCliFile>(file, 'agent-cli', undefined, display);
  const programs = new Map<string, string>();
  const packages = new Map<string, string>();
  for (const c of value.clis) {
    for (const p of c.programs) programs.set(p, c.name);
    for (const p of c.packages ?? []) packages.set(p, c.name);
  }
  const flags = value.flags.map((f, i): UnsafeFlag => {
    try {
      return { pattern: new RegExp(f.pattern), effect: f.effect, why: f.why };
    } catch (err) {
      throw new UsageError(`${display}:${lineOf(['flags', i, 'pattern']) ?? '?'}: pattern is not a valid regular expression: ${(err as Error).message}`);
    }
  });
  const out = { programs, packages, flags };
  if (file === AGENT_CLI_FILE) cached = out;
  return out;
}

/** The switches of a command line (its arguments joined by spaces) that turn approvals off, strongest first. */
export function unsafeFlags(commandLine: string, clis = loadAgentClis()): UnsafeFlag[] {
  const found = clis.flags.filter((f) => f.pattern.test(commandLine));
  return [...found.filter((f) => f.effect === 'bypass'), ...found.filter((f) => f.effect === 'edits')];
}

const LAUNCHERS = new Set(['npx', 'pnpx', 'bunx', 'uvx', 'pipx', 'yarn', 'pnpm', 'bun', 'dlx', 'run', 'exec', '-y', '--yes', '-q']);

/**
 * The agent CLI a command line starts (its words: `codex`, `/usr/bin/claude`, `npx -y @openai/codex`,
 * `pipx run aider-chat`), or undefined.
 */
export function agentCliOf(words: string[], clis = loadAgentClis()): string | undefined {
  for (let i = 0; i < words.length && i < 4; i++) {
    const w = words[i]!.trim();
    const base = w.slice(w.lastIndexOf('/') + 1);
    const name = clis.programs.get(base) ?? clis.packages.get(w.replace(/(?!^)@[^/@]*$/, '').replace(/[=<>~]=.*$/, ''));
    if (name) return name;
    if (i === 0 ? !LAUNCHERS.has(base) : !LAUNCHERS.has(w)) return undefined;
  }
  return undefined;
}
