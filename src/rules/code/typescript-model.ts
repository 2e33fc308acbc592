/**
 * Builds the CodeModel of one TypeScript/JavaScript file from a syntax-only TypeScript AST:
 * imports and requires, functions, tools per framework, settings in object literals, env reads.
 */
import type { ts as TsNamespace } from 'ts-morph';
import { parseTypeScript, type Ts } from '../../parsers/typescript.js';
import { tsFramework } from './frameworks.js';
import { within } from './model.js';
import { paramNames, TsScope } from './typescript-flow.js';
import type { AgentDecl, AgentRef, Body, CallSite, CodeModel, EnvRead, Setting, Text, ToolDef } from './model.js';
import { bindingOf, tsRunsOf } from './typescript-agents.js';
import { SETTING_NAMES } from './vocabulary.js';
import { toolFromCall, type TsToolContext } from './typescript-tools.js';
import { propName } from './typescript-syntax.js';

type Node = TsNamespace.Node;

export async function typescriptModel(fileName: string, text: string): Promise<{ ok: true; model: CodeModel } | { ok: false; error: string }> {
  const parsed = await parseTypeScript(fileName, text);
  if (!parsed.ok) return parsed;
  try {
    const model = new Builder(parsed.ts, parsed.sourceFile).build();
    if (parsed.syntaxError) model.syntaxError = parsed.syntaxError;
    return { ok: true, model };
  } catch (err) {
    return { ok: false, error: err instanceof RangeError ? 'too deeply nested to analyse' : `analysis failed: ${(err as Error).message}` };
  }
}

class Builder {
  private readonly aliases = new Map<string, string>();
  private readonly frameworks = new Set<string>();
  private readonly calls: (CallSite & { node: TsNamespace.CallExpression | TsNamespace.NewExpression })[] = [];
  private readonly strings: Text[] = [];
  private readonly functionNodes = new Map<string, Node>();
  private readonly settings: Setting[] = [];
  private readonly envReads: EnvRead[] = [];
  private readonly scopes = new Map<Node, TsScope>();
  private readonly constants = new Map<string, string>();
  /** Names imported from relative modules, as agent references for the delegation graph. */
  private readonly localImports = new Map<string, AgentRef>();
  /** Names imported from relative modules (and re-exported ones): name → module and exported name. */
  private readonly imports = new Map<string, { module: string; name: string }>();

  constructor(
    private readonly ts: Ts,
    private readonly sf: TsNamespace.SourceFile,
  ) {}

  build(): CodeModel {
    const { ts } = this;
    // One iterative walk (deep nesting must not overflow the stack).
    const stack: Node[] = [this.sf];
    while (stack.length) {
      const node = stack.pop()!;
      this.visit(node);
      const children: Node[] = [];
      ts.forEachChild(node, (c) => {
        children.push(c);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    for (const c of this.calls) {
      const head = c.callee.split('.')[0]!;
      const from = this.imports.get(head);
      if (from && from.module !== '' && /^[\w$.]+$/.test(c.callee)) {
        c.imported = { module: from.module, name: from.name === '*' ? c.callee.slice(head.length + 1) : [from.name, ...c.callee.split('.').slice(1)].join('.') };
      }
      c.callee = this.resolve(c.callee);
    }
    for (const stmt of this.sf.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isStringLiteral(d.initializer) || ts.isNoSubstitutionTemplateLiteral(d.initializer))) this.constants.set(d.name.text, d.initializer.text);
      }
    }
    for (const c of this.calls) {
      const scope = this.scopeFor(c.node);
      if (scope) c.argv = scope.argv(c.node);
    }
    const functions = new Map<string, Body>();
    for (const [name, node] of this.functionNodes) functions.set(name, this.bodyOf(node));
    for (const body of new Set(functions.values())) {
      for (const call of body.calls) {
        const plain = call.callee.replace(/^this\./, '');
        if (functions.has(plain) && !plain.includes('.')) call.local = plain;
      }
    }
    const frameworkList = [...this.frameworks];
    const primary = frameworkList.find((f) => f !== 'mcp') ?? frameworkList[0] ?? 'unknown';
    const tools: ToolDef[] = [];
    const agents: AgentDecl[] = [];
    const toolContext: TsToolContext = {
      ts,
      sf: this.sf,
      frameworks: this.frameworks,
      localImports: this.localImports,
      dotted: (n) => this.dotted(n),
      textOf: (n) => this.textOf(n),
      stringsIn: (n) => this.stringsIn(n),
      bodyFor: (n, f) => this.bodyFor(n, f),
    };
    for (const call of this.calls) {
      const before = tools.length;
      toolFromCall(toolContext, call, primary, functions, tools, agents);
      for (const t of tools.slice(before)) t.binding ??= bindingOf(ts, call.node);
    }
    for (const t of tools) {
      const runs = tsRunsOf(t.body, this.localImports);
      if (runs.length) t.runs = runs;
    }
    // A tool handler's first parameter is what the model sends; later ones are the framework's (options, context).
    for (const t of tools) if (t.body && !t.inputs) t.inputs = t.body.params[0] ?? [];
    for (const t of tools) {
      for (const call of t.body?.calls ?? []) {
        const plain = call.callee.replace(/^this\./, '');
        if (functions.has(plain) && !plain.includes('.')) call.local = plain;
      }
    }
    return {
      language: 'typescript',
      frameworks: this.frameworks,
      functions,
      tools,
      settings: this.settings,
      calls: this.calls.map(({ node: _n, ...c }) => c),
      envReads: this.envReads,
      agents,
      imports: this.imports,
    };
  }

  private visit(node: Node): void {
    const { ts } = this;
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const mod = normaliseModule(node.moduleSpecifier.text);
      this.note(node.moduleSpecifier.text);
      // Relative imports stay local names: `db.query`, not `./db.db.query`; where they come from is kept
      // apart, for the delegation graph and for helpers followed across modules.
      if (mod.startsWith('.')) {
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) this.localImports.set(el.name.text, { name: (el.propertyName ?? el.name).getText(this.sf), module: mod });
        }
        if (node.importClause?.name) this.localImports.set(node.importClause.name.text, { name: 'default', module: mod });
        this.relativeImport(node.moduleSpecifier.text, node.importClause);
        return;
      }
      const clause = node.importClause;
      if (clause?.name) this.aliases.set(clause.name.text, mod);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.aliases.set(bindings.name.text, mod);
      else if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) this.aliases.set(el.name.text, `${mod}.${(el.propertyName ?? el.name).getText(this.sf)}`);
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.')) {
      // `export { run } from './shell'`, `export * from './shell'`: a module one call may pass through.
      const spec = node.moduleSpecifier.text;
      const clause = node.exportClause;
      if (!clause) this.imports.set(`*${this.imports.size}`, { module: spec, name: '*' });
      else if (ts.isNamedExports(clause)) for (const el of clause.elements) this.imports.set(el.name.text, { module: spec, name: (el.propertyName ?? el.name).text });
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = this.dotted(node.expression);
      if (ts.isCallExpression(node) && callee === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        this.requireBinding(node, node.arguments[0].text);
      }
      const argsText = node.arguments ? node.arguments.map((a) => a.getText(this.sf)).join(', ') : '';
      this.calls.push({ callee, args: argsText, start: node.getStart(this.sf), end: node.end, node });
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      this.strings.push({ text: node.text, start: node.getStart(this.sf), end: node.end });
    } else if (ts.isTemplateExpression(node)) {
      const text = node.head.text + node.templateSpans.map((s) => '{…}' + s.literal.text).join('');
      this.strings.push({ text, start: node.getStart(this.sf), end: node.end });
    } else if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
      // `export { run as default }`, `export { runScript as run }`: names this module exports for its own functions.
      for (const el of node.exportClause.elements) if (el.propertyName) this.imports.set(el.name.text, { module: '', name: el.propertyName.text });
    } else if (ts.isExportAssignment(node) && !node.isExportEquals && ts.isIdentifier(node.expression)) {
      this.imports.set('default', { module: '', name: node.expression.text });
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      if (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) this.imports.set('default', { module: '', name: node.name.text });
      this.addFunction(node.name.text, node);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      this.addFunction(node.name.text, node.initializer);
    } else if (
      ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer) &&
      /(?:^|\.)promisify$/.test(this.dotted(node.initializer.expression)) && node.initializer.arguments[0]
    ) {
      // const run = promisify(exec): calls to `run` are calls to `exec`.
      this.aliases.set(node.name.text, this.resolve(this.dotted(node.initializer.arguments[0])));
    } else if (ts.isMethodDeclaration(node) && node.name && ts.isIdentifier(node.name) && ts.isClassLike(node.parent)) {
      const cls = node.parent.name?.text;
      if (cls) this.addFunction(`${cls}.${node.name.text}`, node);
      this.addFunction(node.name.text, node);
    } else if (ts.isPropertyAssignment(node) && SETTING_NAMES.has(propName(ts, node.name) ?? '')) {
      this.settings.push({ name: propName(ts, node.name)!, value: node.initializer.getText(this.sf), owner: this.ownerOf(node), start: node.getStart(this.sf), end: node.end });
    } else if (ts.isShorthandPropertyAssignment(node) && SETTING_NAMES.has(node.name.text)) {
      this.settings.push({ name: node.name.text, value: node.name.text, owner: this.ownerOf(node), start: node.getStart(this.sf), end: node.end });
    } else if (ts.isPropertyAccessExpression(node) && this.isProcessEnv(node.expression)) {
      const parent = node.parent;
      if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        this.settings.push({ name: node.name.text, value: parent.right.getText(this.sf), owner: 'process.env', start: parent.getStart(this.sf), end: parent.end });
      } else this.envReads.push({ name: node.name.text, start: node.getStart(this.sf), end: node.end });
    } else if (ts.isElementAccessExpression(node) && this.isProcessEnv(node.expression) && ts.isStringLiteral(node.argumentExpression)) {
      this.envReads.push({ name: node.argumentExpression.text, start: node.getStart(this.sf), end: node.end });
    }
  }

  /** The data-flow scope of the innermost function around `node` (closures see their parents'). */
  private scopeFor(node: Node): TsScope | undefined {
    const { ts } = this;
    let fn: Node | undefined = node.parent;
    while (fn && !(ts.isFunctionLike(fn) && 'body' in fn && (fn as { body?: Node }).body)) fn = fn.parent;
    if (!fn) return undefined;
    let scope = this.scopes.get(fn);
    if (!scope) {
      scope = new TsScope(ts, this.sf, fn, (d) => this.resolve(d), (n) => this.dotted(n), this.constants, this.scopeFor(fn));
      this.scopes.set(fn, scope);
    }
    return scope;
  }

  private isProcessEnv(node: Node): boolean {
    return this.ts.isPropertyAccessExpression(node) && node.name.text === 'env' && node.expression.getText(this.sf) === 'process';
  }

  private requireBinding(call: TsNamespace.CallExpression, spec: string): void {
    const { ts } = this;
    this.note(spec);
    const mod = normaliseModule(spec);
    const decl = call.parent;
    if (!ts.isVariableDeclaration(decl)) return;
    // `const { run } = require('./shell')`: a module of the repository, kept apart as an import would be.
    if (spec.startsWith('.')) {
      if (ts.isIdentifier(decl.name)) this.imports.set(decl.name.text, { module: spec, name: '*' });
      else if (ts.isObjectBindingPattern(decl.name)) {
        for (const el of decl.name.elements) {
          if (!ts.isIdentifier(el.name)) continue;
          this.imports.set(el.name.text, { module: spec, name: el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text });
        }
      }
      return;
    }
    if (ts.isIdentifier(decl.name)) this.aliases.set(decl.name.text, mod);
    else if (ts.isObjectBindingPattern(decl.name)) {
      for (const el of decl.name.elements) {
        if (!ts.isIdentifier(el.name)) continue;
        const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        this.aliases.set(el.name.text, `${mod}.${prop}`);
      }
    }
  }

  private relativeImport(spec: string, clause: TsNamespace.ImportClause | undefined): void {
    const { ts } = this;
    if (!clause) return;
    if (clause.name) this.imports.set(clause.name.text, { module: spec, name: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) this.imports.set(bindings.name.text, { module: spec, name: '*' });
    else if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) this.imports.set(el.name.text, { module: spec, name: (el.propertyName ?? el.name).getText(this.sf) });
  }

  private note(spec: string): void {
    const fw = tsFramework(spec);
    if (fw) this.frameworks.add(fw);
  }

  private addFunction(name: string, node: Node): void {
    if (!this.functionNodes.has(name)) this.functionNodes.set(name, node);
  }

  /** The call an object-literal property is passed to (resolved), or `object`. */
  private ownerOf(node: Node): string {
    const { ts } = this;
    for (let p: Node | undefined = node.parent; p; p = p.parent) {
      if (ts.isCallExpression(p) || ts.isNewExpression(p)) return this.resolve(this.dotted(p.expression));
      if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
      if (ts.isBlock(p) || ts.isSourceFile(p)) break;
    }
    return 'object';
  }

  private dotted(node: Node): string {
    const { ts } = this;
    if (ts.isIdentifier(node)) return node.text;
    if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    if (ts.isPropertyAccessExpression(node)) return `${this.dotted(node.expression)}.${node.name.text}`;
    if (ts.isCallExpression(node)) return `${this.dotted(node.expression)}()`;
    if (ts.isNewExpression(node)) return `${this.dotted(node.expression)}()`;
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node)) return this.dotted(node.expression);
    if (ts.isElementAccessExpression(node)) return `${this.dotted(node.expression)}[]`;
    return '?';
  }

  private resolve(d: string): string {
    const dot = d.indexOf('.');
    const head = dot < 0 ? d : d.slice(0, dot);
    const target = this.aliases.get(head);
    return target ? target + (dot < 0 ? '' : d.slice(dot)) : d;
  }

  private bodyOf(node: Node): Body {
    const start = node.getStart(this.sf);
    const end = node.end;
    return {
      start,
      end,
      text: node.getText(this.sf),
      params: paramNames(this.ts, node),
      calls: within(this.calls, start, end).map(({ node: _n, ...c }) => ({ ...c })),
      strings: within(this.strings, start, end),
    };
  }

  private stringsIn(node: Node): Text[] {
    return within(this.strings, node.getStart(this.sf), node.end);
  }

  private textOf(node: Node | undefined): Text | undefined {
    if (!node) return undefined;
    const { ts } = this;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { text: node.text, start: node.getStart(this.sf), end: node.end };
    if (ts.isTemplateExpression(node)) return this.stringsIn(node)[0];
    if (ts.isBinaryExpression(node)) {
      const parts = this.stringsIn(node);
      return parts.length ? { text: parts.map((p) => p.text).join(''), start: node.getStart(this.sf), end: node.end } : undefined;
    }
    return undefined;
  }

  /** A function node, or a reference to a same-module function, as a body. */
  private bodyFor(node: Node | undefined, functions: Map<string, Body>): { body?: Body; ref?: string } {
    if (!node) return {};
    const { ts } = this;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) return { body: this.bodyOf(node) };
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      const ref = node.getText(this.sf).replace(/^this\./, '');
      return { body: functions.get(ref), ref };
    }
    return {};
  }

}

function normaliseModule(spec: string): string {
  return spec.replace(/^node:/, '');
}
