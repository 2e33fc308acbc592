/**
 * Anchors and aliases as the `yaml` package's `toJS` resolves them: an alias stands for the last
 * node before it with that anchor, its value is that node's value (the same object, not a copy),
 * and the document's alias budget (`maxAliasCount`) is counted as the package counts it
 * (`Alias.resolve` and `getAliasCount`), so that a file the package refuses as a resource
 * exhaustion attack is refused here too: it then goes to the package, which reports it.
 */
import type { Alias, Node as YamlNode } from 'yaml';
import { unsupported } from './yaml-fast-text.js';

export const MAX_ALIAS_COUNT = 100;

interface AnchorData {
  count: number;
  aliasCount: number;
  res: unknown;
}

type Identity = Pick<typeof import('yaml'), 'isAlias' | 'isCollection' | 'isPair'>;

export class Anchors {
  private readonly nodes = new Map<string, YamlNode>();
  private readonly data = new Map<YamlNode, AnchorData>();
  /** The node each alias resolved to. */
  private readonly targets = new Map<Alias, YamlNode>();
  /** Anchored collections still being built: an alias inside one would make a cycle. */
  private readonly open = new Set<YamlNode>();

  constructor(private readonly lib: Identity) {}

  /** A new document: its anchors are its own. */
  clear(): void {
    this.nodes.clear();
    this.data.clear();
    this.targets.clear();
    this.open.clear();
  }

  /** `node` is anchored `name`, with the plain value `res` (a collection's, still being filled when `open`). */
  define(name: string, node: YamlNode, res: unknown, open: boolean): void {
    node.anchor = name;
    this.nodes.set(name, node);
    this.data.set(node, { count: 1, aliasCount: 0, res });
    if (open) this.open.add(node);
  }

  close(node: YamlNode): void {
    this.open.delete(node);
  }

  /** The value `alias` stands for, within the budget. */
  resolve(alias: Alias): unknown {
    const target = this.nodes.get(alias.source);
    if (!target) unsupported('unresolved alias');
    if (this.open.has(target)) unsupported('alias inside its anchor');
    this.targets.set(alias, target);
    const data = this.data.get(target)!;
    data.count += 1;
    if (data.aliasCount === 0) data.aliasCount = this.aliasCount(target);
    if (data.count * data.aliasCount > MAX_ALIAS_COUNT) unsupported('alias budget');
    return data.res;
  }

  /** The package's `getAliasCount`: how many nodes an alias to `node` stands for. */
  private aliasCount(node: unknown): number {
    const lib = this.lib;
    if (lib.isAlias(node)) {
      const data = this.data.get(this.targets.get(node)!);
      return data ? data.count * data.aliasCount : 0;
    }
    if (lib.isCollection(node)) {
      let count = 0;
      for (const item of node.items) count = Math.max(count, this.aliasCount(item));
      return count;
    }
    if (lib.isPair(node)) return Math.max(this.aliasCount(node.key), this.aliasCount(node.value));
    return 1;
  }
}
