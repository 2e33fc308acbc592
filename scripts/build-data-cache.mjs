// Part of `npm run build`: loads (and so validates) every built-in data file once and records the
// validated values in dist/data-cache/ (see src/core/data-cache.ts). A validation error fails the build.
process.env.AGENTWARDEN_BUILD_DATA_CACHE = '1';
const { rmSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
rmSync(fileURLToPath(new URL('../dist/data-cache', import.meta.url)), { recursive: true, force: true });
const { loadBuiltinPatterns, loadAllowlist } = await import('../dist/rules/secrets/patterns.js');
const { getCatalog } = await import('../dist/frameworks/index.js');
const loaders = [
  ['secret patterns', () => loadBuiltinPatterns().length],
  ['secret allowlist', () => loadAllowlist().values.size],
  ['framework catalogs', () => getCatalog().frameworks.length],
];
const { loadTaxonomy } = await import('../dist/rules/code/sinks.js');
loaders.push(['risky sinks', () => loadTaxonomy()]);
const { loadCapabilities } = await import('../dist/rules/mcp/server-risk.js');
loaders.push(['MCP server capabilities', () => loadCapabilities()]);
const { loadVendorServers } = await import('../dist/rules/mcp/vendor-servers.js');
loaders.push(['MCP vendor servers', () => loadVendorServers()]);
const { loadAgentClis } = await import('../dist/rules/code/agent-cli.js');
loaders.push(['agent CLIs', () => loadAgentClis()]);
const { loadInstallers } = await import('../dist/rules/deploy/installers.js');
loaders.push(['installer hosts', () => loadInstallers()]);
const { loadIamRisk } = await import('../dist/rules/deploy/iam-risk.js');
loaders.push(['IAM risk', () => loadIamRisk()]);
const { loadOrganisations } = await import('../dist/rules/deploy/organisations.js');
loaders.push(['organisations', () => loadOrganisations()]);
for (const [name, load] of loaders) load();
console.log(`data cache: recorded ${loaders.map(([n]) => n).join(', ')}`);
