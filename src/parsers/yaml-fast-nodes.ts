/**
 * The `yaml` package's node classes, made without running their constructors: each of those
 * defines the node's type as a property of the new object (`Object.defineProperty`), which took a
 * sixth of the fast path's time. These makers put it on a prototype between the node and the
 * package's class instead, so a node is still `instanceof` the class, has its methods (`toJSON`,
 * `get`, `items` …) and its `constructor`, and `isMap`/`isSeq`/`isScalar`/`isPair`/`isAlias` read its
 * type as they read the package's own.
 */
import type { Alias, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlLib } from './libraries.js';

const NODE_TYPE = Symbol.for('yaml.node.type');

type Range = [number, number, number];

export interface NodeMakers {
  scalar(value: unknown, range: Range, source: string, type: Scalar.Type): Scalar;
  map(flow: boolean): YAMLMap;
  seq(flow: boolean): YAMLSeq;
  pair(key: YamlNode, value: YamlNode | null): Pair;
  alias(source: string, range: Range): Alias;
}

let makers: NodeMakers | undefined;

export function nodeMakers(): NodeMakers {
  return (makers ??= build());
}

function build(): NodeMakers {
  const lib = yamlLib();
  const proto = (cls: { prototype: object }, type: string): object => {
    const p = Object.create(cls.prototype) as object;
    Object.defineProperty(p, NODE_TYPE, { value: Symbol.for(type) });
    return p;
  };
  const S = proto(lib.Scalar, 'yaml.scalar');
  const M = proto(lib.YAMLMap, 'yaml.map');
  const Q = proto(lib.YAMLSeq, 'yaml.seq');
  const P = proto(lib.Pair, 'yaml.pair');
  const A = proto(lib.Alias, 'yaml.alias');

  // Constructor functions over those prototypes: V8 gives their objects one shape each.
  function FastScalar(this: Scalar, value: unknown, range: Range, source: string, type: Scalar.Type): void {
    this.value = value;
    this.range = range;
    this.source = source;
    this.type = type;
  }
  function FastCollection(this: YAMLMap | YAMLSeq, flow: boolean): void {
    this.items = [];
    if (flow) this.flow = true;
  }
  function FastPair(this: Pair, key: YamlNode, value: YamlNode | null): void {
    this.key = key;
    this.value = value;
  }
  function FastAlias(this: Alias, source: string, range: Range): void {
    this.source = source;
    this.range = range;
  }
  FastScalar.prototype = S;
  const FastMap = function (this: YAMLMap, flow: boolean) {
    FastCollection.call(this, flow);
  };
  FastMap.prototype = M;
  const FastSeq = function (this: YAMLSeq, flow: boolean) {
    FastCollection.call(this, flow);
  };
  FastSeq.prototype = Q;
  FastPair.prototype = P;
  FastAlias.prototype = A;
  type Ctor<T, A extends unknown[]> = new (...args: A) => T;
  const scalar = FastScalar as unknown as Ctor<Scalar, [unknown, Range, string, Scalar.Type]>;
  const map = FastMap as unknown as Ctor<YAMLMap, [boolean]>;
  const seq = FastSeq as unknown as Ctor<YAMLSeq, [boolean]>;
  const pair = FastPair as unknown as Ctor<Pair, [YamlNode, YamlNode | null]>;
  const alias = FastAlias as unknown as Ctor<Alias, [string, Range]>;
  return {
    scalar: (value, range, source, type) => new scalar(value, range, source, type),
    map: (flow) => new map(flow),
    seq: (flow) => new seq(flow),
    pair: (key, value) => new pair(key, value),
    alias: (source, range) => new alias(source, range),
  };
}
