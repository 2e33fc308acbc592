/**
 * MCP servers fetched from a registry at every launch without a fixed version: whatever is
 * published under that name next (a compromised maintainer, a typo-squat, a hijacked tag) runs with
 * the client's privileges and credentials.
 */
import type { ContextFloor, Severity } from '../../../core/types.js';
import type { SourceFile } from '../../../core/source.js';
import { gitRepositoryOf, launchOf, packageNameOf, type Launch, type Pin } from '../launch.js';
import { defineMcpRule, serverKey } from '../rule.js';
import { isOwnImage, isOwnPackage, ownPublicationsOf } from '../../../discovery/repository-owner.js';
import { installedByProject, LOCAL_FIRST_RUNNERS } from '../project-install.js';
import { isShippedManifest, shippedNote } from '../shipped.js';
import { serverVendor } from '../vendor-servers.js';

export const UNPINNED_WHY: Record<Exclude<Pin, { pinned: true }>['why'], string> = {
  'no-version': 'without a version, so the newest release is fetched at each launch',
  latest: 'at a moving tag (`latest`), so the newest release is fetched at each launch',
  range: 'with a version range, so any matching release may be fetched',
  tag: 'with a tag, which its publisher can move to other content',
  url: 'from a URL whose content can change',
  'release-file': "from a release file of one version, which its host could replace but rarely does, and which no checksum checks",
  'git-ref': 'from git without a commit hash, so the branch or tag can move',
  'no-tag': 'without a tag or digest (implicitly `latest`)',
};

export const unpinnedPackage = defineMcpRule({
  meta: {
    id: 'mcp/unpinned-package',
    title: 'MCP server package not pinned to a version',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'The server is launched with npx/bunx/pnpm dlx/yarn dlx/npm exec or uvx/pipx run without an exact version (no version, `@latest`, ' +
      'a range, or git without a commit). Each launch may run different code than the one reviewed, with the agent\'s credentials. ' +
      'The repository\'s own package (or its own repository, installed from git as `github:owner/name`) is low, and info in a manifest the repository ships for its users (a Gemini CLI extension\'s ' +
      '`gemini-extension.json`, a Claude Code plugin\'s manifest or `.mcp.json`, a configuration its Python package ships as package data): ' +
      'it launches the project\'s own release by design. A server its vendor publishes itself (`rules/mcp/vendor-servers.yaml`: an npm scope ' +
      'only the vendor owns, such as `@brave/` or `@playwright/`, or a name its own repository publishes) is low: its releases come from the party ' +
      'already trusted with the service and its key. A community server for the same service keeps the medium of any third party\'s package.',
    remediation:
      'Pin the exact version (`npx -y @scope/server@1.4.2`, `uvx server==1.4.2`, `--from git+https://…@<commit sha>`), and update it ' +
      'deliberately after review; better still, install it once into a lockfile-managed project and run that.',
    examples: {
      positive: [
        { path: '.mcp.json', code: '{ "mcpServers": { "fs": { "command": "npx", "args": ["-y", "example-files-mcp", "./docs"] } } }' },
        { path: '.codex/config.toml', code: '[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["example-fetch-mcp"]\n' },
        { path: '.cursor/mcp.json', code: '{ "mcpServers": { "gh": { "command": "npx", "args": ["github-mcp@latest"] } } }' },
        // Rated low: the vendor's own server (an npm scope only it can publish under), still fetched anew at each launch.
        { path: '.mcp.json', code: '{ "mcpServers": { "pw": { "command": "npx", "args": ["@playwright/mcp@latest"] } } }' },
      ],
      negative: [
        { path: '.mcp.json', code: '{ "mcpServers": { "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "./docs"] } } }' },
        { path: '.codex/config.toml', code: '[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["mcp-server-fetch==2025.4.7"]\n' },
      ],
    },
  },
  check({ file, config, ctx }) {
    for (const server of config.servers) {
      const launch = launchOf(server);
      if (!launch || (launch.kind !== 'npm' && launch.kind !== 'python') || launch.pin.pinned) continue;
      const dependsOn = (relPath: string, hash: string): void => ctx.dependsOn?.(relPath, hash);
      const verdict = unpinnedVerdict(file, launch, dependsOn);
      if (verdict.installed) {
        ctx.report({
          ruleId: this.meta.id,
          message: `MCP server "${server.name}" (${config.label}) runs ${launch.runner} ${launch.spec.value}, a dependency of this project: ${launch.runner} runs the copy the project installs, at the version its lockfile fixes (on a checkout where nothing is installed yet, it fetches the newest release).`,
          span: launch.spec.span,
          evidence: `${launch.runner} ${launch.spec.value}`,
          key: serverKey(server, 'package'),
          severity: 'info',
        });
        continue;
      }
      const { own } = verdict;
      // A manifest the repository ships for its users launching its own package runs the release the project publishes, as intended.
      const shipped = own && isShippedManifest(file, dependsOn);
      const severity: Severity = shipped ? 'info' : verdict.severity;
      ctx.report({
        ruleId: this.meta.id,
        message:
          `MCP server "${server.name}" (${config.label}) runs ${launch.runner} ${launch.spec.value}${publisherNote(verdict)} ${UNPINNED_WHY[launch.pin.why]}.` +
          (shipped ? ` ${shippedNote(file, dependsOn)}` : ''),
        span: launch.spec.span,
        evidence: `${launch.runner} ${launch.spec.value}`,
        key: serverKey(server, 'package'),
        severity,
        ...(verdict.contextFloor ? { contextFloor: verdict.contextFloor } : {}),
      });
    }
  },
});

export const unpinnedImage = defineMcpRule({
  meta: {
    id: 'mcp/unpinned-image',
    title: 'MCP server container image without a digest',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'The server runs a container image by tag (or `latest`, or no tag) rather than by digest; the registry can serve different content ' +
      'under the same name at the next pull. An image the repository\'s own organisation publishes moves only when the organisation ' +
      'moves it: info by tag or in a manifest the repository ships for its users (a Gemini CLI extension), low otherwise.',
    remediation: 'Reference the image by digest (`ghcr.io/org/server@sha256:…`, the tag may stay for readability) and update the digest deliberately.',
    examples: {
      positive: [
        { path: '.vscode/mcp.json', code: '{ "servers": { "gh": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server"] } } }' },
      ],
      negative: [
        {
          path: '.vscode/mcp.json',
          code: '{ "servers": { "gh": { "command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server@sha256:' + 'a'.repeat(64) + '"] } } }',
        },
      ],
    },
  },
  check({ config, file, ctx }) {
    for (const server of config.servers) {
      const launch = launchOf(server);
      if (launch?.kind !== 'container' || launch.pin.pinned) continue;
      const dependsOn = (relPath: string, hash: string): void => ctx.dependsOn?.(relPath, hash);
      // An image the repository's own organisation publishes moves only when the organisation moves it, as its own
      // packages and actions do; in a manifest it ships for its users it is the release the project publishes.
      const own = isOwnImage(launch.image.value, ownPublicationsOf(file, dependsOn));
      const shipped = own && isShippedManifest(file, dependsOn);
      const tag = launch.pin.why === 'tag';
      ctx.report({
        ruleId: this.meta.id,
        message:
          `MCP server "${server.name}" (${config.label}) runs image ${launch.image.value}${own ? " (the repository's own image)" : ''} ${UNPINNED_WHY[launch.pin.why]}.` +
          (shipped ? ` ${file.baseName} is a manifest this repository ships for its users to install: it launches the project's own release by design.` : ''),
        span: launch.image.span,
        evidence: `${launch.runner} ${launch.image.value}`,
        key: serverKey(server, 'image'),
        severity: own ? (tag || shipped ? 'info' : 'low') : tag ? 'low' : 'medium',
      });
    }
  },
});

/**
 * How an unpinned npm or Python launch is judged, wherever it is written (a client's config, code that
 * starts a stdio server): a dependency the project installs runs its installed copy; the repository's
 * own package is low (info by a range, a tag or a release file of one version); a server its vendor
 * publishes itself low; a third party's low by a range, a tag or a release file, medium otherwise.
 */
export function unpinnedVerdict(
  file: SourceFile,
  launch: Extract<Launch, { kind: 'npm' | 'python' }>,
  dependsOn: (relPath: string, hash: string) => void,
): UnpinnedVerdict {
  // The repository's own package (its organisation's scope or prefix, or the name its root
  // declares): the launch ships beside the code it launches and moves when the project releases.
  const name = packageNameOf(launch);
  // `npx nx mcp` in a project that depends on nx: npx runs the installed copy, at the version the lockfile fixes.
  const why = launch.pin.pinned ? undefined : launch.pin.why;
  const installed = name !== undefined && why === 'no-version' && LOCAL_FIRST_RUNNERS.has(launch.runner) && installedByProject(file, name, dependsOn);
  const publications = ownPublicationsOf(file, dependsOn);
  // Or its own repository, installed from git (`github:owner/name`): the project's code at its branch.
  const repository = gitRepositoryOf(launch);
  const own = (name !== undefined && isOwnPackage(name, publications)) || (repository !== undefined && publications.owners.has(repository[0]));
  const loose = why === 'range' || why === 'tag' || why === 'release-file';
  // The vendor's own server moves with the vendor's releases, the party already trusted with the service it serves.
  const vendor = own || name === undefined ? undefined : serverVendor(name);
  return {
    installed,
    own,
    ...(vendor ? { vendor, contextFloor: VENDOR_FLOOR } : {}),
    severity: own ? (loose ? 'info' : 'low') : loose || vendor ? 'low' : 'medium',
  };
}

/**
 * A vendor's server is low for what it is, not for where it sits: a demo or a template that launches it
 * unpinned is still low (as a third party's is there), not lowered again to info by its folder.
 */
const VENDOR_FLOOR: ContextFloor = { contexts: ['example', 'template', 'local-dev', 'evaluation'], levels: 0 };

export interface UnpinnedVerdict {
  installed: boolean;
  own: boolean;
  /** The vendor that publishes the server itself (`rules/mcp/vendor-servers.yaml`). */
  vendor?: string;
  /** How far the file's context may lower the finding (a vendor's server: not below low). */
  contextFloor?: ContextFloor;
  severity: Severity;
}

/** Whose package the launch runs, as the message says it: the repository's own, or its vendor's. */
export function publisherNote(verdict: UnpinnedVerdict): string {
  return verdict.own ? " (the repository's own package)" : verdict.vendor ? ` (its vendor's own server, published by ${verdict.vendor})` : '';
}
