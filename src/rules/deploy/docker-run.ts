/**
 * The `docker run` (or `podman run`) commands of a shell text and the options that name, publish
 * and configure their container (`-e K=V`, `--env=K=V`, `--name x`, `--network-alias x`, `-p 80:80`),
 * each value unquoted as the shell reads it (`-e "K=V"`, `-e K="v w"`), with where it stands. One
 * reader for the containers a script starts (script-links.ts) and a CI job's throwaway databases
 * (secrets/ci-services.ts).
 */
import { commandLines } from './command-lines.js';

/** The program, then the rest of its (continued) line, `run` included. */
const PROGRAM = /\b(docker|podman)(\s+(?:container\s+)?run\b[^\n]*)/g;
export const DOCKER_RUN = /\b(?:docker|podman)\s+(?:container\s+)?run\b/;

/** An option read here and its value: one shell word, bare, quoted or both (`K="v w"`). */
const OPTION = /(?:^|\s)(-e|--env|--name|--hostname|-h|--network-alias|--net-alias|-p|--publish)(?:=|\s+)((?:[^\s"']|"[^"]*"|'[^']*')+)/g;

export interface DockerRunOption {
  /** The flag as written: `-e`, `--env`, `--name`, `-p` … */
  flag: string;
  /** The value as the shell passes it, quotes removed. */
  value: string;
  /** Where the option (flag to value) stands in the text, [from, to). */
  from: number;
  to: number;
  /** Where the value's own text starts; for an `-e`/`--env` option, where the variable's value starts (after `=` and an opening quote). */
  valueAt: number;
}

export interface DockerRun {
  /** Where the program is, and where its statement ends. */
  start: number;
  end: number;
  /** The command from the program to the end of its statement, continuation lines joined. */
  command: string;
  options: DockerRunOption[];
}

/** A shell word's text with its quotes removed. */
function unquote(word: string): string {
  return word.replace(/"([^"]*)"|'([^']*)'/g, (_, d: string | undefined, s: string | undefined) => d ?? s ?? '');
}

/** Each `docker run` the text starts (at a command position), with its options. */
export function dockerRuns(text: string): DockerRun[] {
  return commandLines(text, PROGRAM, DOCKER_RUN).map((cmd) => {
    const command = cmd.text.slice(cmd.start, cmd.restStart + cmd.rest.length);
    const options: DockerRunOption[] = [];
    for (const m of cmd.rest.matchAll(OPTION)) {
      const word = m[2]!;
      const to = cmd.restStart + m.index! + m[0].length;
      const wordAt = to - word.length;
      const env = m[1] === '-e' || m[1] === '--env';
      const eq = word.indexOf('=');
      // The variable's value begins after `=`, past a quote that opens it (`K="v"`); a word quoted whole (`"K=V"`) opened before the name.
      const valueAt = env && eq >= 0 ? wordAt + eq + 1 + (/["']/.test(word[eq + 1] ?? '') ? 1 : 0) : wordAt + (/^["']/.test(word) ? 1 : 0);
      options.push({ flag: m[1]!, value: unquote(word), from: to - m[0].trimStart().length, to, valueAt });
    }
    return { start: cmd.start, end: cmd.restStart + cmd.rest.length, command, options };
  });
}

/** An `-e`/`--env` option's variable and, when it sets one (`K=V`, not `-e K`), its value. */
export function envOption(option: DockerRunOption): { name: string; value?: string } | undefined {
  if (option.flag !== '-e' && option.flag !== '--env') return undefined;
  const eq = option.value.indexOf('=');
  return eq < 0 ? { name: option.value } : { name: option.value.slice(0, eq), value: option.value.slice(eq + 1) };
}
