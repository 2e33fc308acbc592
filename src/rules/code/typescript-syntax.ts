/** Small readers of TypeScript syntax shared by the code model's builders. */
import type { ts as TsNamespace } from 'ts-morph';
import type { Ts } from '../../parsers/typescript.js';

type Node = TsNamespace.Node;

export function propName(ts: Ts, name: TsNamespace.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

export function objectProps(ts: Ts, obj: TsNamespace.ObjectLiteralExpression): Map<string, Node> {
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

export function stringValue(ts: Ts, node: Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}
