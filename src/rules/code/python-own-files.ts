/**
 * Files a Python function makes itself: local names of paths it writes under a name it fixes
 * (`chunk_path = os.path.join(out_dir, f"chunk_{i}.wav")` then `chunk.export(chunk_path)`), and
 * lists holding only such paths (`split_files.append(chunk_path)`). Whoever chose the folder, the
 * file is the function's own output: handing it back and removing it later is clean-up, not a
 * deletion the model steers. A path written as the model gave it is never its own: truncating it
 * and removing it would delete the model's choice of file.
 */
import type { PyNode } from '../../parsers/python.js';
import type { ArgValue } from './model.js';

/** Calls that create the file a path names, and which argument names it. */
const WRITERS: { call: RegExp; arg: 0 | 1 | 'self'; mode?: RegExp }[] = [
  { call: /^(?:open|io\.open|builtins\.open|codecs\.open|aiofiles\.open)$/, arg: 0, mode: /^\s*[^,]+,\s*(?:mode\s*=\s*)?['"][wx][bt+]?['"]/ },
  { call: /\.(?:export|save|savefig|write_to_file|stream_to_file|write_videofile|write_audiofile|to_csv|to_parquet|to_json|to_excel)$/, arg: 0 },
  { call: /\.(?:write_text|write_bytes)$/, arg: 'self' },
  { call: /^(?:shutil\.(?:copy|copy2|copyfile|move)|urllib\.request\.urlretrieve)$/, arg: 1 },
];

/** A file name the code fixes: a constant, or a template that starts with fixed text (`chunk_{i}.wav`), never a path of its own. */
export function fixesName(v: ArgValue | undefined): boolean {
  if (!v) return false;
  const fixed = v.from.length ? v.prefix : (v.constant ?? v.prefix);
  return fixed !== undefined && /^[\w-][^/\\]*/.test(fixed) && !fixed.startsWith('{…}') && !fixed.includes('..');
}

/**
 * The names in `body` that hold files the function makes (true): written by a writer call and named
 * by the code (`value` says which), then lists whose every `append`/`add` is one of them. A list that
 * also receives anything else holds no file of its own, whatever it started with (false).
 */
export function ownFileNames(body: PyNode, resolve: (node: PyNode | null) => string, value: (name: string) => ArgValue | undefined): Map<string, boolean> {
  const own = new Map<string, boolean>();
  const calls = body.descendantsOfType('call').filter((c): c is PyNode => !!c);
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const callee = resolve(fn);
    const args = call.childForFieldName('arguments');
    const writer = WRITERS.find((w) => w.call.test(callee) && (!w.mode || w.mode.test(args?.text.slice(1) ?? '')));
    if (!writer) continue;
    const positional = (args?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'comment' && a.type !== 'keyword_argument');
    const target = writer.arg === 'self' ? (fn?.type === 'attribute' ? fn.childForFieldName('object') : null) : positional[writer.arg];
    if (target?.type !== 'identifier') continue;
    const v = value(target.text);
    if (v && (v.ownFile || v.fixedName)) own.set(target.text, true);
  }
  const lists = new Map<string, boolean>();
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
    if (!/^(?:append|add|extend|insert|update)$/.test(method)) continue;
    const list = fn!.childForFieldName('object');
    if (list?.type !== 'identifier') continue;
    const item = call.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment');
    const ok = (method === 'append' || method === 'add') && item?.length === 1 && item[0]?.type === 'identifier' && own.get(item[0].text) === true;
    lists.set(list.text, (lists.get(list.text) ?? true) && ok);
  }
  // A list that starts empty (or bound to nothing the model gave) and receives only own files.
  for (const [name, ok] of lists) {
    const start = value(name);
    if (!ok) own.set(name, false);
    else if (!start?.from.length || start.ownFile) own.set(name, true);
  }
  return own;
}
