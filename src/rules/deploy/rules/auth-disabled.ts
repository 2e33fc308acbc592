/**
 * A service whose own authentication a setting switches off (`DISABLE_AUTH=true`,
 * `AUTH_ENABLED=false`, `REQUIRE_AUTH=false`): every caller is let in as a user it trusts. Read in a
 * Dockerfile's `ENV` (every run of the image inherits it unless the operator thinks to undo it) and
 * in a Compose service's `environment:` (a `${VAR:-default}` read as its default). A setting of one
 * sign-in method (`EMAIL_AUTH_ENABLED`, `BASIC_AUTH_…`, `OAUTH_…`) or of a client's credentials to
 * another service (a prefix naming neither the service nor a server) is not the service's own.
 */
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { composeEnv } from '../formats.js';
import { composePorts } from '../compose-ports.js';
import { dockerAssignments } from '../dockerfile-format.js';
import { finalStage } from '../dockerfile-stages.js';
import { yamlSpan } from '../../../parsers/yaml.js';

const ID = 'deploy/auth-disabled';

/** Settings that switch authentication off when true, after an optional prefix. */
const OFF_WHEN_TRUE = /^(?:(\w+?)_)?(?:DISABLE_AUTH(?:ENTICATION)?|AUTH(?:ENTICATION)?_DISABLED|NO_AUTH|SKIP_AUTH(?:ENTICATION)?|ALLOW_UNAUTHENTICATED(?:_ACCESS)?)$/;
/** Settings that switch authentication off when false, after an optional prefix. */
const OFF_WHEN_FALSE = /^(?:(\w+?)_)?(?:AUTH(?:ENTICATION)?_(?:ENABLED|REQUIRED)|ENABLE_AUTH(?:ENTICATION)?|REQUIRE_AUTH(?:ENTICATION)?)$/;
/** Prefixes that name a server's own settings whatever the service is called. */
const SERVER_PREFIX = /^(?:MCP|API|SERVER|HTTP|APP|GATEWAY|WEB|UI|SERVICE)$/;

const TRUE = /^(?:true|yes|on|1)$/i;
const FALSE = /^(?:false|no|off|0)$/i;

export const authDisabled = deployRule({
  meta: {
    id: ID,
    title: "A service's authentication switched off by a setting",
    category: 'identity.default-account',
    severity: 'medium',
    confidence: 'medium',
    description:
      "A setting switches the service's own authentication off (`DISABLE_AUTH=true`, `AUTH_DISABLED=true`, `AUTH_ENABLED=false`, `REQUIRE_AUTH=false`) " +
      "in a Dockerfile's `ENV` or a Compose service's `environment:`. Every caller is then let in as a user the service trusts: whoever reaches the agent's " +
      'API or MCP endpoint reads its memories and drives its tools with the credentials the service holds. In an image\'s `ENV` it is the default of every ' +
      'run of the image; on a Compose service that publishes a port on every interface it is anyone on the network (both medium); a service reachable ' +
      'only by its neighbours is low. A setting of one sign-in method (`EMAIL_AUTH_ENABLED`) or a prefix naming another product (a client\'s settings ' +
      'for a service it calls) is not reported.',
    remediation:
      'Leave authentication on in what ships (`ENV DISABLE_AUTH=false`, or no setting), and switch it off only in a development override file or ' +
      'on the developer\'s command line; give the service a token from a secret instead, and publish its port on 127.0.0.1 when it is for this machine only.',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f\nENV PORT=8000 DISABLE_AUTH=true\nCMD ["memory-server", "--host", "0.0.0.0"]\n' },
        {
          path: 'docker-compose.yml',
          code: 'services:\n  api:\n    image: ghcr.io/acme/memory:1.2.0\n    environment:\n      - DISABLE_AUTH=true\n    ports:\n      - "8000:8000"\n  mcp:\n    image: ghcr.io/acme/memory:1.2.0\n    environment:\n      MCP_AUTH_ENABLED: "${MCP_AUTH_ENABLED:-false}"\n',
        },
      ],
      negative: [
        // On, or switched off only in a stage that does not ship.
        { path: 'Dockerfile', code: 'FROM python:3.12-slim AS test\nENV DISABLE_AUTH=true\nRUN pytest\nFROM python:3.12-slim\nENV DISABLE_AUTH=false AUTH_REQUIRED=true\n' },
        // One sign-in method's switch, and a load-test client's settings for the service it calls.
        {
          path: 'docker-compose.yml',
          code: 'services:\n  gateway:\n    image: ghcr.io/acme/gateway:2.0.0\n    environment:\n      - EMAIL_AUTH_ENABLED=false\n      - AUTH_DISABLED=${AUTH_DISABLED:-false}\n    ports: ["4444:4444"]\n  locust:\n    image: locustio/locust:2.31.0\n    environment:\n      - LOCUST_TARGET_AUTH_ENABLED=false\n',
        },
      ],
    },
  },

  dockerfile(instructions, dc) {
    const shipped = finalStage(instructions)?.chain ?? [];
    for (const ins of shipped) {
      if (ins.op !== 'ENV') continue;
      for (const { key, value } of dockerAssignments(ins)) {
        if (value !== undefined && switchesOff(key, value, [])) report(dc, dc.lineSpan(ins.line), key, value, 'image');
      }
    }
  },

  compose(services, _doc, dc) {
    for (const s of services) {
      const names = [s.name, typeof s.value.image === 'string' ? s.value.image : ''];
      for (const e of composeEnv(s)) {
        if (e.value === undefined || e.value === null) continue;
        const value = String(e.value).replace(/^\$\{\w+:?-([^}]*)\}$/, '$1');
        if (!switchesOff(e.key, value, names)) continue;
        const published = s.value.network_mode === 'host' || composePorts(s).some((p) => p.published && p.interface !== 'loopback');
        report(dc, yamlSpan(e.node), e.key, value, published ? 'published' : 'internal', s.name);
      }
    }
  },
});

/** Whether `key=value` switches the service's own authentication off; `names` are what the service is called (its prefix may be one). */
function switchesOff(key: string, value: string, names: string[]): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  const m = (TRUE.test(v) && OFF_WHEN_TRUE.exec(key.toUpperCase())) || (FALSE.test(v) && OFF_WHEN_FALSE.exec(key.toUpperCase()));
  if (!m) return false;
  const prefix = m[1];
  if (!prefix) return true;
  const own = prefix.toLowerCase();
  return SERVER_PREFIX.test(prefix) || names.some((n) => n.toLowerCase().includes(own));
}

function report(dc: DeployCtx, span: Span | undefined, key: string, value: string, where: 'image' | 'published' | 'internal', service?: string): void {
  const who = service ? `Compose service "${service}"` : 'The image';
  dc.report({
    ruleId: ID,
    span,
    key: `${service ?? 'image'}:${key}`,
    evidence: `${key}=${value}`,
    message:
      `${who} switches its own authentication off (${key}=${value}): every caller is let in as a user it trusts` +
      (where === 'image'
        ? ', in every run of the image that does not set it back.'
        : where === 'published'
          ? ', and the service publishes a port on every interface of the host.'
          : '; its ports are not published, so only its neighbours on the Compose network reach it.'),
    ...(where === 'internal' ? { severity: 'low' as const } : {}),
  });
}
