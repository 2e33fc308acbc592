/**
 * A secret read from a setting a front-end build inlines into the JavaScript it ships to every
 * browser (`process.env.NEXT_PUBLIC_OS_SECURITY_KEY`, `import.meta.env.VITE_OPENAI_API_KEY`): the
 * build replaces the read with the value, so whoever loads the page holds the key. Only names that
 * say the value is a secret (`…_SECRET`, `…_PASSWORD`, `…_PRIVATE_KEY`, `…_SECURITY_KEY`) or a key of
 * a service whose keys are server-side secrets (an LLM API, GitHub); never one that says it is
 * public (`…_PUBLISHABLE_KEY`, `…_ANON_KEY`, `…_SITE_KEY`) nor a client-side key published by design
 * (PostHog, Firebase, Mapbox …), which such names usually hold.
 */
import type { RuleMeta } from '../../core/rule.js';
import { isBrowserBundleName } from './values.js';

export const BROWSER_BUNDLED_SECRET = 'secrets/browser-bundled-secret';

/** A read of a setting in front-end code: `process.env.NAME`, `import.meta.env.NAME`, `process.env['NAME']`. */
const ENV_READ = /\b(?:process\.env|import\.meta\.env)(?:\.|\[\s*["'])([A-Z][A-Z0-9_]{2,80})\b/g;

/** The prefix a framework publishes (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_` …), cut off to read what the name says. */
const BUNDLE_PREFIX = /^(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC|GATSBY|STORYBOOK|VUE_APP|PLASMO_PUBLIC)_/;

/** A name that says its value is a secret: its last words. */
const SECRET_NAME = /(?:^|_)(?:SECRET|SECRET_KEY|CLIENT_SECRET|PASSWORD|PASSWD|PRIVATE_KEY|SECURITY_KEY|ADMIN_KEY|SERVICE_ROLE_KEY|MASTER_KEY|SIGNING_KEY)$/;

/** A service whose API keys are server-side secrets, named before the key (`OPENAI_API_KEY`, `GITHUB_TOKEN`). */
const SECRET_VENDOR_KEY =
  /(?:^|_)(?:OPENAI|AZURE_OPENAI|ANTHROPIC|GEMINI|GROQ|MISTRAL|COHERE|DEEPSEEK|XAI|PERPLEXITY|TOGETHER|FIREWORKS|OPENROUTER|REPLICATE|HUGGINGFACE|HF|ELEVENLABS|DEEPGRAM|TAVILY|EXA|FIRECRAWL|PINECONE|E2B|LANGSMITH|LANGCHAIN|GITHUB|GITLAB|SLACK|DISCORD|TELEGRAM|NOTION|LINEAR|AWS)_(?:API_KEY|APIKEY|KEY|TOKEN|ACCESS_TOKEN|SECRET_KEY|PAT)$/;

/** Words that say a value is public by design: a publishable, anonymous or site key, a client id, a DSN. */
const PUBLIC_WORDS = /(?:^|_)(?:PUBLIC|PUBLISHABLE|ANON|SITE|CLIENT_ID|DSN|MEASUREMENT|WRITE_KEY|BROWSER)(?:_|$)/;

/** Vendors whose browser keys are published by design (analytics, maps, auth and search front ends). */
const PUBLIC_VENDORS = /(?:^|_)(?:POSTHOG|FIREBASE|SUPABASE|SENTRY|ALGOLIA|MAPBOX|GOOGLE_MAPS|MAPS|CLERK|STRIPE|MIXPANEL|SEGMENT|AMPLITUDE|STATSIG|LAUNCHDARKLY|INTERCOM|PUSHER|TURNSTILE|RECAPTCHA|HCAPTCHA|GA|GTM)(?:_|$)/;

/** Whether a setting's name puts a secret in the browser bundle. */
export function bundlesSecret(name: string): boolean {
  if (!isBrowserBundleName(name)) return false;
  const rest = name.replace(BUNDLE_PREFIX, '');
  if (PUBLIC_WORDS.test(rest) || PUBLIC_VENDORS.test(rest)) return false;
  return SECRET_NAME.test(rest) || SECRET_VENDOR_KEY.test(rest);
}

/** Files a front-end build bundles. */
const FRONT_END_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/;

/**
 * The first read of each such setting in a front-end file: its name and where it is. One setting
 * read under two frameworks' prefixes (`process.env.PUBLIC_X || process.env.NEXT_PUBLIC_X`, a
 * fallback) is one secret, reported once.
 */
export function bundledSecretReads(relPath: string, text: string): { name: string; start: number; end: number }[] {
  if (!FRONT_END_FILE.test(relPath) || (!text.includes('process.env') && !text.includes('import.meta.env'))) return [];
  const seen = new Set<string>();
  const out: { name: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(ENV_READ)) {
    const name = m[1]!;
    const stem = name.replace(BUNDLE_PREFIX, '');
    if (seen.has(stem) || !bundlesSecret(name)) continue;
    seen.add(stem);
    const start = m.index! + m[0].length - name.length;
    out.push({ name, start, end: start + name.length });
  }
  return out;
}

export const BROWSER_BUNDLED_SECRET_META: RuleMeta = {
  id: BROWSER_BUNDLED_SECRET,
  title: 'Secret read from a browser-bundle setting',
  category: 'credential.long-lived',
  severity: 'medium',
  confidence: 'medium',
  description:
    'Front-end code reads a secret from a setting its build inlines into the JavaScript every visitor downloads (NEXT_PUBLIC_, VITE_, REACT_APP_, EXPO_PUBLIC_ …): a backend key, an LLM API key or a private key set there is published with the site.',
  remediation:
    "Keep the secret on a server: read it without the public prefix in a server route or backend that makes the call, and give the browser a session or a short-lived, scoped token instead. Rotate the key if a build with it was ever served.",
  examples: {
    positive: [
      { code: "const token = process.env.NEXT_PUBLIC_AGENT_SECURITY_KEY || ''\n", path: 'src/app/page.tsx' },
      { code: 'const openai = createOpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY });\n', path: 'src/lib/ai.ts' },
    ],
    negative: [
      // Keys published by design, and names that say so.
      { code: 'const supabase = createClient(url, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!);\n', path: 'src/lib/supabase.ts' },
      { code: 'posthog.init(import.meta.env.VITE_POSTHOG_KEY);\n', path: 'src/main.tsx' },
      { code: '<ClerkProvider publishableKey={process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}>\n', path: 'src/app/layout.tsx' },
      { code: 'const map = new Map({ accessToken: process.env.NEXT_PUBLIC_MAPBOX_ACCESS_TOKEN });\n', path: 'src/map.tsx' },
      // A secret read without the public prefix stays on the server.
      { code: 'const key = process.env.AGENT_SECURITY_KEY;\n', path: 'src/app/api/route.ts' },
      // The prefix on a setting that is no secret.
      { code: 'const url = process.env.NEXT_PUBLIC_API_URL;\n', path: 'src/app/page.tsx' },
    ],
  },
};
