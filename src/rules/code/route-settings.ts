/**
 * What a route of an agent app's own web API does with the app's settings, where its provider keys
 * are kept: hands them back to the caller (`jsonify(config.get_config())`, `res.json(settings)`,
 * `NextResponse.json({ values })` after `const values = configManager.getCurrentConfig()`), or
 * rewrites them with what the caller sent (`configManager.updateConfig(body.key, body.value)`,
 * `saveSettings(await req.json())`), so that a caller can point a provider's base URL at a server of
 * theirs and collect the prompts and keys sent there. Read from one handler's text, comment lines
 * blanked.
 */
import { argsAt, clip, splitArgs } from './http-listen.js';
import { REQUEST_INPUT } from './vocabulary.js';

type Language = 'python' | 'typescript';

const PY_SETTINGS = /\b(?:get|load|read|fetch)_(?:current_|app_|all_|full_|global_|system_)?(?:config|configuration|settings)(?:_values|_dict|_data)?\s*\(\s*\)|\bos\.environ\b(?!\s*(?:\.get|\[))|\b(?:config|settings)\.(?:dict|model_dump|to_dict|as_dict)\s*\(/;

/** A getter of the whole configuration: `getConfig()`, `configManager.getCurrentConfig()`, `await loadSettings()`. */
const TS_GETTER = /^(?:await\s+)?(?:[\w$]+\.)*(?:get|load|read|fetch)(?:Current|App|All|Full|Global|System|Stored|Saved)?(?:Config|Configuration|Settings)\s*\(\s*\)$/;
/** Names bound to such a getter's result: `const values = configManager.getCurrentConfig()`. */
const TS_GETTER_BINDING =
  /(?<![\w$.])(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*((?:await\s+)?(?:[\w$]+\.)*(?:get|load|read|fetch)(?:Current|App|All|Full|Global|System|Stored|Saved)?(?:Config|Configuration|Settings)\s*\(\s*\))/g;
/** A response whose first argument is the body sent back: `NextResponse.json(…)`, `Response.json(…)`, `res.status(200).json(…)`, `c.json(…)`. */
const TS_RESPONSE = /(?<![\w$.])(?:NextResponse|Response)\.json\s*\(|\bnew\s+(?:Next)?Response\s*\(\s*JSON\.stringify\s*\(|(?<![\w$.])(?:res|reply|c|ctx)(?:\.status\s*\(\s*\d+\s*\))?\.(?:json|send|body)\s*\(/g;
/**
 * Keys masked before they are sent (`maskApiKey(…)`, `redact(…)`, `'****'`), or cleared
 * (`out.llm_configs[name].api_key = None`, `settings.apiKey = undefined`): what goes back is not the key.
 */
const MASKED = /\b\w*(?:mask|redact|saniti[sz]e|scrub|obfuscate)\w*\s*\(|['"`]\*{3,}|\*{3,}['"`]|\.\w*(?:api_?key|secret|token|password)\w*\s*=(?!=)\s*(?:None|null|undefined)\b/i;

/**
 * What a route hands back when it is the whole configuration (`config.get_config()`, `res.json(settings)`,
 * `NextResponse.json({ values })`), clipped; undefined when it returns none, or masks the keys first.
 */
export function returnsSettings(body: string, language: Language): string | undefined {
  if (MASKED.test(body)) return undefined;
  if (language === 'python') {
    // The handler's own name (`def get_config():`) says nothing of what it returns.
    const m = PY_SETTINGS.exec(withoutDef(body));
    if (!m || !/\breturn\b/.test(body)) return undefined;
    const end = m[0].endsWith('(') ? argsAt(body, m.index + m[0].length - 1)?.end : undefined;
    return clip(body.slice(m.index, end ?? m.index + m[0].length));
  }
  // `config` and `settings` by name, unless the handler builds them itself (`const config = { openaiConfigured: !!process.env.OPENAI_API_KEY }`).
  const names = new Set(['config', 'settings', 'process.env'].filter((n) => !new RegExp(`(?<![\\w$.])(?:const|let|var)\\s+${n}\\s*(?::[^=\\n]+)?=\\s*\\{`).test(body)));
  for (const m of body.matchAll(TS_GETTER_BINDING)) names.add(m[1]!);
  const whole = (expr: string): boolean => names.has(expr.replace(/^await\s+/, '')) || TS_GETTER.test(expr);
  for (const m of body.matchAll(TS_RESPONSE)) {
    const a = argsAt(body, m.index + m[0].length - 1);
    const first = a && splitArgs(a.args)[0];
    if (!first) continue;
    const call = clip(body.slice(m.index, a.end));
    if (whole(first)) return call;
    if (!first.startsWith('{')) continue;
    // An object literal that carries it: `{ values }`, `{ settings: values }`, `{ ...config }`.
    for (const item of splitArgs(first.slice(1, first.lastIndexOf('}')))) {
      const value = /^\.\.\.\s*([\s\S]+)$/.exec(item)?.[1] ?? /^[\w$'"]+\s*:\s*([\s\S]+)$/.exec(item)?.[1] ?? item;
      if (whole(value.trim())) return call;
    }
  }
  return undefined;
}

/**
 * A call that writes the app's configuration or a model provider's settings (`updateConfig`,
 * `saveSettings`, `configManager.setConfig`, `registry.addProvider`, `updateProvider`); the names
 * say which settings, so a user's profile or a chat's title is not one.
 */
const TS_SETTINGS_WRITE =
  /(?<![\w$])(?:[\w$]+\.)*(?:update|save|set|write|patch|add|create|upsert|put|store|persist|replace)(?:App|Global|System|Server|Model|LLM|Llm|Provider|AI|Ai|Api|Current)?(?:Config|Configuration|Settings|Provider|Env|ENV)s?\s*\(/g;

/**
 * The call of a POST, PUT or PATCH handler that writes the app's settings with what the caller sent
 * (`configManager.updateConfig(body.key, body.value)` after `const body = await req.json()`), clipped;
 * undefined when the handler writes none, or only values of its own.
 */
export function changesSettings(body: string, language: Language): string | undefined {
  if (language === 'python') return pythonChangesSettings(body);
  return firstSentWrite(body, TS_SETTINGS_WRITE, REQUEST_INPUT.body, requestNames(body));
}

/** The first settings write in `code` (a match of `writes`) handed the request's input or a name holding it, clipped. */
function firstSentWrite(code: string, writes: RegExp, input: RegExp, sent: Set<string>): string | undefined {
  for (const m of code.matchAll(writes)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (a && (input.test(a.args) || mentions(a.args, sent))) return clip(code.slice(m.index, a.end));
  }
  return undefined;
}

/**
 * Names a handler binds to what the caller sent: `const body = await req.json()`, `const { key, value } = await req.json()`,
 * `const { name, config } = body`, `const parsed = schema.parse(body)`; followed through the handler's own assignments.
 */
function requestNames(body: string): Set<string> {
  const bindings = [...body.matchAll(/(?<![\w$.])(?:const|let|var)\s+([A-Za-z_$][\w$]*|\{[^}]*\})\s*(?::\s*(?:\{[^}]*\}|[^=\n]+))?=(?![=>])\s*([^;\n]+)/g)];
  return propagate(new Set(), bindings.map((m) => [boundNames(m[1]!), m[2]!] as const), REQUEST_INPUT.body);
}

/**
 * `sent` with the names of each binding (names bound, value) whose value is the request's input
 * (`input`) or names one of `sent`, followed through the bindings up to three times.
 */
function propagate(sent: Set<string>, bindings: ReadonlyArray<readonly [string[], string]>, input: RegExp): Set<string> {
  for (let pass = 0; pass < 3; pass++) {
    const before = sent.size;
    for (const [targets, value] of bindings) {
      if (!input.test(value) && !mentions(value, sent)) continue;
      for (const n of targets) sent.add(n);
    }
    if (sent.size === before) break;
  }
  return sent;
}

/** The names a binding target binds: `body`, or each of `{ key, value: v, ...rest }`. */
function boundNames(target: string): string[] {
  if (!target.startsWith('{')) return [target];
  return splitArgs(target.slice(1, -1)).flatMap((item) => {
    const n = /([A-Za-z_$][\w$]*)\s*(?:=[^,]*)?$/.exec(item.replace(/^\.\.\./, ''))?.[1];
    return n ? [n] : [];
  });
}

function mentions(text: string, names: Set<string>): boolean {
  for (const n of names) if (new RegExp(`(?<![\\w$.])${n.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)) return true;
  return false;
}

/** The same writers in Python's names: `write_config_values(updates)`, `save_settings(payload)`, `update_llm_config(…)`. */
const PY_SETTINGS_WRITE =
  /(?<![\w.])(?:[\w]+\.)*(?:update|save|set|write|patch|upsert|store|persist|replace)_(?:app_|global_|system_|server_|model_|llm_|provider_|ai_|api_|current_)?(?:config|configuration|settings|provider|env)s?(?:_values|_file|_dict)?\s*\(/g;

/**
 * A Python handler's write of the app's settings with what the caller sent: its arguments name the
 * request's body (`request.get_json()`, `request.json`), a parameter of the handler (a FastAPI body
 * model), or a name the handler bound from them (`payload = request.get_json()`, then
 * `for key, value in payload.items(): updates[key] = value`).
 */
function pythonChangesSettings(body: string): string | undefined {
  const def = /^[ \t]*(?:async[ \t]+)?def[ \t]+\w+\s*\(([^)]*)\)/.exec(body);
  const sent = new Set((def?.[1] ?? '').split(',').map((p) => /^\s*\**(\w+)/.exec(p)?.[1] ?? '').filter((p) => p && p !== 'self' && p !== 'request'));
  const names = (target: string) => target.split(/[\s,()]+/).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const bindings = [
    ...[...body.matchAll(/^[ \t]*([\w, ()]+?)(?:\[[^\]\n]*\])?\s*(?::[^=\n]+)?=(?!=)\s*([^\n]+)/gm)].map((m) => [names(m[1]!), m[2]!] as const),
    ...[...body.matchAll(/^[ \t]*(?:async[ \t]+)?for[ \t]+([\w, ()]+?)[ \t]+in[ \t]+([^\n]+):/gm)].map((m) => [names(m[1]!), m[2]!] as const),
  ];
  propagate(sent, bindings, REQUEST_INPUT.python);
  // The handler's own name (`async def update_config(config: …)`) is not a call.
  return firstSentWrite(withoutDef(body), PY_SETTINGS_WRITE, REQUEST_INPUT.python, sent);
}

/** A Python handler's text with its `def` line blanked, offsets kept. */
function withoutDef(body: string): string {
  return body.replace(/^[ \t]*(?:async[ \t]+)?def[^\n]*/, (d) => ' '.repeat(d.length));
}
