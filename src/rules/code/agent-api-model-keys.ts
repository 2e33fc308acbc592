/**
 * Whose model key an unauthenticated agent API spends: a self-hosted model's stand-in key (nobody's
 * account), or the key each caller sends with the request (their own). Either makes an open route
 * cost the app's owner nothing but compute; read from the file's own text.
 */
/** A model client made with an API key (`OpenAI(base_url=…, api_key=…)`, `new OpenAI({ apiKey: … })`). */
const CLIENT = /\b(?:Async|Chat)?(?:OpenAI|AzureOpenAI|Anthropic|Groq|Mistral\w*)\s*\(\s*\{?([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
/** The stand-in keys self-hosted OpenAI-compatible servers (vLLM, Ollama, LM Studio, llama.cpp) are given: they check none. */
const STAND_IN_KEY = /\bapi_?[kK]ey\s*[=:]\s*['"](unused|empty|none|not[-_ ]?needed|no[-_]?key|sk-no-key-required|ollama|lm-studio|dummy|fake|x+)['"]/i;

/**
 * The stand-in key when every model client of the file is made with one (a self-hosted model the
 * app serves through its routes); undefined when any client takes a real key or none is made here.
 */
export function selfHostedOnly(text: string): string | undefined {
  let key: string | undefined;
  for (const m of text.matchAll(CLIENT)) {
    const stand = STAND_IN_KEY.exec(m[1]!);
    if (!stand) return undefined;
    key ??= `api_key "${stand[1]}"`;
  }
  return key;
}

/** A key handed to a model client or agent in a call (`api_key=…`, `apiKey: …`): the expression given. */
const KEY_ARG = { python: /[(,]\s*api_key\s*=(?!=)\s*([^,()\n]+)/g, typescript: /[{,]\s*apiKey\s*:\s*([^,(){}\n]+)/g };
/** A key read from what the caller sent, and nothing else (no `or` fallback): `request.gemini_api_key`, `req.body.apiKey`, `body["api_key"]`. */
const FROM_REQUEST = /^(?:request|req|body|payload|data|params|input)(?:\.body)?(?:\.\w*key|\[\s*['"]\w*key['"]\s*\])$/i;
/** A provider key the file reads from its own environment or settings: the app's key, which a caller could then spend. */
const OWN_KEY = /\b(?:os\.environ|os\.getenv|process\.env|settings|config)\b[^\n]{0,40}?(?:API_?KEY|api_?key|apiKey)/;

/**
 * The caller's own key, when every model client or agent this file makes is given the API key the
 * request carries (`SkillOptimizer(api_key=request.gemini_api_key)`, or a name bound to it first) and
 * the file reads no provider key of its own: a caller who reaches the port spends their key, not the
 * app's. Undefined when any key given comes from elsewhere, or none is given here.
 */
export function callerKeyOnly(text: string, lang: 'python' | 'typescript'): string | undefined {
  if (OWN_KEY.test(text)) return undefined;
  let first: string | undefined;
  for (const m of text.matchAll(KEY_ARG[lang])) {
    const expr = m[1]!.trim();
    const from = FROM_REQUEST.test(expr) ? expr : /^\w+$/.test(expr) ? boundFromRequest(text, expr) : undefined;
    if (!from) return undefined;
    first ??= from;
  }
  return first;
}

/** What a name is bound to, when every binding of it in the text reads the key from the request. */
function boundFromRequest(text: string, name: string): string | undefined {
  const bound = [...text.matchAll(new RegExp(`(?<![\\w.])(?:const\\s+|let\\s+)?${name}\\s*=(?!=)\\s*([^\\n;]+)`, 'g'))].map((m) => m[1]!.trim());
  return bound.length > 0 && bound.every((b) => FROM_REQUEST.test(b)) ? bound[0] : undefined;
}
