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

/**
 * What the code model reads of a Python syntax node: a plain copy's node and tree-sitter's own
 * node both offer it (a file too large to copy is read through tree-sitter's nodes).
 */
export interface PyNode {
  readonly tree: { readonly rootNode: PyNode };
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly parent: PyNode | null;
  readonly children: readonly (PyNode | null)[];
  readonly namedChildren: readonly (PyNode | null)[];
  childForFieldName(name: string): PyNode | null;
  childrenForFieldName(name: string): readonly (PyNode | null)[];
  descendantsOfType(types: string | string[]): readonly (PyNode | null)[];
}

/** The tree a node belongs to: its root and the text its offsets index into (UTF-16, as JS strings). */
export class PyTree {
  rootNode!: PlainPyNode;
  /** Every node of a type, in document order (by id): `descendantsOfType` is a range of it. */
  readonly byType = new Map<string, PlainPyNode[]>();
  constructor(readonly text: string) {}
}

const NO_CHILDREN: PlainPyNode[] = [];

export class PlainPyNode implements PyNode {
  /** Set once, when the copy of the node's subtree is complete. */
  children: readonly PlainPyNode[] = NO_CHILDREN;
  /** The greatest id below this node (ids are given in document order, so its subtree is `id..lastId`). */
  lastId = -1;
  private named?: PlainPyNode[];

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
    readonly parent: PlainPyNode | null,
  ) {}

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PlainPyNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  childForFieldName(name: string): PlainPyNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }

  childrenForFieldName(name: string): PlainPyNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  /** This node and every node below it whose type is one of `types`, in document order. */
  descendantsOfType(types: string | string[]): PlainPyNode[] {
    if (typeof types === 'string') return this.ofType(types);
    const out = types.flatMap((t) => this.ofType(t));
    return types.length > 1 ? out.sort((a, b) => a.id - b.id) : out;
  }

  private ofType(type: string): PlainPyNode[] {
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
    const node = (parent: PlainPyNode | null, field: string | null): PlainPyNode => {
      const k = kind(c.nodeTypeId);
      return add(new PlainPyNode(out, id++, k.type, c.startIndex, c.endIndex, k.named, field, parent));
    };
    const add = (node: PlainPyNode): PlainPyNode => {
      const list = out.byType.get(node.type);
      if (list) list.push(node);
      else out.byType.set(node.type, [node]);
      return node;
    };
    const root = node(null, null);
    out.rootNode = root;
    // Children are gathered per depth in reused arrays and copied once, at their exact count, when
    // their parent is complete; leaves share one empty array. (Arrays grown by push keep spare room:
    // on a large file that doubled the copy's memory.)
    const gathering: PlainPyNode[][] = [];
    const complete = (n: PlainPyNode, depth: number): void => {
      n.lastId = id - 1;
      const kids = gathering[depth];
      if (kids?.length) {
        n.children = kids.slice();
        kids.length = 0;
      }
    };
    let current = root;
    let depth = 0;
    for (;;) {
      let parent: PlainPyNode;
      if (c.gotoFirstChild()) {
        parent = current;
        depth++;
      } else {
        // `current` has no (more) children: its subtree is complete, and so is each ancestor's left behind.
        for (;;) {
          complete(current, depth);
          if (current === root) return out;
          if (c.gotoNextSibling()) {
            parent = current.parent!;
            break;
          }
          c.gotoParent();
          current = current.parent!;
          depth--;
        }
      }
      const child = node(parent, c.currentFieldName);
      (gathering[depth - 1] ??= []).push(child);
      current = child;
    }
  } finally {
    c.delete();
  }
}
