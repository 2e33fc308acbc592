import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubOwner, githubRepository, isOwnImage, isOwnPackage, metadataOwners } from '../../src/discovery/repository-owner.js';
import { scan } from '../../src/engine/scan.js';
import { scanDir } from './helpers.js';

const WORKFLOW = 'on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/devtools/check@main\n';
const roots: string[] = [];

function repo(files: Record<string, string>, origin?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aw-owner-'));
  roots.push(root);
  for (const [rel, text] of Object.entries({ '.github/workflows/ci.yml': WORKFLOW, ...files })) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  if (origin) {
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.git', 'config'), `[remote "origin"]\n\turl = ${origin}\n`);
  }
  return root;
}

async function actionSeverity(root: string): Promise<string | undefined> {
  const { findings } = await scanDir(root);
  return findings.find((f) => f.ruleId === 'deploy/unpinned-action')?.severity;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('repository owner from project metadata', () => {
  it('reads the owner from repository URLs in their usual spellings', () => {
    expect(githubOwner('https://github.com/Acme-Labs/tool')).toBe('acme-labs');
    expect(githubOwner('git+ssh://git@github.com/acme-labs/tool.git')).toBe('acme-labs');
    expect(githubOwner('github:acme-labs/tool')).toBe('acme-labs');
    expect(githubOwner('https://gitlab.com/acme-labs/tool')).toBeUndefined();
    expect(githubRepository('git@github.com:Acme-Labs/Tool.git')).toEqual(['acme-labs', 'tool']);
    expect(githubRepository('https://github.com/acme-labs/acme-labs.github.io/')).toEqual(['acme-labs', 'acme-labs.github.io']);
    expect(githubRepository('https://github.com/acme-labs/tool/tree/main')).toEqual(['acme-labs', 'tool']);
  });

  it('takes the owner from pyproject [project.urls], package.json repository, go.mod and Cargo.toml', () => {
    expect(metadataOwners(repo({ 'pyproject.toml': '[project]\nname = "t"\n[project.urls]\nSource = "https://github.com/acme-labs/tool"\n' }))).toEqual(new Set(['acme-labs']));
    expect(metadataOwners(repo({ 'package.json': '{"repository": {"type": "git", "url": "git+https://github.com/acme-labs/tool.git"}}' }))).toEqual(new Set(['acme-labs']));
    expect(metadataOwners(repo({ 'package.json': '{"repository": "acme-labs/tool"}' }))).toEqual(new Set(['acme-labs']));
    expect(metadataOwners(repo({ 'go.mod': 'module github.com/acme-labs/tool\n\ngo 1.22\n' }))).toEqual(new Set(['acme-labs']));
    expect(metadataOwners(repo({ 'Cargo.toml': '[package]\nname = "t"\nrepository = "https://github.com/acme-labs/tool"\n' }))).toEqual(new Set(['acme-labs']));
  });

  it('rates the organisation\'s own action on a branch low when origin is a local mirror and pyproject names the organisation', async () => {
    const root = repo({ 'pyproject.toml': '[project.urls]\nHomepage = "https://github.com/acme-labs/tool"\n' }, '/srv/mirror/tool.git');
    expect(await actionSeverity(root)).toBe('low');
  });

  it('keeps it medium when nothing names the organisation (CODEOWNERS and FUNDING.yml are not ownership)', async () => {
    const root = repo({
      '.github/CODEOWNERS': '* @acme-labs/maintainers\n',
      '.github/FUNDING.yml': 'github: acme-labs\n',
      'pyproject.toml': '[project.urls]\nHomepage = "https://github.com/other-org/tool"\n',
    }, '/srv/mirror/tool.git');
    expect(await actionSeverity(root)).toBe('medium');
  });

  it("takes the owner from the root README's badges about the repository itself when nothing else names one (a copy with no .git)", async () => {
    const readme = '# Tool\n[![Stars](https://img.shields.io/github/stars/acme-labs/tool?style=flat)](https://github.com/acme-labs/tool/stargazers)\n[![License](https://img.shields.io/github/license/acme-labs/tool)](LICENSE)\nStart from [a demo](https://github.com/other-org/demo).\n';
    expect(await actionSeverity(repo({ 'README.md': readme }))).toBe('low');
    const compose = 'services:\n  app:\n    image: ghcr.io/acme-labs/tool:latest\n';
    const image = async (root: string) => (await scanDir(root)).findings.find((f) => f.ruleId === 'deploy/unpinned-image')?.severity;
    expect(await image(repo({ 'README.md': readme, 'docker-compose.yml': compose }))).toBe('low');
    // One mention, or two repositories badged alike, names no owner; an origin elsewhere wins.
    expect(await actionSeverity(repo({ 'README.md': 'See https://github.com/acme-labs/tool/issues for help.\n' }))).toBe('medium');
    expect(await actionSeverity(repo({ 'README.md': '![a](https://img.shields.io/github/stars/acme-labs/tool) ![b](https://img.shields.io/github/stars/other-org/tool)\n' }))).toBe('medium');
    expect(await actionSeverity(repo({ 'README.md': readme }, 'git@github.com:fork-owner/tool.git'))).toBe('medium');
  });

  it('trusts a GitHub origin over the metadata', async () => {
    const root = repo({ 'package.json': '{"repository": "acme-labs/tool"}' }, 'git@github.com:fork-owner/tool.git');
    expect(await actionSeverity(root)).toBe('medium');
  });
});

describe("the repository's own images and packages", () => {
  const own = { owners: new Set(['acme-labs']), packages: new Set(['acme-research']) };

  it('recognises an image in the organisation\'s namespace, on a registry or on Docker Hub', () => {
    expect(isOwnImage('ghcr.io/acme-labs/agent:latest', own)).toBe(true);
    expect(isOwnImage('acme-labs/agent', own)).toBe(true);
    expect(isOwnImage('docker.io/acme-labs/agent:1.2', own)).toBe(true);
    expect(isOwnImage('ghcr.io/other/agent:latest', own)).toBe(false);
    expect(isOwnImage('acme-labs:latest', own)).toBe(false);
    expect(isOwnImage('docker.io/postgres:17', own)).toBe(false);
  });

  it("recognises the owner named by a later namespace segment on a registry whose top level is assigned, not inside another's account", () => {
    expect(isOwnImage('registry.example.com/models/acme-labs/embedder:1.5.0', own)).toBe(true);
    expect(isOwnImage('us-docker.pkg.dev/prod-project/acme-labs/agent:1.0', own)).toBe(true);
    // The image's own name is not a namespace; on shared registries the first segment is an account anyone may open.
    expect(isOwnImage('registry.example.com/models/acme-labs:1.5.0', own)).toBe(false);
    expect(isOwnImage('ghcr.io/someone/acme-labs/agent:1.0', own)).toBe(false);
    expect(isOwnImage('docker.io/someone/acme-labs/agent:1.0', own)).toBe(false);
    expect(isOwnImage('quay.io/someone/acme-labs/agent:1.0', own)).toBe(false);
  });

  it("recognises the Docker Hub namespace of an organisation whose name has a hyphen (letters and digits only there)", () => {
    expect(isOwnImage('acmelabs/base-python:latest', own)).toBe(true);
    expect(isOwnImage('docker.io/acmelabs/base:1.0', own)).toBe(true);
    expect(isOwnImage('acmelab/base:latest', own)).toBe(false);
    expect(isOwnImage('acme/base:latest', own)).toBe(false);
  });

  it('recognises a Docker Hub namespace named for a command the project installs, not a short generic one', () => {
    const product = { ...own, commands: new Set(['agentgate', 'agentgate-server', 'mcp']) };
    expect(isOwnImage('agentgate/agentgate:latest', product)).toBe(true);
    expect(isOwnImage('agentgate/echo-test-server', product)).toBe(true);
    expect(isOwnImage('ghcr.io/agentgate/agentgate:latest', product)).toBe(true);
    expect(isOwnImage('mcp/fetch:latest', product)).toBe(false);
    expect(isOwnImage('agentgateway/proxy:latest', product)).toBe(false);
    expect(isOwnImage('agentgate/agentgate:latest', own)).toBe(false);
  });

  it("recognises a namespace made of the repository's or organisation's name and a company suffix, not a look-alike", () => {
    const brand = { owners: new Set(['getmoss']), packages: new Set<string>(), names: new Set(['moss']) };
    expect(isOwnImage('mossai/moss:latest', brand)).toBe(true);
    expect(isOwnImage('moss-hq/moss-worker', brand)).toBe(true);
    expect(isOwnImage('ghcr.io/getmosslabs/moss:1', brand)).toBe(true);
    // Another word after the name, a name inside another, or no suffix at all is someone else's.
    expect(isOwnImage('mossberg/moss:latest', brand)).toBe(false);
    expect(isOwnImage('bluemossai/moss:latest', brand)).toBe(false);
    expect(isOwnImage('mossaix/moss:latest', brand)).toBe(false);
    expect(isOwnImage('moss:latest', brand)).toBe(false);
    // A name of two letters says too little: `uiai/…` is not the repository `ui`'s.
    expect(isOwnImage('uiai/x:latest', { ...brand, names: new Set(['ui']) })).toBe(false);
  });

  it('recognises a package in its npm scope, under its name prefix, or named by the root', () => {
    expect(isOwnPackage('@acme-labs/mcp-server', own)).toBe(true);
    expect(isOwnPackage('acme-labs.docs-mcp-server', own)).toBe(true);
    expect(isOwnPackage('Acme_Research', own)).toBe(true);
    expect(isOwnPackage('@other/acme-labs', own)).toBe(false);
    expect(isOwnPackage('mcp-server-fetch', own)).toBe(false);
  });

  it('rates an unpinned image or MCP package of its own a level lower than a third party\'s, saying whose', async () => {
    const root = repo(
      {
        'pyproject.toml': '[project]\nname = "acme-research"\n',
        'docker-compose.yml': 'services:\n  app:\n    image: ghcr.io/acme-labs/agent:latest\n  cache:\n    image: redis\n',
        '.mcp.json': '{ "mcpServers": { "research": { "command": "uvx", "args": ["acme-research"] }, "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] } } }',
      },
      'https://github.com/acme-labs/research.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings
      .filter((f) => f.ruleId === 'deploy/unpinned-image' || f.ruleId === 'mcp/unpinned-package')
      .map((f) => `${f.ruleId} ${f.evidence} ${f.severity}`)
      .sort();
    expect(got).toEqual([
      'deploy/unpinned-image ghcr.io/acme-labs/agent:latest low',
      'deploy/unpinned-image redis medium',
      'mcp/unpinned-package uvx acme-research low',
      'mcp/unpinned-package uvx mcp-server-fetch medium',
    ]);
    expect(report.findings.find((f) => f.evidence === 'uvx acme-research')!.message).toMatch(/the repository's own package/);
  });

  it("weighs its own repository installed from git (`github:owner/name`, a git URL) as its own package, another owner's as a third party's", async () => {
    const root = repo(
      {
        '.mcp.json':
          '{ "mcpServers": { "own": { "command": "npx", "args": ["-y", "github:acme-labs/research"] }, ' +
          '"url": { "command": "npx", "args": ["git+https://github.com/Acme-Labs/research.git"] }, ' +
          '"other": { "command": "npx", "args": ["-y", "github:someone/research"] } } }',
      },
      'https://github.com/acme-labs/research.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings.filter((f) => f.ruleId === 'mcp/unpinned-package').map((f) => `${f.evidence} ${f.severity}`).sort();
    expect(got).toEqual(['npx git+https://github.com/Acme-Labs/research.git low', 'npx github:acme-labs/research low', 'npx github:someone/research medium']);
  });

  it("rates the repository's image under its brand namespace (name plus `ai`) low, a third party's medium", async () => {
    const root = repo(
      { 'deploy/docker-compose.yml': 'services:\n  moss:\n    image: mossai/moss:latest\n  other:\n    image: mossbergai/tool:latest\n' },
      'https://github.com/getmoss/moss.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.evidence} ${f.severity}`).sort();
    expect(got).toEqual(['mossai/moss:latest low', 'mossbergai/tool:latest medium']);
  });

  it("rates an image its company publishes on its own registry low in any of the company's organisations, a third party's medium", async () => {
    const compose = 'services:\n  runtime:\n    image: mcr.microsoft.com/example/runtime:latest\n  other:\n    image: registry.example.com/team/runtime:latest\n';
    const severities = async (origin: string) => {
      const { report } = await scan({ paths: [repo({ 'deploy/docker-compose.yml': compose }, origin)], threads: 1 });
      return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.evidence} ${f.severity}`).sort();
    };
    expect(await severities('https://github.com/Azure-Samples/agent-demo.git')).toEqual(['mcr.microsoft.com/example/runtime:latest low', 'registry.example.com/team/runtime:latest medium']);
    // Anyone else pulling the company's image pulls a third party's.
    expect(await severities('https://github.com/someone/agent-demo.git')).toEqual(['mcr.microsoft.com/example/runtime:latest medium', 'registry.example.com/team/runtime:latest medium']);
    const { report } = await scan({ paths: [repo({ 'deploy/docker-compose.yml': compose }, 'https://github.com/microsoft/agent-demo.git')], threads: 1 });
    expect(report.findings.find((f) => f.evidence === 'mcr.microsoft.com/example/runtime:latest')!.message).toContain("its company's own image: Microsoft");
  });

  it("rates its own package info in a manifest it ships for its users (a Gemini CLI extension, a Claude Code plugin), low in its developers' own config", async () => {
    const servers = '{ "mcpServers": { "research": { "command": "uvx", "args": ["acme-research"] }, "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] } } }';
    const root = repo(
      {
        'pyproject.toml': '[project]\nname = "acme-research"\n',
        'gemini-extension.json': `{ "name": "research", "version": "0.1.0", ${servers.slice(1)}`,
        'plugins/research/.claude-plugin/plugin.json': '{ "name": "research" }',
        'plugins/research/.mcp.json': servers,
        '.mcp.json': servers,
      },
      'https://github.com/acme-labs/research.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings
      .filter((f) => f.ruleId === 'mcp/unpinned-package')
      .map((f) => `${f.location.path} ${f.evidence} ${f.severity}`)
      .sort();
    expect(got).toEqual([
      '.mcp.json uvx acme-research low',
      '.mcp.json uvx mcp-server-fetch medium',
      'gemini-extension.json uvx acme-research info',
      'gemini-extension.json uvx mcp-server-fetch medium',
      'plugins/research/.mcp.json uvx acme-research info',
      'plugins/research/.mcp.json uvx mcp-server-fetch medium',
    ]);
  });

  it('rates an image in a Docker Hub namespace named for a command the root installs as its own', async () => {
    const root = repo(
      {
        'pyproject.toml': '[project]\nname = "agent-gate-platform"\n\n[project.scripts]\nagentgate = "agentgate.cli:main"\n',
        'plugins/guard/docker-compose.yaml': 'services:\n  guard:\n    image: agentgate/guard-plugin:latest\n  other:\n    image: othervendor/guard:latest\n',
      },
      'https://github.com/acme-labs/agent-gate.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.evidence} ${f.severity}`).sort();
    expect(got).toEqual(['agentgate/guard-plugin:latest low', 'othervendor/guard:latest medium']);
  });

  it("rates an image the repository's own build notes, scripts or README push as its own, whoever the namespace is named for", async () => {
    const root = repo(
      {
        // Build notes in a plain text file: a multi-platform build pushed under a namespace other than origin's owner.
        'docker/base/build.txt': '# publish\ndocker buildx build -t shipyard-io/runner-base:latest --platform linux/amd64 --push .\n',
        'docker/app/Dockerfile': 'FROM shipyard-io/runner-base:latest\nCMD ["run"]\n',
        'scripts/release.sh': 'docker tag runner-app:dev shipyard-io/runner-app:latest\ndocker push --quiet shipyard-io/runner-app:latest\n',
        'docker-compose.yml': 'services:\n  app:\n    image: shipyard-io/runner-app:latest\n  cache:\n    image: othervendor/cache:latest\n  web:\n    image: shipyard-io/runner-web:latest\n',
        // Pulled only: a README that runs an image does not publish it.
        'README.md': '# Runner\n```\ndocker pull shipyard-io/runner-web:latest\n```\n',
      },
      'https://github.com/acme-labs/runner.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.path} ${f.evidence} ${f.severity}`).sort();
    expect(got).toEqual([
      'docker-compose.yml othervendor/cache:latest medium',
      'docker-compose.yml shipyard-io/runner-app:latest low',
      'docker-compose.yml shipyard-io/runner-web:latest medium',
      'docker/app/Dockerfile shipyard-io/runner-base:latest low',
    ]);
    expect(report.findings.find((f) => f.evidence === 'shipyard-io/runner-base:latest')!.message).toMatch(/own build pushes it/);
  });

  it('takes a package of the project a config belongs to, in a monorepo or a project kept in the tree, for its own', async () => {
    const root = repo(
      {
        'mcp_servers/searchkit/package.json': '{ "name": "@searchco/searchkit", "private": true, "workspaces": ["packages/*"] }',
        'mcp_servers/searchkit/packages/mcp/package.json': '{ "name": "@searchco/searchkit-mcp" }',
        'mcp_servers/searchkit/gemini-extension.json': '{ "name": "docs", "mcpServers": { "docs": { "command": "npx", "args": ["-y", "@searchco/searchkit-mcp"] }, "other": { "command": "npx", "args": ["-y", "@elsewhere/search-mcp"] } } }',
      },
      'https://github.com/acme-labs/hub.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings
      .filter((f) => f.ruleId === 'mcp/unpinned-package')
      .map((f) => `${f.evidence} ${f.severity}`)
      .sort();
    // Its own package, in the extension manifest the project ships: info (see the shipped-manifest test above).
    expect(got).toEqual(['npx @elsewhere/search-mcp medium', 'npx @searchco/searchkit-mcp info']);
  });
});

describe("the repository owner's own installer", () => {
  const piped = async (url: string, origin: string) => {
    const { findings } = await scanDir(repo({ Dockerfile: `FROM debian:12-slim\nRUN curl -fsSL ${url} | sh\n` }, origin));
    return findings.filter((f) => f.ruleId === 'deploy/pipe-to-shell').map((f) => f.severity);
  };

  it("is low in an image build when its domain or GitHub account is the owner's, medium for anyone else's", async () => {
    expect(await piped('https://get.acme.com', 'https://github.com/acme/mcp-server.git')).toEqual(['low']);
    expect(await piped('https://raw.githubusercontent.com/acme/cli/main/install.sh', 'https://github.com/acme/mcp-server.git')).toEqual(['low']);
    expect(await piped('https://get.acme.com', 'https://github.com/other/mcp-server.git')).toEqual(['medium']);
    expect(await piped('https://raw.githubusercontent.com/someone/acme/main/install.sh', 'https://github.com/acme/mcp-server.git')).toEqual(['medium']);
    // Over plain HTTP it stays what it is.
    expect(await piped('http://get.acme.com', 'https://github.com/acme/mcp-server.git')).toEqual(['high']);
  });
});

describe('the product this repository builds, given the container runtime', () => {
  const privileged = async (image: string, origin: string) => {
    const compose = `services:\n  gateway:\n    image: ${image}\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
    const { findings } = await scanDir(repo({ 'compose.yaml': compose }, origin));
    return findings.filter((f) => f.ruleId === 'deploy/privileged-container').map((f) => f.severity);
  };

  it("is medium in the examples of the repository that builds it, critical in the file it ships to run itself, for another of the organisation's repositories or anyone else's image", async () => {
    expect(await privileged('acme/gateway:1.4.0', 'https://github.com/acme/gateway.git')).toEqual(['critical']);
    const inExample = async (image: string, origin: string) =>
      (await scanDir(repo({ 'examples/minimal/compose.yaml': `services:\n  gateway:\n    image: ${image}\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n` }, origin))).findings
        .filter((f) => f.ruleId === 'deploy/privileged-container')
        .map((f) => f.severity);
    // Before the example context lowers it a level.
    expect(await inExample('acme/gateway:1.4.0', 'https://github.com/acme/gateway.git')).toEqual(['medium']);
    expect(await inExample('acme/gateway:1.4.0', 'https://github.com/acme/demos.git')).toEqual(['critical']);
    expect(await privileged('acme/gateway:1.4.0', 'https://github.com/acme/demos.git')).toEqual(['critical']);
    expect(await privileged('other/gateway:1.4.0', 'https://github.com/acme/gateway.git')).toEqual(['critical']);
    // The product with a layer added by an inline Dockerfile is the product.
    const inline = `services:\n  gateway:\n    build:\n      dockerfile_inline: |\n        FROM acme/gateway\n        RUN apk add jq\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
    const { findings } = await scanDir(repo({ 'examples/interceptors/compose.yaml': inline }, 'https://github.com/acme/gateway.git'));
    expect(findings.filter((f) => f.ruleId === 'deploy/privileged-container').map((f) => f.severity)).toEqual(['medium']);
  });
});
