/**
 * A poisoned tool written on purpose to show the attack: the comment above it calls it malicious, a
 * rug pull or a prompt injection, or it sits in a demo or fixture folder of a project whose own
 * purpose is finding such attacks in agents and MCP servers (an MCP security scanner's demo server).
 * It is what the project exists to catch, not a server any agent is meant to load.
 */
import { clip, maskNamedValues } from '../../core/redact.js';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';

/** A comment that names the tool as an attack (`# rug pull`, `// malicious tool with a prompt injection`). */
const ATTACK_LABEL = /\b(?:malicious|poison(?:ed|ing|s)?|rug[- ]?pulls?|prompt[- ]injections?|tool[- ]shadowing|exfiltrat\w*|evil|backdoor(?:ed)?|attack\s+(?:example|demo|tool)|(?:example|demo)\s+attack)\b/i;
/** A comment about resisting the attack (`# guard against prompt injection`): it labels nothing as one. */
const DEFENCE = /\b(?:against|prevent\w*|defen[cs]e\w*|defend\w*|protect\w*|guard\w*|block\w*|sanitiz\w*|mitigat\w*|detect\w*)\b/i;

/** A folder of demos, samples or fixtures, plain or compound (`demo`, `demoserver`, `malicious_examples`, `test_servers`). */
const STAGING_DIR = /^(?:demo|example|sample|fixture|test|mock|poc)s?(?:$|[-_]?[a-z])|[-_]?(?:demo|example|sample|fixture)s?$/i;

/** What the project says it does: scans (detects, audits, guards) agents or MCP servers for attacks. */
const SCANS = /\b(?:scan(?:s|ner|ners|ning)?|detect(?:s|or|ors|ion|ing)?|audit(?:s|or|ing)?|guard(?:s|rails?)?|red[- ]team(?:ing)?|firewall)\b/i;
const THREATS = /\b(?:prompt[- ]injections?|tool[- ]poisoning|jailbreaks?|vulnerabilit(?:y|ies)|threats?|attacks?|malicious|malware|security)\b/i;
const SUBJECT = /\b(?:MCP|agents?|agentic|LLMs?|AI)\b/;
/** The root's files that say what the project is, and how much of a README opening is read. */
const PURPOSE_FILES = ['README.md', 'readme.md', 'README.rst', 'pyproject.toml', 'package.json'];
const README_OPENING = 4000;

/** Why the tool declared at `offset` is a staged attack, or undefined when nothing says it is. */
export function stagedAttack(file: SourceFile, offset: number, dependsOn?: DependsOn): string | undefined {
  const label = attackComment(file, offset);
  if (label) return `a comment labels it as an attack example ("${label}")`;
  const dirs = file.relPath.split('/').slice(0, -1);
  const dir = dirs.find((d) => STAGING_DIR.test(d));
  if (!dir || !file.root) return undefined;
  return file.memo('staged-attack:purpose', () => scannerProject(file.root!, dependsOn))
    ? `it sits in the folder "${dir}" of a project whose purpose is finding attacks on agents and MCP servers`
    : undefined;
}

/**
 * The comment right above a tool's declaration that names it as an attack, if any: read upwards past
 * decorators, blank lines and block openers (`if os.path.exists(...):`, a rug pull's switch), at most
 * a few lines.
 */
function attackComment(file: SourceFile, offset: number): string | undefined {
  const line = file.position(offset).line;
  const starts = file.lineStarts;
  for (let n = line - 1, seen = 0; n >= 1 && seen < 8; n--, seen++) {
    const text = file.text.slice(starts[n - 1]!, n < starts.length ? starts[n]! : file.text.length).trim();
    if (text === '' || text.startsWith('@') || /^(?:if|elif|else|try|with|for)\b.*:$/.test(text)) continue;
    const comment = /^(?:#|\/\/|\/?\*)\s*(.*)$/.exec(text)?.[1];
    if (comment === undefined) return undefined;
    if (ATTACK_LABEL.test(comment) && !DEFENCE.test(comment)) return clip(maskNamedValues(comment), 80);
  }
  return undefined;
}

/** Whether the root's README opening or package description says the project scans agents or MCP servers for attacks. */
function scannerProject(root: string, dependsOn?: DependsOn): boolean {
  for (const rel of PURPOSE_FILES) {
    const text = readRootFile(root, rel, dependsOn);
    if (text === undefined) continue;
    const said = rel.startsWith('README') || rel.startsWith('readme') ? text.slice(0, README_OPENING) : descriptions(text);
    const plain = said.replace(/<[^>]{0,200}>/g, ' ');
    if (plain.split(/\n\s*\n|[.!?](?:\s|$)/).some((s) => SCANS.test(s) && THREATS.test(s) && SUBJECT.test(s))) return true;
  }
  return false;
}

/** The description and keywords lines of a package's metadata (`description = "…"`, `"description": "…"`). */
function descriptions(text: string): string {
  return [...text.matchAll(/^\s*"?(?:description|keywords)"?\s*[=:]\s*(.{0,400})$/gim)].map((m) => m[1]).join('\n\n');
}
