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
  companies: { company: string; organisations: string[]; images?: string[] }[];
}

interface Organisations {
  /** Organisation (lower case) → the company it belongs to. */
  companies: Map<string, string>;
  /** Company → the image name prefixes only it publishes under. */
  images: Map<string, string[]>;
}

export const ORGANISATIONS_FILE = path.join(RULES_DIR, 'deploy', 'organisations.yaml');

let cached: Organisations | undefined;

export function loadOrganisations(file = ORGANISATIONS_FILE): Organisations {
  if (file === ORGANISATIONS_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<OrganisationsFile>(file, 'organisations', undefined, display);
  const companies = new Map<string, string>();
  const images = new Map<string, string[]>();
  value.companies.forEach((c, n) => {
    if (c.images) images.set(c.company, c.images);
    for (const org of c.organisations) {
      const key = org.toLowerCase();
      // One organisation, one company: listed twice, which one the message names would depend on the order.
      if (companies.has(key)) throw new UsageError(`${display}:${lineOf(['companies', n, 'organisations']) ?? '?'}: organisation ${org} is listed under ${companies.get(key)} already`);
      companies.set(key, c.company);
    }
  });
  const loaded = { companies, images };
  if (file === ORGANISATIONS_FILE) cached = loaded;
  return loaded;
}

/** The company `owner` and one of `owners` both belong to, when `owner` is a sister organisation of theirs. */
export function sisterCompany(owner: string, owners: Iterable<string>): string | undefined {
  const { companies } = loadOrganisations();
  const company = companies.get(owner.toLowerCase());
  if (!company) return undefined;
  for (const own of owners) if (companies.get(own.toLowerCase()) === company) return company;
  return undefined;
}

/** The company of one of `owners` when it publishes `image` on its own registry (`mcr.microsoft.com/…` in a `microsoft` repository). */
export function companyImage(image: string, owners: Iterable<string>): string | undefined {
  const { companies, images } = loadOrganisations();
  const name = image.toLowerCase();
  for (const own of owners) {
    const company = companies.get(own.toLowerCase());
    if (company && images.get(company)?.some((prefix) => name.startsWith(prefix))) return company;
  }
  return undefined;
}
