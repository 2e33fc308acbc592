/**
 * identity/cross-environment-credential: one credential value (by its one-way key, never the value)
 * or one IAM user configured for two or more environments — `.env.staging` and `.env.production`,
 * `values-dev.yaml` and `values-prod.yaml`, `overlays/dev` and `overlays/prod`, `dev.tfvars` and
 * `prod.tfvars`. One finding per credential, at its production use, naming every environment.
 *
 * The identities are those the analyzers already record for literal credentials (placeholders and
 * references never become identities); which environment a file configures is `environmentOf`.
 */
import { posix } from 'node:path';
import type { IdentityUse, InventoryItem, ProjectAnalyzer, RuleMeta } from '../../core/rule.js';
import { environmentOf, isProduction } from '../../discovery/environment.js';
import { notDeployed } from './shared-identity.js';
import { cmp, compareLocations } from '../../engine/order.js';

export const crossEnvironmentMeta: RuleMeta = {
  id: 'identity/cross-environment-credential',
  title: 'One credential used in several environments',
  category: 'identity.shared-account',
  severity: 'high',
  confidence: 'high',
  description:
    'The same password, key or IAM user is configured for several environments (staging and production values, `.env.*` files, ' +
    'per-environment tfvars, Kustomize overlays). Whoever can read the less protected environment\'s configuration holds the ' +
    'production credential, an agent or test run against staging acts in production, and neither can be rotated alone.',
  remediation:
    'Issue a distinct credential per environment (its own database user and password, its own key), keep production values out of ' +
    'the repository (a secret manager or sealed/external secrets), and rotate the value that is now shared.',
  docs: { why: 'OWASP NHI Top 10 names environment isolation: a credential reused across environments turns the weakest environment into the door to production.' },
  examples: {
    positive: [
      { path: '.env.production', code: 'DB_PASSWORD=Vq8#rLm2pX9wT4zK\n', with: { '.env.staging': 'DB_PASSWORD=Vq8#rLm2pX9wT4zK\n' } },
      { path: 'helm/values-prod.yaml', code: 'db:\n  password: "n7Hk2Qp9Lx4Wm8Rt"\n', with: { 'helm/values-dev.yaml': 'db:\n  password: "n7Hk2Qp9Lx4Wm8Rt"\n' } },
    ],
    negative: [
      { path: '.env.production', code: 'DB_PASSWORD=Vq8#rLm2pX9wT4zK\n', with: { '.env.staging': 'DB_PASSWORD=Lp3$wQz8Nv5Rt2Kx\n' } },
      { path: '.env.production', code: 'DB_PASSWORD=${DB_PASSWORD}\n', with: { '.env.staging': 'DB_PASSWORD=${DB_PASSWORD}\n' } },
    ],
  },
};

/** Related places kept on one finding; the message still counts every environment. */
const MAX_RELATED = 20;

function reusable(use: IdentityUse): boolean {
  if (use.identityKind === 'secret') return use.key.startsWith('secret:') && use.lifetime !== 'reference' && use.lifetime !== 'expiring';
  return use.identityKind === 'iam-user';
}

interface EnvUse {
  use: IdentityUse;
  env: string;
  /** The overlay that deploys a base file to this environment. */
  via?: string;
}

/**
 * The environments each path is deployed to through Kustomize: an overlay in `overlays/prod/`
 * that includes `../../base` deploys every file of the base (and what the base includes) to production.
 */
function kustomizeEnvironments(inventory: InventoryItem[]): (path: string) => { env: string; via: string }[] {
  const includes = new Map<string, string[]>();
  for (const item of inventory) if (item.type === 'kustomization') includes.set(posix.dirname(item.location.path), (item.data.includes as string[]) ?? []);
  if (includes.size === 0) return () => [];
  const deployed: { target: string; env: string; via: string }[] = [];
  for (const [dir] of includes) {
    const env = environmentOf(`${dir}/kustomization.yaml`);
    if (!env) continue;
    const seen = new Set<string>();
    const walk = (from: string, depth: number): void => {
      for (const target of includes.get(from) ?? []) {
        if (seen.has(target) || depth > 6) continue;
        seen.add(target);
        deployed.push({ target, env, via: dir });
        walk(target, depth + 1);
      }
    };
    walk(dir, 0);
  }
  return (path) => {
    const out = new Map<string, string>();
    for (const d of deployed) if ((path === d.target || path.startsWith(`${d.target}/`)) && !out.has(d.env)) out.set(d.env, d.via);
    return [...out].map(([env, via]) => ({ env, via }));
  };
}

export const crossEnvironment: ProjectAnalyzer = {
  name: 'identity/cross-environment-credential',
  rules: [crossEnvironmentMeta],
  finish(facts, ctx) {
    const viaKustomize = kustomizeEnvironments(facts.inventory);
    const byKey = new Map<string, EnvUse[]>();
    for (const use of facts.identities) {
      if (!reusable(use) || notDeployed(use.location.path)) continue;
      const own = environmentOf(use.location.path);
      const envs: { env: string; via?: string }[] = own ? [{ env: own }] : viaKustomize(use.location.path);
      const list = byKey.get(use.key) ?? [];
      for (const { env, via } of envs) {
        if (!list.some((u) => u.env === env && u.use.location.path === use.location.path && u.use.location.startLine === use.location.startLine)) list.push({ use, env, via });
      }
      if (list.length) byKey.set(use.key, list);
    }
    for (const [key, uses] of [...byKey].sort(([a], [b]) => cmp(a, b))) {
      const envs = [...new Set(uses.map((u) => u.env))].sort((a, b) => Number(isProduction(b)) - Number(isProduction(a)) || cmp(a, b));
      if (envs.length < 2) continue;
      uses.sort((a, b) => Number(isProduction(b.env)) - Number(isProduction(a.env)) || compareLocations(a.use.location, b.use.location));
      const first = uses[0]!;
      const label = uses.find((u) => u.use.provider && u.use.label.includes(u.use.provider))?.use.label ?? first.use.label;
      const place = (u: EnvUse) => (u.via ? `${u.use.location.path} through ${u.via}` : u.use.location.path);
      const where = envs.map((env) => `${env} (${[...new Set(uses.filter((u) => u.env === env).map(place))].slice(0, 3).join(', ')})`);
      const production = envs.some(isProduction);
      ctx.report({
        ruleId: crossEnvironmentMeta.id,
        key: `env:${key}`,
        location: first.use.location,
        severity: production ? 'high' : 'medium',
        message:
          `The same ${first.use.identityKind === 'iam-user' ? 'IAM user' : 'credential'} (${label}) is configured for ${envs.length} environments: ${where.join('; ')}. ` +
          (uses.every((u) => u.via)
            ? `One base deploys it to each of them: whoever reaches the ${envs.filter((e) => !isProduction(e))[0] ?? envs[1]} deployment holds the ${envs[0]} credential, and neither can be rotated alone.`
            : production
              ? `Whoever can read the ${envs.filter((e) => !isProduction(e)).join(' or ')} configuration holds the production credential, and neither can be rotated alone.`
              : 'A leak from one environment opens the others, and none can be rotated alone.'),
        evidence: `${label} in ${envs.join(', ')}`,
        related: uses.slice(1, MAX_RELATED + 1).map((u) => ({ ...u.use.location, message: `the same value, in ${u.env}${u.via ? ` (through ${u.via})` : ''}` })),
      });
    }
  },
};
