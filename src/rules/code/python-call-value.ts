/**
 * The value a call yields in one Python function's data flow (`python-flow.ts`): a sanitiser's
 * result carries the model's text no more (quoted), a helper of the module keeps the fixed start it
 * builds or hands back the argument it was given, a path join or a `format` keeps the shape of its
 * first part, a method of a value keeps the receiver's shape; any other call carries what reaches its
 * arguments and its receiver.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { alternatives, charsetUnion, clip, merge, MODEL_SOURCE, UNTAINTED, type ModelSource } from './flow.js';
import type { ArgValue } from './model.js';
import { fixesName } from './python-own-files.js';
import { keptBy, type NameChars } from './python-charset.js';
import type { Resolve } from './python-flow.js';
import { CONFINING_WORDS } from './vocabulary.js';

/** A URL whose host the constant start already ends: what follows cannot move the request elsewhere. */
const FIXED_URL_START = /^https?:\/\/[^/?#{]+[/?#]/i;

/**
 * Callees whose result no longer carries the model's text in a dangerous shape. `tempfile`'s
 * constructors name a fresh file or folder of their own in the temporary directory: a suffix or
 * prefix the model chose does not let it pick an existing path.
 */
// `ensure_…` confines a value only when its name says so (CONFINING_WORDS).
const SANITISERS = new RegExp(
  String.raw`^(?:tempfile\.(?:NamedTemporaryFile|TemporaryFile|SpooledTemporaryFile|TemporaryDirectory|mkstemp|mkdtemp|mktemp)|shlex\.(?:quote|join)|pipes\.quote|os\.path\.basename|mimetypes\.guess_extension|int|float|bool|len|abs|round|hash|id|isinstance|hashlib\.\w+|uuid\.\w+|re\.escape|(?:werkzeug\.utils\.)?secure_filename|(?:\w+\.)*slugify|urllib\.parse\.(?:quote|quote_plus|urlencode)|html\.escape|markupsafe\.escape|sanitize\w*|_?(?:(?!un)\w+_)?safe_\w+|validate\w*|_?ensure_\w*(?:${CONFINING_WORDS.join('|')})\w*|_?check_\w+|_?resolve_\w*path\w*)$`,
);

/**
 * Fuzzy matchers that hand back one of the choices they are given (`process.extractOne(name,
 * apps.keys())`, `difflib.get_close_matches(word, names)`): the model's text picks an entry, and
 * the entry is the choices'.
 */
const CHOOSERS = /^(?:(?:rapidfuzz|fuzzywuzzy|thefuzz)\.process\.extract(?:One|Bests|_iter)?|difflib\.get_close_matches)$/;

/** What a call's value needs of the function's scope. */
export interface CallScope {
  resolve: Resolve;
  /** A name's constant text, or the characters its one binding gives, when it holds either. */
  constantOf: NameChars;
  /** The reply a read of the graph's state yields, as a `from` entry. */
  stateRead: (base: PyNode | null, key: PyNode | null) => string | undefined;
  /** What a function of this module returns, in shape, by callee. */
  returnShape: (callee: string) => ArgValue | undefined;
  /** Set only on scopes that follow a model's reply. */
  source?: ModelSource;
}

/** The value of a call (`node`, whose text is `text`); `v` is the scope's value of a sub-expression. */
export function callValue(scope: CallScope, node: PyNode, text: string, v: (n: PyNode | null | undefined) => ArgValue): ArgValue {
  const fnNode = node.childForFieldName('function');
  const callee = scope.resolve(fnNode);
  const argsNode = node.childForFieldName('arguments');
  const args = (argsNode?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'comment').map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('value') : a));
  const values = args.map(v);
  if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'get') {
    const carried = scope.stateRead(fnNode.childForFieldName('object'), args[0] ?? null);
    if (carried) return { from: [carried], text };
  }
  const receiver = fnNode?.type === 'attribute' ? v(fnNode.childForFieldName('object')) : UNTAINTED;
  // A copy of a dict or list (`params.copy()`, `dict(params)`, `copy.deepcopy(params)`) holds what it held.
  if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'copy' && !args.length) return { ...receiver, text };
  if (/^(?:dict|copy\.copy|copy\.deepcopy)$/.test(callee) && args.length === 1 && argsNode?.namedChildren.filter((a) => a?.type !== 'comment').length === 1) return { ...values[0]!, text };
  // `d.get("command", default)` of a dict whose entries the code set by key: that entry (or the default).
  if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'get' && receiver.props && args[0]?.type === 'string') {
    const key = pyStringValue(args[0]);
    if (key !== undefined && Object.hasOwn(receiver.props, key)) return { ...alternatives([receiver.props[key]!, ...values.slice(1)]), text };
  }
  // …and of a dict parameter: that entry of what the caller passed.
  if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'get' && receiver.param && receiver.entry === undefined && !receiver.props && args[0]?.type === 'string' && !values.slice(1).some((x) => x.from.length)) {
    const key = pyStringValue(args[0]);
    if (key !== undefined) return { from: receiver.from, text, param: receiver.param, entry: key };
  }
  // `''.join(c for c in s if …)`: a lone generator is the arguments node itself.
  const kept = keptBy(callee, fnNode, receiver, argsNode?.type === 'generator_expression' ? [argsNode] : args, argsNode?.type === 'generator_expression' ? [merge(values, text)] : values, text, scope.constantOf);
  if (kept) return kept;
  if (CHOOSERS.test(callee) && values.length > 1) {
    const query = values[0]!;
    const choices = merge(values.slice(1), text);
    const quoted = [...new Set([...query.from, ...(query.quoted ?? []), ...(choices.quoted ?? [])])];
    return { from: choices.from, ...(quoted.length ? { quoted } : {}), text };
  }
  if (SANITISERS.test(callee) || SANITISERS.test(callee.slice(callee.lastIndexOf('.') + 1))) {
    const all = merge([...values, receiver], text);
    const out: ArgValue = { from: [], quoted: [...new Set([...all.from, ...(all.quoted ?? [])])], text };
    if (callee.startsWith('tempfile.')) out.ownFile = true;
    return out;
  }
  const out = merge([...values, receiver], text);
  const keywords = builtWith(callee, argsNode);
  if (keywords && out.from.length) out.builtWith = keywords;
  if (/^(?:functools\.)?partial$/.test(callee) && args[0]) out.fn = args[0].text;
  if (scope.source?.call(callee)) out.from = [...out.from, `${MODEL_SOURCE}${clip(callee)}(…)`];
  // A helper of this module that builds the value keeps its fixed start (`self._url(kind)` → `{base}/…`).
  const shape = out.from.length || scope.source || values.some((x) => x.ownFile) ? scope.returnShape(callee) : undefined;
  // …and one that hands back an argument as it came hands back that argument only.
  const passed = shape?.passes && args.length === argsNode?.namedChildren.filter((a) => !!a && a.type !== 'comment' && a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat').length ? shape.passes.map((i) => values[i]) : undefined;
  if (passed?.length && passed.every((x): x is ArgValue => !!x)) return { ...alternatives(passed), text };
  // …and hands back the model's reply it asked for (`reply = self._ask(prompt)`).
  if (scope.source && shape) for (const f of shape.from) if (f.startsWith(MODEL_SOURCE) && !out.from.includes(f)) out.from.push(f);
  // A helper that hands back only files it made (chunks it cut, a tempfile) hands back no file of the model's.
  if (shape?.ownFile) out.ownFile = true;
  if (shape?.prefix) return { ...out, prefix: shape.prefix };
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (/^(?:os\.path\.join|posixpath\.join|pathlib\.(?:Path|PurePath|PosixPath)|Path|PurePath)$/.test(callee) && out.from.length) {
    // join(ROOT, name) is not confined: an absolute `name` replaces ROOT. Only the first part's shape carries on.
    out.prefix = values[0]?.from.length ? values[0]?.prefix : '';
    if (values.length > 1 && fixesName(values[values.length - 1])) out.fixedName = true;
  } else if (last === 'format' && fnNode?.type === 'attribute' && receiver.constant !== undefined && out.from.length) {
    out.prefix = receiver.constant.split('{')[0];
  } else if (/^(?:str|repr)$/.test(callee) && values[0]) {
    // The text of the value, not the value: what a caller passed there may have been a list.
    const out: ArgValue = { ...values[0], text };
    delete out.param;
    delete out.entry;
    return out;
  }
  else if (/^(?:urllib\.parse\.urljoin|urljoin)$/.test(callee)) out.prefix = '';
  else if (receiver.from.length && !values.some((x) => x.from.length)) {
    // `cmd.strip()`, `path.resolve()`, `url.replace(…)`: the receiver's shape carries on (but it is the receiver changed, not the receiver).
    const out: ArgValue = { ...receiver, text };
    delete out.param;
    // Characters kept to a set stay so when trimmed, or with a constant put in (`replace("^", "**")`).
    if (receiver.charset !== undefined && /^(?:strip|lstrip|rstrip|replace)$/.test(last)) out.charset = charsetUnion(receiver.charset, ...values.map((x) => x.constant ?? ''));
    else delete out.charset;
    return out;
  } else if (!receiver.from.length && values[0]?.from.length && values[0].prefix !== undefined) {
    // A string builder fed the value first (`add_query(path, k, v)`) keeps its fixed start.
    out.prefix = values[0].prefix;
  } else if (!receiver.from.length && out.from.length && values[0] && !values[0].from.length && FIXED_URL_START.test(values[0].constant ?? values[0].prefix ?? '')) {
    // …and so does one fed a fixed URL first, the model's text only after it (`add_param(SEARCH_URL, q)`).
    out.prefix = values[0].constant ?? values[0].prefix;
  }
  return out;
}

/** The keyword names a class is built with (`Call(to=n, prompt=p)`); undefined for a function, or any positional or unpacked argument. */
function builtWith(callee: string, argsNode: PyNode | null): string[] | undefined {
  if (!/^[A-Z]\w*[a-z]\w*$/.test(callee.slice(callee.lastIndexOf('.') + 1)) || argsNode?.type !== 'argument_list') return undefined;
  const args = argsNode.namedChildren.filter((a): a is PyNode => !!a && a.type !== 'comment');
  if (!args.length || args.some((a) => a.type !== 'keyword_argument')) return undefined;
  return args.map((a) => a.childForFieldName('name')?.text ?? '');
}
