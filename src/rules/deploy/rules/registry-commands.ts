/**
 * What the registry-token rule reads in a job's commands: which registry a command publishes to (or
 * only prepares a release for), and the stored secret a command line hands a registry (`cargo login
 * ${{ secrets.X }}`, `dotnet nuget push --api-key …`, `twine upload -p …`).
 */

export type Registry = 'pypi' | 'npm' | 'crates' | 'rubygems' | 'nuget' | 'ghcr';

/** The Python tools' upload commands. */
const PYPI_UPLOAD = String.raw`twine\s+upload|uv\s+publish|poetry\s+publish|flit\s+publish|hatch\s+publish|pdm\s+publish|maturin\s+(?:publish|upload)|rye\s+publish`;
/** What publishes, per registry: without it a token may only install private packages. */
export const PUBLISH: Record<Registry, RegExp> = {
  pypi: new RegExp(String.raw`\b(?:${PYPI_UPLOAD})\b`),
  // Options may come first: `pnpm --filter @acme/core publish`, `pnpm -r publish`, `npm --workspace agent publish`.
  npm: /\b(?:npm|pnpm|bun)\s+(?:-{1,2}[\w-]+(?:[= ][^\s-]\S*)?\s+)*publish\b|\byarn\s+(?:npm\s+)?publish\b|\bchangeset\s+publish\b|\blerna\s+publish\b|\bsemantic-release\b|\brelease-it\b/,
  // `release-plz release` publishes; its `release-pr` and `update` only prepare the release (see PREPARE).
  crates: /\bcargo\s+(?:publish|release|workspaces\s+publish|ws\s+publish)\b|\brelease-plz\s+release(?![\w-])/,
  rubygems: /\bgem\s+push\b|\brake\s+release\b|\bbundle\s+exec\s+rake\s+release\b/,
  nuget: /\b(?:dotnet\s+nuget|nuget(?:\.exe)?)\s+push\b/i,
  ghcr: /\b(?:docker|podman)\s+(?:image\s+)?push\b|\bbuildx\s+build\b[^\n]*--push\b|\bbuildx\s+bake\b[^\n]*--push\b/,
};
/**
 * Release tools' commands that prepare a release and upload nothing (`release-plz release-pr` opens the
 * release pull request, `release-plz update` bumps versions): a registry token handed to a job that
 * only runs them is exposed there, not used to publish.
 */
export const PREPARE: Partial<Record<Registry, RegExp>> = { crates: /\brelease-plz\s+(?:release-pr|update)\b/ };

/**
 * A publishing command told only to check uploads nothing: `npm|pnpm|yarn|bun publish --dry-run`,
 * `cargo publish --dry-run`, `poetry publish --dry-run`, `semantic-release --dry-run`; `cargo release`
 * is a dry run unless given `--execute`. (`twine check`, `npm pack`, `gem build` never match PUBLISH.)
 */
const CHECK_ONLY: RegExp[] = [/(?:^|\s)--dry[-_]?run(?:=(?!false\b)|\s|$)/, /\bcargo\s+release\b(?![^\n]*\s(?:-x|--execute)\b)/];

/** The text with every statement that only checks blanked, so that PUBLISH sees real uploads alone. */
export function uploadingStatements(text: string): string {
  return text.replace(/[^\n;&|]+/g, (statement) => (CHECK_ONLY.some((re) => re.test(statement)) ? ' '.repeat(statement.length) : statement));
}

/** The job's own token: short-lived already. */
export const JOB_TOKEN = /^(?:GITHUB_TOKEN|github_token)$/;

/** `${{ secrets.PYPI_TOKEN }}`, or the first of a fallback chain (`${{ secrets.PYPI_TOKEN || secrets.PYPI_API_TOKEN }}`). */
export const SECRET_REF = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\}\}|\|\|)/;

const PYPI_INLINE_TOKEN = new RegExp(
  String.raw`\b(${PYPI_UPLOAD}|poetry\s+config\s+pypi-token\.\w+)\b[^\n]*?(?:\s(?:--token|--password|-p|-t|--auth)\b[ =]*)?["']?\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)`,
);
/** The secret a variable of the step's, job's or workflow's `env:` is set from (the nearest that sets it). */
export function variableSecret(name: string, envs: unknown[]): string | undefined {
  const value = envs.map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>)[name] : undefined)).find((v) => v !== undefined);
  return typeof value === 'string' ? SECRET_REF.exec(value)?.[1] : undefined;
}

/** `--api-key`, `-k` (dotnet) or `-ApiKey` (nuget.exe) and its value: a secret, or a variable (`$KEY`, `${KEY}`, `$env:KEY`, `${{ env.KEY }}`). */
const NUGET_KEY = /\s(?:--api-key|-k|-ApiKey)[ =]+["']?(?:\$\{\{\s*secrets\.([A-Za-z_]\w*)|\$\{\{\s*env\.([A-Za-z_]\w*)|\$(?:env:)?\{?([A-Za-z_]\w*))/i;
/** The feed a push names (`--source`, `-s`, `-Source`). */
const NUGET_SOURCE = /\s(?:--source|-s|-Source)[ =]+["']?(\S+)/i;

/**
 * A NuGet push with a stored API key: `dotnet nuget push … --api-key ${{ secrets.X }}` (continuation
 * lines joined), to NuGet.org (named, or no feed named: the default). A private feed (GitHub
 * Packages, Azure Artifacts) offers no trusted publishing and is left alone.
 */
export function nugetKey(run: string, secretOf: (variable: string) => string | undefined): { registry: Registry; secret: string; where: string; login?: boolean } | undefined {
  for (const line of run.replace(/(?:\\|`)\r?\n/g, ' ').split('\n')) {
    if (!PUBLISH.nuget.test(line)) continue;
    const source = NUGET_SOURCE.exec(line)?.[1];
    if (source !== undefined && !/(?:^|\/\/|\.)nuget\.org(?:[/:"']|$)|^nuget\.org$/i.test(source)) continue;
    const key = NUGET_KEY.exec(line);
    const secret = key?.[1] ?? (key?.[2] ?? key?.[3] ? secretOf((key[2] ?? key[3])!) : undefined);
    if (secret) return { registry: 'nuget', secret, where: 'nuget push --api-key' };
  }
  return undefined;
}

/** A token passed on the command line: `uv publish --token ${{ secrets.X }}`, `rye publish --token …`, `twine upload -p …`, `poetry config pypi-token.pypi …`, `cargo login ${{ secrets.X }}`. */
export function inlineToken(run: string): { registry: Registry; secret: string; where: string; login?: boolean } | undefined {
  const m = PYPI_INLINE_TOKEN.exec(run);
  if (m) return { registry: 'pypi', secret: m[2]!, where: m[1]!.replace(/\s+/g, ' ') };
  const n = /\b(cargo\s+publish)\b[^\n]*--token[ =]+["']?\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)/.exec(run);
  if (n) return { registry: 'crates', secret: n[2]!, where: 'cargo publish --token' };
  // `cargo login ${{ secrets.X }}`, or the token piped into it: stored for the `cargo publish` that follows.
  const c = /\bcargo\s+login\s+(?:--registry[ =]+crates-io\s+)?["']?\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)|\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}["']?\s*\|\s*cargo\s+login\b/.exec(run);
  if (c) return { registry: 'crates', secret: (c[1] ?? c[2])!, where: 'cargo login', login: true };
  const o = /\/\/registry\.npmjs\.org\/:_authToken=["']?\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)/.exec(run);
  // Written to .npmrc, it waits there for the publish of this step or a later one (the caller checks the job publishes).
  if (o) return { registry: 'npm', secret: o[1]!, where: '.npmrc _authToken', login: !PUBLISH.npm.test(run) };
  // `echo ${{ secrets.CR_PAT }} | docker login ghcr.io -u … --password-stdin`, or `-p ${{ secrets.CR_PAT }}`.
  const d = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}["']?\s*\|\s*(?:docker|podman)\s+login\s+(?:https?:\/\/)?ghcr\.io\b|\b(?:docker|podman)\s+login\s+(?:https?:\/\/)?ghcr\.io\b[^\n]*\s(?:-p|--password)[ =]+["']?\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)/.exec(run);
  const dockerSecret = d?.[1] ?? d?.[2];
  if (dockerSecret && !JOB_TOKEN.test(dockerSecret)) return { registry: 'ghcr', secret: dockerSecret, where: 'docker login ghcr.io', login: true };
  return undefined;
}
