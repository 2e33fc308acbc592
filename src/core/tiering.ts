/**
 * How V8 optimises this process's code. A scan is short and runs a great deal of different code a
 * few thousand times each. With V8's own tiering, TurboFan, its top tier, compiled on other
 * threads for more CPU time than its code saved (about 1.25 s of a 2.3 s langchainjs scan on two
 * cores, much of it compiling large functions again after a new kind of input deoptimised them),
 * and those threads take the cores from the scanning threads. So the command line (and the
 * benchmark, which times what it runs) turns on Maglev, the tier below, which compiles about ten
 * times faster into nearly as fast code, and leaves TurboFan to the functions that stay hot far
 * longer (an interrupt budget 45 times V8's): a long scan still gets TurboFan's code where it pays.
 * Only scans: replaying a long session in process, a few functions run hot for seconds, and was
 * measured slower this way (200,000 steps in 2.55 s instead of 2.0–2.2 s).
 * A scan the result cache will mostly serve is the exception too: one thread reads and hashes every
 * file in one hot loop while the other cores are idle, so TurboFan's code pays and its compiling
 * takes nothing from anyone; it keeps V8's own tiering (`tuneTiering({ warm: true })`).
 * README, "Speed", has the measurements. They were made on Node.js 20's V8 (11.x), where Maglev is
 * off by default; another V8 keeps its own tiering. V8's flags are the process's: worker threads
 * follow. Set before the work they are for (flags set after start-up take effect for the code that
 * runs after). `AGENTWARDEN_V8_TIERING=default` leaves V8's own tiering.
 */
import { setFlagsFromString } from 'node:v8';
import { setCodeCacheVariant } from './code-cache.js';

export const TIERING_FLAGS = ['--maglev', '--interrupt-budget=3000000'];

/** The flags set (none when V8's own tiering is kept). */
export function tuneTiering(plan: { warm?: boolean } = {}, v8Version = process.versions.v8, env: NodeJS.ProcessEnv = process.env): string[] {
  if (plan.warm || env.AGENTWARDEN_V8_TIERING === 'default' || !/^11\./.test(v8Version)) return [];
  for (const flag of TIERING_FLAGS) setFlagsFromString(flag);
  // V8 refuses code cached under other flags: what loads from now on has its own cache files.
  setCodeCacheVariant('tiered');
  return TIERING_FLAGS;
}
