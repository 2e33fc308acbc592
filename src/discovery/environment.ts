/**
 * Which deployment environment a file configures, from its path alone: `.env.staging`,
 * `values-prod.yaml`, `overlays/dev/…`, `environments/production/…`, `prod.tfvars`,
 * `docker-compose.staging.yml`, `application-prod.yml`, `appsettings.Production.json`. The file
 * name speaks first, then the nearest folder named after an environment. Undefined when the path
 * names none (most files: shared config, code).
 */

/** Spellings of each environment, as whole words of a file name or folder name. */
const SPELLINGS: [string, string[]][] = [
  ['production', ['prod', 'production', 'prd', 'live']],
  ['staging', ['staging', 'stage', 'stg', 'preprod', 'uat']],
  ['qa', ['qa']],
  ['development', ['dev', 'development', 'develop']],
  ['test', ['test', 'testing']],
  ['local', ['local']],
  ['sandbox', ['sandbox']],
  ['preview', ['preview']],
];

const WORDS = new Map<string, string>(SPELLINGS.flatMap(([env, words]) => words.map((w): [string, string] => [w, env])));

/** Words of a file name that are environments only in a configuration file's name (not `test_x.py`). */
const CONFIG_FILE = /(?:^|\/)(?:\.env(?:\.[\w-]+)*|[\w.-]+\.env|[\w.-]*\.(?:ya?ml|json|tfvars|toml|ini|properties|conf|cfg|hcl))$/i;

export function environmentOf(relPath: string): string | undefined {
  const segments = relPath.split('/');
  const name = segments[segments.length - 1]!;
  if (CONFIG_FILE.test(name)) {
    // `.env.staging` → env, staging; `values-prod.yaml` → values, prod; `prod.auto.tfvars` → prod, auto.
    const words = name.toLowerCase().replace(/^\./, '').split(/[-_.]/);
    for (const w of words) {
      const env = WORDS.get(w);
      if (env) return env;
    }
  }
  for (let i = segments.length - 2; i >= 0; i--) {
    const env = WORDS.get(segments[i]!.toLowerCase());
    if (env) return env;
  }
  return undefined;
}

/** Production is the environment whose credential matters most; the others are where it leaks from. */
export function isProduction(env: string): boolean {
  return env === 'production';
}
