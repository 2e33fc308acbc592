/**
 * A notebook's code as a file the code rules read like any Python file (`parsers/notebook.ts`
 * extracts it): its positions are the notebook's, so the lines a message names, the related places
 * and every reported span point into the `.ipynb`.
 */
import type { AnalyzerContext, Span } from '../../core/rule.js';
import { SourceFile, type Position } from '../../core/source.js';
import { notebookCode } from '../../parsers/notebook.js';

export class NotebookCodeFile extends SourceFile {
  private constructor(
    notebook: SourceFile,
    python: string,
    private readonly origin: ({ line: number; column: number } | undefined)[],
  ) {
    super({ absPath: notebook.absPath, relPath: notebook.relPath, kind: 'python', size: notebook.size }, python);
  }

  /** The code of a notebook file, when it holds Python code cells. */
  static of(notebook: SourceFile): NotebookCodeFile | undefined {
    const code = notebookCode(notebook.text);
    return code && new NotebookCodeFile(notebook, code.python, code.origin);
  }

  /** The notebook's line and column of an offset in the code. */
  override position(offset: number): Position {
    const p = super.position(offset);
    const o = this.origin[p.line - 1];
    return o ? { line: o.line, column: o.column + p.column - 1 } : p;
  }

  /** What the rules report, with spans in the code turned into the notebook's lines and columns. */
  context(ctx: AnalyzerContext): AnalyzerContext {
    const span = (s: Span | undefined): Span | undefined => {
      if (!s || !('start' in s)) return s;
      const [a, b] = [this.position(s.start), this.position(Math.max(s.start, s.end))];
      return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
    };
    return {
      report: (d) => ctx.report({ ...d, span: span(d.span) }),
      error: (m) => ctx.error(m),
      identity: (u) => ctx.identity({ ...u, span: span(u.span) }),
      inventory: (i) => ctx.inventory({ ...i, span: span(i.span) }),
      ...(ctx.dependsOn ? { dependsOn: (p: string, h: string) => ctx.dependsOn!(p, h) } : {}),
    };
  }
}
