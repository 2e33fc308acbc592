/**
 * Which events a job or step can run on, as its `if:` conditions pin them:
 * `github.event_name == 'workflow_dispatch' || github.event.workflow_run.event == 'release'` lets the
 * job run on a manual dispatch, or on a `workflow_run` that follows a release. Read soundly: `a && b`
 * runs on what both allow, `a || b` on what either does, and anything this reader does not follow (a
 * negation, `!=`, another function) allows every event.
 */
import { tokenize } from './expression-value.js';
import { OUTSIDE_EVENTS } from './run-triggers.js';

type Values = Set<string> | 'any';

function intersect(a: Values, b: Values): Values {
  if (a === 'any') return b;
  if (b === 'any') return a;
  return new Set([...a].filter((v) => b.has(v)));
}

function union(a: Values, b: Values): Values {
  return a === 'any' || b === 'any' ? 'any' : new Set([...a, ...b]);
}

/** The string of a `'…'` literal, lower case (GitHub compares strings without case). */
function literal(text: string): string {
  return text.slice(1, -1).replace(/''/g, "'").toLowerCase();
}

/**
 * The values of `field` for which `condition` may hold: a set when it pins the field, 'any' when it
 * does not or cannot be read. `contains(fromJSON('["a","b"]'), field)` pins it as `field == 'a' || field == 'b'`.
 * `given` fixes another field's value (`github.event_name` is `workflow_run`): a comparison of it with
 * another value is false, so the alternative it stands in allows nothing.
 */
export function pinnedValues(condition: unknown, field: string, given?: [field: string, value: string]): Values {
  if (typeof condition !== 'string') return 'any';
  const tokens = tokenize(condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'));
  if (!tokens) return 'any';
  const want = field.toLowerCase();
  let i = 0;
  const op = (text: string): boolean => tokens[i]?.kind === 'op' && tokens[i]!.text === text && (i++, true);
  const isField = (t: { kind: string; text: string } | undefined) => t?.kind === 'ref' && t.text.toLowerCase() === want;
  const isGiven = (t: { kind: string; text: string } | undefined) => given !== undefined && t?.kind === 'ref' && t.text.toLowerCase() === given[0].toLowerCase();
  const or = (): Values => {
    let v = and();
    while (op('||')) v = union(v, and());
    return v;
  };
  const and = (): Values => {
    let v = unary();
    while (op('&&')) v = intersect(v, unary());
    return v;
  };
  const unary = (): Values => {
    if (op('!')) {
      unary();
      return 'any';
    }
    return comparison();
  };
  const comparison = (): Values => {
    const left = tokens[i];
    const v = primary();
    for (const o of ['==', '!=', '<=', '>=', '<', '>']) {
      if (!op(o)) continue;
      const right = tokens[i];
      primary();
      if (o !== '==') return 'any';
      if (isField(left) && right?.kind === 'str') return new Set([literal(right.text)]);
      if (isField(right) && left?.kind === 'str') return new Set([literal(left.text)]);
      const fixed = isGiven(left) && right?.kind === 'str' ? right : isGiven(right) && left?.kind === 'str' ? left : undefined;
      if (fixed) return literal(fixed.text) === given![1].toLowerCase() ? 'any' : new Set();
      return 'any';
    }
    return v;
  };
  const primary = (): Values => {
    const t = tokens[i++];
    if (!t) throw new Error('end');
    if (t.kind === 'str' || t.kind === 'num' || t.kind === 'ref') return 'any';
    if (t.kind === 'call') {
      const start = i;
      const args: Values[] = [];
      if (!op(')')) {
        do args.push(or());
        while (op(','));
        if (!op(')')) throw new Error('call');
      }
      return t.text.toLowerCase() === 'contains' ? listed(tokens.slice(start, i)) : 'any';
    }
    if (t.text === '(') {
      const v = or();
      if (!op(')')) throw new Error('paren');
      return v;
    }
    throw new Error('token');
  };
  /** The arguments of a `contains(` call, `fromJSON('[…]'), field)`: the listed values. */
  const listed = (args: { kind: string; text: string }[]): Values => {
    const [from, json, close, comma, ref, end] = args;
    const shaped = args.length === 6 && from!.kind === 'call' && from!.text.toLowerCase() === 'fromjson' && json!.kind === 'str' && close!.text === ')' && comma!.text === ',' && isField(ref) && end!.text === ')';
    if (!shaped) return 'any';
    try {
      const values = JSON.parse(literal(json!.text)) as unknown;
      return Array.isArray(values) && values.every((v) => typeof v === 'string') ? new Set(values as string[]) : 'any';
    } catch {
      return 'any';
    }
  };
  try {
    const v = or();
    return i === tokens.length ? v : 'any';
  } catch {
    return 'any';
  }
}

/** The triggers a job (and one of its steps) can run on: those of the workflow its conditions leave. */
export function runEvents(triggers: string[], conditions: unknown[]): string[] {
  const pinned = conditions.reduce<Values>((v, c) => intersect(v, pinnedValues(c, 'github.event_name')), 'any');
  return pinned === 'any' ? triggers : triggers.filter((t) => pinned.has(t.toLowerCase()));
}

/**
 * Whether the conditions let a `workflow_run` run only after runs of events no outsider causes
 * (`github.event.workflow_run.event == 'release'`): its head branch is then a tag or branch someone
 * with write access made, its title and commit theirs.
 */
export function followsInsiderEventsOnly(conditions: unknown[]): boolean {
  const given: [string, string] = ['github.event_name', 'workflow_run'];
  const pinned = conditions.reduce<Values>((v, c) => intersect(v, pinnedValues(c, 'github.event.workflow_run.event', given)), 'any');
  return pinned !== 'any' && [...pinned].every((e) => !OUTSIDE_EVENTS.has(e));
}
