/**
 * `agentwarden init [dir] [--force]`: a commented starter `.agentwarden.yaml` that validates against
 * schema/agentwarden-config.schema.json, with the editor hint that turns on completion.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { SCHEMA_DIR } from '../core/paths.js';

/** Where editors without a local install find the schema (the schema's own `$id`). */
export const SCHEMA_URL = 'https://agentwarden.dev/schema/agentwarden-config.schema.json';

/** The schema reference for a config in `dir`: relative when this package is installed under it. */
export function schemaRef(dir: string): string {
  const local = path.join(SCHEMA_DIR, 'agentwarden-config.schema.json');
  const rel = path.relative(path.resolve(dir), local).split(path.sep).join('/');
  return rel.startsWith('node_modules/') ? `./${rel}` : SCHEMA_URL;
}

export function starterConfig(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# agentwarden configuration. Every key is optional; unknown keys are an error.
# Lines starting with "#" are examples to turn on. Reference: agentwarden rules, agentwarden explain <rule-id>.
version: 1

# Exit code 1 when a finding is at or above this severity (critical, high, medium, low, info, none).
# --fail-on on the command line wins.
failOn: high

# Paths to leave out, as gitignore-like globs (a pattern without "/" matches a name at any depth).
# Dependencies, virtualenvs, build output, lock files and .gitignore'd files are already left out.
exclude: []
#  - "docs/examples/**"
#  - "*.generated.json"

# Files larger than this many bytes are skipped and counted (default 2 MiB).
# maxFileSize: 2097152

# rules:
#   # Rule ids or globs to turn off.
#   disable:
#     - secrets/generic-*
#   # Severity overrides keyed by rule id or glob.
#   severity:
#     mcp/unpinned-package: medium

# Findings to ignore by path (and optionally rule); say why, so the next reader knows.
# For one line, prefer an inline comment: agentwarden-ignore <rule-id> -- <reason>
# ignore:
#   - paths: ["test/fixtures/**"]
#     rules: ["secrets/*"]
#     reason: dummy credentials for the parser tests

# secrets:
#   # Regular expressions: a candidate secret matching one is not a finding (known dummies).
#   allow:
#     - "^sk-test-"
#   # Your own credential formats, with the fields of rules/secrets/*.yaml.
#   patterns:
#     - id: acme-api-key
#       title: ACME API key
#       provider: ACME
#       regex: '\\b(?<secret>acme_[A-Za-z0-9]{32})\\b'
#       keywords: [acme_]
#       entropy: 3.5
#       severity: high
`;
}

export async function runInit(dir: string | undefined, options: { force?: boolean }): Promise<number> {
  const target = path.resolve(dir ?? '.');
  if (!existsSync(target)) throw new UsageError(`folder does not exist: ${target}`);
  const file = path.join(target, '.agentwarden.yaml');
  const other = path.join(target, '.agentwarden.yml');
  if ((existsSync(file) || existsSync(other)) && !options.force) {
    throw new UsageError(`${existsSync(file) ? file : other} already exists (use --force to overwrite it)`);
  }
  writeFileSync(file, starterConfig(schemaRef(target)));
  process.stderr.write(`agentwarden: wrote ${path.relative(process.cwd(), file) || file}\n`);
  return 0;
}
