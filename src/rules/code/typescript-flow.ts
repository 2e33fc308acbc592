/**
 * Data flow inside one TypeScript/JavaScript function, the counterpart of python-flow.ts: which
 * parameters reach each argument of each call, through local variables, template strings,
 * concatenation, property access and ordinary calls; sanitisers; the constant shape around them.
 */
import { forEachChild, walk } from '../../parsers/typescript.js';
import { alternatives, Bindings, charsetUnion, clip, merge, MODEL_SOURCE, startingWith, UNTAINTED, type ModelSource } from './flow.js';
import { negatedClassChars } from './python-charset.js';
import type { ArgValue } from './model.js';
import { argumentsOf, functionOf, isStringLiteral, nameOf, sourceOf, templateText, unchain, type CallLike, type Node } from './typescript-syntax.js';
import { CONFINING_WORDS } from './vocabulary.js';

// `ensure…` confines a value only when its name says so (CONFINING_WORDS, capitalised: `ensureSafePath`).
const SANITISERS = new RegExp(
  String.raw`^(?:shell-quote\.quote|shellQuote|shellEscape|quote|escapeShellArg|shescape\.\w+|path\.basename|Number|parseInt|parseFloat|Boolean|encodeURIComponent|encodeURI|String\(\)\.length|sanitize\w*|validate\w*|assert\w*|ensure\w*(?:${CONFINING_WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('|')})\w*|check\w*|safe\w+)$`,
);

/** Names a binding pattern binds: `a`, `{ a, b: c }`, `[a, ...rest]`, `a = 1`. */
export function bindingNames(name: Node | null): string[] {
  if (!name) return [];
  switch (name.type) {
    case 'Identifier':
      return [name.name];
    case 'ObjectPattern':
      return name.properties.flatMap((p) => bindingNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return name.elements.flatMap((e) => bindingNames(e));
    case 'AssignmentPattern':
      return bindingNames(name.left);
    case 'RestElement':
      return bindingNames(name.argument);
    case 'TSParameterProperty':
      return bindingNames(name.parameter);
    default:
      return [];
  }
}

export function paramNames(fn: Node): string[][] {
  const f = functionOf(fn);
  if (!f) return [];
  return f.params.filter((p) => !(p.type === 'Identifier' && p.name === 'this')).map((p) => bindingNames(p));
}

/** Calls that send an HTTP request to the URL they are given first. */
const HTTP_CALLS = /^(?:fetch|node-fetch|cross-fetch|axios(?:\.(?:post|request))?|got(?:\.post)?|ky\.post|undici\.(?:fetch|request))$/;

export class TsScope {
  private readonly bindings = new Bindings();
  private readonly env = this.bindings.env;
  private readonly params: Set<string>;
  private readonly validated = new Set<string>();
  /** Names a check held to a set of characters before anything else ran (`if (!/^[\d+\-*\/() ]+$/.test(expr)) return`). */
  private readonly charsets = new Map<string, string>();

  constructor(
    private readonly text: string,
    fn: Node | undefined,
    private readonly resolve: (d: string) => string,
    private readonly dotted: (n: Node) => string,
    private readonly constants: Map<string, string>,
    private readonly parent?: TsScope,
    /** What a function of this module returns, by callee (`this.ask(…)`); only scopes that follow a model's reply look. */
    private readonly returnShape?: (callee: string) => ArgValue | undefined,
    /** Set only on scopes that follow a model's reply; the scopes of the code model leave it out. */
    private readonly source?: ModelSource,
  ) {
    this.params = new Set(fn ? paramNames(fn).flat() : []);
    if (fn) this.bind(fn);
    if (fn && source) this.handed = this.thenReply(fn);
  }

  /** Replies a promise's callback is handed (`llm.invoke(q).then((res) => …)`): its first parameter's names → sources. */
  private handed?: Map<string, string[]>;

  private thenReply(fn: Node): Map<string, string[]> | undefined {
    const call = fn.parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || call.callee.type !== 'MemberExpression' || call.callee.computed) return undefined;
    if (nameOf(call.callee.property) !== 'then' || !this.parent) return undefined;
    const replies = this.parent.value(call.callee.object).from.filter((f) => f.startsWith(MODEL_SOURCE));
    return replies.length ? new Map((paramNames(fn)[0] ?? []).map((name) => [name, replies])) : undefined;
  }

  private bind(fn: Node): void {
    const pairs: [string[], Node][] = [];
    forEachChild(fn, (child) =>
      walk(child, (n) => {
        if (n.type === 'VariableDeclarator' && n.init) pairs.push([bindingNames(n.id), n.init]);
        else if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'Identifier') pairs.push([[n.left.name], n.right]);
        // A reply gathered piece by piece (`for await (const delta of result.textStream) code += delta`).
        else if (this.source && n.type === 'AssignmentExpression' && n.operator === '+=' && n.left.type === 'Identifier') pairs.push([[n.left.name], n.right]);
        else if ((n.type === 'ForOfStatement' || n.type === 'ForInStatement') && n.left.type === 'VariableDeclaration') {
          for (const d of n.left.declarations) pairs.push([bindingNames(d.id), n.right]);
        } else if (n.type === 'IfStatement') {
          this.validate(n.test);
          this.guard(n);
        }
      }),
    );
    pairs.sort((a, b) => a[1].start - b[1].start);
    this.bindings.bind(pairs, (right) => this.value(right));
  }

  /** A containment or allow-list check confines what it tests: `p.startsWith(root)`, `path.relative(root, p)`, `ALLOWED.includes(cmd)`. */
  private validate(condition: Node): void {
    walk(condition, (c) => {
      if (c.type !== 'CallExpression' || c.callee.type !== 'MemberExpression' || c.callee.computed) return;
      const method = nameOf(c.callee.property);
      const target = method === 'startsWith' ? c.callee.object : method === 'includes' || method === 'has' ? c.arguments[0] : method === 'relative' ? c.arguments[1] : undefined;
      if (target?.type === 'Identifier') this.validated.add(target.name);
    });
  }

  /** `if (!/^[0-9+\-*\/() ]+$/.test(x)) return …`: past the check, `x` holds only the class's characters. */
  private guard(n: Node & { type: 'IfStatement' }): void {
    const t = n.test;
    if (t.type !== 'UnaryExpression' || t.operator !== '!' || t.argument.type !== 'CallExpression') return;
    const call = t.argument;
    if (call.callee.type !== 'MemberExpression' || call.callee.computed || nameOf(call.callee.property) !== 'test') return;
    const target = call.arguments[0];
    const pattern = regexOf(call.callee.object);
    const m = pattern === undefined ? null : /^\^\[([^\]^][^\]]*)\][+*]\$$/.exec(pattern);
    const chars = m ? negatedClassChars(`[^${m[1]}]+`) : undefined;
    if (chars === undefined || target?.type !== 'Identifier' || !exits(n.consequent)) return;
    this.charsets.set(target.name, chars);
  }

  private lookup(name: string): ArgValue | undefined {
    const held = this.charsets.get(name);
    const found = this.lookupName(name);
    return held !== undefined && found?.from.length ? { ...found, charset: found.charset === undefined ? held : [...found.charset].filter((c) => held.includes(c)).join('') } : found;
  }

  private lookupName(name: string): ArgValue | undefined {
    this.bindings.note(name);
    if (this.validated.has(name) && (this.params.has(name) || this.env.has(name))) return { from: [], quoted: this.params.has(name) ? [name] : (this.env.get(name)?.from ?? []), text: name };
    if (this.params.has(name)) {
      const from = this.source?.param(name) ? [name, `${MODEL_SOURCE}${name}`] : [name];
      return { from: [...from, ...(this.handed?.get(name) ?? [])], text: name };
    }
    const bound = this.env.get(name);
    if (bound) return { ...bound, text: name };
    if (this.parent) return this.parent.lookup(name);
    const c = this.constants.get(name);
    return c !== undefined ? { from: [], constant: c, text: name } : undefined;
  }

  value(node: Node | null | undefined, depth = 0): ArgValue {
    if (!node) return UNTAINTED;
    node = unchain(node);
    const text = clip(sourceOf(this.text, node));
    if (depth > 40) return { from: [], text };
    const v = (n: Node | null | undefined) => this.value(n, depth + 1);
    switch (node.type) {
      case 'Identifier':
        return this.lookup(node.name) ?? { from: [], text };
      case 'Literal':
        if (isStringLiteral(node)) return { from: [], constant: node.value, text };
        if (typeof node.value === 'number' || typeof node.value === 'boolean' || (node.value === null && !('regex' in node) && !('bigint' in node))) {
          return { from: [], constant: sourceOf(this.text, node), text };
        }
        break;
      case 'TemplateLiteral': {
        if (!node.expressions.length) return { from: [], constant: templateText(node, 0), text };
        let prefix = templateText(node, 0);
        let open = true;
        const values: ArgValue[] = [];
        node.expressions.forEach((e, i) => {
          const inner = v(e);
          values.push(inner);
          // A value a parameter reaches still starts with its own fixed part (`${BASE}${path}` with path `/v2/${t}`): the start ends there.
          if (inner.from.length) {
            if (open) prefix += inner.prefix ?? '';
            open = false;
          } else if (open) prefix += inner.constant ?? '{…}';
          if (open) prefix += templateText(node, i + 1);
        });
        const out: ArgValue = { ...merge(values, text), prefix };
        if (prefix === '') Object.assign(out, startingWith(values[0], templateText(node, 1)));
        // Text held to a set of characters where it cannot join a name of the template's (`return (${expr})`, `return ${expr}`): the set stands.
        const held = values.every((x, i) => !x.from.length || (x.charset !== undefined && STANDS_ALONE_BEFORE.test(templateText(node, i)) && STANDS_ALONE_AFTER.test(templateText(node, i + 1))));
        if (out.from.length && held) out.charset = charsetUnion(...values.filter((x) => x.from.length).map((x) => x.charset!));
        return out;
      }
      case 'BinaryExpression': {
        const [l, r] = [v(node.left), v(node.right)];
        if (node.operator !== '+') return { from: [], text };
        const out = merge([l, r], text);
        if (!out.from.length) {
          if (l.constant !== undefined && r.constant !== undefined) out.constant = l.constant + r.constant;
          return out;
        }
        out.prefix = l.from.length ? (l.prefix ?? '') : (l.constant ?? '{…}') + (r.prefix ?? '');
        Object.assign(out, startingWith(l, r.from.length ? (r.prefix ?? '') : (r.constant ?? '{…}')));
        return out;
      }
      case 'LogicalExpression': {
        const [l, r] = [v(node.left), v(node.right)];
        return node.operator === '&&' ? { from: [], text } : { ...alternatives([l, r]), text };
      }
      case 'AssignmentExpression':
      case 'SequenceExpression':
        return { from: [], text };
      case 'CallExpression':
      case 'NewExpression': {
        const callee = this.resolve(this.dotted(node.callee));
        const last = callee.slice(callee.lastIndexOf('.') + 1);
        const values = node.arguments.map((a) => v(a));
        const receiver = node.callee.type === 'MemberExpression' && !node.callee.computed ? v(node.callee.object) : UNTAINTED;
        const all = merge([...values, receiver], text);
        const replies = this.source ? this.replies(callee, values[0]) : [];
        if (replies.length) return { ...all, from: [...new Set([...all.from, ...replies])] };
        // A reply written into code as a string literal is data there (`eval(`show(${JSON.stringify(reply)})`)`).
        if (this.source && callee === 'JSON.stringify') return { from: [], quoted: [...new Set([...all.from, ...(all.quoted ?? [])])], text };
        if (SANITISERS.test(callee) || SANITISERS.test(last)) return { from: [], quoted: [...new Set([...all.from, ...(all.quoted ?? [])])], text };
        if (/^(?:path|path\/posix)\.(?:join|resolve)$/.test(callee) && all.from.length) {
          // resolve(root, p) with an absolute p leaves root; join(root, p) with `..` does too.
          all.prefix = values[0]?.from.length ? values[0]?.prefix : '';
          return all;
        }
        if (/^(?:String|url\.format)$/.test(callee) && values[0]) return { ...values[0], text };
        // `s.replace(/[^0-9+\-*\/() ]/g, '')`: what is left holds only the class's characters (and the replacement's).
        if ((last === 'replace' || last === 'replaceAll') && receiver.from.length && !values.some((x) => x.from.length)) {
          const re = regexOf(node.arguments[0]);
          const chars = re !== undefined && /g/.test(regexFlags(node.arguments[0])) ? negatedClassChars(re) : undefined;
          if (chars !== undefined && values[1]?.constant !== undefined) {
            const kept = charsetUnion(chars, values[1].constant);
            return { ...receiver, text, charset: receiver.charset === undefined ? kept : [...receiver.charset].filter((c) => kept.includes(c)).join('') };
          }
        }
        if (last === 'URL' && values.length > 1) return { ...all, prefix: '' };
        if (receiver.from.length && !values.some((x) => x.from.length)) return { ...receiver, text };
        return all;
      }
      case 'MemberExpression': {
        if (node.object.type === 'ThisExpression') return { from: [], text };
        const base = v(node.object);
        if (node.computed && base.items && node.property.type === 'Literal' && typeof node.property.value === 'number') return base.items[node.property.value] ?? base;
        const name = node.computed ? undefined : nameOf(node.property);
        // Own properties only: `x.constructor` of an object literal is not a value the literal holds.
        if (name !== undefined && base.props && Object.hasOwn(base.props, name)) return base.props[name]!;
        return { from: base.from, quoted: base.quoted, text };
      }
      case 'ArrayExpression': {
        const items = node.elements.map((e) => (e ? v(e) : merge([], '')));
        return { ...merge(items, text), items };
      }
      case 'ObjectExpression': {
        // No prototype: a key such as `__proto__` or `constructor` is a key like any other.
        const props: Record<string, ArgValue> = Object.create(null) as Record<string, ArgValue>;
        const values: ArgValue[] = [];
        let openProps = false;
        for (const p of node.properties) {
          let value: ArgValue | undefined;
          let key: string | undefined;
          if (p.type === 'SpreadElement') value = v(p.argument);
          else if (p.kind === 'init' && !p.method) {
            value = v(p.value);
            key = p.computed || p.key.type === 'PrivateIdentifier' ? undefined : nameOf(p.key);
          }
          if (!value) continue;
          values.push(value);
          if (key) props[key] = value;
          else openProps = true;
        }
        return { ...merge(values, text), props, ...(openProps ? { openProps } : {}) };
      }
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        return { ...v(node.expression), text };
      case 'AwaitExpression':
      case 'SpreadElement':
        return { ...v(node.argument), text };
      case 'ConditionalExpression':
        return { ...alternatives([v(node.consequent), v(node.alternate)]), text };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { from: [], text };
      case 'UnaryExpression':
        if (node.operator !== 'void' && node.operator !== 'delete') return { from: [], text };
        break;
      case 'UpdateExpression':
        if (node.prefix) return { from: [], text };
        break;
    }
    const values: ArgValue[] = [];
    walk(node, (n) => {
      if (n.type === 'Identifier' || n.type === 'JSXIdentifier') {
        const found = this.lookup(n.name);
        if (found) values.push(found);
      }
    });
    return merge(values, text);
  }

  /**
   * The replies a call hands back: a completion call's, a request to a model's HTTP API
   * (`fetch('https://api.openai.com/v1/chat/completions', …)`), or one a helper of this module asked
   * for (`const reply = await this.ask(prompt)`).
   */
  private replies(callee: string, first: ArgValue | undefined): string[] {
    const out = this.source?.call(callee) ? [`${MODEL_SOURCE}${clip(callee)}(…)`] : [];
    const url = first?.constant ?? first?.prefix;
    if (url && HTTP_CALLS.test(callee) && this.source?.request?.(url)) out.push(`${MODEL_SOURCE}${callee}(${clip(url)})`);
    const shape = this.returnShape?.(callee) ?? this.parent?.returnShape?.(callee);
    for (const f of shape?.from ?? []) if (f.startsWith(MODEL_SOURCE) && !out.includes(f)) out.push(f);
    return out;
  }

  argv(call: CallLike): Record<string, ArgValue> {
    const out: Record<string, ArgValue> = {};
    if (call.type !== 'ImportExpression' && call.callee.type === 'MemberExpression' && !call.callee.computed) out.self = this.value(call.callee.object);
    argumentsOf(call).forEach((a, i) => {
      out[String(i)] = this.value(a);
    });
    return out;
  }
}

/**
 * Template text around an interpolation that cannot make it part of a name or a call: before it,
 * nothing, an opening parenthesis, a comma, an operator or `return`; after it, nothing, a closing
 * parenthesis, a semicolon or an operator (`foo ${x}` with `x` = `(1)` would call `foo`).
 */
const STANDS_ALONE_BEFORE = /(?:^|[(,;=+\-*/%<>!&|?:]|\breturn)\s*$/;
const STANDS_ALONE_AFTER = /^\s*(?:$|[),;+\-*/%<>=!&|?:])/;

/** A regular-expression literal's pattern. */
function regexOf(node: Node | null | undefined): string | undefined {
  const r = (node as { type?: string; regex?: { pattern: string } } | null | undefined)?.regex;
  return node?.type === 'Literal' && r ? r.pattern : undefined;
}

function regexFlags(node: Node | null | undefined): string {
  return (node as { regex?: { flags: string } } | null | undefined)?.regex?.flags ?? '';
}

/** A branch that leaves the function: a return or throw, or a block that starts with one. */
function exits(node: Node): boolean {
  if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement') return true;
  return node.type === 'BlockStatement' && node.body.length > 0 && (node.body[0]!.type === 'ReturnStatement' || node.body[0]!.type === 'ThrowStatement');
}
