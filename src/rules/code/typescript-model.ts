/**
 * Builds the CodeModel of one TypeScript/JavaScript file from a syntax-only TypeScript AST:
 * imports and requires, functions, tools per framework, settings in object literals, env reads.
 */
import type { ts as TsNamespace } from 'ts-morph';
import { parseTypeScript, type Ts } from '../../parsers/typescript.js';
import { tsFramework } from './frameworks.js';
import { within } from './model.js';
import { paramNames, TsScope } from './typescript-flow.js';
import type { AgentDecl, AgentRef, Body, CallSite, CodeModel, EnvRead, Option, Setting, Text, ToolDef } from './model.js';
import { bindingOf, tsAgentLinks, tsRunsOf } from './typescript-agents.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOLS, SETTING_NAMES } from './vocabulary.js';

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
    for (const call of this.calls) {
      const before = tools.length;
      this.toolFromCall(call, primary, functions, tools, agents);
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

  private toolFromCall(call: CallSite & { node: TsNamespace.CallExpression | TsNamespace.NewExpression }, primary: string, functions: Map<string, Body>, tools: ToolDef[], agents: AgentDecl[]): void {
    const { ts, sf } = this;
    const { callee, node } = call;
    const args = node.arguments ?? ts.factory.createNodeArray();
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    const moduleOf = callee.includes('.') ? callee.slice(0, callee.lastIndexOf('.')) : '';
    const fw = moduleOf ? tsFramework(moduleOf) : undefined;
    const obj = args.find((a): a is TsNamespace.ObjectLiteralExpression => ts.isObjectLiteralExpression(a));
    const props = obj ? objectProps(ts, obj) : new Map<string, Node>();
    const options = (): Map<string, Option> => {
      const out = new Map<string, Option>();
      for (const [k, v] of props) out.set(k, { value: v.getText(sf), start: v.parent.getStart(sf), end: v.parent.end });
      return out;
    };
    const nameFromContext = (): string | undefined => {
      const p = node.parent;
      if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
      if (ts.isPropertyAssignment(p)) return propName(ts, p.name);
      return undefined;
    };
    const schemaOf = (...nodes: (Node | undefined)[]): Text[] => nodes.flatMap((n) => (n ? this.stringsIn(n) : []));
    const at = { start: call.start, end: call.end };

    // Provider and SDK built-ins: openai.tools.localShell(), anthropic.tools.bash_20250124(), shellTool().
    const builtin = BUILTIN_TOOLS[last];
    // A shell in OpenAI's hosted container is sandboxed away from this machine and its credentials.
    const hostedContainer = builtin === 'shell' && /type\s*:\s*['"`]container/.test(call.args);
    if (builtin && !hostedContainer && (/\.tools\.\w+$/.test(callee) || (fw !== undefined && /Tool$/.test(last)))) {
      tools.push({ name: nameFromContext() ?? last, framework: fw ?? primary, via: `${callee.replace(/^.*?(\w+\.tools\.)/, '$1')}(…)`, at, builtinRisk: builtin, schemaStrings: [], options: options() });
      return;
    }
    if (last === 'tool' && (fw || this.frameworks.size > 0) && !callee.includes('()')) {
      const framework = fw ?? primary;
      if (obj && args[0] === obj) {
        // AI SDK / OpenAI Agents JS: tool({ name?, description, inputSchema|parameters, execute, needsApproval })
        const exec = this.bodyFor(props.get('execute'), functions);
        tools.push({
          name: stringValue(ts, props.get('name')) ?? nameFromContext() ?? 'tool',
          framework,
          via: 'tool({…})',
          at,
          body: exec.body,
          bodyRef: exec.ref,
          description: this.textOf(props.get('description')),
          schemaStrings: schemaOf(props.get('inputSchema'), props.get('parameters'), props.get('schema')),
          options: options(),
        });
      } else if (args.length >= 4 && ts.isStringLiteral(args[0]!)) {
        // Claude Agent SDK: tool(name, description, schema, handler)
        const exec = this.bodyFor(args[3], functions);
        tools.push({ name: args[0].text, framework, via: 'tool(name, description, schema, handler)', at, body: exec.body, bodyRef: exec.ref, description: this.textOf(args[1]), schemaStrings: schemaOf(args[2]), options: new Map() });
      } else if (args.length >= 2 && obj === args[1]) {
        // LangChain.js: tool(fn, { name, description, schema })
        const exec = this.bodyFor(args[0], functions);
        tools.push({ name: stringValue(ts, props.get('name')) ?? nameFromContext() ?? 'tool', framework, via: 'tool(fn, {…})', at, body: exec.body, bodyRef: exec.ref, description: this.textOf(props.get('description')), schemaStrings: schemaOf(props.get('schema')), options: options() });
      }
      return;
    }
    if ((last === 'DynamicStructuredTool' || last === 'DynamicTool' || last === 'createTool') && obj) {
      const exec = this.bodyFor(props.get('func') ?? props.get('execute'), functions);
      tools.push({
        name: stringValue(ts, props.get('name')) ?? stringValue(ts, props.get('id')) ?? nameFromContext() ?? last,
        framework: fw ?? (last === 'createTool' ? 'mastra' : 'langchain'),
        via: `${last}({…})`,
        at,
        body: exec.body,
        bodyRef: exec.ref,
        description: this.textOf(props.get('description')),
        schemaStrings: schemaOf(props.get('schema'), props.get('inputSchema')),
        options: options(),
      });
      return;
    }
    if ((last === 'tool' || last === 'registerTool' || last === 'addTool') && callee.includes('.') && this.frameworks.has('mcp') && args.length >= 1) {
      if (last === 'addTool' && obj) {
        const exec = this.bodyFor(props.get('execute'), functions);
        tools.push({ name: stringValue(ts, props.get('name')) ?? 'tool', framework: 'mcp', via: `${callee}({…})`, at, body: exec.body, bodyRef: exec.ref, description: this.textOf(props.get('description')), schemaStrings: schemaOf(props.get('parameters')), options: options() });
        return;
      }
      const name = stringValue(ts, args[0]);
      if (name === undefined) return;
      const handler = args[args.length - 1];
      const exec = this.bodyFor(handler, functions);
      const description = last === 'registerTool' ? this.textOf(props.get('description')) : args.length >= 3 ? this.textOf(args[1]) : undefined;
      const schema = last === 'registerTool' ? schemaOf(props.get('inputSchema'), props.get('title')) : schemaOf(...args.slice(1, -1).filter((a) => a !== args[1] || !description));
      const declared = props.get('annotations') ?? args.slice(1, -1).find((a) => ts.isObjectLiteralExpression(a) && [...objectProps(ts, a).keys()].some((k) => /Hint$/.test(k)));
      const annotations = declared && ts.isObjectLiteralExpression(declared) ? Object.fromEntries([...objectProps(ts, declared)].map(([k, v]) => [k, v.getText(sf)])) : undefined;
      tools.push({ name, framework: 'mcp', via: `${callee.replace(/^.*\.(?=\w+$)/, 'server.')}(…)`, at, body: exec.body, bodyRef: exec.ref, description, schemaStrings: schema, options: options(), annotations });
      return;
    }
    if ((AGENT_CONSTRUCTORS.has(last) && (fw !== undefined || this.frameworks.size > 0)) || (last === 'query' && fw === 'claude-agent-sdk')) {
      const list = props.get('tools');
      const refs = list && ts.isArrayLiteralExpression(list) ? list.elements.map((e) => this.dotted(ts.isCallExpression(e) ? e.expression : e)) : list && ts.isObjectLiteralExpression(list) ? [...objectProps(ts, list).keys()] : list ? [list.getText(sf)] : [];
      const instructions = props.get('instructions') ?? props.get('system') ?? props.get('prompt');
      agents.push({
        name: stringValue(ts, props.get('name')) ?? stringValue(ts, props.get('id')),
        callee,
        start: call.start,
        end: call.end,
        tools: refs,
        instructions: this.textOf(instructions),
        ...tsAgentLinks({ ts, sf, localImports: this.localImports, dotted: (n) => this.dotted(n) }, node, props),
      });
    }
  }
}

function normaliseModule(spec: string): string {
  return spec.replace(/^node:/, '');
}

function propName(ts: Ts, name: TsNamespace.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function objectProps(ts: Ts, obj: TsNamespace.ObjectLiteralExpression): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p)) {
      const n = propName(ts, p.name);
      if (n) out.set(n, p.initializer);
    } else if (ts.isShorthandPropertyAssignment(p)) out.set(p.name.text, p.name);
    else if (ts.isMethodDeclaration(p)) {
      const n = propName(ts, p.name);
      if (n) out.set(n, p);
    }
  }
  return out;
}

function stringValue(ts: Ts, node: Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}
