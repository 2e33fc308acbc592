/**
 * The rule contract. A rule is metadata (RuleMeta) plus detection code that only reports.
 *
 * - A `FileAnalyzer` looks at one file at a time and owns one or more rules. Hand-written rules
 *   are analyzers of one rule (see `defineRule`); the secret-pattern engine owns one rule per
 *   pattern in `rules/secrets/*.yaml`.
 * - A `ProjectAnalyzer` runs once after every file, over the facts the file analyzers emitted
 *   (identities, inventory items), for cross-file findings such as shared identities.
 *
 * Analyzers never format output, never compute fingerprints, never redact by hand: they call
 * `ctx.report`, which fills metadata, redacts the secret and fingerprints the finding.
 */
import type { Category, Confidence, ContextFloor, FileKind, Finding, FrameworkRefs, Location, RelatedLocation, Severity } from './types.js';
import type { SourceFile } from './source.js';

export interface RuleExample {
  /** Path the example is scanned as (decides the file kind), e.g. `.mcp.json`. */
  path?: string;
  code: string;
  /**
   * Other files scanned with it (path → content), for cross-file rules: the example is then a small
   * repository, scanned whole with the cross-file analyzers, e.g. settings in one file, servers in another.
   */
  with?: Record<string, string>;
}

export interface RuleMeta {
  /** `<domain>/<name>`, e.g. `secrets/github-pat`, `mcp/unpinned-server`. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence?: Confidence;
  /** What it detects and why it matters, in one or two sentences. */
  description: string;
  remediation: string;
  /** Optional documentation extras used by `explain` and `docs/rules`. */
  docs?: { why?: string; references?: string[] };
  /** Examples that must produce (positive) or must not produce (negative) a finding of this rule. */
  examples?: { positive: RuleExample[]; negative: RuleExample[] };
  /** Provider / credential kind, for credential rules (NHI inventory). */
  provider?: string;
  kind?: string;
  /**
   * A fallback rule (the generic secret patterns) yields to any other rule that reports the same
   * secret in the same file, so one credential is one finding.
   */
  fallback?: boolean;
  /** Framework references, attached from `rules/frameworks/` when rules are listed (never set by a rule itself). */
  frameworks?: FrameworkRefs;
}

/** A place in a file: either explicit line/column (1-based) or a character offset range. */
export type Span =
  | { startLine: number; startColumn: number; endLine?: number; endColumn?: number }
  | { start: number; end: number };

export interface ReportDescriptor {
  ruleId: string;
  message: string;
  /** Where in the current file. Defaults to the first line. */
  span?: Span;
  /** The raw secret, if any: the context redacts it for `evidence` and hashes it for the fingerprint. */
  secret?: string;
  /** Non-secret evidence shown as is (a setting, a command line). Must not contain a secret. */
  evidence?: string;
  /** Stable key for the fingerprint when there is no secret (e.g. `server:github/autoApprove`). */
  key?: string;
  severity?: Severity;
  confidence?: Confidence;
  /** Overrides the rule's remediation for this finding. */
  remediation?: string;
  related?: RelatedLocation[];
  /** How far the file's context may lower this finding at most, where what it reaches does not depend on the file's place (see `ContextFloor`). */
  contextFloor?: ContextFloor;
}

/** One use of a non-human identity, collected across files to find shared ones. */
export interface IdentityUse {
  /**
   * Identity key, never a raw secret: `secret:<sha256>`, `var:OPENAI_API_KEY`,
   * `k8s-sa:<namespace>/<name>`, `iam-user:<name>`, …
   */
  key: string;
  /** Human label, redacted (e.g. `OPENAI_API_KEY`, `sk-p…3xQ`, `ServiceAccount agents/runner`). */
  label: string;
  identityKind: 'secret' | 'variable' | 'service-account' | 'iam-user' | 'iam-role' | 'token';
  /** Who uses it: `MCP server "github" (Claude Code)`, `Deployment agents/planner`, `agent planner`. */
  consumer: string;
  location: Location;
  provider?: string;
  /** The provider is named only by the setting the value is held under (`OPENAI_API_KEY`), not by the value's shape; the label starts with it. */
  providerByName?: true;
  lifetime?: 'static' | 'expiring' | 'reference' | 'unknown';
  /** The setting the consumer holds it under (`BOX_CONTROL_TOKEN`), when a name says what it is for. */
  setting?: string;
}

/** Inventory facts for `mcp list`, `tools`, and the NHI inventory of the report. */
export interface InventoryItem {
  /**
   * `approval-settings`: an agent client's approval rules of one file (allow / ask / deny, servers enabled), for joins with the servers other files define;
   * `kustomization`: the paths a kustomization includes, for the environments a base is deployed to;
   * `published-port`: a container port a Compose service, or a `docker run -p` of a script or README, publishes on all of the host's interfaces, with the folders whose scripts it can run;
   * `compose-build`: a Compose service built from a folder of the repository, its Dockerfile and the container ports it publishes (with where);
   * `asgi-app`: a FastAPI or Starlette app of a module, open to callers (no authentication in the file), whose routes drive an agent, run commands or return settings, and that the file does not start itself;
   * `server-launch`: a command (Dockerfile, Compose, package.json script, Procfile, shell script) that starts an ASGI app `module:app` on every interface;
   * `next-model-route`: a Next.js route handler that drives an agent or calls a model with nothing authenticating its callers (one finding per app is made of them);
   * `cdp-endpoint`: a browser DevTools endpoint bound beyond loopback that no Compose service was judged with, and its port, for the repository step of `deploy/browser-debug-exposed`;
   * `exec-endpoint`: a server whose network API runs code (a debugger, Ray's dashboard, Jupyter) bound beyond loopback that no Compose service was judged with, and its port, for the repository step of `deploy/code-exec-endpoint-exposed`;
   * `agent-cli-gate`: an agent CLI's approvals-off switch that code passes only under a condition, with the setting values and switch names the condition tests;
   * `setting-default`: a default (or fixed value) code declares for a switch or an approval mode, for the gates of other files (`code/agent-cli-approvals-off`);
   * `mcp-http-server`: a file that serves an MCP server over HTTP, with no authentication in it, whose listener binds the host it is given (no open port in the code alone);
   * `mcp-http-launch`: a Dockerfile's `CMD`/`ENTRYPOINT` or a shell script that starts an MCP server over an HTTP transport with an all-interfaces host option (`--transport=sse --host=0.0.0.0`).
   */
  type: 'mcp-server' | 'agent-tool' | 'agent' | 'mcp-tool' | 'mcp-lock' | 'credential' | 'workload' | 'container-image' | 'image-build' | 'image-push' | 'approval-settings' | 'kustomization' | 'published-port' | 'compose-build' | 'asgi-app' | 'server-launch' | 'next-model-route' | 'cdp-endpoint' | 'exec-endpoint' | 'agent-cli-gate' | 'setting-default' | 'mcp-http-server' | 'mcp-http-launch';
  location: Location;
  data: Record<string, unknown>;
}

export interface AnalyzerContext {
  report(descriptor: ReportDescriptor): void;
  /** A problem reading this file (parse error, unsupported shape): goes to the report's `errors`. */
  error(message: string): void;
  identity(use: Omit<IdentityUse, 'location'> & { span?: Span }): void;
  inventory(item: Omit<InventoryItem, 'location'> & { span?: Span }): void;
  /**
   * The result also depends on another file of the scan (a helper module the analysis followed),
   * by the hash of its bytes (`contentHash`): a cached result is used only while that file is unchanged.
   */
  dependsOn?(relPath: string, hash: string): void;
}

export interface FileAnalyzer {
  name: string;
  rules: RuleMeta[];
  /** File kinds this analyzer reads; omitted means every kind. */
  kinds?: FileKind[];
  /** Cheap test on path/content before `analyze`; omitted means always. */
  applies?(file: SourceFile): boolean;
  /** Whether to run on minified or generated single-line files (default: no). */
  handlesMinified?: boolean;
  /** Never reports a secret (e.g. agent-code rules): `scan --history`, which looks for secrets only, skips it. */
  reportsNoSecrets?: boolean;
  analyze(file: SourceFile, ctx: AnalyzerContext): void | Promise<void>;
}

export interface ProjectFacts {
  identities: IdentityUse[];
  inventory: InventoryItem[];
}

export interface ProjectContext {
  report(descriptor: ReportDescriptor & { location: Location }): void;
}

export interface ProjectAnalyzer {
  name: string;
  rules: RuleMeta[];
  finish(facts: ProjectFacts, ctx: ProjectContext): void;
  /**
   * Cross-file judgement of what the file analyzers reported, once every file is read: returns the
   * findings to keep (e.g. a Dockerfile that runs as root but is only a base layer, whose images
   * each set their own non-root user), or re-judges one with what other files show (a tool module's
   * tool given to an agent elsewhere with no approval). New findings go through `finish`; `own` are
   * the findings this analyzer's `finish` reported (a judgement that withdraws file findings keeps
   * what it says itself at the same place).
   */
  settle?(findings: Finding[], facts: ProjectFacts, own: ReadonlySet<Finding>): Finding[];
}

/** A hand-written rule: one module, one rule, its detection and its examples side by side. */
export function defineRule(rule: {
  meta: RuleMeta;
  kinds?: FileKind[];
  applies?(file: SourceFile): boolean;
  check(file: SourceFile, ctx: AnalyzerContext): void | Promise<void>;
}): FileAnalyzer {
  return { name: rule.meta.id, rules: [rule.meta], kinds: rule.kinds, applies: rule.applies, analyze: rule.check };
}

export type { Location };
