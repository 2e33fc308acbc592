/**
 * Data flow inside one TypeScript/JavaScript function, the counterpart of python-flow.ts: which
 * parameters reach each argument of each call, through local variables, template strings,
 * concatenation, property access and ordinary calls; sanitisers; the constant shape around them.
 */
import type { ts as TsNamespace } from 'ts-morph';
import type { Ts } from '../../parsers/typescript.js';
import { alternatives, clip, merge, UNTAINTED } from './flow.js';
import type { ArgValue } from './model.js';

type Node = TsNamespace.Node;

const SANITISERS = /^(?:shell-quote\.quote|shellQuote|shellEscape|quote|escapeShellArg|shescape\.\w+|path\.basename|Number|parseInt|parseFloat|Boolean|encodeURIComponent|encodeURI|String\(\)\.length|sanitize\w*|validate\w*|assert\w*|ensure\w*|check\w*|safe\w+)$/;

export function bindingNames(ts: Ts, name: TsNamespace.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) out.push(...bindingNames(ts, el.name));
  return out;
}

export function paramNames(ts: Ts, fn: Node): string[][] {
  if (!(ts.isFunctionLike(fn) && 'parameters' in fn)) return [];
  return (fn as TsNamespace.SignatureDeclarationBase).parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).map((p) => bindingNames(ts, p.name));
}

export class TsScope {
  private readonly env = new Map<string, ArgValue>();
  private readonly params: Set<string>;
  private readonly validated = new Set<string>();

  constructor(
    private readonly ts: Ts,
    private readonly sf: TsNamespace.SourceFile,
    fn: Node | undefined,
    private readonly resolve: (d: string) => string,
    private readonly dotted: (n: Node) => string,
    private readonly constants: Map<string, string>,
    private readonly parent?: TsScope,
  ) {
    this.params = new Set(fn ? paramNames(ts, fn).flat() : []);
    if (fn) this.bind(fn);
  }

  private bind(fn: Node): void {
    const { ts } = this;
    const pairs: [string[], Node][] = [];
    const stack: Node[] = [];
    ts.forEachChild(fn, (c) => {
      stack.push(c);
    });
    while (stack.length) {
      const n = stack.pop()!;
      if (ts.isVariableDeclaration(n) && n.initializer) pairs.push([bindingNames(ts, n.name), n.initializer]);
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) pairs.push([[n.left.text], n.right]);
      else if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && ts.isVariableDeclarationList(n.initializer)) {
        for (const d of n.initializer.declarations) pairs.push([bindingNames(ts, d.name), n.expression]);
      }
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    // A containment or allow-list check confines what it tests: `p.startsWith(root)`, `path.relative(root, p)`, `ALLOWED.includes(cmd)`.
    const walk: Node[] = [fn];
    while (walk.length) {
      const n = walk.pop()!;
      if (ts.isIfStatement(n)) {
        const inCond: Node[] = [n.expression];
        while (inCond.length) {
          const c = inCond.pop()!;
          if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression)) {
            const method = c.expression.name.text;
            const target = method === 'startsWith' ? c.expression.expression : method === 'includes' || method === 'has' ? c.arguments[0] : method === 'relative' ? c.arguments[1] : undefined;
            if (target && ts.isIdentifier(target)) this.validated.add(target.text);
          }
          ts.forEachChild(c, (x) => {
            inCond.push(x);
          });
        }
      }
      ts.forEachChild(n, (c) => {
        walk.push(c);
      });
    }
    pairs.sort((a, b) => a[1].pos - b[1].pos);
    for (let pass = 0; pass < 3; pass++) {
      const next = new Map<string, ArgValue[]>();
      for (const [names, right] of pairs) {
        const value = this.value(right);
        for (const name of names) {
          const list = [...(next.get(name) ?? []), value];
          next.set(name, list);
          this.env.set(name, alternatives(list));
        }
      }
    }
  }

  private lookup(name: string): ArgValue | undefined {
    if (this.validated.has(name) && (this.params.has(name) || this.env.has(name))) return { from: [], quoted: this.params.has(name) ? [name] : (this.env.get(name)?.from ?? []), text: name };
    if (this.params.has(name)) return { from: [name], text: name };
    const bound = this.env.get(name);
    if (bound) return { ...bound, text: name };
    if (this.parent) return this.parent.lookup(name);
    const c = this.constants.get(name);
    return c !== undefined ? { from: [], constant: c, text: name } : undefined;
  }

  value(node: Node | undefined, depth = 0): ArgValue {
    const { ts } = this;
    if (!node) return UNTAINTED;
    const text = clip(node.getText(this.sf));
    if (depth > 40) return { from: [], text };
    const v = (n: Node | undefined) => this.value(n, depth + 1);
    if (ts.isIdentifier(node)) return this.lookup(node.text) ?? { from: [], text };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { from: [], constant: node.text, text };
    if (ts.isNumericLiteral(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) {
      return { from: [], constant: node.getText(this.sf), text };
    }
    if (ts.isTemplateExpression(node)) {
      let prefix = node.head.text;
      let open = true;
      const values: ArgValue[] = [];
      for (const span of node.templateSpans) {
        const inner = v(span.expression);
        values.push(inner);
        if (inner.from.length) open = false;
        else if (open) prefix += inner.constant ?? '{…}';
        if (open) prefix += span.literal.text;
      }
      return { ...merge(values, text), prefix };
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const [l, r] = [v(node.left), v(node.right)];
      if (op === ts.SyntaxKind.PlusToken) {
        const out = merge([l, r], text);
        if (!out.from.length) {
          if (l.constant !== undefined && r.constant !== undefined) out.constant = l.constant + r.constant;
          return out;
        }
        out.prefix = l.from.length ? (l.prefix ?? '') : (l.constant ?? '{…}') + (r.prefix ?? '');
        return out;
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return { ...alternatives([l, r]), text };
      return { from: [], text };
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = this.resolve(this.dotted(node.expression));
      const last = callee.slice(callee.lastIndexOf('.') + 1);
      const values = (node.arguments ?? []).map((a) => v(a));
      const receiver = ts.isPropertyAccessExpression(node.expression) ? v(node.expression.expression) : UNTAINTED;
      const all = merge([...values, receiver], text);
      if (SANITISERS.test(callee) || SANITISERS.test(last)) return { from: [], quoted: [...new Set([...all.from, ...(all.quoted ?? [])])], text };
      if (/^(?:path|path\/posix)\.(?:join|resolve)$/.test(callee) && all.from.length) {
        // resolve(root, p) with an absolute p leaves root; join(root, p) with `..` does too.
        all.prefix = values[0]?.from.length ? values[0]?.prefix : '';
        return all;
      }
      if (/^(?:String|url\.format)$/.test(callee) && values[0]) return { ...values[0], text };
      if (last === 'URL' && values.length > 1) return { ...all, prefix: '' };
      if (receiver.from.length && !values.some((x) => x.from.length)) return { ...receiver, text };
      return all;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return { from: [], text };
      const base = v(node.expression);
      if (ts.isElementAccessExpression(node) && base.items && ts.isNumericLiteral(node.argumentExpression)) return base.items[Number(node.argumentExpression.text)] ?? base;
      if (ts.isPropertyAccessExpression(node) && base.props?.[node.name.text]) return base.props[node.name.text]!;
      return { from: base.from, quoted: base.quoted, text };
    }
    if (ts.isArrayLiteralExpression(node)) {
      const items = node.elements.map((e) => v(e));
      return { ...merge(items, text), items };
    }
    if (ts.isObjectLiteralExpression(node)) {
      const props: Record<string, ArgValue> = {};
      const values: ArgValue[] = [];
      for (const p of node.properties) {
        let value: ArgValue | undefined;
        let key: string | undefined;
        if (ts.isPropertyAssignment(p)) {
          value = v(p.initializer);
          key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
        } else if (ts.isShorthandPropertyAssignment(p)) {
          value = v(p.name);
          key = p.name.text;
        } else if (ts.isSpreadAssignment(p)) value = v(p.expression);
        if (!value) continue;
        values.push(value);
        if (key) props[key] = value;
      }
      return { ...merge(values, text), props };
    }
    if (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSpreadElement(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      return { ...v(node.expression), text };
    }
    if (ts.isConditionalExpression(node)) return { ...alternatives([v(node.whenTrue), v(node.whenFalse)]), text };
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isTypeOfExpression(node)) return { from: [], text };
    const values: ArgValue[] = [];
    const stack: Node[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (ts.isIdentifier(n)) {
        const found = this.lookup(n.text);
        if (found) values.push(found);
      }
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return merge(values, text);
  }

  argv(call: TsNamespace.CallExpression | TsNamespace.NewExpression): Record<string, ArgValue> {
    const out: Record<string, ArgValue> = {};
    if (this.ts.isPropertyAccessExpression(call.expression)) out.self = this.value(call.expression.expression);
    (call.arguments ?? []).forEach((a, i) => {
      out[String(i)] = this.value(a);
    });
    return out;
  }
}
