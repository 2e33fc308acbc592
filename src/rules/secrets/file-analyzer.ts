/**
 * The secrets rule's file analyzer: each credential the engine (`analyzer.ts`) finds in a file is a
 * finding, an identity and an inventory entry; one it finds public by design, or a published sample,
 * is an info finding listed for the inventory, and so is a generic pattern's value in a test, generated
 * or vendored file (a sample, `samples.ts`) and any credential in a vendored project's own tests; a generic pattern's data set (many distinct values in
 * one file) is reported once.
 */
import type { AnalyzerContext, FileAnalyzer } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import type { FindingContext, Severity } from '../../core/types.js';
import { severityRank } from '../../core/severity.js';
import { redact } from '../../core/redact.js';
import { secretKey } from '../../core/fingerprint.js';
import { hardCoded } from './patterns.js';
import { isRedactionTest, sampleFile, testModuleSample, vendoredFixture } from './samples.js';
import { inRegion, testRegionsIn } from '../../discovery/test-regions.js';
import { contextOf as contextOfPath } from '../../discovery/context.js';
import type { SecretCandidate, SecretEngine } from './analyzer.js';
import { composeStackVerdicts } from './compose-stacks.js';
import { localMaterialVerdicts } from './local-material.js';
import { madeUpInMockedTest } from './test-fixtures.js';
import { BROWSER_BUNDLED_SECRET, BROWSER_BUNDLED_SECRET_META, bundledSecretReads } from './browser-bundle.js';

/** More distinct values of one generic pattern than this in one file make it a data set. */
const DATA_SET_MIN = 50;

/**
 * Generic patterns that match more than DATA_SET_MIN distinct values in one file (`password:` in
 * each of 655 generated account records, a dump of users): a data set, one finding at its first
 * value, saying how many follow, instead of hundreds that each say the same.
 */
function dataSets(candidates: readonly SecretCandidate[]): Map<string, { first: SecretCandidate; count: number }> {
  const byRule = new Map<string, { first: SecretCandidate; values: Set<string> }>();
  for (const c of candidates) {
    if (!c.pattern.generic || c.info) continue;
    const group = byRule.get(c.pattern.ruleId) ?? { first: c, values: new Set<string>() };
    group.values.add(c.secret);
    byRule.set(c.pattern.ruleId, group);
  }
  const out = new Map<string, { first: SecretCandidate; count: number }>();
  // The count is of distinct values, as the message says: a value repeated in the file is one.
  for (const [rule, g] of byRule) if (g.values.size > DATA_SET_MIN) out.set(rule, { first: g.first, count: g.values.size });
  return out;
}

/** `contextOf`: the scan's context of a file, the configuration's path assignments first (see `engine/context-policy.ts`). */
export function secretsAnalyzer(engine: SecretEngine, contextOf?: (relPath: string, text: string) => FindingContext): FileAnalyzer {
  return {
    name: 'secrets',
    rules: [...engine.rules(), BROWSER_BUNDLED_SECRET_META],
    handlesMinified: true,
    analyze(file: SourceFile, ctx: AnalyzerContext) {
      reportBundledSecrets(file, ctx);
      const candidates = engine.findInFile(file);
      const sets = dataSets(candidates);
      const context = candidates.some((c) => !c.info) ? (contextOf ?? contextOfPath)(file.relPath, file.text) : undefined;
      // In a vendored project's own tests, any credential is that project's fixture (samples.ts)…
      const fixture = context && vendoredFixture(context, file.relPath);
      // …in a test, generated or vendored file, a value matched by its name alone is a sample…
      const sampled = context && sampleFile(context);
      // …and so is one inside a test module of a shipped file (Rust's `#[cfg(test)] mod tests`).
      const tests = context ? testRegionsIn(file, context) : undefined;
      // A URI to a service of the Compose stack around the file, or to the stack a script starts (compose-stacks.ts).
      const stacks = composeStackVerdicts(file, candidates, ctx.dependsOn?.bind(ctx));
      // A key or token an example or test makes for itself (its own name, a generation script beside it: local-material.ts).
      const local = localMaterialVerdicts(file, candidates, context, ctx.dependsOn?.bind(ctx));
      // A redactor's test: what it would list as a fixture is the redactor's input, not listed at all.
      const redactorInput = context === 'test' && isRedactionTest(file.relPath);
      for (const c of candidates) {
        const p = c.pattern;
        const set = p.generic ? sets.get(p.ruleId) : undefined;
        if (set && set.first !== c && !c.info) continue;
        const stack = stacks.get(c);
        const lowered = stack && 'lowered' in stack ? stack.lowered : lower(c.lowered, local.get(c));
        const info =
          c.info ??
          (stack && 'info' in stack ? stack.info : undefined) ??
          fixture ??
          (context && lowered === c.lowered && c.lowered?.infoIn?.includes(context) ? `${c.lowered.reason} It sits in a ${context} file.` : undefined) ??
          (p.generic ? (sampled ?? (tests?.length && inRegion(tests, c.start) ? testModuleSample() : undefined)) : undefined) ??
          // A provider's format in a test keeps its rating, unless the test shows it makes such values up and calls no service.
          (context === 'test' && !p.generic ? madeUpInMockedTest(file.text, c.secret) : undefined);
        if (info) {
          if (redactorInput) continue;
          ctx.report({
            ruleId: p.ruleId,
            message:
              `${p.title} in ${file.relPath}${c.detail ? ` (${c.detail})` : ''}: ${info} Listed for the inventory, not a leak.` +
              (set ? ` ${set.count - 1} more distinct values of the same kind follow in this file, listed once.` : ''),
            span: { start: c.start, end: c.end },
            secret: c.secret,
            severity: 'info',
          });
          ctx.inventory({
            type: 'credential',
            span: { start: c.start, end: c.end },
            data: { key: `secret:${secretKey(c.secret)}`, provider: p.provider, kind: p.kind ?? p.title, lifetime: c.lifetime, ruleId: p.ruleId, evidence: redact(c.secret), info: true, ...(c.statedLocal ? { statedLocal: true } : {}) },
          });
          continue;
        }
        const lifetimeText =
          c.lifetime === 'expiring' ? 'It expires on its own.' : 'It does not expire until someone revokes it.';
        const provider = c.vendor ?? p.provider;
        ctx.report({
          ruleId: p.ruleId,
          message:
            `${hardCoded(`${p.title}${c.vendor ? ` (${c.vendor}, by its key name)` : ''}`)} in ${file.relPath}${c.detail ? ` (${c.detail})` : ''}. ${lifetimeText}${lowered ? ` ${lowered.reason}` : ''}${c.raised ? ` ${c.raised.reason}` : ''}` +
            (set ? ` ${set.count - 1} more distinct values of the same kind follow in this file: a data set (generated records, a dump), reported once.` : ''),
          span: { start: c.start, end: c.end },
          secret: c.secret,
          ...(lowered ? { severity: lowered.severity } : {}),
          ...(c.raised ? { confidence: c.raised.confidence } : {}),
          ...(c.contextFloor && !lowered ? { contextFloor: c.contextFloor } : {}),
        });
        const key = `secret:${secretKey(c.secret)}`;
        ctx.identity({
          key,
          label: `${provider} ${p.kind ?? p.title} ${redact(c.secret)}`,
          identityKind: 'secret',
          consumer: file.relPath,
          provider,
          ...(c.vendor ? { providerByName: true as const } : {}),
          lifetime: c.lifetime,
          span: { start: c.start, end: c.end },
        });
        ctx.inventory({
          type: 'credential',
          span: { start: c.start, end: c.end },
          data: { key, provider, kind: p.kind ?? p.title, lifetime: c.lifetime, ruleId: p.ruleId, evidence: redact(c.secret) },
        });
      }
    },
  };
}

/** The lower of two ways a candidate is lowered, the first on a tie. */
function lower<T extends { severity: Severity }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  return severityRank(b.severity) < severityRank(a.severity) ? b : a;
}

/** Secrets front-end code reads from settings its build publishes (`browser-bundle.ts`): the name is the evidence, never a value. */
function reportBundledSecrets(file: SourceFile, ctx: AnalyzerContext): void {
  for (const read of bundledSecretReads(file.relPath, file.text)) {
    ctx.report({
      ruleId: BROWSER_BUNDLED_SECRET,
      message: `${file.relPath} reads ${read.name}, a secret by its name, from a setting the front end publishes to the browser (inlined into the JavaScript by the build, or served with the page): every visitor of a deployed site receives the value.`,
      span: { start: read.start, end: read.end },
      evidence: read.name,
      key: `bundle:${read.name}`,
    });
  }
}
