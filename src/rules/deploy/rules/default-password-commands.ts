/**
 * Passwords a Dockerfile's commands set, for deploy/default-password: an account's
 * (`echo 'root:root' | chpasswd`) or a server's (`x11vnc -storepasswd secret …`, `--password admin`).
 * Baked into the image, they are the same in every container started from it. Whether the image
 * runs a login service decides what an account's password guards, so that is read here too; the
 * rule words and rates the findings.
 */
import type { DockerInstruction } from '../dockerfile-format.js';
import { defaultIn } from '../default-words.js';

const CHPASSWD = /(["']?)([\w.-]{1,32}):([^\s"':|]{1,40})\1\s*\|\s*(?:sudo\s+)?chpasswd\b/g;
const PASSWORD_FLAG = /(?:^|[\s;&|"'])(-{1,2}(?:store)?passw(?:or)?d|--pass)(?:=|\s+)(["']?)([^\s"';&|]{1,40})\2/g;

/** A default or guessable password a command line sets. */
export interface CommandLinePassword {
  /** Whose password it is, for the message (`the password of account "agent"`, `a password (--password)`). */
  what: string;
  password: string;
  /** An OS account's (`chpasswd`): it guards only what a login service checks. */
  account: boolean;
  /** The password is the account's own name: the project's value rather than a published default, never shown. */
  userName: boolean;
}

/** The passwords the arguments of a RUN, CMD or ENTRYPOINT instruction set: accounts' first, then flags', each in the order written. */
export function commandLinePasswords(args: string): CommandLinePassword[] {
  const found: CommandLinePassword[] = [];
  for (const m of args.matchAll(CHPASSWD)) {
    const [, , user, password] = m;
    if (defaultIn(password!) !== undefined) found.push({ what: `the password of account "${user}"`, password: password!, account: true, userName: false });
    else if (password!.toLowerCase() === user!.toLowerCase()) found.push({ what: `the password of account "${user}"`, password: password!, account: true, userName: true });
  }
  for (const m of args.matchAll(PASSWORD_FLAG)) {
    const password = m[3]!;
    if (defaultIn(password) !== undefined) found.push({ what: `a password (${m[1]})`, password, account: false, userName: false });
  }
  return found;
}

/**
 * What checks an OS account's password from outside the container: an SSH, RDP, telnet or FTP
 * server, a web console or shell, installed or started by the image (or its base image's name).
 * Without one, the password guards nothing reachable (a VNC or desktop server has its own).
 */
const LOGIN_SERVICE = /\b(?:openssh-server|sshd|dropbear|xrdp|telnetd|inetutils-telnetd|vsftpd|proftpd|pure-ftpd|cockpit|webmin|shellinabox|ttyd\s[^\n]*\blogin\b)\b|\bservice\s+ssh\s+start\b/i;

export function loginService(instructions: DockerInstruction[]): boolean {
  return instructions.some(
    (i) => (i.op === 'RUN' || i.op === 'CMD' || i.op === 'ENTRYPOINT' || i.op === 'FROM' || i.op === 'EXPOSE') && (LOGIN_SERVICE.test(i.args) || (i.op === 'EXPOSE' && /\b(?:22|3389|23)\b/.test(i.args))),
  );
}
