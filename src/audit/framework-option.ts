/** `--framework X`: a catalog id (`owasp-nhi`) or an unambiguous short name (`nhi`, `atlas`, `nist`). */
import { UsageError } from '../core/errors.js';
import { getCatalog } from '../frameworks/index.js';

const ALIASES: Record<string, string> = {
  asi: 'owasp-asi',
  agentic: 'owasp-asi',
  threats: 'owasp-agentic-threats',
  'agentic-threats': 'owasp-agentic-threats',
  nhi: 'owasp-nhi',
  llm: 'owasp-llm',
  maestro: 'maestro',
  nist: 'nist-ai-rmf',
  'ai-rmf': 'nist-ai-rmf',
  atlas: 'mitre-atlas',
  mitre: 'mitre-atlas',
};

export function resolveFramework(name: string): string {
  const ids = getCatalog().frameworks.map((f) => f.id);
  const key = name.trim().toLowerCase();
  if (ids.includes(key)) return key;
  const alias = ALIASES[key];
  if (alias && ids.includes(alias)) return alias;
  throw new UsageError(`unknown framework "${name}" (expected one of: ${ids.join(', ')}; or ${Object.keys(ALIASES).join(', ')})`);
}
