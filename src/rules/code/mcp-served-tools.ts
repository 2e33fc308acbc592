/**
 * What the tools of an MCP server a file serves can do, for `code/mcp-http-no-auth` to rate an open
 * server by, from the shared tool analysis (`analysis.ts`): whether one runs commands or code or
 * changes files (high), or every one is seen and either works in memory or only looks data up at
 * public hosts the code names, with no credential read by the server's modules (low).
 */
import path from 'node:path';
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { analyzeCode, type FileAnalysis, type ToolAssessment } from './analysis.js';
import { credentialRead } from './credential-reads.js';
import { importedModules, moduleAt, siblingImporters, type Module } from './modules.js';

/** Risks of a tool that make an open server a high finding: it runs commands or code, or changes files. */
const HIGH_RISK = new Set(['shell', 'code-exec', 'computer-use', 'file-write', 'file-delete']);

export interface ServedTools {
  /** A tool that runs commands or code or changes files, and what it does. */
  risky?: { tool: string; label: string };
  /** Which tools were seen, when every one works in memory or returns fixed content. */
  inMemory?: string;
  /** Which tools were seen, when every one only looks data up at hosts the code names and the server reads no credential. */
  publicLookup?: string;
}

/**
 * What the served MCP server's tools can do, from the shared tool analysis: the tools of this file
 * or, when it registers none (a helper that serves whatever server it is handed), of the modules
 * beside it that import it, or else of the modules it imports (the server made and its tools
 * registered in `tools.py`, run by `server.py`). `risky` names a tool that runs commands or code or changes files;
 * when every tool is seen (a body, or a schema run by the server's one call handler), `inMemory` says
 * which when none reaches past the process, and `publicLookup` when each only looks data up at hosts the
 * code names and no module of the server reads a credential (`credential-reads.ts`).
 */
export async function servedTools(file: SourceFile, ctx: AnalyzerContext): Promise<ServedTools> {
  const own = await analyzeCode(file);
  if (!own.ok) return {};
  let tools = own.analysis.tools.filter((a) => a.tool.framework === 'mcp');
  let where = '';
  let modules: Module[] = [];
  // The modules this file imports, resolved once: where its tools may be registered, and where its credentials may be read.
  let imports: Promise<Module[]> | undefined;
  const ownImports = (): Promise<Module[]> => (imports ??= importedModules(file, own.analysis.model));
  if (tools.length === 0 && file.root) {
    // Which modules beside it import it may change with any file of the folder: the result follows the folder.
    const folder = folderKey(file.kind, path.posix.dirname(file.relPath));
    ctx.dependsOn?.(folder, folderDigest(file.root, folder));
    // A module in between that a star import goes through (`from pkg import *`) may lie outside the folder.
    const between = new Map<string, string>();
    const importers = await siblingImporters(file, between);
    for (const [rel, hash] of between) ctx.dependsOn?.(rel, hash);
    ({ tools, where, modules } = await mcpToolsOf(importers, ctx));
  }
  // Or the server it runs is made in a module it imports (`from tools import mcp`), where the tools are registered.
  if (tools.length === 0) ({ tools, where, modules } = await mcpToolsOf(await ownImports(), ctx));
  for (const a of tools) {
    const risk = a.risks.find((r) => HIGH_RISK.has(r.riskClass));
    if (risk) return { risky: { tool: a.tool.name, label: risk.label } };
  }
  const dispatched = tools.some((a) => a.tool.dispatches && a.tool.body);
  if (tools.length === 0 || !tools.every((a) => seen(a, dispatched))) return {};
  const names = tools.slice(0, 3).map((a) => `"${a.tool.name}"`).join(', ') + (tools.length > 3 ? ` and ${tools.length - 3} more` : '');
  const one = tools.length === 1;
  const which = `${one ? 'only tool' : `${tools.length} tools`} (${names}${where ? `, registered in ${where}` : ''})`;
  const inMemory = tools.every(inMemoryOnly);
  if (!inMemory && !tools.every(fixedHostLookupOnly)) return {};
  // What the tools cannot be seen to do, they may still do with a credential the server holds.
  if (await readsCredential(file, own.analysis, ownImports, modules, ctx)) return {};
  if (inMemory) return { inMemory: `${which} ${one ? 'works' : 'work'} on data in memory or ${one ? 'returns' : 'return'} fixed content` };
  return { publicLookup: `${which} only ${one ? 'looks' : 'look'} data up at public hosts the code names, never at a URL the caller gives, and the server reads no credential, so a caller gets nothing through ${one ? 'it' : 'them'} that they could not fetch directly` };
}

/** The MCP tools other modules register, each module that has some recorded as a dependency, and where they are (for the message). */
async function mcpToolsOf(mods: Module[], ctx: AnalyzerContext): Promise<{ tools: ToolAssessment[]; where: string; modules: Module[] }> {
  const tools: ToolAssessment[] = [];
  const where: string[] = [];
  const modules: Module[] = [];
  for (const mod of mods) {
    // Read, whether or not it registers tools: one it does not may start to.
    ctx.dependsOn?.(mod.relPath, mod.hash);
    const theirs = await analyzeCode(mod.file);
    if (!theirs.ok) continue;
    const found = theirs.analysis.tools.filter((a) => a.tool.framework === 'mcp');
    if (found.length === 0) continue;
    for (const [dep, hash] of theirs.analysis.dependencies) ctx.dependsOn?.(dep, hash);
    tools.push(...found);
    where.push(mod.relPath);
    modules.push(mod);
  }
  return { tools, where: where.join(', '), modules };
}

/**
 * A tool whose body is seen: its own, or, for one declared by its schema alone, the server's one call
 * handler, which is seen through only when it calls no function held in a value (a dispatch table's
 * entry: the tools it routes to are then not seen).
 */
function seen(a: ToolAssessment, dispatched: boolean): boolean {
  if (a.tool.dispatches && a.unfollowed) return false;
  return !!a.tool.body || (dispatched && !a.tool.bodyRef && !a.tool.builtinRisk && !a.tool.importedFrom);
}

/** A tool that reaches nothing past the process. */
function inMemoryOnly(a: ToolAssessment): boolean {
  return !a.tool.builtinRisk && a.risks.length === 0 && a.contained.length === 0 && !a.outside;
}

/** A tool that reaches past the process only to read from hosts the code names: no sink the model steers, nothing else outside. */
function fixedHostLookupOnly(a: ToolAssessment): boolean {
  return !a.tool.builtinRisk && a.risks.length === 0 && !a.pastFixedHosts && a.contained.every((c) => c.riskClass === 'network-fetch');
}

/**
 * Whether the serving file, the modules that register its tools, a module their tools reach or one
 * they import (`ownImports`: the serving file's) reads a credential; each module read is recorded as a dependency.
 */
async function readsCredential(file: SourceFile, analysis: FileAnalysis, ownImports: () => Promise<Module[]>, modules: Module[], ctx: AnalyzerContext): Promise<boolean> {
  if (credentialRead(file.text, analysis.model)) return true;
  const others = new Map<string, Module | undefined>(modules.map((m) => [m.relPath, m]));
  const analyses = [analysis];
  for (const m of modules) {
    const a = await analyzeCode(m.file);
    if (a.ok) analyses.push(a.analysis);
  }
  // Modules the tools reach: one that cannot be read is not known to read none.
  for (const a of analyses) for (const rel of a.dependencies.keys()) if (!others.has(rel)) others.set(rel, await moduleAt(file, rel));
  // Modules they import, where a client and its key are often set up.
  const imports = [await ownImports()];
  for (const m of modules) imports.push(await importedModules(m.file, m.model));
  for (const imported of imports.flat()) if (!others.has(imported.relPath)) others.set(imported.relPath, imported);
  others.delete(file.relPath);
  for (const m of others.values()) {
    if (!m) return true;
    ctx.dependsOn?.(m.relPath, m.hash);
    if (credentialRead(m.file.text, m.model)) return true;
  }
  return false;
}
