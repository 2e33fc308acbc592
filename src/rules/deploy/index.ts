/**
 * Deployment manifests and CI: how agents are deployed, which identities they run as, which keys
 * they hold. One analyzer parses each deployment file once, recognises its format and runs every
 * rule's handler for it; the rules live one per module in `rules/`.
 */
import type { FileAnalyzer } from '../../core/rule.js';
import { recordPublishedRuns } from './published-runs.js';
import { DOCKER_RUN } from './docker-run.js';
import type { SourceFile } from '../../core/source.js';
import type { SecretEngine } from '../secrets/analyzer.js';
import { parseHcl } from '../../parsers/hcl.js';
import { parseJsonc } from '../../parsers/jsonc.js';
import { deployCtx } from './context.js';
import { optInLowering } from './opt-in.js';
import { cfnJsonCandidate, cfnResources, iamPolicyCandidate, composeServices, formatOf, isWorkflowTemplatePath, k8sObject, readWorkflow, readYaml } from './formats.js';
import { dockerInstructions } from './dockerfile-format.js';
import { envEntries, isExampleEnv } from './env-format.js';
import type { DeployRule } from './rule.js';
import type { DeployCtx } from './context.js';
import type { Severity } from '../../core/types.js';
import { DEPLOY_RULES } from './rules/all.js';
import { BUILD_COMMAND, isBuildScript, PUSH_SIGNAL, recordComposeBuilds, recordImage, recordScriptBuilds, recordSkaffoldBuilds, recordWorkflowBuilds } from './images.js';
import { recordKustomization } from './kustomize-facts.js';
import { recordComposeLinks, recordK8sLinks } from './service-links.js';
import { recordScriptLinks } from './script-links.js';
import { isProcfile, mayLaunchFromPackage, recordComposeLaunches, recordDockerLaunches, recordPackageLaunches, recordScriptLaunches } from './launch-facts.js';
import { terraformMayYield } from './terraform-prefilter.js';
import { recordDockerMcpHttpLaunches, recordScriptMcpHttpLaunches } from './mcp-http-launch.js';
import { manifestMayYield } from './manifest-prefilter.js';
import { prefiltersOn } from '../../core/prefilter.js';
import { gateWords, holdsAny } from '../code/gate-words.js';
import { SHELL_SHEBANG } from '../../discovery/classify.js';


export async function analyzers(engine: SecretEngine): Promise<FileAnalyzer[]> {
  return [deployAnalyzer(engine, DEPLOY_RULES)];
}

export function deployAnalyzer(engine: SecretEngine, rules: DeployRule[]): FileAnalyzer {
  const defaults = new Map(rules.map((r) => [r.meta.id, r.meta.severity]));
  const k8sReaders = kindReaders(rules);
  const sourceReaders = rules.filter((r) => r.source && r.sourceSignal);
  // Asked by `applies` and again by `analyze`: worked out once per file. The signals are looked for
  // with the code rules' words (one search of the file for all of them), then as written.
  const signals = sourceReaders.map((r) => (typeof r.sourceSignal === 'string' ? [r.sourceSignal] : [...r.sourceSignal!]));
  const signalWords = signals.map((list) => gateWords(list));
  const readsSource = (file: SourceFile) =>
    file.memo('deploy:source-readers', () => sourceReaders.filter((_, i) => holdsAny(file.text, signalWords[i]!) && signals[i]!.some((s) => file.text.includes(s))));
  return {
    name: 'deploy',
    rules: rules.map((r) => r.meta),
    kinds: ['yaml', 'json', 'dockerfile', 'hcl', 'env', 'text', 'markdown', ...(sourceReaders.length ? (['python', 'typescript'] as const) : [])],
    applies(file: SourceFile) {
      if (file.kind === 'python' || file.kind === 'typescript') return readsSource(file).length > 0;
      // Build notes in any text file (`build.txt`: `docker buildx build -t org/app --push .`) name what the project publishes.
      // A shell script without an extension (`dev/tasks/build-images`, known by its `#!`) is read for the images it builds and deploys.
      // Every push signal names `push` (a literal search first: most text files are source of other languages).
      if (file.kind === 'text') return isBuildScript(file.relPath) || isProcfile(file.relPath) || SHELL_SHEBANG.test(file.text) || (file.text.includes('push') && PUSH_SIGNAL.test(file.text));
      // A README's build instructions (`docker build -t agent -f Dockerfile .`, `docker build -t agent .`) name the project's own images.
      // Its run instructions (`docker run -p 5900:5900 …`) publish the ports of the image the folder builds.
      if (file.kind === 'markdown') return BUILD_COMMAND.test(file.text) || PUSH_SIGNAL.test(file.text) || DOCKER_RUN.test(file.text);
      if (file.kind === 'yaml') return manifestMayYield(file, rules);
      if (file.kind === 'json') return cfnJsonCandidate(file) || iamPolicyCandidate(file) || mayLaunchFromPackage(file.relPath, file.text);
      if (file.kind === 'env') return !isExampleEnv(file.relPath) && file.baseName !== '.envrc';
      if (file.kind === 'hcl') return /\.(?:tf|tfvars)$/i.test(file.relPath);
      return true;
    },
    async analyze(file, ctx) {
      const dc = withOptIn(deployCtx(file, ctx, engine, defaults), defaults);
      if (file.kind === 'text') {
        if (!isBuildScript(file.relPath) && !isProcfile(file.relPath)) return recordScriptBuilds(file.text, dc);
        recordScriptLaunches(file.text, dc);
        recordScriptMcpHttpLaunches(file.text, dc);
        recordScriptLinks(file.text, dc);
        recordPublishedRuns(file.text, dc);
        // A Procfile only starts processes: what the script rules read is not in it.
        if (isProcfile(file.relPath)) return;
        for (const r of rules) r.script?.(file.text, dc);
        return recordScriptBuilds(file.text, dc);
      }
      if (file.kind === 'markdown') {
        recordPublishedRuns(file.text, dc);
        return recordScriptBuilds(file.text, dc);
      }
      if (file.kind === 'python' || file.kind === 'typescript') {
        for (const r of readsSource(file)) r.source!(file.text, dc);
        return;
      }
      if (file.kind === 'dockerfile') {
        const ins = dockerInstructions(file);
        for (const r of rules) r.dockerfile?.(ins, dc);
        recordImage(ins, dc);
        recordDockerLaunches(ins, dc);
        recordDockerMcpHttpLaunches(ins, dc);
        return;
      }
      if (file.kind === 'env') {
        const entries = envEntries(file);
        for (const r of rules) r.dotenv?.(entries, dc);
        return;
      }
      if (file.kind === 'hcl') {
        if (!terraformMayYield(file, rules, engine)) return;
        const parsed = await parseHcl(file);
        if (!parsed.ok) return ctx.error(parsed.error);
        for (const r of rules) r.terraform?.(parsed.doc, dc);
        return;
      }
      if (mayLaunchFromPackage(file.relPath, file.text)) {
        recordPackageLaunches(dc);
        if (!cfnJsonCandidate(file) && !iamPolicyCandidate(file)) return;
      }
      const read = readYaml(file);
      // A JSON template is read as YAML (JSON is a subset), which keeps positions; when that fails,
      // the error reported is the JSON reader's.
      if (!read.ok && file.kind === 'json') {
        const json = parseJsonc(file);
        if (!json.ok) ctx.error(json.error);
        return;
      }
      if (!read.ok) {
        // Reported once per file, whichever domain parsed it first.
        const reported = file.memo('yaml:error-reported', () => ({ done: false }));
        if (!reported.done) {
          reported.done = true;
          ctx.error(read.error);
        }
        return;
      }
      for (const doc of read.read.docs) {
        const format = formatOf(file, doc);
        if (!format || (file.kind === 'json' && format !== 'cfn' && format !== 'iam-policy')) continue;
        switch (format) {
          case 'k8s': {
            const readers = k8sReaders(String((doc.value as { kind: string }).kind));
            if (readers.length === 0) break;
            const obj = k8sObject(doc);
            for (const r of readers) r.k8s!(obj, dc);
            recordK8sLinks(obj, dc);
            break;
          }
          case 'kustomization':
            for (const r of rules) r.kustomization?.(doc, dc);
            recordKustomization(doc, dc);
            break;
          case 'compose': {
            const services = composeServices(doc);
            for (const r of rules) r.compose?.(services, doc, dc);
            recordComposeBuilds(services, dc);
            recordComposeLaunches(services, dc);
            recordComposeLinks(services, dc);
            break;
          }
          case 'workflow':
          case 'action': {
            const wf = readWorkflow(doc, format);
            for (const r of rules) r.workflow?.(wf, dc, format);
            // A template kept for readers to copy builds nothing of this repository's.
            if (format === 'action' || !isWorkflowTemplatePath(file.relPath)) recordWorkflowBuilds(wf, dc);
            break;
          }
          case 'cfn': {
            const resources = cfnResources(doc);
            for (const r of rules) r.cfn?.(resources, doc, dc);
            break;
          }
          case 'helm-values':
            for (const r of rules) r.helmValues?.(doc, dc);
            break;
          case 'toolbox':
            for (const r of rules) r.toolbox?.(doc, dc);
            break;
          case 'iam-policy':
            for (const r of rules) r.iamPolicy?.(doc, dc);
            break;
          case 'skaffold':
            recordSkaffoldBuilds(doc, dc);
            break;
        }
      }
    },
  };
}

/** The context with findings in an opt-in part of a Helm values or Compose file lowered (see `opt-in.ts`). */
function withOptIn(dc: DeployCtx, defaults: ReadonlyMap<string, Severity>): DeployCtx {
  const lower = optInLowering(dc.file, defaults);
  const report = dc.report;
  return { ...dc, report: (d) => report(lower(d)) };
}

/**
 * The rules whose `k8s` handler reads objects of a kind (all of them for a rule that declares no
 * `k8sKinds`), in rule order. With the prefilters off every handler sees every object, so the tests
 * that compare the two catch a rule that reads a kind it does not declare.
 */
function kindReaders(rules: DeployRule[]): (kind: string) => DeployRule[] {
  const all = rules.filter((r) => r.k8s);
  const byKind = new Map<string, DeployRule[]>();
  return (kind) => {
    if (!prefiltersOn()) return all;
    let readers = byKind.get(kind);
    if (!readers) byKind.set(kind, (readers = all.filter((r) => !r.k8sKinds || r.k8sKinds.includes(kind))));
    return readers;
  };
}
