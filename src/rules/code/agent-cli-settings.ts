/**
 * Whether an agent CLI's approvals-off switch that code passes only under a condition is on by
 * default. A switch passed when a setting asks for it (`if (options.yolo)`) is the user's choice,
 * rated low; but a setting whose default asks for it (`permissions: z.enum([…]).default("permissionless")`
 * in a config schema, `allowDangerousBypass = true`, `yolo: bool = True`) makes the switch what every
 * user gets unless they turn it off: rated as a switch always passed.
 *
 * Two facts, joined once every file is read (the default is most often declared in another module
 * than the launch): `agent-cli-gate`, the settings a conditional switch is passed for (the values its
 * conditions compare a setting with, and the switch names they test), read from the `if` blocks
 * around the switch and the `?`/`&&` tests just before it; and `setting-default`, a default or a
 * fixed value the code declares for such a setting (a value that names an approvals-off mode, or
 * `true` for a switch's name). A default counts where the code ships (production code) or in the same
 * kind of place as the launch (an example's default for an example), never in a test. The join is
 * `agentCliDefaultOn` (`agent-cli-project.ts`).
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { isTestPath } from './frameworks.js';
import { gateWords, holdsAny } from './gate-words.js';
import { settingName } from './agent-cli-report.js';

/** A switch's name, as a setting or a test names it (`yolo`, `skipPermissions`, `allow_dangerous_bypass`). */
const SWITCH_NAME = /yolo|skip_?perm|danger|bypass|unsafe|auto_?approve|trust|permission/i;
/** A setting that holds an approval mode (`permissions`, `approval_mode`, `sandboxPolicy`). */
const MODE_NAME = /yolo|skip_?perm|danger|bypass|unsafe|auto_?approve|trust|permission|approv|sandbox|mode|polic/i;
/** A value that names an approvals-off mode (`permissionless`, `yolo`, `bypassPermissions`, `danger-full-access`). */
const MODE_VALUE = /yolo|permissionless|bypass|danger|skip[-_]?perm|unsafe|full[-_]access|auto[-_]?approve/i;
/** The words every such name or value holds: the file is searched for them once, and only around them is a default looked for. */
const WORDS = /yolo|permission|bypass|danger|skip[-_]?perm|unsafe|full[-_]access|auto[-_]?approve|trust/gi;
/** The same words, looked for with the other code tests' (`gate-words.ts`). */
const SWITCH_WORDS = gateWords(['yolo', 'permission', 'bypass', 'danger', 'skipperm', 'skip-perm', 'skip_perm', 'unsafe', 'full-access', 'full_access', 'autoapprove', 'auto-approve', 'auto_approve', 'trust']);
const WORD = new RegExp(WORDS.source, 'i');

/** Before a quoted value: a default written without its key (`.default(`, `default=`, `Field(`, `?? `, `or `, `.get("k", `). */
const UNKEYED = /(?:\.default\(\s*|\bdefault\s*[:=]\s*|\bField\(\s*|(?:\?\?|\|\||\bor\b)\s*|(?:\.get|getenv)\(\s*['"][\w.-]+['"]\s*,\s*)$/;
/**
 * Before a value, a name given it where that holds wherever the code runs, not an assignment a branch
 * may make (`if (args.unsafe) mode = "yolo"`): a declaration (`const`, a class field), a parameter's
 * default or a keyword argument (after `(` or `,`), a destructuring default (after `{`), a Python
 * module's own name (at the start of a line), or a name with a type (`approval_mode: str = `, a
 * dataclass or settings field). The name is group 1 or 2.
 */
const TYPE = String.raw`(?:[^=\n,;(){}[\]]|\[[^\]\n]*\]){1,60}`;
const DECLARED = new RegExp(
  String.raw`(?:(?:\b(?:const|let|var|readonly|private|public|protected|static)\s+|[(,{]\s*|^)['"]?([A-Za-z_$][\w$]*)['"]?\s*(?::${TYPE})?|(?<![\w$.])([A-Za-z_$][\w$]*)\s*:${TYPE})(?<![=!<>])=\s*$`,
);
/** The same on a line of its own inside a parameter list or a destructuring written over several lines. */
const LISTED = /^\s+([A-Za-z_$][\w$]*)\s*=\s*$/;
/** Before a value, a property or a dict entry (`permissions: `, `"yolo": `); the key is group 1. */
const PROPERTY = /(?<![\w$.])['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*$/;
/** After a switch's name: it is given `true` (`= true`, `: True`, `: z.boolean().default(true)`, `?? true`, `= Field(default=True`). */
const GIVEN_TRUE = /['"]?\s*(?:(?::[^=\n,;(){}]{1,60})?(?<![=!<>])=(?!=)\s*(?:true|True|Field\(\s*(?:default\s*=\s*)?True)\b|:\s*(?:true|True)\b|:\s*z\.boolean\(\)(?:\.\w+\(\s*\))*\.default\(\s*true\s*\)|\s*(?:\?\?|\|\|)\s*true\b)/y;
/** A line that is a comment, or a documentation block's. */
const COMMENT_LINE = /^\s*(?:#|\/\/|\/\*|\*)/;
const KEY_END = /\s*:/y;
const ASSIGNED = /^['"]?\s*(?::[^=\n,;(){}]{1,60})?=/;
const blank = (text: string): string => text.replace(/[^\n]/g, ' ');
/** A Python triple-quoted string (a docstring): global, so each use starts its search from the beginning (`matchAll`, `replace`). */
export const TRIPLE_QUOTED = /"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}/g;

/** Whether a file may declare such a default (a gate before `recordSettingDefaults`). */
export function mayDeclareSettingDefault(file: SourceFile): boolean {
  return (file.kind === 'python' || file.kind === 'typescript') && !isTestPath(file.relPath) && holdsAny(file.text, SWITCH_WORDS) && WORD.test(file.text);
}

/** The defaults a code file declares for switches and approval modes, as `setting-default` facts. */
export function recordSettingDefaults(file: SourceFile, ctx: AnalyzerContext): void {
  if (!mayDeclareSettingDefault(file)) return;
  const text = file.text;
  const seen = new Set<string>();
  let docstrings: [number, number][] | undefined;
  // Comments and docstrings describe settings; they declare none.
  const prose = (at: number, lineStart: number): boolean => {
    if (COMMENT_LINE.test(text.slice(lineStart, at))) return true;
    if (file.kind !== 'python') return false;
    docstrings ??= [...text.matchAll(TRIPLE_QUOTED)].map((m) => [m.index, m.index + m[0].length]);
    return docstrings.some(([s, e]) => s < at && at < e);
  };
  const record = (from: number, to: number, lineStart: number, data: { value: string } | { name: string }): void => {
    const key = 'value' in data ? `v:${data.value.toLowerCase()}` : `n:${settingName(data.name)}`;
    if (seen.has(key) || prose(from, lineStart)) return;
    seen.add(key);
    ctx.inventory({ type: 'setting-default', span: { start: from, end: to }, data: { ...data, text: text.slice(from, to).replace(/^[\s(,{]+/, '').trim() } });
  };
  for (const hit of text.matchAll(WORDS)) {
    // The token the word is part of: a name, or a value with its dots and dashes.
    let start = hit.index;
    let end = hit.index + hit[0].length;
    while (start > 0 && /[\w$.-]/.test(text[start - 1]!)) start--;
    while (end < text.length && /[\w$.-]/.test(text[end]!)) end++;
    const token = text.slice(start, end);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const quote = text[start - 1];
    KEY_END.lastIndex = end + 1;
    if (token.startsWith('--no-')) {
      // A negatable option alone (`'--no-yolo'`): the switch it negates is on unless it is passed. Declared
      // beside its positive (`"--yolo/--no-yolo"`, `'--yolo'` too), the option's own default decides instead.
      const name = token.slice(5);
      const paired = new RegExp(`['"/]--${name.replace(/[.$]/g, '\\$&')}(?![\\w-])`).test(text);
      if ((quote === '"' || quote === "'") && !paired && SWITCH_NAME.test(name)) record(start, end, lineStart, { name });
    } else if ((quote === '"' || quote === "'") && text[end] === quote && !KEY_END.test(text)) {
      // A quoted value: a mode's default, or a mode setting given it.
      if (!MODE_VALUE.test(token) || token.length > 40) continue;
      const before = text.slice(Math.max(lineStart, start - 121), start - 1);
      const unkeyed = UNKEYED.exec(before);
      if (unkeyed) {
        const closes = unkeyed[0].includes('(') && /^\s*\)/.exec(text.slice(end + 1, end + 8));
        record(start - 1 - unkeyed[0].length, end + 1 + (closes ? closes[0].length : 0), lineStart, { value: token });
        continue;
      }
      const declared = DECLARED.exec(before);
      const listed = !declared && opensList(text, lineStart) ? LISTED.exec(before) : null;
      const property = declared || listed ? null : PROPERTY.exec(before);
      const name = declared ? (declared[1] ?? declared[2]) : (listed ?? property)?.[1];
      // A property's value, but not a type's union (`mode: "yolo" | "safe"`), nor a constant that names the value for other code
      // to compare with (`MODE_YOLO = "yolo"`, `AUTO_APPROVE = "auto_approve"`); a constant named a default is one (`DEFAULT_MODE = "yolo"`).
      if (!name || !MODE_NAME.test(name) || (property && /^\s*\|/.test(text.slice(end + 1, end + 4)))) continue;
      if (/^[A-Z][A-Z0-9_]*$/.test(name) && !/DEFAULT/.test(name)) continue;
      record(start - 1 - (declared ?? listed ?? property)![0].length, end + 1, lineStart, { value: token });
    } else if (/^[A-Za-z_$][\w$]*$/.test(token.slice(token.lastIndexOf('.') + 1)) && SWITCH_NAME.test(token)) {
      // A switch's name given `true`: declared, a property, a schema's or a field's default, a fallback.
      const name = token.slice(token.lastIndexOf('.') + 1);
      GIVEN_TRUE.lastIndex = end;
      const given = GIVEN_TRUE.exec(text);
      if (!given) continue;
      const fallback = /^\s*(?:\?\?|\|\|)/.test(given[0]);
      const assigned = ASSIGNED.exec(given[0])?.[0];
      // Assigned: only where it holds wherever the code runs (see DECLARED); a property only of its own object.
      const declaration = `${text.slice(Math.max(lineStart, start - 80), start)}${token}${assigned ?? ''}`;
      if (assigned && !DECLARED.test(declaration) && !(LISTED.test(declaration) && opensList(text, lineStart))) continue;
      if (!fallback && !assigned && token.includes('.')) continue;
      record(start, end + given[0].length, lineStart, { name });
    }
  }
}

/** Whether the code before a line ends opening a list (`(`, `,` or `{`): the line is a parameter's or a destructured name's. */
function opensList(text: string, lineStart: number): boolean {
  let i = lineStart - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i >= 0 && '(,{'.includes(text[i]!);
}

// ─── The conditions a switch is passed under ────────────────────────────────

export interface Gate {
  /** Values a condition compares a setting with (`mode === "permissionless"`). */
  values: string[];
  /** Switch names a condition tests (`if (config.skipPermissions)`, `yolo ? [...] : []`). */
  names: string[];
}

/** A value compared with a setting (not `!==`, not `not in`), either side of the comparison. */
const COMPARED = /(?<![!<>=])(===?|\bin\b|\bis\b)\s*[([{]?\s*((?:(['"])[\w.-]{2,40}\3\s*,?\s*)+)|(['"])([\w.-]{2,40})\4\s*===?/g;
const LITERAL = /(['"])([\w.-]{2,40})\1/g;
/** A name tested for truth: an identifier (or an attribute's last name) not negated by `!` or `not`. */
const TESTED = /(?<![\w$.!])(?:not\s+)?(?:[A-Za-z_$][\w$]*\s*(?:\?\.|\.)\s*)*([A-Za-z_$][\w$]*)/g;

/**
 * The settings the switch on line `at` is passed for: the conditions of the `if`/`elif` blocks around
 * it (the line's own inline `if` too; an `else` block's condition is the opposite, and is not read),
 * and the tests before a `?` or `&&` on its line and the three above (`...(mode.bypass ⏎ ? [...] : [])`).
 */
export function gateOf(lines: string[], at: number, python: boolean): Gate {
  const conditions = [...enclosingConditions(lines, at, python)];
  const before = lines.slice(Math.max(0, at - 3), at + 1).join('\n');
  for (const m of before.matchAll(/([^?;{}\n]*(?:\n[^?;{}\n]*){0,3}?)(?:(?<!\?)\?(?![.?:])|&&)/g)) conditions.push(m[1]!);
  const values = new Set<string>();
  const names = new Set<string>();
  for (const c of conditions) {
    for (const m of c.matchAll(COMPARED)) {
      if (m[1] === 'in' && /\bnot\s+$/.test(c.slice(0, m.index))) continue;
      if (m[2]) for (const l of m[2].matchAll(LITERAL)) values.add(l[2]!);
      if (m[5]) values.add(m[5]);
    }
    // Names outside the literals (a compared value is not a name tested), and not negated.
    for (const m of c.replace(LITERAL, blank).matchAll(TESTED)) if (!/^not\s/.test(m[0]) && SWITCH_NAME.test(m[1]!)) names.add(m[1]!);
  }
  return { values: [...values], names: [...names] };
}

const CONTROL = /\b(?:if|for|while|switch|catch|else|try|do|finally)\b\s*(?:\(|$)/;
const FUNCTION = /\bfunction\b|=>\s*$|^\s*(?:(?:public|private|protected|static|async|get|set|override)\s+)*[\w$]+\s*(?:<[^>]*>)?\s*\([^)]*\)\s*(?::[^{]*)?$|\bclass\b/;

/** The conditions of the blocks the line sits in, innermost first, up to the function around it. */
function enclosingConditions(lines: string[], at: number, python: boolean): string[] {
  const out: string[] = [];
  const own = python ? /\bif\s+(.+?)(?:\s+else\b|:\s)/.exec(lines[at]!) : /\bif\s*\((.*)\)\s*[\w$.[]+\s*\(/.exec(lines[at]!);
  if (own) out.push(own[1]!);
  if (python) {
    let indent = /^\s*/.exec(lines[at]!)![0].length;
    for (let i = at - 1; i >= Math.max(0, at - 60) && indent > 0; i--) {
      const line = lines[i]!;
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const depth = /^\s*/.exec(line)![0].length;
      if (depth >= indent) continue;
      indent = depth;
      if (/^\s*(?:async\s+)?(?:def|class)\s/.test(line)) break;
      const cond = /^\s*(?:el)?if\s+(.+):\s*$/.exec(line);
      if (cond) out.push(cond[1]!);
    }
    return out;
  }
  // A braceless `if (…)` on the line above.
  const above = /^\s*(?:\}\s*else\s+)?if\s*\((.*)\)\s*$/.exec(lines[at - 1] ?? '');
  if (above) out.push(above[1]!);
  let depth = 0;
  for (let i = at - 1; i >= Math.max(0, at - 60); i--) {
    const line = lines[i]!;
    for (let j = line.length - 1; j >= 0; j--) {
      const ch = line[j];
      if (ch === '}') depth++;
      else if (ch === '{') {
        if (depth > 0) {
          depth--;
          continue;
        }
        const header = line.slice(0, j);
        const cond = /\bif\s*\((.*)\)\s*$/.exec(header);
        if (cond) out.push(cond[1]!);
        // A function, a method or a class ends the search; a loop, a `switch`, an `else` or an object literal does not.
        else if (!CONTROL.test(header) && FUNCTION.test(header)) return out;
      }
    }
  }
  return out;
}
