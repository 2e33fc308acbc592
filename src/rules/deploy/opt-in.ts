/**
 * Parts of a deployment that are off unless a user turns them on: a Helm values section whose
 * `enabled: false` (or an enclosing section's) keeps the chart from rendering it, and a Compose
 * service with `profiles:`, which `docker compose up` starts only when one of its profiles is asked
 * for. What is found there is real, but it runs only where someone opts in: one level lower, saying why.
 */
import type { ReportDescriptor } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { oneLower } from '../../core/severity.js';
import type { Severity } from '../../core/types.js';
import { COMPOSE_FILE } from '../../discovery/context.js';
import { isHelmValuesPath } from './formats.js';
import { ancestors, childValue, fileLines, type KeyLine } from './yaml-lines.js';

const DISABLED = /^false$/i;

/**
 * How a finding of a Helm values or Compose file is lowered when it sits in an opt-in part; the
 * identity for every other file. `defaults` gives each rule's own severity, for a finding that gives none.
 */
export function optInLowering(file: SourceFile, defaults: ReadonlyMap<string, Severity>): (d: ReportDescriptor) => ReportDescriptor {
  const name = file.relPath.slice(file.relPath.lastIndexOf('/') + 1);
  const compose = COMPOSE_FILE.test(name);
  if (!compose && !isHelmValuesPath(file.relPath)) return (d) => d;
  return (d) => {
    if (d.span === undefined) return d;
    const severity = d.severity ?? defaults.get(d.ruleId);
    if (!severity || severity === 'info' || severity === 'low') return d;
    const lines = fileLines(file);
    const line = file.location(d.span).startLine;
    const why = compose ? composeProfile(lines, line - 1) : disabledSection(lines, line - 1);
    return why ? { ...d, severity: oneLower(severity), message: `${d.message} ${why}` } : d;
  };
}

/** A values section switched off: the outermost enclosing section whose `enabled` is false. */
function disabledSection(lines: string[], at: number): string | undefined {
  const chain = ancestors(lines, at);
  for (let i = chain.length - 1; i >= 0; i--) {
    const value = childValue(lines, chain[i]!, 'enabled');
    if (value !== undefined && DISABLED.test(value)) {
      const path = chain
        .slice(i)
        .reverse()
        .map((k) => k.key)
        .join('.');
      return `It is in the section \`${path}\`, which is off by default (\`${path}.enabled: false\`): the chart renders it only where a user turns it on.`;
    }
  }
  return undefined;
}

/** A Compose service started only on request: the top-level `services:` entry enclosing the line has `profiles:`. */
function composeProfile(lines: string[], at: number): string | undefined {
  const chain = ancestors(lines, at);
  const top = chain[chain.length - 1];
  const service = chain[chain.length - 2];
  if (!top || top.key !== 'services' || top.indent !== 0 || !service) return undefined;
  const profiles = childValue(lines, service, 'profiles');
  if (profiles === undefined) return undefined;
  const named = profileNames(lines, service, profiles);
  return `The service "${service.key}" is in the Compose profile${named.length === 1 ? '' : 's'} ${named.map((p) => `"${p}"`).join(', ') || 'it names'}: \`docker compose up\` starts it only when one is asked for.`;
}

/** `profiles: [a, b]` or a block list below the key. */
function profileNames(lines: string[], service: KeyLine, inline: string): string[] {
  if (inline) return inline.replace(/^\[|\]$/g, '').split(',').map((p) => p.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
  const at = lines.findIndex((l, i) => i > service.index && /^\s*profiles\s*:/.test(l));
  const names: string[] = [];
  for (let i = at + 1; at >= 0 && i < lines.length; i++) {
    const m = /^\s*-\s*["']?([\w.-]+)["']?\s*(?:#.*)?$/.exec(lines[i]!);
    if (!m) break;
    names.push(m[1]!);
  }
  return names;
}
