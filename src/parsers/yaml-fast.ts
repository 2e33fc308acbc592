/**
 * The scan's YAML parse, built from js-yaml's event stream, which reads a file several times faster
 * than the `yaml` package's parser and composer. From the events it builds (yaml-fast-builder.ts)
 * what the `yaml` package builds: its own node classes (`YAMLMap`, `YAMLSeq`, `Scalar`, `Pair`,
 * `Alias`: yaml-fast-nodes.ts) with the ranges that package gives them (yaml-fast-text.ts) and the plain value its `toJS` gives,
 * under the same rules (yaml-fast-values.ts, yaml-fast-anchors.ts): the YAML 1.2 core schema, `<<` a
 * plain key, unknown local tags (`!Ref`) read as their plain value, the last of duplicate keys
 * winning, and the same alias budget (`maxAliasCount`), counted the same way.
 *
 * A file this does not cover exactly is left to the `yaml` package (`{ ok: false, fallback }`,
 * with the reason): one js-yaml refuses (the package then reports the error, or reads what js-yaml
 * is stricter about), directives, explicit (`?`) or complex keys, `!!` tags other than the core
 * types' (`!!binary`) or that do not fit their type, an alias the budget refuses or one inside its own
 * anchor, and the layouts the two parsers read differently (tabs as indentation, an indented `---`,
 * a byte order mark past the start). `bench/yaml-diff.mjs` compares the two over real files.
 */
import type { Event } from 'js-yaml';
import { jsYamlLib } from './libraries.js';
import { Unsupported } from './yaml-fast-text.js';
import { Builder, type FastDoc } from './yaml-fast-builder.js';

export type FastParse = { ok: true; docs: FastDoc[] } | { ok: false; fallback: string };

/**
 * Lines the two parsers read differently, unless inside a multi-line scalar (a script's `? a : b`
 * in a workflow's `run: |`, a Markdown rule in a block scalar): one that starts (after indentation
 * and `-` indicators) with `?` and a space, an explicit key, which js-yaml's events do not mark; an
 * indented `---` or `...`, which js-yaml takes for a document marker at a document's start.
 */
const SUSPECT_LINE = /^[ \t]*(?:-[ \t]+)*\?(?:[ \t]|\r?$)|^[ \t]+(?:---|\.\.\.)(?:[ \t]|\r?$)/gm;

export function parseYamlFast(text: string): FastParse {
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return { ok: false, fallback: 'lone carriage return' };
  // A byte order mark past the start: the package skips it at a line's start, js-yaml reads it as text.
  if (text.indexOf('\ufeff', 1) >= 0) return { ok: false, fallback: 'byte order mark inside' };
  let events: Event[];
  try {
    events = jsYamlLib().parseEvents(text, {});
  } catch {
    return { ok: false, fallback: 'js-yaml refused it' };
  }
  try {
    const builder = new Builder(text, events);
    const docs = builder.documents();
    if (text.includes('?') || text.includes(' ---') || text.includes(' ...') || text.includes('\t---') || text.includes('\t...')) {
      SUSPECT_LINE.lastIndex = 0;
      for (let m = SUSPECT_LINE.exec(text); m; m = SUSPECT_LINE.exec(text)) {
        if (!builder.inMultilineScalar(m.index)) return { ok: false, fallback: m[0].includes('?') ? 'explicit key' : 'indented document marker' };
      }
    }
    return { ok: true, docs };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, fallback: err.reason };
    throw err;
  }
}
