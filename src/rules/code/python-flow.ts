/**
 * Data flow inside one Python function: which of its parameters reach each argument of each call
 * (through local variables, f-strings, concatenation, attribute and item access, calls: what a call
 * yields is worked out in `python-call-value.ts`), which reach only through a sanitiser, and the
 * constant shape around them (the prefix of a URL, the program of an argv, a fixed directory a path
 * is joined under). Flow-insensitive and local: helpers are followed later, by the analysis, through
 * their parameters.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { alternatives, Bindings, clip, merge, MODEL_SOURCE, startingWith, UNTAINTED, type ModelSource } from './flow.js';
import type { ArgValue } from './model.js';
import { fixesName, ownFileNames } from './python-own-files.js';
import { assignmentPairs, keyed, ownAssignments, reachingAssignments, targets, type Assignment } from './python-reaching.js';
import { constantChars, guardedChars, guardedRange, joinedCharset, type NameChars } from './python-charset.js';
import { graphStateParams, paramsOf } from './python-params.js';
import { callValue, type CallScope } from './python-call-value.js';

export type Resolve = (node: PyNode | null) => string;

/** A prefix test against SQL verbs (`q.upper().startswith(("SELECT", "SHOW"))`). */
const SQL_VERB_PREFIX = /\.startswith\(\s*\(?\s*[rbuRBU]?['"]\s*(?:select|show|insert|update|delete|drop|create|alter|with|describe|explain|pragma|truncate|replace|merge|grant)\b/i;

/** An identifier an object assigns itself: `id`, `uuid`, `sid`, `conversation_id`, `run_uuid`. */
const MADE_ID = /^(?:id|uuid|sid|guid|\w+_(?:id|uuid|sid|guid))$/;

/** A flow's method writing or reading the state its steps share (`self.state.generation`). */
export const FLOW_STATE = /^self\.state\.(\w+)$/;

/**
 * One function's view of names: its parameters, what each local variable holds, the module's
 * constants; the enclosing function's scope for closures.
 */
export class PyScope {
  private readonly bindings = new Bindings();
  private readonly env = this.bindings.env;
  private readonly params: Set<string>;
  /** Parameters that take a graph's shared state (`state: GraphState`), whose keys other nodes wrote. */
  private readonly stateParams: Set<string>;
  /** Parameters checked against a fixed allow-list before use (`if cmd not in ALLOWED: return`). */
  private readonly allowListed = new Set<string>();
  /** Names of files the function makes itself (`python-own-files.ts`). */
  private ownFiles = new Map<string, boolean>();
  /** This function's own bindings of each local name, in source order (`python-reaching.ts`); set once the flow-insensitive pass is done. */
  private assigned?: Map<string, Assignment[]>;
  /** A use's value from the assignments that reach it, once computed (undefined while computing: a loop reads its own). */
  private readonly atUse = new Map<number, ArgValue | undefined>();
  /** Names a check holds to a set of characters from its end on (`if not all(c in ALLOWED for c in s): return`). */
  private readonly charChecks = new Map<string, { chars: string; from: number; to: number }[]>();
  /** This function's own bindings, and the function, for the one binding of a set of characters (`allowed = set("0123…")`). */
  private own?: Map<string, Assignment[]>;
  private fn: PyNode | null = null;
  /** Names whose characters are being worked out (`a = set(a)` names itself). */
  private readonly charsPending = new Set<string>();
  /** What the value of a call needs of this scope (`python-call-value.ts`). */
  private readonly calls: CallScope;

  constructor(
    fn: PyNode | null,
    private readonly resolve: Resolve,
    private readonly constants: Map<string, string>,
    private readonly parent?: PyScope,
    /** What a function of this module returns, in shape (`_url(t)` → `{base}/…`), by callee. */
    private readonly returnShape?: (callee: string) => ArgValue | undefined,
    /** Set only on scopes that follow a model's reply; the scopes of the code model leave it out. */
    private readonly source?: ModelSource,
  ) {
    this.params = new Set(fn ? paramsOf(fn).params.flat() : []);
    this.stateParams = new Set(fn && source?.stateKey ? graphStateParams(fn) : []);
    this.calls = {
      resolve,
      constantOf: this.constantOf,
      stateRead: (base, key) => this.stateRead(base, key),
      returnShape: (callee) => (returnShape ?? parent?.returnShape)?.(callee),
      ...(source ? { source } : {}),
    };
    if (fn) this.bind(fn);
  }

  private bind(fn: PyNode): void {
    const body = fn.childForFieldName('body');
    if (!body) return;
    const assignments = assignmentPairs(body);
    const own = ownAssignments(fn, assignments, targets);
    this.own = own;
    this.fn = fn;
    this.bindings.bind(
      assignments.map(([left, right]): [string[], [PyNode, PyNode]] => [targets(left), [left, right]]),
      ([left, right]) => keyed(left, this.value(right)),
    );
    this.ownFiles = ownFileNames(body, this.resolve, (name) => this.env.get(name) ?? (this.params.has(name) ? { from: [name], text: name } : undefined));
    for (const ifs of body.descendantsOfType(['if_statement', 'assert_statement'])) {
      const cond = ifs?.type === 'assert_statement' ? ifs.namedChildren[0] : ifs?.childForFieldName('condition');
      // A containment check (`if not p.resolve().is_relative_to(root)`, `commonpath`, `startswith(root)`) confines what it tests.
      // A query held to start with SQL verbs is not confined: what follows the verb is the model's (`read-only-sql.ts`).
      if (cond && /\b(?:is_relative_to|relative_to|commonpath|commonprefix|startswith|fullmatch|match)\s*\(/.test(cond.text) && !SQL_VERB_PREFIX.test(cond.text)) {
        for (const id of cond.descendantsOfType('identifier')) if (id && (this.params.has(id.text) || this.env.has(id.text))) this.allowListed.add(id.text);
        continue;
      }
      if (ifs && cond) this.charCheck(ifs, cond);
      if (cond?.type !== 'comparison_operator') continue;
      const ops = cond.children.map((c) => c?.type).filter(Boolean);
      const [left, right] = [cond.namedChildren[0], cond.namedChildren[1]];
      if (left?.type === 'identifier' && right && (ops.includes('not in') || ops.includes('in')) && (right.type === 'identifier' || right.type === 'attribute' || right.type === 'set' || right.type === 'list' || right.type === 'tuple')) {
        if (!this.value(right).from.length) this.allowListed.add(left.text);
      }
    }
    this.assigned = own;
  }

  /**
   * A check that holds a value to a fixed set of characters where it dominates: the branch it opens
   * (`if all(c in A for c in s): return eval(s)`), or the rest of its block when it returns or raises
   * on a failure (`if not all(c in A for c in s): return …`, `assert set(s) <= set(A)`).
   */
  private charCheck(stmt: PyNode, cond: PyNode): void {
    const checked = guardedChars(cond, this.constantOf);
    const range = checked && guardedRange(stmt, checked.whenTrue);
    if (!checked || !range) return;
    const list = this.charChecks.get(checked.name) ?? [];
    list.push({ chars: checked.chars, ...range });
    this.charChecks.set(checked.name, list);
  }

  /** A name's constant text (a local or module constant), or the characters its one binding gives. */
  private readonly constantOf: NameChars = (name) => {
    const right = this.charsPending.has(name) ? undefined : this.onlyBinding(name);
    if (right) {
      this.charsPending.add(name);
      const chars = constantChars(right, this.constantOf);
      this.charsPending.delete(name);
      if (chars !== undefined) return { chars };
    }
    const v = this.lookup(name);
    return v && !v.from.length ? v.constant : undefined;
  };

  /** The value of a name bound once and whole, in this function or else at the module's top level. */
  private onlyBinding(name: string): PyNode | undefined {
    if (this.params.has(name)) return undefined;
    const own = this.own?.get(name);
    if (own) return own.length === 1 && own[0]!.replaces && own[0]!.node.type === 'assignment' ? own[0]!.right : undefined;
    const rights: PyNode[] = [];
    for (const stmt of this.fn?.tree.rootNode.namedChildren ?? []) {
      const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
      if (a?.type === 'assignment' && a.childForFieldName('left')?.text === name && a.childForFieldName('right')) rights.push(a.childForFieldName('right')!);
    }
    return rights.length === 1 ? rights[0] : undefined;
  }

  /**
   * The value of a name at one use: from the assignments that reach it there when some assignment
   * certainly runs before it (`python-reaching.ts`), else as bound over the whole function.
   */
  private lookupAt(id: PyNode, depth: number): ArgValue | undefined {
    const v = this.reachingValue(id, depth);
    const check = this.charChecks.get(id.text)?.find((c) => c.from <= id.startIndex && id.endIndex <= c.to);
    if (!check || !v?.from.length) return v;
    // Held to the check's set; a filter before it may have narrowed it further.
    const chars = v.charset === undefined ? check.chars : [...v.charset].filter((c) => check.chars.includes(c)).join('');
    return { ...v, charset: chars };
  }

  private reachingValue(id: PyNode, depth: number): ArgValue | undefined {
    const name = id.text;
    const list = this.assigned?.get(name);
    if (!list || this.allowListed.has(name)) return this.lookup(name);
    if (this.atUse.has(id.id)) return this.atUse.get(id.id) ?? this.lookup(name);
    this.atUse.set(id.id, undefined);
    const bound = (n: string, from: number, to: number) => (this.assigned?.get(n) ?? []).some((a) => a.node.startIndex >= from && a.node.startIndex < to);
    const reaching = reachingAssignments(id, list, bound);
    let out: ArgValue | undefined;
    if (reaching) {
      this.bindings.note(name);
      const v = alternatives(reaching.map((a) => keyed(a.node.type === 'assignment' ? a.node.childForFieldName('left') : null, this.value(a.right, depth + 1))));
      out = { ...v, text: name };
      // A list the function also fills with the model's own paths is not its own files, whatever it started as.
      if (this.ownFiles.get(name) ?? v.ownFile) out.ownFile = true;
      else delete out.ownFile;
    }
    this.atUse.set(id.id, out);
    return out ?? this.lookup(name);
  }

  private lookup(name: string): ArgValue | undefined {
    this.bindings.note(name);
    if (this.allowListed.has(name)) return { from: [], quoted: this.params.has(name) ? [name] : (this.env.get(name)?.from ?? []), text: name };
    const bound = this.env.get(name);
    if (this.params.has(name)) {
      const param: ArgValue = this.source?.param(name) ? { from: [name, `${MODEL_SOURCE}${name}`], text: name } : { from: [name], text: name, param: name };
      // A parameter the function also rebinds where no one binding certainly reaches the use (`for message in self.agent(message)`): either value.
      return bound && this.source ? { ...alternatives([param, { ...bound, text: name }]), text: name } : param;
    }
    if (bound) {
      const own = this.ownFiles.get(name) ?? bound.ownFile;
      const out: ArgValue = { ...bound, text: name };
      if (own) out.ownFile = true;
      else delete out.ownFile;
      return out;
    }
    if (this.parent) return this.parent.lookup(name);
    const c = this.constants.get(name);
    if (c !== undefined) return { from: [], constant: c, text: name };
    return undefined;
  }

  /** The value of an expression: which parameters reach it, and its constant shape. */
  value(node: PyNode | null | undefined, depth = 0): ArgValue {
    if (!node) return UNTAINTED;
    const text = clip(node.text);
    if (depth > 40) return { from: [], text };
    const v = (n: PyNode | null | undefined) => this.value(n, depth + 1);
    switch (node.type) {
      case 'identifier':
        return this.lookupAt(node, depth) ?? { from: [], text };
      case 'string': {
        const parts = node.namedChildren.filter((c): c is PyNode => !!c);
        if (!parts.some((c) => c.type === 'interpolation')) return { from: [], constant: pyStringValue(node) ?? '', text };
        let prefix = '';
        let open = true;
        // Whether an interpolation comes first, and the text after it until the next one (`?` in f"{url}?{q}").
        let leading = false;
        let after = '';
        const values: ArgValue[] = [];
        for (const c of parts) {
          if (c.type === 'interpolation') {
            const inner = v(c.childForFieldName('expression') ?? c.namedChildren[0]);
            if (!values.length && prefix === '') leading = true;
            values.push(inner);
            // A value a parameter reaches still starts with its own fixed part (f"{BASE}{path}" with path f"/v2/{t}"): the start ends there.
            if (inner.from.length) {
              if (open) prefix += inner.prefix ?? '';
              open = false;
            } else if (open) prefix += inner.constant ?? '{…}';
          } else if (c.type === 'string_content' || c.type === 'escape_sequence') {
            if (open) prefix += c.text;
            if (values.length === 1) after += c.text;
          }
        }
        const out: ArgValue = { ...merge(values, text), prefix };
        if (leading && prefix === '') Object.assign(out, startingWith(values[0], after));
        const chars = joinedCharset([...parts.filter((c) => c.type === 'string_content').map((c) => ({ from: [], constant: c.text, text: '' })), ...values]);
        if (chars !== undefined) out.charset = chars;
        return out;
      }
      case 'concatenated_string':
      case 'binary_operator': {
        const left = node.type === 'binary_operator' ? node.childForFieldName('left') : node.namedChildren[0];
        const right = node.type === 'binary_operator' ? node.childForFieldName('right') : node.namedChildren[node.namedChildren.length - 1];
        const op = node.type === 'binary_operator' ? node.childForFieldName('operator')?.text : '+';
        const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c): c is PyNode => !!c).map(v) : [v(left), v(right)];
        const out = merge(parts, text);
        const chars = op === '+' ? joinedCharset(parts) : undefined;
        if (chars !== undefined) out.charset = chars;
        if (!out.from.length) {
          if (parts.every((p) => p.constant !== undefined) && op === '+') out.constant = parts.map((p) => p.constant).join('');
          return out;
        }
        const [l, r] = [parts[0]!, parts[parts.length - 1]!];
        if (op === '/') {
          // Path(ROOT) / name: an absolute `name` replaces ROOT, so this is not confined either.
          out.prefix = '';
          if (fixesName(r)) out.fixedName = true;
        } else if (op === '%') out.prefix = (l.constant ?? '').split('%')[0];
        else if (!l.from.length) out.prefix = (l.constant ?? '{…}') + (r.prefix ?? '');
        else {
          out.prefix = l.prefix ?? '';
          if (op === '+') Object.assign(out, startingWith(l, r.from.length ? (r.prefix ?? '') : (r.constant ?? '{…}')));
        }
        return out;
      }
      case 'call':
        return callValue(this.calls, node, text, v);
      case 'attribute': {
        const obj = node.childForFieldName('object');
        const own = this.lookup(node.text);
        if (own) return { ...own, text };
        const step = FLOW_STATE.exec(node.text)?.[1];
        const carried = step === undefined ? undefined : this.source?.stateKey?.(`self.state.${step}`);
        if (carried !== undefined) return { from: [`${MODEL_SOURCE}${carried} through self.state.${step}`], text };
        if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) return { from: [], text };
        const base = v(obj);
        // An identifier an object made itself (`call.conversation_id` of `OutboundCall(to_phone=n)`) is not what built it.
        const attr = node.childForFieldName('attribute')?.text ?? '';
        if (base.builtWith && !base.builtWith.includes(attr) && MADE_ID.test(attr)) return { from: [], text };
        const out: ArgValue = base.from.length ? { from: base.from, quoted: base.quoted, text } : { from: [], quoted: base.quoted, text };
        // `tmp.name` of a NamedTemporaryFile is the code's own file too.
        if (base.ownFile) out.ownFile = true;
        return out;
      }
      case 'subscript': {
        const index = node.childForFieldName('subscript');
        const carried = this.stateRead(node.childForFieldName('value'), index);
        if (carried) return { from: [carried], text };
        const base = v(node.childForFieldName('value'));
        // ["rg", pattern][0] is rare; an item of the model's value is the model's.
        if (base.items && index?.type === 'integer') return base.items[Number(index.text)] ?? { from: base.from, text };
        // A dict's entry the code set by its key (`params["command"]` of `{"command": c}`) is that entry.
        const key = index?.type === 'string' ? pyStringValue(index) : undefined;
        if (key !== undefined && base.props && Object.hasOwn(base.props, key)) return { ...base.props[key]!, text };
        // …and one of a dict parameter is that entry of what the caller passed.
        if (key !== undefined && base.param && base.entry === undefined && !base.props && base.from.length === 1) return { from: base.from, text, param: base.param, entry: key };
        return base.ownFile ? { from: base.from, quoted: base.quoted, text, ownFile: true } : { from: base.from, quoted: base.quoted, text };
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const items = node.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment').map(v);
        return { ...merge(items, text), items };
      }
      case 'dictionary': {
        const props: Record<string, ArgValue> = {};
        const values: ArgValue[] = [];
        let openProps = false;
        for (const pair of node.namedChildren) {
          if (!pair || pair.type === 'comment') continue;
          if (pair.type === 'pair') {
            const key = pair.childForFieldName('key');
            const value = v(pair.childForFieldName('value'));
            values.push(value);
            const k = key ? pyStringValue(key) : undefined;
            if (k !== undefined) props[k] = value;
            else openProps = true;
          } else {
            values.push(v(pair));
            openProps = true;
          }
        }
        return { ...merge(values, text), props, ...(openProps ? { openProps } : {}) };
      }
      case 'parenthesized_expression':
      case 'await':
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument':
        return { ...v(node.type === 'keyword_argument' ? node.childForFieldName('value') : node.namedChildren[0]), text };
      case 'conditional_expression':
      case 'boolean_operator': {
        const parts = node.namedChildren.filter((c): c is PyNode => !!c);
        const branches = node.type === 'conditional_expression' ? [parts[0], parts[2]] : parts;
        return { ...alternatives(branches.map(v)), text };
      }
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return { from: [], constant: node.text, text };
      case 'comparison_operator':
      case 'not_operator':
      case 'lambda':
        return { from: [], text };
      default: {
        // Comprehensions, generator expressions and the rest: whatever names they read.
        const values: ArgValue[] = [];
        for (const id of node.descendantsOfType('identifier')) {
          const found = id ? this.lookupAt(id, depth) : undefined;
          if (found) values.push(found);
        }
        return merge(values, text);
      }
    }
  }

  /**
   * The reply a read of the graph's state (`state["generation"]`, `state.get("generation")`) yields,
   * as a `from` entry, when a node of the module wrote one under that key.
   */
  private stateRead(base: PyNode | null, key: PyNode | null): string | undefined {
    if (base?.type !== 'identifier' || !this.stateParams.has(base.text) || key?.type !== 'string') return undefined;
    const k = pyStringValue(key);
    const reply = k === undefined ? undefined : this.source?.stateKey?.(k);
    return reply === undefined ? undefined : `${MODEL_SOURCE}${reply} through state[${JSON.stringify(k)}]`;
  }

  /** Arguments of a call by position and keyword, and the receiver of a method call under `self`. */
  argv(call: PyNode): Record<string, ArgValue> {
    const out: Record<string, ArgValue> = {};
    const fnNode = call.childForFieldName('function');
    if (fnNode?.type === 'attribute') out.self = this.value(fnNode.childForFieldName('object'));
    const args = call.childForFieldName('arguments');
    let i = 0;
    for (const a of args?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        if (name) out[name] = this.value(a.childForFieldName('value'));
      } else if (a.type === 'dictionary_splat') {
        out['**'] = this.value(a);
      } else out[String(i++)] = this.value(a);
    }
    return out;
  }
}
