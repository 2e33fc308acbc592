/**
 * A server whose network API runs code, started bound beyond loopback with nothing authenticating its
 * callers: Ray's dashboard (its Jobs API runs what it is sent), a headless Delve, debugpy or a
 * JavaScript runtime's inspector (attaching runs code in the process), a Jupyter server with its token
 * switched off, a browser IDE with its authentication off (code-server, OpenVSCode Server) and a
 * writable ttyd web terminal (their terminals run commands). The services are data
 * (`code-exec-services.ts`). Read where the start is visible, as deploy/browser-debug-exposed reads a
 * browser's: shell scripts, Dockerfile `RUN`/`CMD`/`ENTRYPOINT`, Compose `command:`/`entrypoint:`,
 * launch arguments, command strings and binding calls in Python or TypeScript
 * (`ray.init(dashboard_host=…)`, `debugpy.listen((host, port))`). Most bind loopback unless told
 * otherwise, so only the bind written out is reported (ttyd listens everywhere by default); what
 * publishes its port decides in a container (the repository step below, which judges across files as
 * the browser rule's does).
 */
import type { ProjectAnalyzer, Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import { composePorts, holdsPort } from '../compose-ports.js';
import { execForm } from '../dockerfile-format.js';
import { commandLines } from '../command-lines.js';
import { launchOp, publishedAcross, type LaunchOp } from '../published-across.js';
import { codeExecExamples } from './code-exec-endpoint-examples.js';
import { ANY_SIGNAL, EXEC_SERVICES, judgeArgs, openByDefault, programPattern, type Bind, type ExecService } from './code-exec-services.js';
import { codeStarts } from './code-exec-source.js';

const ID = 'deploy/code-exec-endpoint-exposed';

export const codeExecEndpointExposed = deployRule({
  meta: {
    id: ID,
    title: 'Code-running debug or compute endpoint reachable from the network',
    category: 'transport.insecure',
    severity: 'high',
    confidence: 'medium',
    description:
      'A server whose network API runs code is started bound beyond this machine with nothing authenticating its callers: Ray\'s dashboard with ' +
      '--dashboard-host=0.0.0.0 or ray.init(dashboard_host=…) (its Jobs API runs whatever it is sent: ShadowRay, CVE-2023-48022), a headless Delve ' +
      '(--listen=:2345), debugpy (--listen 0.0.0.0:5678, debugpy.listen(("0.0.0.0", 5678))), a Node, Deno or Bun inspector (--inspect=0.0.0.0:9229), ' +
      'a Jupyter server on --ip=0.0.0.0 with its token switched off; a browser IDE with its authentication off, whose terminal runs any command: ' +
      'code-server with --auth none and --bind-addr 0.0.0.0:8080, OpenVSCode Server with --without-connection-token and --host 0.0.0.0; a ttyd web ' +
      'terminal made --writable (it listens on every interface unless -i names one, and asks for nothing unless -c or -H is given). Read in scripts, ' +
      'Dockerfiles, Compose commands, and the launch arguments and command strings code builds. High for an address written out, or when a Compose file of the repository publishes the port on every interface for the service ' +
      'that runs it; medium when the address comes from a variable. Low when the container\'s port is published on 127.0.0.1 only or not at all ' +
      '(only EXPOSEd), or when a variable in code falls back to loopback. All but ttyd bind loopback unless told otherwise: the program or its port ' +
      'alone, a loopback bind, a Jupyter server that keeps its token, a code-server that keeps its password (the default) and an OpenVSCode Server ' +
      'that keeps its connection token are not reported; nor is a ttyd whose clients only watch (no --writable).',
    remediation:
      'Leave the bind switch out (all but ttyd then listen on loopback only; give ttyd -i lo) and reach the port through an SSH tunnel or ' +
      '`kubectl port-forward`; in a container, publish it on 127.0.0.1 only (`"127.0.0.1:5678:5678"`) or not at all, and keep debuggers out of ' +
      'images that ship. Give Jupyter a token or password, code-server its password (--auth password, its default) and OpenVSCode Server its ' +
      'connection token (--connection-token-file), give ttyd a credential (-c) or an authenticating proxy (-H), and turn on Ray\'s token ' +
      'authentication or put the dashboard behind an authenticating proxy.',
    docs: {
      why:
        'Nothing authenticates the callers of these servers: the debuggers and Ray\'s dashboard never do, and Jupyter, the browser IDEs and ttyd do not once their ' +
        'token, password or credential is switched off. Reaching the port is enough to run code with the process\'s files, network and credentials.',
      references: [
        'https://docs.ray.io/en/latest/ray-security/index.html',
        'https://nvd.nist.gov/vuln/detail/CVE-2023-48022',
        'https://nodejs.org/en/learn/getting-started/security-best-practices#debug-port-exposure',
        'https://github.com/microsoft/debugpy#debugpy-cli-usage',
        'https://jupyter-server.readthedocs.io/en/latest/operators/security.html',
        'https://coder.com/docs/code-server/guide#expose-code-server',
        'https://github.com/gitpod-io/openvscode-server#securing-access-to-your-ide',
        'https://github.com/tsl0922/ttyd/blob/main/man/ttyd.1',
      ],
    },
    examples: codeExecExamples,
  },
  sourceSignal: EXEC_SERVICES.flatMap((s) => s.words),
  script(text, dc) {
    for (const s of EXEC_SERVICES) {
      for (const cmd of commandLines(text, programPattern(s), ANY_SIGNAL)) judge(s, withScriptDefaults(cmd.rest, text), dc, dc.firstLine({ start: cmd.start, end: cmd.start + cmd.name.length }));
    }
  },
  dockerfile(instructions, dc) {
    for (const ins of instructions) {
      if (ins.op !== 'RUN' && ins.op !== 'CMD' && ins.op !== 'ENTRYPOINT') continue;
      const text = execForm(ins.args);
      const launch = launchOp(ins.op);
      for (const s of EXEC_SERVICES) for (const cmd of commandLines(text, programPattern(s), ANY_SIGNAL)) judge(s, cmd.rest, dc, dc.lineSpan(ins.line), undefined, launch);
    }
  },
  compose(services, _doc, dc) {
    for (const svc of services) {
      const ports = composePorts(svc);
      for (const key of ['entrypoint', 'command']) {
        const v = svc.value[key];
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(' ') : '';
        for (const s of EXEC_SERVICES) {
          for (const cmd of commandLines(text, programPattern(s), ANY_SIGNAL)) {
            judge(s, cmd.rest, dc, yamlSpan(yamlAt(svc.node, [key])), (port) => ({
              service: svc.name,
              published: port === undefined ? undefined : publishOf(ports.filter((p) => p.published && holdsPort(p, port)).map((p) => p.interface ?? 'unknown')),
            }));
          }
        }
      }
    }
  },
  source(text, dc) {
    for (const start of codeStarts(text)) report(dc, start.service, start.bind, start.port, dc.firstLine({ start: start.start, end: start.end }));
  },
});

/** Where a Compose service publishes a port: every interface wins over loopback. */
type Published = 'all' | 'loopback' | 'none';
type ComposeOf = (port: number | undefined) => { service: string; published: Published | undefined };

function publishOf(interfaces: string[]): Published {
  if (interfaces.includes('all')) return 'all';
  return interfaces.length ? 'loopback' : 'none';
}

/**
 * `$NAME` in a script's arguments read as the default the script itself gives it: `NAME=${NAME:-0.0.0.0}`
 * or `NAME=0.0.0.0` on a line of its own becomes `${NAME:-0.0.0.0}` (its value unless the caller sets
 * it). A name the script assigns more than one way, or from a command, stays a variable.
 */
function withScriptDefaults(args: string, text: string): string {
  if (!args.includes('$')) return args;
  return args.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const values = new Set<string | undefined>();
    for (const a of text.matchAll(new RegExp(String.raw`^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+)?${name}=(\S*)`, 'gm'))) {
      const v = a[1]!.replace(/["']/g, '');
      const own = new RegExp(String.raw`^\$\{${name}:?-([^}$\x60]*)\}$`).exec(v);
      values.add(own ? own[1] : /^[^$\x60()]+$/.test(v) ? v : undefined);
    }
    const [only] = values;
    return values.size === 1 && only !== undefined ? `\${${name}:-${only}}` : whole;
  });
}

/**
 * A start of `s` in a shell text, judged by its own arguments; `compose` when a Compose service starts
 * it, with what it publishes of a port; `launch` when it is a Dockerfile's CMD or ENTRYPOINT.
 */
function judge(s: ExecService, rest: string, dc: DeployCtx, span: Span | undefined, compose?: ComposeOf, launch?: LaunchOp): void {
  const judged = judgeArgs(s, rest, dc.file.text);
  if (judged) report(dc, s, judged.bind, judged.port, span, compose?.(judged.port), launch);
}

function report(dc: DeployCtx, s: ExecService, bind: Bind, port: number | undefined, span: Span | undefined, compose?: { service: string; published: Published | undefined }, launch?: LaunchOp): void {
  let severity = bind.severity;
  let after = '';
  if (compose?.published === 'all' && severity !== 'low') {
    severity = 'high';
    after = ` Service "${compose.service}" publishes port ${port} on every interface: anyone on the network can connect.`;
  } else if (compose?.published && severity !== 'low') {
    severity = 'low';
    after =
      compose.published === 'loopback'
        ? ` Service "${compose.service}" publishes port ${port} on 127.0.0.1 only: only this machine reaches it.`
        : ` Service "${compose.service}" does not publish port ${port}: only the containers beside it reach it.`;
  }
  dc.report({
    ruleId: ID,
    span,
    key: `exec:${s.id}:${bind.address}:${port ?? ''}`,
    evidence: `${s.id} bound to ${bind.address || '(every interface)'}${port === undefined ? '' : `; port ${port}`}${compose ? `; service ${compose.service}` : ''}`,
    message:
      `${s.name}${port === undefined ? '' : ` (port ${port})`} is bound to ${bind.how}${openByDefault(s) ? '' : ` rather than ${s.defaultBind}`}: ${s.reach}.${after}`,
    severity,
  });
  // What the repository step needs of an endpoint no Compose service was judged with: where it is and its port.
  if (!compose && severity !== 'low' && severity !== 'info') dc.ctx.inventory({ type: 'exec-endpoint', span, data: { port: port ?? null, ...(launch ? { launch } : {}) } });
}

/** The repository step: whether a Compose service built from the folder that starts the server publishes its port (see `published-across.ts`). */
export const codeExecPublished: ProjectAnalyzer = publishedAcross('deploy/code-exec-endpoint-published', ID, 'exec-endpoint');
