/**
 * The true- and false-positive examples of gitleaks' rules, read from a local checkout at run
 * time: each `cmd/generate/config/rules/*.go` function builds a rule and hands its `tps` and `fps`
 * lists to `utils.Validate`. This evaluates the small subset of Go those lists are written in
 * (string literals and `+`, `[]string{…}`, `map[string]string{…}`, `append`, `fmt.Sprintf`, the
 * sample generators of `cmd/generate/config/utils`, `secrets.NewSecret(regex)`) and skips, and
 * counts, any example written otherwise. Nothing of gitleaks is copied into this project.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { prng, sampleRegex } from './regex-sample.mjs';

class Unsupported extends Error {}

/** Go tokens: strings (decoded), identifiers, numbers, punctuation; comments dropped. */
export function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      tokens.push({ t: 'nl' });
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) i = src.indexOf('*/', i) + 2;
    else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      tokens.push({ t: 'str', v: src.slice(i + 1, end).replace(/\r/g, '') });
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (src[j] !== c) {
        if (src[j] === '\\') {
          const e = src[j + 1];
          const simple = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' }[e];
          if (simple !== undefined) {
            v += simple;
            j += 2;
          } else if (e === 'x') {
            v += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16));
            j += 4;
          } else if (e === 'u' || e === 'U') {
            const n = e === 'u' ? 4 : 8;
            v += String.fromCodePoint(parseInt(src.slice(j + 2, j + 2 + n), 16));
            j += 2 + n;
          } else throw new Unsupported(`escape \\${e}`);
        } else v += src[j++];
      }
      tokens.push({ t: c === '"' ? 'str' : 'rune', v });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
      tokens.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9a-fA-FxX._]*/.exec(src.slice(i, i + 64));
      tokens.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else {
      const m = /^(?:\.\.\.|:=|==|!=|<=|>=|&&|\|\||\+=|\+\+|--|<-)/.exec(src.slice(i, i + 3));
      const p = m ? m[0] : c;
      tokens.push({ t: 'p', v: p });
      i += p.length;
    }
  }
  return tokens;
}

/** The sample templates of `utils.GenerateSampleSecrets`, read from the checkout's generate.go. */
function sampleTemplates(generateGo) {
  const body = generateGo.slice(generateGo.indexOf('func GenerateSampleSecrets('));
  const mapStart = body.indexOf('map[string]string{');
  const tokens = tokenize(body.slice(mapStart + 'map[string]string{'.length, body.indexOf('\n\t}', mapStart) + 3));
  const templates = [];
  for (let k = 0; k + 2 < tokens.length; k++) {
    if (tokens[k].t === 'str' && tokens[k + 1].v === ':' && tokens[k + 2].t === 'str') templates.push({ name: tokens[k].v, text: tokens[k + 2].v });
  }
  if (templates.length === 0) throw new Error('no sample templates found in generate.go');
  return templates;
}

/** `func Name(size string) string { return fmt.Sprintf(`…`, size) }` and constant ones, from patterns.go. */
function patternHelpers(patternsGo) {
  const helpers = {};
  for (const m of patternsGo.matchAll(/func (\w+)\((\w+ string)?\) string \{\s*return (?:fmt\.Sprintf\(`([^`]*)`, \w+\)|`([^`]*)`)/g)) {
    helpers[m[1]] = m[3] !== undefined ? (size) => m[3].replace('%s', size) : () => m[4];
  }
  return helpers;
}

function sprintf(format, args) {
  let k = 0;
  return format.replace(/%[-+# 0]*\d*(?:\.\d+)?([sdvqx%])/g, (whole, verb) => {
    if (verb === '%') return '%';
    const a = args[k++];
    if (a === undefined) throw new Unsupported('Sprintf arguments');
    return verb === 'q' ? JSON.stringify(String(a)) : String(a);
  });
}

/** Evaluates one rule function's statements far enough to know its example lists. */
class RuleEvaluator {
  constructor(tokens, env) {
    this.tokens = tokens;
    this.env = env;
    this.vars = new Map();
    this.skipped = 0;
  }
  peek(o = 0) {
    let k = this.i;
    let n = o;
    for (;;) {
      while (this.tokens[k]?.t === 'nl') k++;
      if (n-- === 0) return this.tokens[k];
      k++;
    }
  }
  next() {
    while (this.tokens[this.i]?.t === 'nl') this.i++;
    return this.tokens[this.i++];
  }
  expect(v) {
    const t = this.next();
    if (t?.v !== v) throw new Unsupported(`expected ${v}, got ${t?.v}`);
  }
  /** expr := operand ('+' operand)* */
  expr() {
    let value = this.operand();
    while (this.peekSameLine()?.v === '+') {
      this.next();
      const right = this.operand();
      if (typeof value !== 'string' || typeof right !== 'string') throw new Unsupported('+ on non-strings');
      value += right;
    }
    return value;
  }
  /** Go inserts a semicolon at a line end after an operand: a `+` on the next line ends nothing but is not ours. */
  peekSameLine() {
    const t = this.tokens[this.i];
    return t?.t === 'nl' ? undefined : t;
  }
  operand() {
    const t = this.next();
    if (!t) throw new Unsupported('end of input');
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return t.v;
    if (t.v === '(') {
      const v = this.expr();
      this.expect(')');
      return v;
    }
    if (t.v === '[' && this.peek().v === ']') {
      this.next();
      const type = this.next();
      if (type.v === 'byte' && this.peek().v === '(') {
        this.next();
        const v = this.expr();
        this.expect(')');
        return v;
      }
      if (type.v !== 'string') throw new Unsupported(`[]${type.v}`);
      return this.list();
    }
    if (t.v === 'map') {
      this.expect('[');
      this.expect('string');
      this.expect(']');
      this.expect('string');
      return this.map();
    }
    if (t.t === 'id') {
      let name = t.v;
      while (this.peekSameLine()?.v === '.' && this.tokens[this.i + 1]?.t === 'id') {
        this.i++;
        name += `.${this.next().v}`;
      }
      if (this.peekSameLine()?.v === '(') {
        this.next();
        const args = [];
        let spread = false;
        while (this.peek().v !== ')') {
          const start = this.i;
          try {
            args.push(this.expr());
          } catch (err) {
            // One example of an `append` that cannot be evaluated is skipped, not the whole list.
            if (!(err instanceof Unsupported) || name !== 'append' || args.length === 0) throw err;
            this.skipped++;
            this.i = start;
            this.skipArgument();
          }
          if (this.peek().v === '...') {
            this.next();
            spread = true;
          }
          if (this.peek().v === ',') this.next();
        }
        this.next();
        return this.call(name, args, spread);
      }
      if (name === 'nil') return [];
      if (this.vars.has(name)) return this.vars.get(name);
      throw new Unsupported(`unknown name ${name}`);
    }
    throw new Unsupported(`operand ${t.v}`);
  }
  /** `{ e, e, … }`: an element that cannot be evaluated is skipped and counted. */
  list() {
    return this.elements(() => this.expr());
  }
  map() {
    return this.elements(() => {
      const file = this.expr();
      this.expect(':');
      return { file, text: this.expr() };
    });
  }
  /** The elements of a `{ … }` composite literal, each read by `element`; unsupported ones are skipped and counted. */
  elements(element) {
    this.expect('{');
    const out = [];
    while (this.peek().v !== '}') {
      const start = this.i;
      try {
        out.push(element());
      } catch (err) {
        if (!(err instanceof Unsupported)) throw err;
        this.skipped++;
        this.i = start;
        this.skipElement();
      }
      if (this.peek().v === ',') this.next();
    }
    this.next();
    return out;
  }
  /** Moves past one element of a composite literal, to the next `,` or the closing `}` at this depth. */
  skipElement() {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (depth === 0 && (t.v === ',' || t.v === '}')) return;
      if (t.v === '(' || t.v === '{' || t.v === '[') depth++;
      if (t.v === ')' || t.v === '}' || t.v === ']') depth--;
      this.next();
    }
  }
  /** Moves past one call argument, to the next `,` or the closing `)` at this depth. */
  skipArgument() {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (depth === 0 && (t.v === ',' || t.v === ')')) return;
      if (t.v === '(' || t.v === '{' || t.v === '[') depth++;
      if (t.v === ')' || t.v === '}' || t.v === ']') depth--;
      this.next();
    }
  }
  call(name, args, spread) {
    const { env } = this;
    const str = (k) => {
      if (typeof args[k] !== 'string') throw new Unsupported(`${name}: argument ${k}`);
      return args[k];
    };
    switch (name) {
      case 'append': {
        const base = Array.isArray(args[0]) ? [...args[0]] : [];
        const rest = args.slice(1);
        if (spread) return [...base, ...rest.slice(0, -1), ...rest[rest.length - 1]];
        return [...base, ...rest];
      }
      case 'utils.GenerateSampleSecrets': {
        const [id, secret] = [str(0), str(1)];
        return env.templates.map((tpl) => tpl.text.replaceAll('{i}', id).replaceAll('{I}', id.toUpperCase()).replaceAll('{s}', secret));
      }
      case 'utils.GenerateSampleSecret':
        return `${str(0)}_api_token = "${str(1)}"`;
      case 'secrets.NewSecret':
        return this.secret(str(0), false);
      case 'newPlausibleSecret':
        return this.secret(str(0), true);
      case 'fmt.Sprintf':
        return sprintf(str(0), args.slice(1));
      case 'base64.StdEncoding.EncodeToString':
        return Buffer.from(str(0)).toString('base64');
      case 'strings.Repeat':
        return str(0).repeat(Number(args[1]));
      case 'strings.ToUpper':
        return str(0).toUpperCase();
      case 'strings.ToLower':
        return str(0).toLowerCase();
    }
    const helper = name.startsWith('utils.') ? env.helpers[name.slice(6)] : undefined;
    if (helper) return helper(...args);
    throw new Unsupported(`call ${name}`);
  }
  secret(regex, plausible) {
    try {
      for (let tries = 0; tries < 50; tries++) {
        const s = sampleRegex(regex, this.env.random);
        if (!plausible || /[1-9]/.test(s)) return s;
      }
    } catch (err) {
      throw new Unsupported(`regex: ${err.message}`);
    }
    throw new Unsupported('no plausible secret');
  }
  /** Runs the function body: assignments in order; returns the example lists handed to Validate. */
  run() {
    let result;
    for (this.i = 0; this.i < this.tokens.length; ) {
      const t = this.tokens[this.i];
      const after = this.tokens[this.i + 1];
      const before = this.tokens[this.i - 1];
      if (t.t === 'id' && (after?.v === ':=' || after?.v === '=') && before?.v !== '.' && (before === undefined || before.t === 'nl' || before.t === 'p' || before.v === 'var')) {
        this.i += 2;
        const start = this.i;
        try {
          this.vars.set(t.v, this.expr());
        } catch (err) {
          if (!(err instanceof Unsupported)) throw err;
          this.vars.delete(t.v);
          this.i = start + 1;
        }
        continue;
      }
      if (t.t === 'id' && t.v === 'utils' && this.tokens[this.i + 2]?.t === 'id' && /^Validate(?:WithPaths)?$/.test(this.tokens[this.i + 2].v)) {
        this.i += 4; // utils . Validate (
        this.skipElement(); // the rule
        this.expect(',');
        const tps = this.exampleArg();
        this.expect(',');
        const fps = this.exampleArg();
        result = { tps, fps };
        break;
      }
      this.i++;
    }
    return result;
  }
  exampleArg() {
    const t = this.peek();
    if (t.t === 'id' && t.v !== 'nil' && !this.vars.has(t.v) && this.peek(1).v !== '(') {
      this.next();
      this.skipped++;
      return [];
    }
    const v = this.expr();
    return v.map((e) => (typeof e === 'string' ? { text: e } : e));
  }
}

/**
 * Every rule of the checkout at `dir` with its examples: `{ ruleId, file, tps: [{text, file?}],
 * fps, skipped }`. `seed` makes generated secrets reproducible.
 */
export function loadGitleaksExamples(dir, seed = 1) {
  const utilsDir = path.join(dir, 'cmd/generate/config/utils');
  const rulesDir = path.join(dir, 'cmd/generate/config/rules');
  const env = {
    templates: sampleTemplates(readFileSync(path.join(utilsDir, 'generate.go'), 'utf8')),
    helpers: patternHelpers(readFileSync(path.join(utilsDir, 'patterns.go'), 'utf8')),
    random: prng(seed),
  };
  const rules = [];
  for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort()) {
    const src = readFileSync(path.join(rulesDir, file), 'utf8');
    // Package-level `var` lists some rules share (one provider's other key kinds as negatives).
    const shared = new RuleEvaluator(tokenize(src.replace(/^func [\s\S]*?^\}$/gm, '')), env);
    shared.run();
    for (const fn of functions(src)) {
      const ids = [...fn.body.matchAll(/RuleID:\s*"([^"]+)"/g)].map((m) => m[1]);
      const renamed = /\br\.RuleID\s*=\s*"([^"]+)"/.exec(fn.body)?.[1];
      const ruleId = renamed ?? ids[0];
      if (!ruleId || !/utils\.Validate/.test(fn.body)) continue;
      const evaluator = new RuleEvaluator(tokenize(fn.body), env);
      for (const [name, value] of shared.vars) evaluator.vars.set(name, value);
      let lists;
      try {
        lists = evaluator.run();
      } catch (err) {
        if (!(err instanceof Unsupported)) throw err;
        if (process.env.GITLEAKS_EXAMPLES_DEBUG) console.error(`${file} ${ruleId}: ${err.message}`);
      }
      rules.push({ ruleId, file, fn: fn.name, tps: lists?.tps ?? [], fps: lists?.fps ?? [], skipped: evaluator.skipped + (lists ? 0 : 1) });
    }
  }
  return rules;
}

/** Top-level functions returning `*config.Rule`, with their bodies. */
function functions(src) {
  const out = [];
  for (const m of src.matchAll(/^func (\w+)\([^)]*\) \*config\.Rule \{$/gm)) {
    const start = m.index + m[0].length;
    const end = src.indexOf('\n}\n', start);
    out.push({ name: m[1], body: src.slice(start, end < 0 ? src.length : end) });
  }
  return out;
}
