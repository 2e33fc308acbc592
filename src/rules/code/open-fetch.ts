/**
 * An MCP tool that fetches whatever URL the model names, with no allow-list and no block on private
 * addresses, lets the model (and any prompt injection in what it read) make the server's host ask
 * its own network: localhost services, the cloud metadata endpoint, internal APIs (SSRF). A plain
 * model-chosen fetch is low; in an MCP server with no such guard it is raised to network egress.
 */
import type { Risk } from './reach.js';
import type { ToolDef } from './model.js';

/** Code that checks where a URL points before fetching it. */
const ADDRESS_GUARD =
  /\bis_(?:private|loopback|link_local|reserved|global)\b|\bipaddress\b|isPrivate|is-private|private[-_ ]?(?:ip|address|network)|169\.254\.169\.254|\b(?:allowed|permitted|blocked|denied)_?(?:hosts|domains|urls|origins)\b|ALLOWED_(?:HOSTS|DOMAINS|URLS)|allow[-_]?list|whitelist|\bssrf\b/i;

export function openFetch(tool: ToolDef, risks: Risk[], fileText: string): Risk[] {
  if (tool.framework !== 'mcp' || ADDRESS_GUARD.test(fileText)) return risks;
  return risks.map((r) =>
    r.riskClass === 'network-fetch' && r.inputs?.length && !r.site
      ? { ...r, severity: 'medium', label: 'fetches any URL the model names, private and cloud-metadata addresses included (SSRF)' }
      : r,
  );
}
