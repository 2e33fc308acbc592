/**
 * Remote scripts piped into a shell or interpreter: `curl … | sh`, `wget -O- … | bash`,
 * `bash <(curl …)`, `sh -c "$(curl …)"`, `iwr … | iex`. Whatever the server (or whoever controls
 * it, its DNS or its CDN) returns at that moment runs with the build's or the job's rights.
 * Shared by the Dockerfile and CI rule and the agent-client hook rule.
 */
import type { Severity } from '../../core/types.js';

export interface PipedScript {
  /** The command as written, trimmed to one line. */
  command: string;
  url?: string;
  severity: Severity;
  why: string;
}

const FETCH = String.raw`(?:curl|wget|fetch|http|irm|iwr|invoke-webrequest|invoke-restmethod)\b`;
const SHELL = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\w+=\S*\s+)*)?(?:ba|z|da|k|fi)?sh\b|python[\d.]*\s+-|python[\d.]*\s*$|python[\d.]*\s*[;&|)]|perl\b|ruby\b|node\b|iex\b|invoke-expression\b|pwsh\b|powershell\b`;
const PATTERNS: RegExp[] = [
  // curl … | sh
  new RegExp(String.raw`${FETCH}[^|;&\n]*\|\s*(?:${SHELL})`, 'gim'),
  // bash <(curl …), sh -c "$(curl …)", . <(curl …)
  new RegExp(String.raw`(?:(?:ba|z)?sh|source|\.)\s+(?:-\w+\s+)*<\(\s*${FETCH}[^)\n]*\)`, 'gim'),
  new RegExp(String.raw`(?:(?:ba|z)?sh|python[\d.]*)\s+-c\s+["']?\$\(\s*${FETCH}[^)\n]*\)`, 'gim'),
];
const URL_RE = /\bhttps?:\/\/[^\s"'|;)<>]+/i;

/** Every piped remote script in a shell text (a RUN instruction, a `run:` block, a hook command). */
export function pipedScripts(text: string): PipedScript[] {
  const out: PipedScript[] = [];
  const seen = new Set<number>();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const lineStart = text.lastIndexOf('\n', m.index!) + 1;
      if (seen.has(lineStart)) continue;
      // Comments and echoed instructions are prose.
      const before = text.slice(lineStart, m.index);
      if (/^\s*(?:#|\/\/)/.test(before) || /\b(?:echo|printf)\b/.test(before)) continue;
      seen.add(lineStart);
      const url = URL_RE.exec(m[0])?.[0] ?? URL_RE.exec(text.slice(lineStart, text.indexOf('\n', m.index!) < 0 ? undefined : text.indexOf('\n', m.index!)))?.[0];
      const judged = judge(url);
      if (!judged) continue;
      out.push({ command: m[0].replace(/\s+/g, ' ').trim().slice(0, 160), url, ...judged });
    }
  }
  return out;
}

function judge(url: string | undefined): { severity: Severity; why: string } | undefined {
  if (!url) return { severity: 'medium', why: 'a remote script runs unverified' };
  if (/^http:\/\//i.test(url) && !/^http:\/\/(?:localhost|127\.|\[::1\])/i.test(url)) return { severity: 'high', why: 'a script fetched over plain HTTP runs: anyone on the path can replace it' };
  // A script at a commit is fixed content; a version tag in the path can still be re-pointed, but rarely is.
  if (/\/[0-9a-f]{40}\//i.test(url)) return undefined;
  if (/\/v?\d+\.\d+(?:\.\d+)?(?:[-.][\w.]+)?\//.test(url)) return { severity: 'low', why: 'a remote script of a fixed version runs without a checksum' };
  return { severity: 'medium', why: 'whatever the server returns at build or run time runs, unverified' };
}
