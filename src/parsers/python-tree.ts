/**
 * A Python syntax tree in plain JavaScript objects, copied once from tree-sitter's.
 *
 * Every property of a web-tree-sitter node (its type, children, fields, text) is a call into the
 * wasm module that copies the node in and out of wasm memory, and the code model reads each node
 * many times: on agent frameworks that was several times the cost of parsing itself. Copying the
 * tree in one cursor walk right after the parse makes every later read a plain property access,
 * and frees the wasm tree at once. The class offers the part of tree-sitter's node interface the
 * code model uses, with the same meaning.
 */
import type { Tree } from 'web-tree-sitter';

/** The tree a node belongs to: its root and the text its offsets index into (UTF-16, as JS strings). */
export class PyTree {
  rootNode!: PyNode;
  /** Every node of a type, in document order (by id): `descendantsOfType` is a range of it. */
  readonly byType = new Map<string, PyNode[]>();
  constructor(readonly text: string) {}
}

export class PyNode {
  readonly children: PyNode[] = [];
  /** The greatest id below this node (ids are given in document order, so its subtree is `id..lastId`). */
  lastId = -1;
  private named?: PyNode[];

  constructor(
    readonly tree: PyTree,
    /** Unique within the tree. */
    readonly id: number,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    /** The field of its parent this node fills (`function`, `arguments` …), if any. */
    readonly fieldName: string | null,
    readonly parent: PyNode | null,
  ) {}

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PyNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  childForFieldName(name: string): PyNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }

  childrenForFieldName(name: string): PyNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  /** This node and every node below it whose type is one of `types`, in document order. */
  descendantsOfType(types: string | string[]): PyNode[] {
    if (typeof types === 'string') return this.ofType(types);
    const out = types.flatMap((t) => this.ofType(t));
    return types.length > 1 ? out.sort((a, b) => a.id - b.id) : out;
  }

  private ofType(type: string): PyNode[] {
    const all = this.tree.byType.get(type);
    if (!all) return [];
    // The first node at or after this one, by binary search; the subtree's nodes follow it.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid]!.id < this.id) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < all.length && all[end]!.id <= this.lastId) end++;
    return all.slice(lo, end);
  }

  /** Zero-based row and column (UTF-16 units) where the node starts. */
  get startPosition(): { row: number; column: number } {
    const text = this.tree.text;
    let row = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < this.startIndex; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    return { row, column: this.startIndex - lineStart };
  }
}

/** Copies a tree-sitter tree into plain nodes with one cursor walk (no recursion: any depth). */
export function mirrorTree(tree: Tree, text: string): PyTree {
  const out = new PyTree(text);
  const c = tree.walk();
  try {
    let id = 0;
    // A node's type and whether it is named depend on its type id alone: asked of wasm once per id.
    const language = tree.language;
    const kinds = new Map<number, { type: string; named: boolean }>();
    const kind = (typeId: number): { type: string; named: boolean } => {
      let k = kinds.get(typeId);
      if (!k) kinds.set(typeId, (k = { type: language.types[typeId] || 'ERROR', named: language.nodeTypeIsNamed(typeId) }));
      return k;
    };
    const node = (parent: PyNode | null, field: string | null): PyNode => {
      const k = kind(c.nodeTypeId);
      return add(new PyNode(out, id++, k.type, c.startIndex, c.endIndex, k.named, field, parent));
    };
    const add = (node: PyNode): PyNode => {
      const list = out.byType.get(node.type);
      if (list) list.push(node);
      else out.byType.set(node.type, [node]);
      return node;
    };
    const root = node(null, null);
    out.rootNode = root;
    let current = root;
    for (;;) {
      let parent: PyNode;
      if (c.gotoFirstChild()) parent = current;
      else {
        // `current` has no (more) children: its subtree is complete, and so is each ancestor's left behind.
        for (;;) {
          current.lastId = id - 1;
          if (current === root) return out;
          if (c.gotoNextSibling()) {
            parent = current.parent!;
            break;
          }
          c.gotoParent();
          current = current.parent!;
        }
      }
      const child = node(parent, c.currentFieldName);
      parent.children.push(child);
      current = child;
    }
  } finally {
    c.delete();
  }
}
