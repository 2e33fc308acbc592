/**
 * A VNC server started with no password (`x11vnc -nopw`, `x11vnc` with none of its password
 * options, `Xvnc -SecurityTypes None`): whoever reaches its port, or a websockify/noVNC proxy in
 * front of it, watches and drives the desktop, and with it the agent's logged-in browser. Read
 * where the command is visible: shell scripts, Dockerfile `RUN`/`CMD`/`ENTRYPOINT`, Compose
 * `command:`/`entrypoint:`. A Compose file of the repository, or a `docker run -p` in a script or
 * README (`published-runs.ts`), that publishes the server's or the proxy's port on all interfaces
 * makes it reachable from the network (the repository step below), when the script is in its folder.
 */
import path from 'node:path';
import type { ProjectAnalyzer } from '../../../core/rule.js';
import type { Finding } from '../../../core/types.js';
import type { DeployCtx } from '../context.js';
import { deployRule, settleAcrossFiles } from '../rule.js';
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import { composePorts } from '../compose-ports.js';
import { execForm } from '../dockerfile-format.js';
import { commandLines as startsOf, startsHere } from '../command-lines.js';

const ID = 'deploy/vnc-no-password';

export const vncNoPassword = deployRule({
  meta: {
    id: ID,
    title: 'VNC server with no password',
    category: 'oversight.missing-approval',
    severity: 'medium',
    confidence: 'medium',
    description:
      'A VNC server is started with no password (x11vnc -nopw or without -rfbauth/-passwd/-usepw, Xvnc/vncserver with -SecurityTypes None). Anyone who ' +
      'reaches its port, or the websockify/noVNC proxy in front of it, sees and drives the desktop: the agent\'s browser with its logged-in sessions, ' +
      'what it types, and what it is about to submit. Published on all interfaces by a Compose file, that is anyone on the network.',
    remediation:
      'Give the server a password (`x11vnc -rfbauth ~/.vnc/passwd`, `-passwdfile`, Xvnc `-SecurityTypes VncAuth -PasswordFile …`) from a secret, bind it and its ' +
      'proxy to localhost (`-localhost`, `websockify 127.0.0.1:6080 …`), and publish the proxy port on 127.0.0.1 only (`"127.0.0.1:6080:6080"`) or behind an authenticating proxy.',
    examples: {
      positive: [
        { path: 'entrypoint.sh', code: '#!/bin/sh\nx11vnc -display :99 -forever -nopw -shared -rfbport 5900 -bg\nwebsockify 6080 localhost:5900 --daemon\n' },
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y x11vnc xvfb\nCMD ["x11vnc", "-display", ":0", "-forever", "-rfbport", "5900"]\n' },
        { path: 'docker-compose.yml', code: 'services:\n  desktop:\n    image: ghcr.io/acme/desktop:1.0.0\n    command: Xvnc :1 -SecurityTypes None -geometry 1280x800\n    ports: ["5901:5901"]\n' },
        // Bound to localhost: rated low.
        { path: 'scripts/vnc.sh', code: '#!/bin/bash\nx11vnc -display :1 -nopw -localhost -forever\n' },
        // The proxy port is published on all interfaces by the repository's Compose file: rated high.
        {
          path: 'entrypoint-agent.sh',
          code: '#!/bin/bash\nx11vnc -display :99 -forever -nopw -shared -rfbport 5900 -bg\nwebsockify 6080 localhost:5900 --daemon\nexec python -m agent\n',
          with: { 'docker-compose.yml': 'services:\n  agent:\n    image: ghcr.io/acme/agent:1.0.0\n    ports:\n      - 8000:8000\n      - 6080:6080\n' },
        },
        // The host port a variable with a default: still published on all interfaces, rated high.
        {
          path: 'docker/entrypoint.sh',
          code: '#!/bin/sh\nXvfb :1 &\nx11vnc -display :1 -forever -shared -rfbport 5900 &\nwebsockify --web /usr/share/novnc 6080 localhost:5900\n',
          with: { 'docker-compose.yml': 'services:\n  desktop:\n    build: .\n    ports:\n      - "${NOVNC_PORT:-6080}:6080"\n' },
        },
      ],
      negative: [
        { path: 'entrypoint.sh', code: '#!/bin/sh\nx11vnc -display :99 -forever -rfbauth /run/secrets/vncpass -rfbport 5900\n' },
        { path: 'Dockerfile', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y x11vnc websockify\n' },
        { path: 'start.sh', code: '#!/bin/sh\necho "Starting x11vnc -nopw on :99"\n# x11vnc -nopw is not used here\npkill x11vnc\nvncserver :1 -SecurityTypes VncAuth -PasswordFile /etc/vnc/passwd\n' },
        { path: 'docker-compose.yml', code: 'services:\n  desktop:\n    image: ghcr.io/acme/desktop:1.0.0\n    command: ["x11vnc", "-usepw", "-forever"]\n' },
      ],
    },
  },
  script(text, dc) {
    for (const cmd of commandLines(text)) judge(cmd.text, cmd.name, cmd.rest, dc, { start: cmd.start, end: cmd.start + cmd.name.length });
  },
  dockerfile(instructions, dc) {
    for (const ins of instructions) {
      if (ins.op !== 'RUN' && ins.op !== 'CMD' && ins.op !== 'ENTRYPOINT') continue;
      const text = execForm(ins.args);
      for (const cmd of commandLines(text)) judge(text, cmd.name, cmd.rest, dc, dc.lineSpan(ins.line));
    }
  },
  compose(services, _doc, dc) {
    for (const s of services) {
      for (const key of ['entrypoint', 'command']) {
        const node = yamlAt(s.node, [key]);
        const v = s.value[key];
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(' ') : '';
        if (!text) continue;
        for (const cmd of commandLines(text)) judge(text, cmd.name, cmd.rest, dc, yamlSpan(node));
      }
      // Ports published on all interfaces (a port or a range: `from`, `to`), for the repository step,
      // with the folders whose scripts the service can run: the Compose file's and its build context's.
      const reach = serviceFolders(dc.file.relPath, s.value.build);
      for (const port of composePorts(s)) {
        if (port.published && port.interface === 'all' && port.container) {
          dc.ctx.inventory({ type: 'published-port', span: yamlSpan(port.node), data: { service: s.name, from: port.container.from, to: port.container.to, reach } });
        }
      }
    }
  },
});

/** Each VNC server started in a script, at a command position only (`command-lines.ts`). */
const SERVER = /(?:^|[\s;&|("'/])(x11vnc|Xvnc|Xtigervnc|vncserver|tigervncserver|x0vncserver|x0tigervncserver)(?=[ \t]|$)([^;&|\n)]*)/gm;
/** Every server's name holds "vnc": most scripts and RUN lines are left at once. */
const commandLines = (text: string) => startsOf(text, SERVER, /vnc/i);

const PASSWORD_OPTION = /(?:^|\s)-(?:rfbauth|passwd|passwdfile|usepw|unixpw\w*|storepasswd|viewpasswd)\b/;
const LOCAL_ONLY = /(?:^|\s)-(?:localhost\b|listen\s+(?:localhost|127\.0\.0\.1|::1)\b|interface\s+(?:lo|127\.0\.0\.1)\b)/;

function judge(text: string, server: string, rest: string, dc: DeployCtx, span: ReturnType<DeployCtx['lineSpan']> | { start: number; end: number } | undefined): void {
  const x11 = server === 'x11vnc';
  const open = x11 ? /(?:^|\s)-nopw\b/.test(rest) || !PASSWORD_OPTION.test(rest) : /-SecurityTypes[ =]+["']?None\b/i.test(rest);
  if (!open) return;
  const local = LOCAL_ONLY.test(rest);
  const port = /-rfbport\s+(\d{2,5})\b/.exec(rest)?.[1] ?? (x11 ? (/-rfbport\s/.test(rest) ? undefined : '5900') : vncDisplayPort(rest));
  const proxy = proxyOf(text);
  const ports = [port, proxy?.local ? undefined : proxy?.port].filter((p): p is string => !!p);
  const exposedProxy = proxy && !proxy.local;
  const how = x11 ? (/-nopw\b/.test(rest) ? 'x11vnc -nopw' : 'x11vnc with no password option') : `${server} -SecurityTypes None`;
  dc.report({
    ruleId: ID,
    span,
    key: `vnc:${how}:${port ?? ''}`,
    evidence: `${how}${ports.length ? `; ports ${ports.join(',')}` : ''}`,
    message:
      `A VNC server is started with no password (${how})` +
      (exposedProxy ? `, and a websockify/noVNC proxy in the same file serves it${proxy.port ? ` on port ${proxy.port}` : ''} on every interface` : local ? ', bound to localhost' : '') +
      ': whoever reaches it watches and drives the desktop, the agent\'s browser and its logged-in sessions included.',
    severity: local && !exposedProxy ? 'low' : 'medium',
  });
}

/**
 * The folders (repository-relative, '' for the root) a Compose service's container can hold scripts
 * of: the Compose file's own folder and everything under it, and its build context's. A script in a
 * sibling project's folder is not this service's: its ports say nothing of that script's server.
 */
function serviceFolders(composePath: string, build: unknown): string[] {
  const home = path.posix.dirname(composePath);
  const context = typeof build === 'string' ? build : build && typeof build === 'object' && typeof (build as { context?: unknown }).context === 'string' ? (build as { context: string }).context : undefined;
  const folders = [home, ...(context !== undefined && !context.includes('://') && !context.includes('${') ? [path.posix.normalize(path.posix.join(home, context))] : [])];
  return [...new Set(folders.map((f) => (f === '.' ? '' : f)))];
}

/** Whether `file` lies in one of `folders` (or under it). */
function within(file: string, folders: string[]): boolean {
  return folders.some((f) => f === '' || file.startsWith(`${f}/`));
}

/** Xvnc/vncserver `:N`: port 5900 + N. */
function vncDisplayPort(rest: string): string | undefined {
  const n = /(?:^|\s):(\d{1,2})\b/.exec(rest)?.[1];
  return n === undefined ? undefined : String(5900 + Number(n));
}

/** A websockify or noVNC proxy started in the same text: its listening port, and whether only localhost reaches it. */
function proxyOf(text: string): { port?: string; local: boolean } | undefined {
  for (const m of text.matchAll(/(?:^|[\s;&|("'/])(websockify|novnc_proxy|launch\.sh)(?=[ \t])([^;&|\n)]*)/gm)) {
    if (!startsHere(text, m.index! + m[0].indexOf(m[1]!), m[2]!)) continue;
    const args = m[2]!;
    const listen = m[1] === 'websockify' ? args.split(/\s+/).find((t) => /^(?:[\w.[\]:-]*:)?\d{2,5}$/.test(t) && !/^--/.test(t)) : (/--listen[ =]+(\S+)/.exec(args)?.[1] ?? '6080');
    if (listen === undefined) return { local: false };
    const i = listen.lastIndexOf(':');
    const host = i >= 0 ? listen.slice(0, i) : '';
    const port = i >= 0 ? listen.slice(i + 1) : listen;
    return { port: /^\d+$/.test(port) ? port : undefined, local: /^(?:localhost|127\.0\.0\.1|\[?::1\]?)$/.test(host) };
  }
  return undefined;
}

/** The findings a published port may raise: a VNC server rated medium (low ones listen on loopback only). */
const mediumVnc = (f: Finding): boolean => f.ruleId === ID && f.severity === 'medium';

/**
 * The repository step: a passwordless VNC server whose port, or whose proxy's, a Compose file of the
 * repository publishes on all interfaces is reachable from the network.
 */
export const vncPublished: ProjectAnalyzer = settleAcrossFiles('deploy/vnc-published', mediumVnc, (findings, facts) => {
  // The last file to publish a port names it: the list is searched from its end.
  const published = facts.inventory
    .filter((i) => i.type === 'published-port')
    .map((i) => ({
      from: Number(i.data.from),
      to: Number(i.data.to),
      reach: Array.isArray(i.data.reach) ? i.data.reach.map(String) : [''],
      where: i.data.service !== undefined ? `${i.location.path} (service "${String(i.data.service)}")` : `${i.location.path} (\`${String(i.data.command)}\`)`,
    }))
    .reverse();
  if (published.length === 0) return findings;
  return findings.map((f) => {
    if (!mediumVnc(f)) return f;
    const ports = /ports ([\d,]+)/.exec(f.evidence ?? '')?.[1]?.split(',') ?? [];
    // Only a Compose service that can run this file (its folder or build context holds it) publishes this server.
    const mine = published.filter((r) => within(f.location.path, r.reach));
    const hit = ports.map((port) => ({ port, by: mine.find((r) => r.from <= Number(port) && Number(port) <= r.to)?.where })).find((h) => h.by);
    if (!hit) return f;
    return { ...f, severity: 'high' as const, message: `${f.message} Port ${hit.port} is published on all interfaces by ${hit.by}: anyone on the network can connect.` };
  });
});
