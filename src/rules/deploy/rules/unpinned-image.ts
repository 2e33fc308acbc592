/** Container images without a digest: `:latest` or no tag (moves on every push), or a tag (movable). */
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import type { ProjectAnalyzer, Span } from '../../../core/rule.js';
import type { Finding } from '../../../core/types.js';
import { classify } from '../../../discovery/classify.js';
import { builtImages, deployedBuilds, localBuilds, pushedImages } from '../images.js';
import { fromWords, globalArgs, imagePath, withArgDefaults } from '../dockerfile-stages.js';
import { TEMPLATE_MARK, type DeployCtx } from '../context.js';
import { containers, podSpec, POD_KINDS } from '../formats.js';
import { deployRule, settleAcrossFiles, withdrawAcrossFiles } from '../rule.js';
import { namedContexts, type ContextSource } from '../build-contexts.js';
import { builtInFolderNearby } from '../image-graph.js';
import { isOwnImage, ownPublicationsOf } from '../../../discovery/repository-owner.js';
import { companyImage } from '../organisations.js';
import { readRootFile, rootFact } from '../../../core/root-file.js';
import { contextOf } from '../../../discovery/context.js';

const ID = 'deploy/unpinned-image';

export const unpinnedImage = deployRule({
  meta: {
    id: ID,
    title: 'Container image without a digest',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'An image referenced by `:latest`, by no tag, or by a tag can change under the same name (a tag naming a channel or variant, with no version in it, `:dind`, `:stable`, `:main`, moves as `:latest` does): a compromised registry account or a careless push ships new code into the agent\'s runtime, with its identity and secrets. ' +
      'Not reported where no image is pulled by that name: a value whose comment on the same line says it is a placeholder a script replaces, a manifest\'s `name:tag` that a deploy script of the repository replaces with `sed` (the script deploys its own build), a chart whose image repository is empty or a slot to fill (its consumer names the image), a container the node never pulls (`imagePullPolicy: Never`, Compose `pull_policy: never`), a `FROM` or `COPY --from` naming a build context that a bake file, Compose file or build script beside the Dockerfile (or up to two folders above) points at a target or a folder of the project (one pointing at `docker-image://…` is judged as that image). ' +
      'Info for a bare name (no registry, no namespace) that a build of the repository tags (`docker build -t app .` in a script, Makefile or the docs, also `-t ${PREFIX}app:${TAG}`), or that is the repository\'s own name when a Dockerfile is at its root: the image built here, not one pulled. A bare official image nobody builds here (`redis`, `postgres:latest`) is pulled from Docker Hub and stays reported. ' +
      'A level lower for a namespaced image the repository builds itself: one a build of the repository tags or pushes, or the base a Dockerfile builds FROM (`acme/base:latest`, no registry host) when a folder named for it, beside the Dockerfile or up to two folders above, holds the Dockerfile that makes it (not one that wraps the upstream image of that name). ' +
      'Info too for a version tag where nothing lasting runs the image: a test\'s throwaway container, or a manifest template whose own name or namespace is a slot to fill (`<app-name>`); a moving tag there keeps its level. ' +
      'Low, as a version tag, for the image of a tool that watches or administers the product from beside it (Prometheus, Grafana, Loki, cAdvisor, metrics exporters, database admin UIs) at a moving tag.',
    remediation: 'Reference images by digest (`image: repo/name:1.4.2@sha256:…`), and let Renovate or Dependabot update the digests; for base images in Dockerfiles, pin `FROM image:tag@sha256:…`.',
    examples: {
      positive: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: ghcr.io/acme/agent:latest\n' },
        { path: 'Dockerfile', code: 'FROM python\nRUN pip install agent\n' },
        // A build argument's default is what a build that passes none pulls.
        { path: 'Dockerfile', code: 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/agent:1.4.2\n' },
        // Pulled when missing: a node without it takes whatever the tag points at then.
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/agent:latest\n      imagePullPolicy: IfNotPresent\n' },
        { path: 'charts/worker/values.yaml', code: 'image:\n  repository: ghcr.io/acme/worker\n  tag: latest\n' },
        // A tag naming a channel or variant, not a version: it moves as latest does (medium).
        { path: 'deploy/compose.yaml', code: 'services:\n  gateway:\n    image: someone/gateway:dind\n    privileged: true\n' },
        // A bare official image: pulled from Docker Hub by a name that moves.
        { path: 'docker-compose.yml', code: 'services:\n  cache:\n    image: redis\n  db:\n    image: postgres:latest\n' },
        // Reported low, as a version tag is: the name fixes the release line.
        { path: 'Dockerfile', code: 'FROM node:22 AS build\nFROM gcr.io/distroless/nodejs22-debian12\nCOPY --from=build /app /app\n' },
        // A monitoring tool's image by a moving tag (low: it watches the product from beside it).
        { path: 'monitoring/docker-compose.yml', code: 'services:\n  dashboards:\n    image: grafana/grafana:latest\n' },
        // Files copied out of an image by a moving tag (low: a tool's binaries, not the base image).
        { path: 'Dockerfile', code: 'FROM python:3.12-slim@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\n' },
      ],
      negative: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: ghcr.io/acme/agent:1.4.2@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12-slim@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f AS base\nFROM base\n' },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n' },
        // A build argument with no default: the build must choose the image.
        { path: 'Dockerfile', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
        // COPY --from a stage, by name or by index, or from an image by digest.
        { path: 'Dockerfile', code: 'FROM node:22.11.0@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f AS Build\nFROM scratch\nCOPY --from=build /app /app\nCOPY --from=0 /etc/ssl /etc/ssl\nCOPY --from=ghcr.io/astral-sh/uv:0.5.4@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f /uv /bin/\n' },
        { path: 'Dockerfile', code: 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f\n' },
        // A placeholder the deploy script replaces: image names are lower case.
        { path: 'templates/k8s/deployment.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: APP_NAME}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: IMAGE_URI\n' },
        // A value whose comment says the deploy scripts replace it.
        { path: 'k8s/llm-server.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: llm}\nspec:\n  template:\n    spec:\n      containers:\n        - name: llm\n          image: llm-server:latest # placeholder value, replaced by deployment scripts\n' },
        // (Across files: a bare name a script or the docs build, a `sed` replacing it in a deploy script, the repository's own name; see test/deploy/unpinned-image-local-builds.test.ts.)
        // A placeholder registry the reader replaces with their own.
        { path: 'deploy/k8s/agent-web.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: REGISTRY/agent-web:latest\n' },
        // A chart whose image repository is left empty or as a slot to fill: its consumer names the image.
        { path: 'charts/worker/values.yaml', code: 'image:\n  repository: ""\n  tag: latest\n' },
        { path: 'charts/server/values.yaml', code: 'image:\n  repository: <server-image-repository>\n  tag: "<server-image-tag>"\n' },
        // A locally built image the node never pulls.
        { path: 'tooling/sandbox/worker.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: sandbox-worker:demo\n          imagePullPolicy: Never\n' },
        // (Across files: a manifest's image that the repository's skaffold.yaml builds and deploys is Skaffold's input; see test/deploy/skaffold.test.ts.)
        // (Across files: `FROM base` where docker-bake.hcl sets `contexts = { base = "target:base" }` is the project's own build; see test/deploy/build-contexts.test.ts.)
        // (Across files: `FROM acme-bench/base:latest` beside a folder `base/` holding the Dockerfile that makes it is the project's own image, low; see test/deploy/unpinned-image-own-folders.test.ts.)
      ],
    },
  },
  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    // A manifest whose own name or namespace is a slot to fill (`<app-name>`) is a template a reader completes, not a workload as written.
    const template = isUnsetImage(obj.name) || isUnsetImage(obj.namespace) ? `${obj.label} is a template whose name is a slot to fill: nothing is deployed from it as written` : undefined;
    for (const c of containers(pod)) {
      const node = yamlAt(c.node, ['image']);
      // A locally built image the node never pulls (`imagePullPolicy: Never`): no registry can move it.
      if (yamlScalar(yamlAt(c.node, ['imagePullPolicy'])) === 'Never') continue;
      check(dc, yamlScalar(node), yamlSpan(node), `${obj.label} container "${c.name}"`, false, template);
    }
  },
  compose(services, _doc, dc) {
    for (const s of services) {
      const node = yamlAt(s.node, ['image']);
      // A service that is built here and tagged is the project's own image.
      if (s.value.build !== undefined || s.value.pull_policy === 'never') continue;
      check(dc, yamlScalar(node), yamlSpan(node), `Compose service "${s.name}"`);
    }
  },
  helmValues(doc, dc) {
    const walk = (node: unknown, path: string[], depth: number): void => {
      if (depth > 12) return;
      const repo = yamlScalar(yamlAt(node, ['repository']));
      if (typeof repo === 'string' && path[path.length - 1]?.toLowerCase().includes('image')) {
        // No repository, or a slot to fill (`<image-repository>`): the chart deploys no default image, its consumer names one.
        if (isUnsetImage(repo)) return;
        const tag = yamlScalar(yamlAt(node, ['tag']));
        const digest = yamlScalar(yamlAt(node, ['digest']));
        if (!(typeof digest === 'string' && digest.startsWith('sha256:'))) {
          const ref = tag === undefined || tag === null || tag === '' ? repo : `${repo}:${String(tag)}`;
          // An empty tag in a chart means "the chart's appVersion": pinned by the chart release, not by digest.
          check(dc, tag === '' ? `${repo}:appVersion` : ref, yamlSpan(yamlAt(node, ['repository'])), `Helm values ${path.join('.')}`);
        }
        return;
      }
      const items = (node as { items?: { key?: unknown; value?: unknown }[] } | undefined)?.items;
      if (!Array.isArray(items)) return;
      for (const p of items) {
        const k = yamlScalar(p.key);
        if (typeof k === 'string' && p.value) walk(p.value, [...path, k], depth + 1);
      }
    };
    walk(doc.document.contents, [], 0);
  },
  dockerfile(instructions, dc) {
    const stages = new Set<string>();
    const args = globalArgs(instructions);
    // Names a bake file, Compose file or build script defines for this build (`contexts = { base = "target:base" }`), read when a name is not a stage.
    let contexts: Map<string, ContextSource[]> | undefined;
    const judge = (written: string, image: string | undefined, line: number, where: string, copied: boolean): void => {
      const defined = image ? (contexts ??= namedContexts(dc)).get(image.toLowerCase()) : undefined;
      if (!defined) {
        if (image) check(dc, image, dc.lineSpan(line), where, copied);
        return;
      }
      // A named context: the project's own build (a target, a folder) pulls nothing; a `docker-image://` one is that image.
      for (const source of defined) if ('image' in source) check(dc, source.image, dc.lineSpan(line), `${where} (the build context "${written}")`, copied);
    };
    for (const ins of instructions) {
      if (ins.op !== 'FROM') continue;
      const parts = fromWords(ins.args).filter((p) => !p.startsWith('--'));
      const written = parts[0] ?? '';
      // A build argument with a default is what a build that passes none pulls (`python:${PY}-slim`).
      const image = written.includes('$') ? withArgDefaults(written, args) : written;
      const alias = parts[1]?.toLowerCase() === 'as' ? parts[2] : undefined;
      if (image && !stages.has(image.toLowerCase()) && image.toLowerCase() !== 'scratch') judge(written, image, ins.line, `build stage ${ins.stage + 1}`, false);
      if (alias) stages.add(alias.toLowerCase());
    }
    // `COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/`: files taken from an image, not a stage (by name or index).
    for (const ins of instructions) {
      if (ins.op !== 'COPY') continue;
      const from = /(?:^|\s)--from=(\S+)/.exec(ins.args)?.[1];
      if (!from || /^\d+$/.test(from) || stages.has(from.toLowerCase())) continue;
      const image = from.includes('$') ? withArgDefaults(from, args) : from;
      judge(from, image, ins.line, `a COPY --from in build stage ${ins.stage + 1}`, true);
    }
  },
});

/** An image left for someone else to name: empty, or an angle-bracket slot (`<mcp-server-image>`, `‹image›`). */
function isUnsetImage(image: string): boolean {
  return image.trim() === '' || /[<>\u2039\u203a]/.test(image);
}

/** Debian and Ubuntu release codenames. */
const CODENAMES = 'jessie|stretch|buster|bullseye|bookworm|trixie|trusty|xenial|bionic|focal|jammy|noble';

/** A distribution release in an image's path: `-debian12`, `ubi9/`, `-bookworm`, `-jammy`. */
const RELEASE_IN_NAME = new RegExp(`(?:^|[-/_])(?:debian\\d{2}|ubi\\d{1,2}|el\\d|${CODENAMES})(?:[-/_]|$)`);

/** A distribution release named in a tag (`bookworm`, `stretch-slim`, `jammy`): a release line, as a version is. */
const RELEASE_IN_TAG = new RegExp(`(?:^|[-_.])(?:${CODENAMES})(?:[-_.]|$)`);

/**
 * A tag that names a channel or a variant rather than a version (`dind`, `main`, `stable`, `edge`,
 * `nightly`, `amd`): no number fixes what it points at, so it moves with every push, as `latest` does.
 * A chart's `appVersion` (an empty tag) and a distribution release are lines, not channels.
 */
function channelTag(tag: string): boolean {
  return tag !== '' && tag !== 'latest' && tag !== 'appVersion' && !/\d/.test(tag) && !RELEASE_IN_TAG.test(tag);
}

/**
 * Images of tools that watch or administer the product from beside it: metrics and log stores with
 * their dashboards and exporters, container metrics, database admin UIs, code analysis and load
 * testing (`prom/prometheus`, `grafana/grafana`, `grafana/loki`, `gcr.io/cadvisor/cadvisor`,
 * `redis/redisinsight`, `dpage/pgadmin4`, `sonarqube`, `locustio/locust`). A moved tag changes the
 * tool, not the code that runs the agent with its identity and secrets: reported low, as a version
 * tag is. Collectors the product sends its telemetry through (the OpenTelemetry Collector) and the
 * datastores it keeps its data in are not listed and keep the rule's level.
 */
const TOOLING_IMAGE =
  /^(?:(?:library\/)?(?:sonarqube|adminer|mongo-express|phpmyadmin)|(?:prom|prometheus)\/(?:prometheus|alertmanager|pushgateway|[\w.-]*exporter)|grafana\/(?:grafana(?:-oss|-enterprise)?|loki|promtail|tempo|pyroscope)|(?:google|cadvisor)\/cadvisor|redis(?:labs)?\/redisinsight|rediscommander\/redis-commander|dpage\/pgadmin4|phpmyadmin\/phpmyadmin|sonarsource\/sonarqube|locustio\/locust|[\w.-]+\/[\w.-]*[-_]exporter)$/;

/**
 * `copied`: files copied out of the image (`COPY --from`), a tool's binaries rather than the base everything runs on: a level lower.
 * `template`: why the file deploys nothing as written (a manifest whose name is a slot to fill).
 */
function check(dc: DeployCtx, image: unknown, span: Span | undefined, where: string, copied = false, template?: string): void {
  if (typeof image !== 'string' || isUnsetImage(image) || image.includes(TEMPLATE_MARK) || image.includes('${') || image.includes('@sha256:')) return;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  // Image names are lower case: `IMAGE_URI`, `YOUR_IMAGE`, `REGISTRY/agent-web` are placeholders a
  // script or a reader fills in. Only a registry host (its first part, with a dot or a port) may hold capitals.
  const parts = image.slice(0, colon < 0 ? image.length : colon).split('/');
  if (parts.some((p, i) => /[A-Z]/.test(p) && !(i === 0 && parts.length > 1 && /[.:]|^localhost$/.test(p)))) return;
  // `image: llm-server:latest # placeholder value, replaced by deployment scripts`: what runs is what the script puts there.
  if (span && PLACEHOLDER_NOTE.test(commentOf(dc, span))) return;
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  // A tag a template fills in (`node:{{node_version}}-slim`): the version it is given, pulled by tag.
  if (tag.includes('{{')) {
    dc.report({ ruleId: ID, span, key: `image:${where}:${image}`, evidence: image, message: `${where} uses ${image} by a tag its template fills in: whatever version it is given is pulled by tag, without a digest.`, severity: 'low' });
    return;
  }
  const channel = channelTag(tag);
  // An image line named for its release (`gcr.io/distroless/nodejs22-debian12`, `ubi9/python-311`)
  // moves with its vendor's patch rebuilds only, as a version tag does.
  const moving = (tag === '' || tag === 'latest' || channel) && !RELEASE_IN_NAME.test(image.slice(0, colon < 0 ? image.length : colon));
  // The project's own image (its organisation's namespace, or one named for a command it installs) moves only when the project releases it,
  // as an action of the same organisation does: a level lower.
  const publications = ownPublicationsOf(dc.file, (relPath, hash) => dc.ctx.dependsOn?.(relPath, hash));
  const company = isOwnImage(image, publications) ? undefined : companyImage(image, publications.owners);
  const own = company !== undefined || isOwnImage(image, publications);
  const whose = company ? ` (its company's own image: ${company} publishes it on its own registry)` : own ? " (the repository's own image: its organisation's or its product's namespace)" : '';
  const tooling = moving && !own && !copied && TOOLING_IMAGE.test(imagePath(image) ?? '');
  // A bare name that is the repository's own name, in a repository that builds a Dockerfile at its root
  // (`image: registry` of the repository `registry`): the image its `docker build -t registry .` makes.
  const named = parts.length === 1 && publications.names?.has(parts[0]!.toLowerCase()) && rootBuildsImage(dc);
  // A version tag where nothing lasting runs: a test's throwaway container, or a template a reader fills in. The tag fixes the
  // release the test or the reader gets; a re-push of it is no risk to a deployment. A moving tag there keeps its finding.
  const throwaway = moving ? undefined : (template ?? (contextOf(dc.file.relPath, dc.file.text) === 'test' ? 'it is a test\'s image, started for a test run and thrown away' : undefined));
  dc.report({
    ruleId: ID,
    span,
    key: `image:${where}:${image}`,
    evidence: image,
    message: (moving
      ? `${where} uses ${image}${whose}${tag === '' ? ' with no tag (implicitly :latest)' : channel ? ` by the tag "${tag}", which names a channel or variant rather than a version` : ''}: a different image is pulled whenever the tag moves.${tooling ? " It is a monitoring or administration tool's image, run beside the product rather than running it: rated as a version tag is." : ''}`
      : tag === '' || tag === 'latest'
        ? `${where} uses ${image}${whose} without a digest; its name fixes the release line, but the vendor's rebuilds of it are pulled as they come.`
        : `${where} uses ${image}${whose} by tag without a digest; the tag can be re-pushed with different content.`) + (throwaway ? ` Noted only: ${throwaway}.` : ''),
    severity: moving ? (own || copied || tooling ? 'low' : 'medium') : own || copied || throwaway ? 'info' : 'low',
    ...(named ? { severity: 'info' as const, message: `${where} uses ${image}, the repository's own name with no registry or namespace, and the repository builds a Dockerfile at its root: the image built here (\`docker build -t ${parts[0]} .\`), not one pulled.` } : {}),
  });
}

/** A comment saying the value is a stand-in that something replaces: `# placeholder value, replaced by deployment scripts`. */
const PLACEHOLDER_NOTE = /\b(?:placeholder|replaced|substituted)\b/i;

/** The YAML comment after the value on the line a span starts at (`# …` after a space), or ''. */
function commentOf(dc: DeployCtx, span: Span): string {
  if (dc.file.kind !== 'yaml') return '';
  const line = dc.file.lineText(dc.file.location(span).startLine);
  const hash = line.search(/\s#/);
  return hash < 0 ? '' : line.slice(hash + 2);
}

/** Whether the scanned repository has a Dockerfile (or Containerfile) at its root, read once per scan. */
function rootBuildsImage(dc: DeployCtx): boolean {
  const root = dc.file.root;
  if (root === undefined) return false;
  return rootFact(root, 'deploy:root-dockerfile', dc.ctx.dependsOn?.bind(dc.ctx), (read) => ['Dockerfile', 'Containerfile'].some((f) => readRootFile(root, f, read) !== undefined));
}

/**
 * A manifest's image that the repository's Skaffold config builds: Skaffold writes the tag or
 * digest it built into the manifest when it deploys, so the bare name there is its input, not what
 * runs (a Compose file or Dockerfile naming the same image pulls it as written, and keeps its finding).
 */
export const unpinnedImageDeployedByBuilder = withdrawAcrossFiles('deploy/unpinned-image-builds', ID, (facts) => deployedBuilds(facts.inventory), (f, built) => {
  if (built.size === 0 || classify(f.location.path) !== 'yaml' || /compose/i.test(f.location.path)) return true;
  const image = f.evidence ? imagePath(f.evidence) : undefined;
  return !(image && built.has(image));
});

/**
 * A Dockerfile built FROM a bare image name that a build of the repository tags (`ARG BASE=gptme:latest`,
 * `FROM ${BASE}`, after `docker build -t gptme:latest .` in the same workflow): the image is the one
 * built here, not one pulled.
 */
export const unpinnedImageBuiltHere = withdrawAcrossFiles('deploy/unpinned-image-local-builds', ID, (facts) => localBuilds(facts.inventory), (f, built) => {
  if (built.size === 0 || classify(f.location.path) !== 'dockerfile') return true;
  const image = f.evidence ? imagePath(f.evidence) : undefined;
  return !(image && !image.includes('/') && built.has(image));
});

/** The findings a build of the repository may lower: an image rated medium or low (one at info is as low as it goes). */
const mediumOrLow = (f: Finding): boolean => f.ruleId === ID && (f.severity === 'medium' || f.severity === 'low');

/**
 * An image a build of the repository tags and pushes (`mugglejinx/owl:latest` in its own release
 * workflow, under a maintainer's namespace rather than the organisation's), or a bare name its
 * README, Makefile or scripts build before Compose runs it, or the base image a folder beside a
 * Dockerfile makes (`FROM autorl-bench/base:latest` next to `base/Dockerfile`, see
 * `builtInFolderNearby`): it moves only when the project builds or releases it, as the
 * organisation's own images do, so it is rated a level lower, saying why.
 */
export const unpinnedImageOwnBuild: ProjectAnalyzer = settleAcrossFiles('deploy/unpinned-image-own-builds', mediumOrLow, (findings, facts) => {
  const built = builtImages(facts.inventory);
  const pushed = pushedImages(facts.inventory);
  const nearby = builtInFolderNearby(facts.inventory);
  return findings.map((f) => {
    if (!mediumOrLow(f)) return f;
    const image = f.evidence ? imagePath(f.evidence) : undefined;
    // A low finding (a version tag, or the organisation's own image) is lowered further only as the local build of a bare name.
    if (f.severity === 'low' && !(image && !image.includes('/') && built.has(image))) return f;
    // A bare name (`gemini-fullstack-langgraph`) a build here tags is the image built here: pulled, it
    // could only come from Docker Hub's official namespace, which no outsider can publish to.
    if (!image) return f;
    // An image the repository's own scripts or build notes push is published by the project, whatever the namespace's owner is called.
    // A Dockerfile built on the image a folder beside it makes is built on what the repository built first; a build that did not
    // make it first pulls the name from Docker Hub, under a namespace nothing here shows the project holds: low, as a tagged build is.
    const maker = classify(f.location.path) === 'dockerfile' && f.evidence ? nearby(f.location.path, f.evidence) : undefined;
    const why = pushed.has(image)
      ? "The repository's own build pushes it"
      : built.has(image)
        ? 'A build of this repository tags it'
        : maker
          ? `The repository builds it itself from ${maker}, in a folder named for the image near this Dockerfile (Docker Hub is asked for it only by a build that did not make that first)`
          : undefined;
    if (!why) return f;
    // A bare name (no registry, no namespace) that a build here tags is that local build: nothing is pulled by it where it was built.
    if (!image.includes('/') && built.has(image)) return { ...f, severity: 'info' as const, message: `${f.message} ${why} under this bare name (no registry, no namespace): the image built here, not one pulled.` };
    return { ...f, severity: 'low' as const, message: `${f.message} ${why}: the project's own image.` };
  });
});
