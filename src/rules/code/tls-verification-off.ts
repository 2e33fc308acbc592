/**
 * code/tls-verification-off: an agent, an MCP server or client, or an agent tool whose own code
 * turns certificate verification off for connections that carry its credentials. What turns it off
 * is read by `tls-off-sites.ts`; whether that holds by default, by `tls-off-gates.ts`. Reported in
 * agent or MCP code (a file importing an agent framework, the MCP SDK or calling a model, or a
 * TypeScript package depending on one) and wherever the code around the place carries a credential;
 * not for a connection to the local machine, not in a test. Examples, docs and evaluation folders
 * are lowered by the context policy, as for every rule.
 */
import type { FileAnalyzer, RuleMeta } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';
import type { SourceFile } from '../../core/source.js';
import { contextOf } from '../../discovery/context.js';
import { codeText } from './http-listen.js';
import { importsAgentFramework, tsFramework } from './frameworks.js';
import { drivesAgent } from './agent-api-routes.js';
import { dependsOnAny, nearestManifest } from './package-manifest.js';
import { mayTurnTlsOff, pythonSites, typescriptSites, type TlsOffSite } from './tls-off-sites.js';
import { callerGate, credentialNear, gateOf, loopbackTarget, type Gate, type Language } from './tls-off-gates.js';
import { TLS_OFF_EXAMPLES } from './tls-verification-off-examples.js';

export const ID = 'code/tls-verification-off';

const meta: RuleMeta = {
  id: ID,
  title: 'TLS certificate verification turned off in agent code',
  category: 'transport.insecure',
  severity: 'high',
  confidence: 'medium',
  description:
    'An agent, MCP server or client, or agent tool turns certificate verification off in its own code: `verify=False` on a requests or ' +
    'httpx call or client, aiohttp\'s `ssl=False` or `verify_ssl=False`, an SSL context set to `CERT_NONE` or made by ' +
    '`ssl._create_unverified_context()`, `rejectUnauthorized: false` (an `https.Agent`, `tls.connect`, an undici `connect` option, a ' +
    'database client\'s `ssl`/`tls` options), `NODE_TLS_REJECT_UNAUTHORIZED = "0"` or Python\'s default HTTPS context replaced in code, an ' +
    'Electron `certificate-error` handler that answers `callback(true)` or a verifier that accepts every certificate. Anyone on the ' +
    'network path can then stand in for the server and read the credentials sent to it. High when a process-wide switch or an HTTP ' +
    'client whose requests carry a credential (an Authorization header, an API key, a token, a password) is unverified with no ' +
    'condition or by default; medium for a datastore client; low behind an opt-in the user must set (an environment variable or ' +
    'option whose default keeps verification on), and for an HTTP call that carries no credential the code shows. A value that is ' +
    'off by default (`verify=os.getenv("SSL_VERIFY", "false") == "true"`, a parameter that defaults to False) counts as always; a guard ' +
    'that only asks whether TLS is used at all leaves every TLS connection unverified. Not reported: a connection to the local ' +
    'machine or a Unix socket, code that is not an agent\'s, an MCP server\'s or client\'s and carries no credential, a headless ' +
    'browser\'s `ignoreHTTPSErrors` (it browses pages, not the agent\'s own services), `urllib3.disable_warnings()` alone, tests.',
  remediation:
    'Keep verification on. If a private certificate authority is the reason, trust it instead (`verify="/path/ca.pem"`, `SSL_CERT_FILE`, ' +
    '`REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`, the `ca` option); if some users need it off, make it an opt-in whose default keeps ' +
    'verification on, and never accept every certificate in an Electron app.',
  docs: {
    why: 'Without certificate verification TLS still encrypts, but to whoever answers: a proxy, a hostile Wi-Fi or a poisoned DNS entry receives the API keys, tokens and passwords the agent sends, and can change the model\'s and tools\' replies on the way.',
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://owasp.org/www-project-top-10-for-large-language-model-applications/'],
  },
  examples: TLS_OFF_EXAMPLES,
};

/** Model-provider SDKs: a package or module depending on one calls a model with its key. */
const MODEL_SDK: Record<Language, RegExp> = {
  python: /^[ \t]*(?:from|import)[ \t]+(?:openai|anthropic|litellm|google\.genai|google\.generativeai|cohere|mistralai|groq)\b/m,
  typescript: /(?:from\s+|require\(\s*)['"](?:openai|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|groq-sdk|@mistralai\/[^'"]+|cohere-ai)['"]/,
};

const MODEL_PACKAGES = /^(?:openai|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|groq-sdk|@mistralai\/.+|cohere-ai|ollama)$/;

/** Whether a file is an agent's, an MCP server's or client's: what it imports or calls, or (TypeScript) what its package depends on. */
function isAgentCode(file: SourceFile, language: Language, dependsOn?: (rel: string, hash: string) => void): string | undefined {
  if (importsAgentFramework(file.text, language)) return 'imports an agent framework or the MCP SDK';
  if (MODEL_SDK[language].test(file.text) || drivesAgent(file.text, language)) return 'calls a model';
  if (language === 'python' || !file.root) return undefined;
  const manifest = nearestManifest(file.root, file.relPath, dependsOn);
  const agentDependency = (d: string): boolean => tsFramework(d) !== undefined || MODEL_PACKAGES.test(d);
  return manifest && dependsOnAny(manifest, ['dependencies', 'peerDependencies'], agentDependency) ? `belongs to a package (${manifest.project || 'the root'}) that depends on an agent framework, the MCP SDK or a model SDK` : undefined;
}

function severityOf(site: TlsOffSite, gate: Gate, credential: string | undefined): Severity {
  if (gate.state === 'opt-in') return 'low';
  if (site.kind === 'process') return 'high';
  if (site.kind === 'datastore') return 'medium';
  return credential ? 'high' : 'low';
}

function message(site: TlsOffSite, gate: Gate, credential: string | undefined): string {
  const when =
    gate.state === 'opt-in'
      ? `, but only behind an opt-in (${gate.why}); by default verification stays on`
      : site.byDefault
        ? `, by default: ${site.byDefault}`
        : gate.state === 'by-default'
          ? `, by default: ${gate.why}`
          : gate.why
            ? `, ${gate.why}`
            : ', with no condition';
  const risk =
    site.kind === 'process'
      ? 'anyone on the network path can stand in for any server it talks to and read the keys, tokens and passwords it sends'
      : site.kind === 'datastore'
        ? "the datastore's password and data cross a connection anyone on the path can intercept"
        : credential
          ? `its requests carry a credential (${credential} in the code around it), which anyone on the path can read or replay`
          : 'anyone on the path can change what it receives (no credential is seen sent over it)';
  return `\`${site.evidence}\` turns TLS certificate verification off for ${site.connection}${when}: ${risk}.`;
}

export const tlsVerificationOff: FileAnalyzer = {
  name: ID,
  rules: [meta],
  reportsNoSecrets: true,
  kinds: ['python', 'typescript'],
  applies(file) {
    return mayTurnTlsOff(file.text, file.kind === 'python' ? 'python' : 'typescript') && contextOf(file.relPath) !== 'test';
  },
  async analyze(file, ctx) {
    const language: Language = file.kind === 'python' ? 'python' : 'typescript';
    const code = codeText(file.text, language);
    const sites = language === 'python' ? pythonSites(code) : typescriptSites(code);
    if (sites.length === 0) return;
    let agent: string | undefined | null = null;
    const seen = new Map<string, number>();
    for (const site of sites.sort((a, b) => a.start - b.start)) {
      const own = gateOf(code, site.start, language);
      const gate = own.state === 'always' && !own.guard && language === 'python' ? (callerGate(code, site.start) ?? own) : own;
      if (gate.state === 'loopback' || loopbackTarget(code, site.around ?? site)) continue;
      const credential = credentialNear(code, site.around, site.start);
      if (agent === null) agent = isAgentCode(file, language, ctx.dependsOn);
      if (!agent && !credential) continue;
      const n = (seen.get(site.evidence) ?? 0) + 1;
      seen.set(site.evidence, n);
      ctx.report({
        ruleId: ID,
        message: message(site, gate, credential),
        span: { start: site.start, end: site.end },
        evidence: site.evidence,
        key: `tls-off:${site.evidence}:${n}`,
        severity: severityOf(site, gate, credential),
      });
    }
  },
};
