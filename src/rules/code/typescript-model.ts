/**
 * Builds the CodeModel of one TypeScript/JavaScript file from its ESTree syntax tree (oxc-parser):
 * imports and requires, functions, tools per framework, settings in object literals, env reads.
 */
import type { Program } from 'oxc-parser';
import { parseTypeScript, walk } from '../../parsers/typescript.js';
import { tsFramework } from './frameworks.js';
import { deferArgv, within, withoutNode } from './model.js';
import { paramNames, TsScope } from './typescript-flow.js';
import { markTsModelReplies } from './typescript-model-output.js';
import type { AgentDecl, AgentRef, Body, CodeModel, EnvRead, Setting, Text, ToolDef } from './model.js';
import { bindingOf, tsRunsOf } from './typescript-agents.js';
import { SETTING_NAMES } from './vocabulary.js';
import { toolFromCall, type TsCall, type TsToolContext } from './typescript-tools.js';
import { argumentsOf, functionOf, hasBody, isCall, isStringLiteral, nameOf, onOneBranch, propName, sourceOf, parentOf, stringValue, templateText, unchain, type Call, type Node } from './typescript-syntax.js';

export async function typescriptModel(fileName: string, text: string): Promise<{ ok: true; model: CodeModel } | { ok: false; error: string }> {
  const parsed = await parseTypeScript(fileName, text);
  if (!parsed.ok) return parsed;
  try {
    const model = new Builder(text, parsed.program).build();
    if (parsed.syntaxError) model.syntaxError = parsed.syntaxError;
    return { ok: true, model };
  } catch (err) {
    return { ok: false, error: err instanceof RangeError ? 'too deeply nested to analyse' : `analysis failed: ${(err as Error).message}` };
  }
}

class Builder {
  private readonly aliases = new Map<string, string>();
  private readonly packages = new Set<string>();
  private readonly frameworks = new Set<string>();
  private readonly calls: TsCall[] = [];
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
    private readonly text: string,
    private readonly program: Program,
  ) {}

  build(): CodeModel {
    // One iterative walk (deep nesting must not overflow the stack).
    walk(this.program, (node) => this.visit(node));
    for (const c of this.calls) {
      const head = c.callee.split('.')[0]!;
      const from = this.imports.get(head);
      if (from && from.module !== '' && /^[\w$.]+$/.test(c.callee)) {
        c.imported = { module: from.module, name: from.name === '*' ? c.callee.slice(head.length + 1) : [from.name, ...c.callee.split('.').slice(1)].join('.') };
      }
      c.callee = this.resolve(c.callee);
    }
    for (const stmt of this.program.body) {
      const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
      if (decl?.type !== 'VariableDeclaration') continue;
      for (const d of decl.declarations) {
        const value = stringValue(d.init);
        if (d.id.type === 'Identifier' && value !== undefined) this.constants.set(d.id.name, value);
      }
    }
    for (const c of this.calls) deferArgv(c, () => this.scopeFor(c.node)?.argv(c.node));
    markTsModelReplies(this.calls, {
      text: this.text,
      program: this.program,
      functionNodes: this.functionNodes,
      scope: (fn, parent, shapes, source) => new TsScope(this.text, fn, (d) => this.resolve(d), (n) => this.dotted(n), this.constants, parent, shapes, source),
    });
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
      text: this.text,
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
      for (const t of tools.slice(before)) t.binding ??= bindingOf(call.node);
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
      calls: this.calls.map(withoutNode),
      envReads: this.envReads,
      packages: this.packages,
      agents,
      imports: this.imports,
    };
  }

  private src(node: Node): string {
    return sourceOf(this.text, node);
  }

  private visit(node: Node): void {
    switch (node.type) {
      case 'ImportDeclaration': {
        const spec = node.source.value;
        const mod = normaliseModule(spec);
        this.note(spec);
        // Relative imports stay local names: `db.query`, not `./db.db.query`; where they come from is kept
        // apart, for the delegation graph and for helpers followed across modules.
        if (mod.startsWith('.')) {
          for (const el of node.specifiers) {
            if (el.type === 'ImportSpecifier') this.localImports.set(el.local.name, { name: this.src(el.imported), module: mod });
            else if (el.type === 'ImportDefaultSpecifier') this.localImports.set(el.local.name, { name: 'default', module: mod });
          }
          for (const el of node.specifiers) {
            const name = el.type === 'ImportDefaultSpecifier' ? 'default' : el.type === 'ImportNamespaceSpecifier' ? '*' : this.src(el.imported);
            this.imports.set(el.local.name, { module: spec, name });
          }
          return;
        }
        for (const el of node.specifiers) {
          if (el.type === 'ImportSpecifier') this.aliases.set(el.local.name, `${mod}.${this.src(el.imported)}`);
          else this.aliases.set(el.local.name, mod);
        }
        if (node.specifiers.length) this.packages.add(mod);
        return;
      }
      case 'ExportAllDeclaration':
        // `export * from './shell'`: a module one call may pass through.
        if (node.source.value.startsWith('.') && !node.exported) this.imports.set(`*${this.imports.size}`, { module: node.source.value, name: '*' });
        return;
      case 'ExportNamedDeclaration':
        if (node.source) {
          // `export { run } from './shell'`
          const spec = node.source.value;
          if (spec.startsWith('.')) for (const el of node.specifiers) this.imports.set(nameOf(el.exported)!, { module: spec, name: nameOf(el.local)! });
        } else {
          // `export { run as default }`, `export { runScript as run }`: names this module exports for its own functions.
          for (const el of node.specifiers) if (el.local.start !== el.exported.start) this.imports.set(nameOf(el.exported)!, { module: '', name: nameOf(el.local)! });
        }
        return;
      case 'ExportDefaultDeclaration':
        if (node.declaration.type === 'Identifier') this.imports.set('default', { module: '', name: node.declaration.name });
        return;
      case 'CallExpression':
      case 'NewExpression': {
        const callee = this.dotted(node.callee);
        if (node.type === 'CallExpression' && callee === 'require' && isStringLiteral(node.arguments[0])) this.requireBinding(node, node.arguments[0].value);
        const argsText = node.arguments.map((a) => this.src(a)).join(', ');
        this.calls.push({ callee, args: argsText, start: node.start, end: node.end, node });
        return;
      }
      case 'ImportExpression':
        this.calls.push({ callee: '?', args: argumentsOf(node).map((a) => this.src(a)).join(', '), start: node.start, end: node.end, node });
        return;
      case 'Literal':
        if (isStringLiteral(node)) this.strings.push({ text: node.value, start: node.start, end: node.end });
        return;
      case 'TemplateLiteral': {
        let text = templateText(node, 0);
        for (let i = 1; i < node.quasis.length; i++) text += '{…}' + templateText(node, i);
        this.strings.push({ text, start: node.start, end: node.end });
        return;
      }
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
        if (!node.id) return;
        if (node.parent?.type === 'ExportDefaultDeclaration') this.imports.set('default', { module: '', name: node.id.name });
        this.addFunction(node.id.name, node);
        return;
      case 'VariableDeclarator': {
        if (node.id.type !== 'Identifier' || !node.init) return;
        if (node.init.type === 'ArrowFunctionExpression' || node.init.type === 'FunctionExpression') this.addFunction(node.id.name, node.init);
        else if (node.init.type === 'CallExpression' && /(?:^|\.)promisify$/.test(this.dotted(node.init.callee)) && node.init.arguments[0]) {
          // const run = promisify(exec): calls to `run` are calls to `exec`.
          this.aliases.set(node.id.name, this.resolve(this.dotted(node.init.arguments[0])));
        }
        return;
      }
      case 'MethodDefinition':
      case 'TSAbstractMethodDefinition': {
        if (node.kind !== 'method' || node.computed || node.key.type !== 'Identifier') return;
        const cls = node.parent?.parent;
        const clsName = cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression' ? cls.id?.name : undefined;
        if (clsName) this.addFunction(`${clsName}.${node.key.name}`, node);
        this.addFunction(node.key.name, node);
        return;
      }
      case 'Property': {
        if (node.parent?.type !== 'ObjectExpression' || node.kind !== 'init' || node.method) return;
        const name = node.shorthand ? nameOf(node.key) : propName(node);
        if (!name || !SETTING_NAMES.has(name)) return;
        this.settings.push({
          name,
          value: node.shorthand ? name : this.src(node.value),
          owner: this.ownerOf(node),
          start: node.start,
          end: node.end,
          group: node.parent.start,
          ...(onOneBranch(node, this.text) ? { conditional: true } : {}),
        });
        return;
      }
      case 'MemberExpression': {
        if (!this.isProcessEnv(node.object)) return;
        if (!node.computed) {
          const name = nameOf(node.property)!;
          const parent = node.parent;
          if (parent?.type === 'AssignmentExpression' && parent.left === node && parent.operator === '=') {
            this.settings.push({ name, value: this.src(parent.right), owner: 'process.env', start: parent.start, end: parent.end });
          } else this.envReads.push({ name, start: node.start, end: node.end });
        } else if (isStringLiteral(node.property)) this.envReads.push({ name: node.property.value, start: node.start, end: node.end });
        return;
      }
    }
  }

  /** The data-flow scope of the innermost function around `node` (closures see their parents'). */
  private scopeFor(node: Node): TsScope | undefined {
    let fn = parentOf(node);
    while (fn && !hasBody(fn)) fn = parentOf(fn);
    if (!fn) return undefined;
    let scope = this.scopes.get(fn);
    if (!scope) {
      scope = new TsScope(this.text, fn, (d) => this.resolve(d), (n) => this.dotted(n), this.constants, this.scopeFor(fn));
      this.scopes.set(fn, scope);
    }
    return scope;
  }

  private isProcessEnv(node: Node): boolean {
    return node.type === 'MemberExpression' && !node.computed && nameOf(node.property) === 'env' && this.src(node.object) === 'process';
  }

  private requireBinding(call: Call, spec: string): void {
    this.note(spec);
    const mod = normaliseModule(spec);
    const decl = call.parent;
    if (decl?.type !== 'VariableDeclarator') return;
    const id = decl.id;
    // `const { run } = require('./shell')`: a module of the repository, kept apart as an import would be.
    const destructured = (): [string, string][] => {
      if (id.type !== 'ObjectPattern') return [];
      const out: [string, string][] = [];
      for (const el of id.properties) {
        const target = el.type === 'RestElement' ? el.argument : el.value.type === 'AssignmentPattern' ? el.value.left : el.value;
        if (target.type !== 'Identifier') continue;
        const prop = el.type === 'Property' && !el.shorthand && !el.computed && el.key.type === 'Identifier' ? el.key.name : target.name;
        out.push([target.name, prop]);
      }
      return out;
    };
    if (spec.startsWith('.')) {
      if (id.type === 'Identifier') this.imports.set(id.name, { module: spec, name: '*' });
      else for (const [local, prop] of destructured()) this.imports.set(local, { module: spec, name: prop });
      return;
    }
    if (id.type === 'Identifier') this.aliases.set(id.name, mod);
    else for (const [local, prop] of destructured()) this.aliases.set(local, `${mod}.${prop}`);
    this.packages.add(mod);
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
    for (let p = parentOf(node); p; p = parentOf(p)) {
      if (isCall(p)) return this.resolve(this.dotted(p.callee));
      if (p.type === 'ImportExpression') return '?';
      if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
      if (p.type === 'BlockStatement' || p.type === 'Program') break;
    }
    return 'object';
  }

  private dotted(node: Node): string {
    switch (node.type) {
      case 'Identifier':
        return node.name;
      case 'ThisExpression':
        return 'this';
      case 'MemberExpression':
        return node.computed ? `${this.dotted(node.object)}[]` : `${this.dotted(node.object)}.${nameOf(node.property)}`;
      case 'CallExpression':
      case 'NewExpression':
        return `${this.dotted(node.callee)}()`;
      case 'ChainExpression':
        return this.dotted(unchain(node));
      case 'ParenthesizedExpression':
      case 'TSNonNullExpression':
        return this.dotted(node.expression);
      case 'AwaitExpression':
        return this.dotted(node.argument);
      default:
        return '?';
    }
  }

  private resolve(d: string): string {
    const dot = d.indexOf('.');
    const head = dot < 0 ? d : d.slice(0, dot);
    const target = this.aliases.get(head);
    return target ? target + (dot < 0 ? '' : d.slice(dot)) : d;
  }

  /** A function's body. An exported declaration starts at its `export`, as the TypeScript compiler placed it. */
  private bodyOf(node: Node): Body {
    const exported = node.type === 'FunctionDeclaration' || node.type === 'TSDeclareFunction' ? node.parent : undefined;
    const start = exported?.type === 'ExportNamedDeclaration' || exported?.type === 'ExportDefaultDeclaration' ? exported.start : node.start;
    const end = node.end;
    return {
      start,
      end,
      text: this.text.slice(start, end),
      params: paramNames(node),
      calls: within(this.calls, start, end).map(withoutNode),
      strings: within(this.strings, start, end),
    };
  }

  private stringsIn(node: Node): Text[] {
    return within(this.strings, node.start, node.end);
  }

  private textOf(node: Node | undefined): Text | undefined {
    if (!node) return undefined;
    const value = stringValue(node);
    if (value !== undefined) return { text: value, start: node.start, end: node.end };
    if (node.type === 'TemplateLiteral') return this.stringsIn(node)[0];
    if (node.type === 'BinaryExpression' || node.type === 'LogicalExpression' || node.type === 'AssignmentExpression' || node.type === 'SequenceExpression') {
      const parts = this.stringsIn(node);
      return parts.length ? { text: parts.map((p) => p.text).join(''), start: node.start, end: node.end } : undefined;
    }
    return undefined;
  }

  /** A function node, or a reference to a same-module function, as a body. */
  private bodyFor(node: Node | undefined, functions: Map<string, Body>): { body?: Body; ref?: string } {
    if (!node) return {};
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'MethodDefinition' || (node.type === 'Property' && functionOf(node))) return { body: this.bodyOf(node) };
    if (node.type === 'Identifier' || (node.type === 'MemberExpression' && !node.computed)) {
      const ref = this.src(node).replace(/^this\./, '');
      return { body: functions.get(ref), ref };
    }
    return {};
  }
}

function normaliseModule(spec: string): string {
  return spec.replace(/^node:/, '');
}
