/**
 * Which sinks a tool's inputs reach: from the parameters the model fills in, through the tool's
 * body and the helpers it calls (argument by argument) in the same module or, through the import
 * lookup (`modules.ts`), in other modules of the repository, to calls that run commands,
 * write files, send data, move money. A sink the model cannot steer (a constant `free -h`, a
 * download to a fixed path, a POST to the tool's own endpoint) is kept apart as contained, with
 * the reason, so the inventory can say why the tool is not risky.
 */
import { SEVERITIES, type Severity } from '../../core/types.js';
import type { Control } from './flow.js';
import { bindHelper, decidingInputs, translate, type Binding } from './binding.js';
import type { ArgValue, Body, CallSite, CodeModel, Range, ToolDef } from './model.js';
import type { Taxonomy } from './sinks.js';
import type { ImportLookup, Module } from './modules.js';
import { remoteSandbox } from './remote-sandboxes.js';
import type { Location } from '../../core/types.js';
import { BUILTIN_CALLS, ENVIRONMENT_CALLS, ENVIRONMENT_READ, IN_PROCESS_CALLS, INTERNAL_HOST, IN_PROCESS_MODULES, OUTSIDE_CALLS, PUBLIC_DATA_CLIENTS, REQUEST_PLUMBING } from './vocabulary.js';

export interface Risk extends Range {
  riskClass: string;
  label: string;
  severity: Severity;
  /** What matched, never secret: a callee (`subprocess.run`) or a short literal. */
  evidence: string;
  /** Same-module helper the sink sits in, when not in the tool's own body. */
  via?: string;
  /** Tool inputs that reach the deciding argument; absent for sinks risky by themselves. */
  inputs?: string[];
  /** The deciding argument at the sink, as written there. */
  argument?: string;
  /** Functions from the tool to the sink: the tool first, then each helper called (`shell.py:run` for one in another module). */
  path: string[];
  /**
   * The sink's place when it is in another module: start/end then point at the call in the tool's
   * file that leads there.
   */
  site?: Location;
}

/** A sink in the tool that the model does not steer, and why. */
export interface Contained extends Range {
  riskClass: string;
  evidence: string;
  reason: string;
  path: string[];
  site?: Location;
}

const MAX_HELPER_DEPTH = 4;

const REASONS: Record<Control, string> = {
  command: 'the command is fixed',
  argv: 'the program is fixed and is not a shell or interpreter',
  url: 'the URL host is fixed',
  path: 'the path is fixed or under a fixed directory',
  removal: 'the file is fixed, under a fixed directory, or one the code made itself',
  code: 'no tool input reaches it, or only kept to digits, operators and parentheses, which name nothing to run',
  value: 'no tool input reaches it',
  any: 'no tool input reaches it',
};


/** Where the walk is: the module whose body it reads, and the call in the tool's file it came in by. */
interface Place {
  module?: Module;
  entry?: Range;
}

export interface Reached {
  risks: Risk[];
  contained: Contained[];
  /**
   * The first thing the walk met, in the tool or a helper, that reaches past the process (a file,
   * the network, a database, the environment: `OUTSIDE_CALLS`), steered by the model or not; absent
   * when the tool only works on data in memory.
   */
  outside?: string;
  /**
   * The first of those that is not a lookup at a public host the code names: a file, a process, a
   * database, a request whose host a tool input picks, that sends data or that asks the server's own
   * network, a library not known to ask only its own public service. Absent when the tool reaches past
   * the process only to read from such hosts (or not at all); the environment it reads is judged by
   * name apart (`credential-reads.ts`).
   */
  pastFixedHosts?: string;
  /**
   * The first call the walk could not follow because it calls a function held in a value (an entry
   * of a dispatch table, a callback): what the tool does there is not seen.
   */
  unfollowed?: string;
}

export function reach(tool: ToolDef, model: CodeModel, taxonomy: Taxonomy, imports?: ImportLookup, fileName = ''): Reached {
  const risks: Risk[] = [];
  const contained: Contained[] = [];
  const label = (cls: string) => taxonomy.classes.get(cls);
  if (tool.builtinRisk) {
    const cls = label(tool.builtinRisk);
    const builtin: Risk = { riskClass: tool.builtinRisk, label: cls?.label ?? tool.builtinRisk, severity: cls?.severity ?? 'high', evidence: tool.via, start: tool.at.start, end: tool.at.end, path: [tool.name] };
    const executors = executorsOf(tool, model);
    // A file toolkit rooted in a directory the code fixes: the model names files inside it, not where they go.
    if (tool.confinedTo && tool.builtinRisk.startsWith('file-')) contained.push({ riskClass: tool.builtinRisk, evidence: tool.via, reason: `it works only under the fixed directory ${tool.confinedTo}`, start: tool.at.start, end: tool.at.end, path: [tool.name] });
    else if (!executors.length) risks.push(builtin);
    else {
      // The built-in runs what its executor runs: a host shell, or a sandbox session.
      let host: Risk | undefined;
      for (const ex of executors) {
        const inner = reach({ ...tool, builtinRisk: undefined, annotations: undefined, options: new Map(), body: ex.body, inputs: ex.body.params.flat() }, model, taxonomy, imports, fileName);
        const found = inner.risks.find((r) => r.riskClass === 'shell' || r.riskClass === 'code-exec' || r.riskClass === 'computer-use' || r.riskClass.startsWith('file-'));
        if (found) {
          host = { ...builtin, via: ex.name, path: [tool.name, ex.name, ...found.path.slice(1)] };
          break;
        }
      }
      const names = executors.map((e) => e.name).join(', ');
      if (host) risks.push(host);
      else contained.push({ riskClass: tool.builtinRisk, evidence: tool.via, reason: `its executor (${names}) runs nothing on this host: no shell, code or file sink reached`, start: tool.at.start, end: tool.at.end, path: [tool.name] });
    }
  }
  const hint = tool.annotations?.destructiveHint;
  if (hint && /^(?:True|true)$/.test(hint.trim())) {
    const cls = label('declared-destructive');
    if (cls) risks.push({ riskClass: 'declared-destructive', label: cls.label, severity: cls.severity, evidence: `destructiveHint=${hint.trim()}`, start: tool.at.start, end: tool.at.end, path: [tool.name] });
  }
  const inputs = tool.inputs ?? tool.body?.params.flat() ?? [];
  const start: Binding = new Map(inputs.map((p) => [p, { from: [p], text: p }]));
  const seen = new Set<string>();
  let outside: string | undefined;
  let pastFixedHosts: string | undefined;
  let unfollowed: string | undefined;
  const sinks = taxonomy.sinks.filter((s) => s.language === 'any' || s.language === model.language);

  const visit = (body: Body | undefined, binding: Binding, path: string[], depth: number, place: Place): void => {
    if (!body || depth > MAX_HELPER_DEPTH) return;
    const here = place.module?.model ?? model;
    const key = `${place.module?.relPath ?? ''}:${body.start}:${[...binding].map(([k, v]) => `${k}=${v.from.join(',')}`).join(';')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const via = path.length > 1 ? path[path.length - 1] : undefined;
    // A sink in another module is pointed at through the call that leads there, and named by its own place.
    const at = (r: Range): Range & { site?: Risk['site'] } =>
      place.module && place.entry ? { start: place.entry.start, end: place.entry.end, site: locate(place.module, r) } : { start: r.start, end: r.end };
    const langSinks = here.language === model.language ? sinks : taxonomy.sinks.filter((s) => s.language === 'any' || s.language === here.language);
    const resolved = new Map<CallSite, ReturnType<ImportLookup>>();
    // Reads from a public host the code names (the sink decided no tool input picks the host).
    const fixedHostReads = new Set<CallSite>();
    const importedFn = (call: CallSite) => {
      if (!imports || call.local || !call.imported) return undefined;
      if (!resolved.has(call)) resolved.set(call, imports(place.module?.relPath ?? fileName, call));
      return resolved.get(call);
    };
    // A call's library name (`openpyxl.load_workbook.save`), once per call for every sink.
    const libraryNames = new Map(body.calls.flatMap((c) => (c.imported ? [[c, importedName(c.imported)] as const] : [])));
    for (const sink of langSinks) {
      const cls = label(sink.riskClass)!;
      const add = (r: Range, evidence: string, extra: Partial<Risk> = {}): void => {
        const pos = at(r);
        if (risks.some((x) => x.riskClass === sink.riskClass && x.start === pos.start && x.site?.startLine === pos.site?.startLine)) return;
        risks.push({ riskClass: sink.riskClass, label: cls.label, severity: cls.severity, evidence, via, path, ...pos, ...extra });
      };
      const keepApart = (call: CallSite, reason: string): void => {
        const pos = at(call);
        if (contained.some((c) => c.start === pos.start && c.riskClass === sink.riskClass && c.site?.startLine === pos.site?.startLine)) return;
        contained.push({ riskClass: sink.riskClass, evidence: `${call.callee}(…)`, reason, path, ...pos });
      };
      if (sink.call) {
        for (const call of body.calls) {
          const libraryName = libraryNames.get(call);
          if (!(sink.call.test(call.callee) || (libraryName !== undefined && sink.call.test(libraryName))) || (sink.args && !argsMatch(sink.args, call))) continue;
          if (sink.alongside && !madeAlongside(call, sink.alongside, here, sink.sameReceiver)) continue;
          if (sink.unlessMadeBy && madeOnlyBy(call, sink.unlessMadeBy, here)) continue;
          if (sink.unlessAlongside && here.calls.some((c) => sink.unlessAlongside!.test(written(c)))) continue;
          // A helper of this repository is judged by its body, not by its name.
          if (importedFn(call)) continue;
          const sandboxed = remoteSandbox(call, sink.riskClass, body, here);
          if (sandboxed) {
            keepApart(call, sandboxed);
            continue;
          }
          if (!sink.control) {
            add(call, `${call.callee}(…)`);
            continue;
          }
          const decided = decidingInputs(call, sink, binding);
          if (decided.inputs.length) add(call, `${call.callee}(…)`, { inputs: decided.inputs, argument: decided.argument });
          else {
            if (sink.riskClass === 'network-fetch' && sink.control === 'url' && publicHost(decided.decided)) fixedHostReads.add(call);
            keepApart(call, decided.quoted ? `tool input reaches it only quoted or validated (${decided.quoted})` : REASONS[sink.control]);
          }
        }
      }
      if (sink.strings) for (const s of body.strings) if (sink.strings.test(s.text)) add(s, JSON.stringify(s.text.slice(0, 40)));
      if (sink.text) {
        const m = sink.text.exec(body.text);
        if (m) add({ start: body.start + m.index, end: body.start + m.index + m[0].length }, m[0].slice(0, 60));
      }
    }
    if (!outside && ENVIRONMENT_READ.test(body.text)) outside = 'the process environment';
    for (const call of body.calls) {
      const library = call.local ? undefined : libraryOf(call, here);
      if (!call.local && (OUTSIDE_CALLS[here.language].test(call.callee) || library) && !IN_PROCESS_CALLS[here.language].test(call.callee) && !importedFn(call) && !inMemoryDatabase(call, here)) {
        outside ??= `${call.callee}(…)`;
        if (!pastFixedHosts && !fixedHostReads.has(call) && !fixedHostLookup(call, here, binding, library)) pastFixedHosts = `${call.callee}(…)`;
      }
      if (!unfollowed && callsValue(call, here)) unfollowed = `${call.callee}(…)`;
      if (call.local) {
        const helper = here.functions.get(call.local);
        if (!helper || helper === body) continue;
        visit(helper, bindHelper(helper, call, binding), [...path, place.module ? `${place.module.relPath}:${call.local}` : call.local], depth + 1, place);
        continue;
      }
      const fn = importedFn(call);
      if (!fn) continue;
      visit(fn.body, bindHelper(fn.body, call, binding), [...path, `${fn.module.relPath}:${fn.name}`], depth + 1, { module: fn.module, entry: place.entry ?? call });
    }
  };
  visit(tool.body, start, [tool.name], 0, {});
  risks.sort(worstFirst);
  // A sink reported as risky is not also "contained" (reached through two paths).
  return {
    risks,
    contained: contained.filter((c) => !risks.some((r) => r.start === c.start && r.riskClass === c.riskClass && r.site?.startLine === c.site?.startLine)),
    ...(outside ? { outside } : {}),
    ...(pastFixedHosts ? { pastFixedHosts } : {}),
    ...(unfollowed ? { unfollowed } : {}),
  };
}

/** The order risks are handed on in: worst severity first, then by where they are in the file. */
export function worstFirst(a: Risk, b: Risk): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.start - b.start;
}

/**
 * A call's name by where it comes from: `openpyxl.load_workbook.save` for `wb.save(…)` after
 * `wb = load_workbook(…)`, `docx.Document.save` after `doc = Document()`. A sink may name a library's
 * method on what it built, which the name in the code (`wb.save`) does not tell apart from any other `save`.
 */
function importedName(imported: { module: string; name: string }): string {
  return `${imported.module}.${imported.name}`;
}

/**
 * A call by bare name of something that is no function of the module, no import and no built-in: a
 * function held in a value (`fn(…)`, `HANDLERS[name](…)`). A name in CapWords builds an instance of
 * a class, by the convention of both languages.
 */
function callsValue(call: CallSite, model: CodeModel): boolean {
  return !call.local && !call.imported && /^[A-Za-z_$][\w$]*$/.test(call.callee) && !/^[A-Z][a-z\d]/.test(call.callee) && !BUILTIN_CALLS[model.language].test(call.callee) && !model.functions.has(call.callee);
}

/**
 * The library a call goes into, when the file imports it (`pixeltable.create_table` after `import pixeltable as pxt`,
 * a name imported from a package) and it is not one known to stay in the process: it may reach past it.
 */
function libraryOf(call: CallSite, model: CodeModel): string | undefined {
  const within = (module: string) => module !== '' && (call.callee === module || call.callee.startsWith(`${module}.`));
  const from = call.imported?.module ?? [...model.imports.values()].find((v) => within(v.module))?.module ?? [...(model.packages ?? [])].find(within);
  if (!from || from.startsWith('.') || IN_PROCESS_MODULES[model.language].test(from)) return undefined;
  return from;
}

/**
 * The public host a URL's constant start names (`https://api.example.com/v1/…`), when it names one:
 * not one of the server's own network (a loopback, private or link-local address, a single-label
 * name, an internal or reserved domain), which a caller could not reach directly. A fixed part that
 * follows the name (`https://api.example.com{…}/…`) is the code's own.
 */
function publicHost(url: ArgValue | undefined): string | undefined {
  const start = url?.constant ?? url?.prefix ?? '';
  const authority = /^https?:\/\/([^/?#]+)(?:[/?#]|$)/i.exec(start)?.[1];
  if (authority === undefined || (url?.constant === undefined && !/^https?:\/\/[^/?#]+[/?#]/i.test(start))) return undefined;
  const host = authority.replace(/\{…\}[\s\S]*$/, '').replace(/^[^@]*@/, '').replace(/:\d*$/, '').toLowerCase();
  return /^[a-z\d-]+(?:\.[a-z\d-]+)+$/.test(host) && !/^[\d.]+$/.test(host) && !INTERNAL_HOST.test(host) ? host : undefined;
}

/**
 * A call past the process that still only looks data up at a public host the code names: it reads the
 * environment (judged by the variable's name, apart), prepares a request with nothing a tool input
 * gives it (a client, a session, a proxy agent, URL parsing), or asks a public data service's own
 * client library (`library`, the call's as `libraryOf` found it).
 */
function fixedHostLookup(call: CallSite, model: CodeModel, binding: Binding, library: string | undefined): boolean {
  const language = model.language;
  if (ENVIRONMENT_CALLS[language].test(call.callee)) return true;
  if (REQUEST_PLUMBING[language].test(call.callee)) return !Object.values(call.argv ?? {}).some((v) => translate(v, binding).from.length > 0);
  return !!library && PUBLIC_DATA_CLIENTS.some((c) => c.language === language && c.library.test(library) && (!c.when || c.when.test(call.args)));
}

/** Calls on a database that lives in the process: a module whose every SQLite connection is opened `":memory:"`. */
const SQL_CALL = /^sqlite3\.|(?:^|\.)(?:execute|executemany|executescript|fetchall|fetchone|cursor|commit)$/;
const memoryDatabases = new WeakMap<CodeModel, boolean>();

function inMemoryDatabase(call: CallSite, model: CodeModel): boolean {
  if (model.language !== 'python' || !SQL_CALL.test(call.callee)) return false;
  let only = memoryDatabases.get(model);
  if (only === undefined) {
    const opens = [...model.calls, ...[...model.functions.values()].flatMap((f) => f.calls)].filter((c) => c.callee === 'sqlite3.connect');
    only = opens.length > 0 && opens.every((c) => /^\s*(?:database\s*=\s*)?["']:memory:["']/.test(c.args)) && ![...model.imports.values()].some((v) => /\b(?:psycopg2?|asyncpg|pymysql|pymongo|sqlalchemy|redis)\b/.test(v.module));
    memoryDatabases.set(model, only);
  }
  return only;
}

function locate(module: Module, r: Range): Location {
  const s = module.file.position(r.start);
  const e = module.file.position(r.end);
  return { path: module.relPath, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

/** The executor given to a built-in tool (`ShellTool(executor=self._run_shell)`, `editor=Editor(…)`): its functions in this file. */
function executorsOf(tool: ToolDef, model: CodeModel): { name: string; body: Body }[] {
  const option = tool.options.get('executor') ?? tool.options.get('editor') ?? tool.options.get('computer');
  if (!option) return [];
  const ref = option.value.trim().replace(/^(?:self|cls|this)\./, '').replace(/\(.*\)$/s, '');
  const direct = model.functions.get(ref);
  if (direct) return [{ name: ref, body: direct }];
  return [...model.functions].filter(([name]) => name.startsWith(`${ref}.`) && !name.endsWith('.__init__')).map(([name, body]) => ({ name, body }));
}

/**
 * Whether a sink's argument condition holds: on the arguments as written (`open(p, "w")`), or on a
 * constant an argument is bound to, quoted (`mode = "w" if overwrite else "x"; open(p, mode)`).
 */
function argsMatch(condition: RegExp, call: CallSite): boolean {
  if (condition.test(call.args)) return true;
  return Object.values(call.argv ?? {}).some((v) => (v.choices ?? (v.constant !== undefined ? [v.constant] : [])).some((c) => condition.test(`"${c}"`)));
}

/** A call as the sinks' `alongside`, `unlessAlongside` and `unlessMadeBy` regexes read it: `callee(args)`. */
const written = (c: CallSite): string => `${c.callee}(${c.args})`;

/** A name as a module assigns and reads it, whatever the object or privacy it is kept under (`self._shell`, `shell`). */
const bareName = (name: string): string => name.slice(name.lastIndexOf('.') + 1).replace(/^_+/, '');

/** The calls the module assigns the receiver of `call` from (`client = make()` for `client.get(…)`). */
function receiverMakers(call: CallSite, here: CodeModel): CallSite[] {
  const dot = call.callee.lastIndexOf('.');
  if (dot <= 0) return [];
  const receiver = bareName(call.callee.slice(0, dot));
  return here.calls.filter((c) => c.assignedTo !== undefined && bareName(c.assignedTo) === receiver);
}

/** Whether every call the module makes the call's receiver with matches `made` (and there is one). */
function madeOnlyBy(call: CallSite, made: RegExp, here: CodeModel): boolean {
  const makers = receiverMakers(call, here);
  return makers.length > 0 && makers.every((c) => made.test(written(c)));
}

/**
 * Whether the call a sink names has the call it needs beside it (`alongside`): any call of the module,
 * or, for a sink on the object such a call made (`sameReceiver`), one assigned to the call's receiver
 * when the module assigns that name from calls at all.
 */
function madeAlongside(call: CallSite, alongside: RegExp, here: CodeModel, sameReceiver?: boolean): boolean {
  const matches = (c: CallSite): boolean => alongside.test(written(c));
  if (sameReceiver) {
    const makers = receiverMakers(call, here);
    if (makers.length) return makers.some(matches);
  }
  return here.calls.some(matches);
}
