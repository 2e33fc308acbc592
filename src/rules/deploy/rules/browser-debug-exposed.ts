/**
 * A Chromium-family browser whose DevTools Protocol endpoint (`--remote-debugging-port`) is bound
 * beyond this machine with `--remote-debugging-address`. The endpoint has no authentication: whoever
 * reaches it drives the browser an agent uses, with its logged-in sessions and cookies, runs script
 * in any page and reads local files. Read where the launch is visible: shell scripts, Dockerfile
 * `RUN`/`CMD`/`ENTRYPOINT`, Compose `command:`/`entrypoint:`, and the launch arguments a Python or
 * TypeScript file hands the browser (`args: ['--remote-debugging-address=0.0.0.0', …]`). Chrome
 * binds the endpoint to loopback unless told otherwise, so the port alone, or `--remote-debugging-pipe`,
 * is not reported. In a container the bind to every interface is what any published port needs:
 * what publishes the endpoint's port decides (the repository step below).
 */
import { posix } from 'node:path';
import type { ProjectAnalyzer, Span } from '../../../core/rule.js';
import type { Severity } from '../../../core/types.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import { composePorts } from '../compose-ports.js';
import { execForm } from '../dockerfile-format.js';
import { commandLines } from '../command-lines.js';
import { launchOp, publishedAcross, type LaunchOp } from '../published-across.js';

const ID = 'deploy/browser-debug-exposed';
/** What every text this rule reports holds. */
const SIGNAL = 'remote-debugging-address';

export const browserDebugExposed = deployRule({
  meta: {
    id: ID,
    title: 'Browser DevTools Protocol endpoint reachable from the network',
    category: 'transport.insecure',
    severity: 'high',
    confidence: 'medium',
    description:
      'A Chromium-family browser (Chromium, Chrome, headless shell) is started with its DevTools Protocol endpoint (--remote-debugging-port) bound ' +
      'beyond this machine (--remote-debugging-address=0.0.0.0, ::, or another address that is not loopback), in a script, a Dockerfile, a Compose ' +
      'command, or the launch arguments code hands the browser. The endpoint has no authentication: whoever reaches the port takes over the browser ' +
      'the agent drives, with its logged-in sessions and cookies, runs script in any page and reads local files through it. High for an address ' +
      'written out, or when a Compose file of the repository publishes the port on every interface for the service that runs the browser; medium when ' +
      'the address comes from a variable (it depends on what the variable holds). Low when the browser runs in a container whose port the repository\'s ' +
      'Compose file publishes on 127.0.0.1 only, or does not publish at all (only EXPOSEd): only this machine, or the containers beside it, reach it. ' +
      'The port alone is not reported (Chrome binds it to loopback), nor --remote-debugging-pipe.',
    remediation:
      'Leave out --remote-debugging-address (Chrome then binds 127.0.0.1), or use --remote-debugging-pipe when the agent launches the browser itself. ' +
      'When another container must connect, keep the port on the Compose network (no `ports:` entry), or publish it on 127.0.0.1 only ' +
      '(`"127.0.0.1:9222:9222"`), and put an authenticating proxy in front of anything that must cross the network.',
    docs: {
      why: 'The DevTools Protocol has no authentication of its own: a client that can open its HTTP or WebSocket endpoint controls the browser completely.',
      references: ['https://chromedevtools.github.io/devtools-protocol/', 'https://developer.chrome.com/blog/remote-debugging-port'],
    },
    examples: {
      positive: [
        { path: 'scripts/browser.sh', code: '#!/bin/sh\nchromium --headless=new --no-sandbox --remote-debugging-port=9222 --remote-debugging-address=0.0.0.0 about:blank\n' },
        { path: 'Dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y chromium\nEXPOSE 9222\nCMD ["chromium", "--headless=new", "--remote-debugging-address=0.0.0.0", "--remote-debugging-port=9222"]\n' },
        // The address from a variable: medium, it depends on what the variable holds.
        { path: 'docker/start-browser.sh', code: '#!/bin/bash\nexec "$CHROME_BIN" \\\n  --remote-debugging-port=9222 \\\n  --remote-debugging-address="${BIND_HOST}" \\\n  --user-data-dir=/data/profile\n' },
        // Launch arguments built in code.
        {
          path: 'agent/browser.ts',
          code:
            "import puppeteer from 'puppeteer';\n\nexport async function open() {\n  return puppeteer.launch({\n    headless: true,\n" +
            "    args: ['--no-sandbox', '--remote-debugging-port=9222', '--remote-debugging-address=0.0.0.0'],\n  });\n}\n",
        },
        {
          path: 'agent/launch.py',
          code:
            'import os\nimport subprocess\n\nHOST = os.environ.get("CDP_HOST")\n\ndef start(binary: str) -> subprocess.Popen:\n' +
            '    return subprocess.Popen([binary, "--remote-debugging-port=9222", f"--remote-debugging-address={HOST}", "--no-first-run"])\n',
        },
        // A Compose command whose service publishes the port on every interface: high.
        { path: 'docker-compose.yml', code: 'services:\n  browser:\n    image: ghcr.io/acme/chromium:1.0.0\n    command: chromium --headless=new --remote-debugging-address=0.0.0.0 --remote-debugging-port=9222\n    ports:\n      - "9222:9222"\n' },
        // The same published on 127.0.0.1 only: low.
        { path: 'compose.yaml', code: 'services:\n  browser:\n    image: ghcr.io/acme/chromium:1.0.0\n    command: ["chromium", "--remote-debugging-address=0.0.0.0", "--remote-debugging-port=9222"]\n    ports:\n      - "127.0.0.1:9222:9222"\n' },
        // A variable address in code the Compose service that builds it publishes on every interface: high.
        {
          path: 'api/src/chrome.ts',
          code: "const args = [\n  '--headless=new',\n  `--remote-debugging-address=${process.env.HOST}`,\n  '--remote-debugging-port=9222',\n];\nexport default args;\n",
          with: { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    ports:\n      - "3000:3000"\n      - "9222:9222"\n' },
        },
        // A Dockerfile a Compose service builds without publishing the port (only EXPOSEd): low.
        {
          path: 'browser/Dockerfile',
          code: 'FROM debian:12-slim\nEXPOSE 9222\nENTRYPOINT ["chromium", "--remote-debugging-address=0.0.0.0", "--remote-debugging-port=9222"]\n',
          with: { 'docker-compose.yml': 'services:\n  browser:\n    build: ./browser\n  agent:\n    image: ghcr.io/acme/agent:1.0.0\n    ports: ["8000:8000"]\n' },
        },
      ],
      negative: [
        // The port alone: Chrome binds it to loopback.
        { path: 'start.sh', code: '#!/bin/sh\ngoogle-chrome --headless=new --remote-debugging-port=9222 --user-data-dir=/tmp/profile\n' },
        { path: 'start-local.sh', code: '#!/bin/sh\nchromium --remote-debugging-port=9222 --remote-debugging-address=127.0.0.1\n' },
        { path: 'agent/launch.ts', code: "import { chromium } from 'playwright';\nexport const open = () => chromium.launch({ args: ['--remote-debugging-pipe', '--remote-debugging-address=0.0.0.0'] });\n" },
        // Printed or commented instructions, and a usage string, start nothing.
        { path: 'help.sh', code: '#!/bin/sh\necho "run: chromium --remote-debugging-port=9222 --remote-debugging-address=0.0.0.0"\n# chromium --remote-debugging-port=9222 --remote-debugging-address=0.0.0.0\n' },
        {
          path: 'cli/help.py',
          code: 'def instructions() -> str:\n    return (\n        "google-chrome \\\\\\n"\n        "  --remote-debugging-port=9222 \\\\\\n"\n        "  --remote-debugging-address=0.0.0.0\\n"\n    )\n',
        },
        { path: 'agent/log.ts', code: "const port = '--remote-debugging-port=9222';\nconsole.log('--remote-debugging-address=0.0.0.0 is unsafe', port);\n" },
        // A list of flags the code refuses or strips.
        { path: 'agent/flags.py', code: 'BLOCKED_ARGS = ["--remote-debugging-port=9222", "--remote-debugging-address=0.0.0.0"]\n\ndef clean(args: list[str]) -> list[str]:\n    return [a for a in args if a not in BLOCKED_ARGS]\n' },
      ],
    },
  },
  sourceSignal: SIGNAL,
  script(text, dc) {
    for (const cmd of browserStarts(text)) judgeCommand(cmd.rest, dc, dc.firstLine({ start: cmd.start, end: cmd.start + cmd.name.length }));
  },
  dockerfile(instructions, dc) {
    for (const ins of instructions) {
      if (ins.op !== 'RUN' && ins.op !== 'CMD' && ins.op !== 'ENTRYPOINT') continue;
      for (const cmd of browserStarts(execForm(ins.args))) judgeCommand(cmd.rest, dc, dc.lineSpan(ins.line), undefined, launchOp(ins.op));
    }
  },
  compose(services, _doc, dc) {
    const folder = posix.dirname(dc.file.relPath);
    for (const s of services) {
      const ports = composePorts(s);
      for (const key of ['entrypoint', 'command']) {
        const v = s.value[key];
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(' ') : '';
        for (const cmd of browserStarts(text)) {
          const port = portOf(cmd.rest);
          const published = port === undefined ? undefined : publishOf(ports.flatMap((p) => (p.published && p.container && p.container.from <= port && port <= p.container.to ? [p.interface ?? 'unknown'] : [])));
          judgeCommand(cmd.rest, dc, yamlSpan(yamlAt(s.node, [key])), { service: s.name, published });
        }
      }
      // The services built here and the ports they publish, for the repository step.
      const under = buildContext(s.value.build, folder);
      if (under === undefined) continue;
      const dockerfile = typeof s.value.build === 'object' && s.value.build && typeof (s.value.build as { dockerfile?: unknown }).dockerfile === 'string' ? String((s.value.build as { dockerfile: string }).dockerfile) : 'Dockerfile';
      const published = ports.flatMap((p) => (p.published && p.container ? [{ from: p.container.from, to: p.container.to, interface: p.interface ?? 'unknown' }] : []));
      // What the service runs in place of the image's own start, if anything.
      const overrides = ['command', 'entrypoint'].filter((k) => s.value[k] !== undefined && s.value[k] !== null);
      dc.ctx.inventory({ type: 'compose-build', data: { service: s.name, under, dockerfile: posix.join(under || '.', dockerfile), published, overrides } });
    }
  },
  source(text, dc) {
    // Launch arguments need the port too: a file that never names it hands the browser no endpoint.
    if (!/remote[-_]debugging[-_]port|debuggingPort/i.test(text)) return;
    for (const arg of launchArguments(text)) report(dc, arg.bind, arg.port, dc.firstLine({ start: arg.start, end: arg.end }));
  },
});

/** A Chromium-family browser, by name, by its directory (`/opt/google/chrome/chrome`), or by a variable that names it (`"$CHROME_BIN"`). */
const BROWSER =
  /(?:^|[\s;&|("'/])(chromium(?:-browser)?|google-chrome(?:-stable|-beta|-unstable)?|chrome|headless[-_]shell|chrome-headless-shell|microsoft-edge(?:-stable)?|msedge|brave-browser|\$\{?[A-Za-z_]*(?:CHROME|CHROMIUM|BROWSER)[A-Za-z_]*\}?)["']?(?=[ \t]|$)([^;&|\n)]*)/gim;

function browserStarts(text: string) {
  return commandLines(text, BROWSER, /remote-debugging-address/);
}

/** How the endpoint is bound: the address as written, the variable it comes from, and the severity that follows. */
interface Bind {
  address: string;
  severity: Severity;
  how: string;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;
const EVERY = /^(?:0\.0\.0\.0|::|\[::\]|\*)$/;

/** The bind of `--remote-debugging-address=VALUE`; undefined when it is loopback. */
function bindOf(raw: string): Bind | undefined {
  const address = raw.replace(/^["']|["']$/g, '');
  const withDefault = /^\$\{(\w+):?-([^}]*)\}$/.exec(address);
  if (withDefault) {
    const [, name, fallback] = withDefault;
    const literal = fallback!.replace(/^["']|["']$/g, '');
    if (LOOPBACK.test(literal) || literal === '') return { address, severity: 'low', how: `the address ${name} gives, loopback when it is unset` };
    if (!/[$%{]/.test(literal)) return { address, severity: 'high', how: `${EVERY.test(literal) ? 'every interface' : `address ${literal}`} unless ${name} says otherwise` };
  }
  const variable = /\$\{?([\w.]+)|\{([\w.]*)\}|(%s)|^$/.exec(address);
  if (variable) {
    const name = variable[1] ?? variable[2] ?? '';
    return { address, severity: 'medium', how: `the address ${name ? `${name} holds` : 'a variable holds'} (exposed unless it is a loopback address)` };
  }
  if (LOOPBACK.test(address)) return undefined;
  return { address, severity: 'high', how: EVERY.test(address) ? 'every interface' : `address ${address}` };
}

function portOf(args: string): number | undefined {
  const port = /--remote-debugging-port[= ]+["']?(\d{1,5})\b/.exec(args)?.[1];
  return port === undefined ? undefined : Number(port);
}

/**
 * A browser started in a shell text, judged by its own arguments; `compose` when a Compose service
 * starts it, with what its ports publish; `launch` when it is a Dockerfile's CMD or ENTRYPOINT.
 */
function judgeCommand(rest: string, dc: DeployCtx, span: Span | undefined, compose?: { service: string; published: Published | undefined }, launch?: LaunchOp): void {
  if (!/--remote-debugging-port\b/.test(rest) || /--remote-debugging-pipe\b/.test(rest)) return;
  const value = /--remote-debugging-address[= ]+((?:"[^"]*"|'[^']*'|[^\s"';&|)])*)/.exec(rest)?.[1];
  if (value === undefined) return;
  const bind = bindOf(value);
  if (!bind) return;
  report(dc, bind, portOf(rest), span, compose, launch);
}

type Published = 'all' | 'loopback' | 'none';

/** What a service's entries that hold the port publish: every interface wins over loopback. */
function publishOf(interfaces: string[]): Published {
  if (interfaces.some((i) => i === 'all')) return 'all';
  return interfaces.length ? 'loopback' : 'none';
}

function report(dc: DeployCtx, bind: Bind, port: number | undefined, span: Span | undefined, compose?: { service: string; published: Published | undefined }, launch?: LaunchOp): void {
  let severity = bind.severity;
  let after = '';
  if (compose?.published === 'all' && severity !== 'low') {
    severity = 'high';
    after = ` Service "${compose.service}" publishes port ${port} on every interface: anyone on the network can connect.`;
  } else if (compose && severity !== 'low') {
    severity = 'low';
    after = compose.published === 'loopback' ? ` Service "${compose.service}" publishes port ${port} on 127.0.0.1 only: only this machine reaches it.` : ` Service "${compose.service}" does not publish port ${port ?? ''}: only the containers beside it reach it.`;
  }
  dc.report({
    ruleId: ID,
    span,
    key: `cdp:${bind.address}:${port ?? ''}`,
    evidence: `--remote-debugging-address=${bind.address}${port === undefined ? '' : `; port ${port}`}${compose ? `; service ${compose.service}` : ''}`,
    message:
      `A browser's DevTools Protocol endpoint${port === undefined ? '' : ` (port ${port})`} is bound to ${bind.how}: it has no authentication, so whoever reaches it drives ` +
      `the browser with its logged-in sessions and cookies, runs script in any page and reads local files.${after}`,
    severity,
  });
  // What the repository step needs of an endpoint no Compose service was judged with: where it is and its port.
  if (!compose && severity !== 'low' && severity !== 'info') dc.ctx.inventory({ type: 'cdp-endpoint', span, data: { port: port ?? null, ...(launch ? { launch } : {}) } });
}

/** The folder a Compose service's image is built from, relative to the root; undefined for none or one outside the repository. */
function buildContext(build: unknown, folder: string): string | undefined {
  if (!build) return undefined;
  const context = typeof build === 'string' ? build : typeof build === 'object' ? ((build as { context?: unknown }).context ?? '.') : undefined;
  if (typeof context !== 'string' || /^[\w+-]+:\/\//.test(context)) return undefined;
  const under = posix.join(folder || '.', context).replace(/\/+$/, '');
  if (under.startsWith('..')) return undefined;
  return under === '.' ? '' : under;
}

/**
 * `--remote-debugging-address=…` as one element of a launch-argument list in code: a string literal
 * (Python's f-strings, JavaScript's template literals) that is an item of a list (`[`, `,` before it)
 * or the argument of a call that adds one (`args.push(…)`, `add_argument(…)`), with `…=" + host`
 * and `%s` read as a variable. A string that merely mentions the flag (a help text, a log line) is none.
 */
const ARG = /(?<![\w])[fFrRbB]{0,2}(["'`])--remote-debugging-address(?:=([^"'`\n]*))?\1/g;
const REFUSED = /(?<![a-z])(?:block|deny|denied|forbid|unsafe|disallow|strip|remov|ignor|filter|ban|reject|dangerous|insecure)\w*(?:\.\w+)?\s*(?::[^=\n]*)?[=:(]/i;
const ADDS = /\.(?:push|append|add_argument|addArgument|addArguments|extend|unshift|insert)\s*\($/;

function launchArguments(text: string): { bind: Bind; port: number | undefined; start: number; end: number }[] {
  const out: { bind: Bind; port: number | undefined; start: number; end: number }[] = [];
  for (const m of text.matchAll(ARG)) {
    const start = m.index!;
    const end = start + m[0].length;
    let i = start - 1;
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    const before = text[i];
    if (!(before === '[' || before === ',' || (before === '(' && ADDS.test(text.slice(Math.max(0, i - 40), i + 1))))) continue;
    let j = end;
    while (j < text.length && /[ \t]/.test(text[j]!)) j++;
    const next = text[j];
    let value = m[2];
    if (value === undefined) continue;
    if (value === '') {
      // `"--remote-debugging-address=" + host`: the address is a variable's.
      const concat = /^\+\s*([\w.]+)/.exec(text.slice(j, j + 80));
      if (!concat) continue;
      value = `\${${concat[1]}}`;
    } else if (next !== ',' && next !== ']' && next !== ')' && next !== '\n' && next !== '\r' && next !== '%' && next !== '.') continue;
    const bind = bindOf(value);
    if (!bind) continue;
    const { list, open } = enclosingList(text, start);
    if (/remote-debugging-pipe/.test(list)) continue;
    // A list of flags to refuse or strip (`BLOCKED_ARGS = [...]`, `denied.push(...)`) launches nothing with them.
    const from = open ?? i;
    if (REFUSED.test(text.slice(text.lastIndexOf('\n', from - 1) + 1, from + 1))) continue;
    out.push({ bind, port: portOf(list), start, end });
  }
  return out;
}

/** The list literal around `at` (from its `[` to its `]`, and where it opens), or the text near it when there is none close by. */
function enclosingList(text: string, at: number): { list: string; open?: number } {
  let depth = 0;
  let open = -1;
  for (let i = at - 1; i >= Math.max(0, at - 4000); i--) {
    const c = text[i];
    if (c === ']') depth++;
    else if (c === '[') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return { list: text.slice(Math.max(0, at - 800), at + 800) };
  depth = 0;
  for (let i = open + 1; i < Math.min(text.length, open + 8000); i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return { list: text.slice(open, i + 1), open };
      depth--;
    }
  }
  return { list: text.slice(open, Math.min(text.length, open + 8000)), open };
}

/**
 * The repository step: a browser started in a file of a Compose service's build context (a script,
 * code, the Dockerfile it builds) whose port that service publishes on every interface is reachable
 * from the network (high); one its Dockerfile starts in a container the service publishes on
 * 127.0.0.1 only, or does not publish (only EXPOSEd), is reachable from this machine or the
 * containers beside it only (low). Findings of a Compose command were judged with their service.
 * The endpoints left to this step are the `cdp-endpoint` facts `report` records.
 */
export const browserDebugPublished: ProjectAnalyzer = publishedAcross('deploy/browser-debug-published', ID, 'cdp-endpoint');
