/**
 * GitHub organisations of one company (`rules/deploy/organisations.yaml`), loaded once and validated
 * against `schema/organisations.schema.json`: an action of a sister organisation (`azure` beside
 * `microsoft`) is maintained under the same ownership as the repository's own organisation's.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';

interface OrganisationsFile {
  version: 1;
  companies: { company: string; organisations: string[] }[];
}

export const ORGANISATIONS_FILE = path.join(RULES_DIR, 'deploy', 'organisations.yaml');

let cached: Map<string, string> | undefined;

/** Organisation (lower case) → the company it belongs to. */
export function loadOrganisations(file = ORGANISATIONS_FILE): Map<string, string> {
  if (file === ORGANISATIONS_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<OrganisationsFile>(file, 'organisations', undefined, display);
  const companies = new Map<string, string>();
  value.companies.forEach((c, n) => {
    for (const org of c.organisations) {
      const key = org.toLowerCase();
      // One organisation, one company: listed twice, which one the message names would depend on the order.
      if (companies.has(key)) throw new UsageError(`${display}:${lineOf(['companies', n, 'organisations']) ?? '?'}: organisation ${org} is listed under ${companies.get(key)} already`);
      companies.set(key, c.company);
    }
  });
  if (file === ORGANISATIONS_FILE) cached = companies;
  return companies;
}

/** The company `owner` and one of `owners` both belong to, when `owner` is a sister organisation of theirs. */
export function sisterCompany(owner: string, owners: Iterable<string>): string | undefined {
  const companies = loadOrganisations();
  const company = companies.get(owner.toLowerCase());
  if (!company) return undefined;
  for (const own of owners) if (companies.get(own.toLowerCase()) === company) return company;
  return undefined;
}
