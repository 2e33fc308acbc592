/**
 * Remote scripts piped into a shell or interpreter: `curl … | sh`, `wget -O- … | bash`,
 * `bash <(curl …)`, `sh -c "$(curl …)"`, `iwr … | iex`. Whatever the server (or whoever controls
 * it, its DNS or its CDN) returns at that moment runs with the build's or the job's rights.
 * Shared by the Dockerfile and CI rule and the agent-client hook rule.
 */
import type { Severity } from '../../core/types.js';
import { vendorInstaller } from './installers.js';

export interface PipedScript {
  /** The command as written, trimmed to one line. */
  command: string;
  url?: string;
  severity: Severity;
  why: string;
  /**
   * The vendor whose own installer it is (HTTPS, from its domain: `rules/deploy/installers.yaml`):
   * low where a build runs it, or a CI job that publishes nothing; a reader that runs it holding
   * secrets (a publishing job's, a developer's hooks) rates it by those.
   */
  vendor?: string;
}

const FETCH = String.raw`(?:curl|wget|fetch|http|irm|iwr|invoke-webrequest|invoke-restmethod)\b`;
const SHELL = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\w+=\S*\s+)*)?(?:ba|z|da|k|fi)?sh\b|python[\d.]*\s+-|python[\d.]*\s*$|python[\d.]*\s*[;&|)]|perl\b|ruby\b|node\b|iex\b|invoke-expression\b|pwsh\b|powershell\b`;
// curl … | sh
const PIPED = new RegExp(String.raw`${FETCH}[^|;&\n]*\|\s*(?:${SHELL})`, 'gim');
const PATTERNS: RegExp[] = [
  PIPED,
  // bash <(curl …), sh -c "$(curl …)", . <(curl …)
  new RegExp(String.raw`(?:(?:ba|z)?sh|source|\.)\s+(?:-\w+\s+)*<\(\s*${FETCH}[^)\n]*\)`, 'gim'),
  new RegExp(String.raw`(?:(?:ba|z)?sh|python[\d.]*)\s+-c\s+["']?\$\(\s*${FETCH}[^)\n]*\)`, 'gim'),
];
const URL_RE = /\bhttps?:\/\/[^\s"'|;)<>]+/i;

/** A here-document's opener: `<<EOF`, `<<-'EOF'`, `<< "END_DOC"` (not `<<<`, a here-string). */
const HEREDOC = /(?<!<)<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/g;
/** What runs a here-document's lines as commands: a shell or interpreter reading them, or a remote one. */
const RUNS_BODY = new RegExp(String.raw`(?:^|[\s;&|(])(?:${SHELL}|ssh\b[^|;&]*|exec\b[^|;&]*)\s*(?:-\S*\s*)*$`, 'i');
/** After the opener, the here-document piped on into a shell: `cat <<EOF | bash`. */
const PIPED_ON = new RegExp(String.raw`\|\s*(?:${SHELL})`, 'i');

/**
 * The text with the lines of each here-document that is data blanked (same length, so offsets
 * hold): `cat > INSTALL.md << 'EOF'` writes its lines to a file, `kubectl apply -f - <<EOF` feeds
 * them to a program that does not run them as commands. A here-document is a script when nothing
 * stands before `<<` (a Dockerfile's `RUN <<EOF`), when a shell, an interpreter, `ssh` or `exec`
 * reads it (`bash <<EOF`, `ssh host <<EOF`), or when the line pipes it on into a shell.
 */
export function withoutDataHeredocs(text: string): string {
  if (!text.includes('<<')) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    HEREDOC.lastIndex = 0;
    const m = HEREDOC.exec(line);
    if (!m) continue;
    const before = line.slice(0, m.index).replace(/^\s*(?:RUN\b)?/i, '');
    const after = line.slice(m.index + m[0].length);
    const script = before.trim() === '' || RUNS_BODY.test(before) || PIPED_ON.test(after);
    const end = m[3]!;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const body = m[1] ? lines[j]!.replace(/^\t+/, '') : lines[j]!;
      if (body.trim() === end) break;
      if (!script) lines[j] = ' '.repeat(lines[j]!.length);
    }
    i = j;
  }
  return lines.join('\n');
}

/** Every piped remote script in a shell text (a RUN instruction, a `run:` block, a hook command). */
export function pipedScripts(shellText: string): PipedScript[] {
  const text = withoutDataHeredocs(shellText);
  const out: PipedScript[] = [];
  const seen = new Set<number>();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const lineStart = text.lastIndexOf('\n', m.index!) + 1;
      if (seen.has(lineStart)) continue;
      // Comments and echoed instructions are prose: an echo of the same command, not one earlier in a chain (`echo … > list && curl … | bash`).
      const before = text.slice(lineStart, m.index);
      if (/^\s*(?:#|\/\/)/.test(before) || /\b(?:echo|printf)\b/.test(commandBefore(before))) continue;
      // `curl … | python -c "…json.load(sys.stdin)…"`: the download is the program's input, not a program.
      if (re === PIPED && !readsProgramFromInput(text.slice(m.index! + m[0].lastIndexOf('|') + 1, lineEndAt(text, m.index!)))) continue;
      seen.add(lineStart);
      const url = URL_RE.exec(m[0])?.[0] ?? URL_RE.exec(text.slice(lineStart, text.indexOf('\n', m.index!) < 0 ? undefined : text.indexOf('\n', m.index!)))?.[0];
      const judged = judge(url);
      if (!judged) continue;
      out.push({ command: m[0].replace(/\s+/g, ' ').trim().slice(0, 160), url, ...judged });
    }
  }
  return out;
}

/**
 * The part of `before` that belongs to the command a match starts in: after the last `&&`, `||`,
 * `;` or `|` outside quotes. A Dockerfile's RUN joins its continuation lines into one, so a line may
 * hold a whole chain; a separator inside quotes (`echo "a && curl … | sh"`) is the echoed text's.
 */
export function commandBefore(before: string): string {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === ';' || c === '|' || (c === '&' && before[i + 1] === '&')) start = i + 1;
  }
  return before.slice(start);
}

function lineEndAt(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/**
 * The switches with which each interpreter takes its program from its arguments, so that what is
 * piped in is only its input: `sh -c '…'` (also `-ec`, `-lc`), `python -c`/`-m`, `node -e`/`-p`,
 * `perl -e`, `ruby -e`; third, the switch with which a shell reads its program from the input and
 * takes what follows as that program's arguments (`bash -s latest`). A shell's `-e` is errexit.
 */
const PROGRAM_IN_ARGUMENTS: [RegExp, RegExp, RegExp?][] = [
  [/^(?:ba|z|da|k|fi)?sh$/, /^-[a-z]*c[a-z]*$/, /^-[a-z]*s[a-z]*$/],
  [/^python[\d.]*$/, /^-[a-zA-Z]*[cm]$/],
  [/^node$/, /^(?:-[a-z]*[ep]|--eval|--print)$/],
  [/^(?:perl|ruby)$/, /^-[a-zA-Z]*[eE]$/],
];

/**
 * Whether the interpreter a download is piped into reads its program from that input (`| sh`,
 * `| sudo bash -s -- --yes`, `| python3 -`), rather than from its arguments (`| python -c "…"`,
 * `| node -e …`) or a script file it is given (`| python3 parse.py`), which make the download data.
 */
export function readsProgramFromInput(target: string): boolean {
  const words = target.trim().split(/\s+/);
  let i = 0;
  if (words[i] === 'sudo') for (i++; words[i]?.startsWith('-'); ) i++;
  if (words[i] === 'env') for (i++; /^(?:-\S*|\w+=\S*)$/.test(words[i] ?? ''); ) i++;
  const interpreter = PROGRAM_IN_ARGUMENTS.find(([name]) => name.test(words[i] ?? ''));
  if (!interpreter) return true;
  const [, program, fromInput] = interpreter;
  for (i++; i < words.length; i++) {
    const w = words[i]!;
    // `-` or a shell's `-s` (`bash -s latest`, `sh -s -- --yes`): the program is the input, what follows its arguments.
    if (w === '-' || w === '--' || fromInput?.test(w) || /^[;&|)]/.test(w)) return true;
    if (program.test(w)) return false;
    if (!w.startsWith('-')) return false;
  }
  return true;
}

function judge(url: string | undefined): { severity: Severity; why: string; vendor?: string } | undefined {
  if (!url) return { severity: 'medium', why: 'a remote script runs unverified' };
  if (/^http:\/\//i.test(url) && !/^http:\/\/(?:localhost|127\.|\[::1\])/i.test(url)) return { severity: 'high', why: 'a script fetched over plain HTTP runs: anyone on the path can replace it' };
  // A script at a commit is fixed content; a version tag in the path can still be re-pointed, but rarely is.
  if (/\/[0-9a-f]{40}\//i.test(url)) return undefined;
  if (/\/v?\d+\.\d+(?:\.\d+)?(?:[-.][\w.]+)?\//.test(url)) return { severity: 'low', why: 'a remote script of a fixed version runs without a checksum' };
  const vendor = vendorInstaller(url);
  // Rated by its reader (pipe-to-shell.ts): low in an image build, and in a CI job unless the job publishes; a hook holds a developer's secrets.
  if (vendor) return { severity: 'medium', vendor, why: `the vendor's own installer (${vendor}), fetched over HTTPS from its domain, runs unversioned and without a checksum` };
  return { severity: 'medium', why: 'whatever the server returns at build or run time runs, unverified' };
}

/**
 * Whether `url` is the repository owner's own installer: HTTPS from a domain named for one of
 * `owners` (`https://get.acme.com` in acme's repository), or from the owner's GitHub account
 * (`raw.githubusercontent.com/acme/…`). What it runs is the project's own release, as its own
 * actions are.
 */
export function ownInstaller(url: string, owners: ReadonlySet<string>): boolean {
  const m = /^https:\/\/([^/:?#]+)(?::\d+)?(\/[^?#]*)?/i.exec(url);
  if (!m) return false;
  const host = m[1]!.toLowerCase();
  if (/^(?:raw\.githubusercontent\.com|github\.com)$/.test(host)) return owners.has((m[2] ?? '').split('/')[1]?.toLowerCase() ?? '');
  const labels = host.split('.');
  return labels.length >= 2 && owners.has(labels[labels.length - 2]!);
}
