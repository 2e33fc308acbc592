/**
 * TypeScript/JavaScript syntax trees, syntax only (no program, no type check), with the TypeScript
 * compiler that ts-morph bundles. The compiler (~9 MB) is loaded lazily on the first file that
 * needs it, and alone: ts-morph's own project layer and the library typings bundled beside it
 * (another 4 MB of JavaScript) are never loaded, which halves what a thread pays to start
 * parsing. Each file gets a standalone SourceFile that is dropped after use, so memory stays flat.
 */
import { createRequire } from 'node:module';
import type { ts as TsNamespace } from 'ts-morph';

export type Ts = typeof TsNamespace;
let tsPromise: Promise<Ts> | undefined;

export function loadTypeScript(): Promise<Ts> {
  tsPromise ??= Promise.resolve().then(() => {
    try {
      // The compiler ts-morph itself uses, resolved from ts-morph so that it is the same copy.
      const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
      return fromTsMorph(fromTsMorph.resolve('@ts-morph/common/dist/typescript.js')) as Ts;
    } catch {
      return import('ts-morph').then((m) => m.ts);
    }
  });
  return tsPromise;
}

export type TypeScriptResult = { ok: true; ts: Ts; sourceFile: TsNamespace.SourceFile; syntaxError?: { line: number; message: string } } | { ok: false; error: string };

export async function parseTypeScript(fileName: string, text: string): Promise<TypeScriptResult> {
  let ts: Ts;
  try {
    ts = await loadTypeScript();
  } catch (err) {
    tsPromise = undefined;
    return { ok: false, error: `TypeScript parser unavailable: ${(err as Error).message}` };
  }
  const lower = fileName.toLowerCase();
  const kind = lower.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : lower.endsWith('.jsx')
      ? ts.ScriptKind.JSX
      : /\.(?:js|mjs|cjs)$/.test(lower)
        ? ts.ScriptKind.JS
        : ts.ScriptKind.TS;
  try {
    const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: TsNamespace.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    const first = diagnostics[0];
    const syntaxError = first
      ? { line: sourceFile.getLineAndCharacterOfPosition(first.start).line + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') }
      : undefined;
    return { ok: true, ts, sourceFile, syntaxError };
  } catch (err) {
    // The compiler's parser is recursive: absurdly deep nesting ends here as a RangeError.
    return { ok: false, error: err instanceof RangeError ? 'too deeply nested to parse' : `TypeScript parse failed: ${(err as Error).message}` };
  }
}
