/**
 * How V8 optimises this process's code. A scan is short and runs a great deal of different code a
 * few thousand times each; V8's top tier, TurboFan, compiled on other threads for more CPU time
 * than its code saved (about 1 s of a 2.3 s langchainjs scan on two cores, much of it compiling
 * large functions again after a new kind of input deoptimised them), and on a two-core machine
 * those threads compete with the scanning threads. Maglev, the tier below, compiles about ten
 * times faster into code nearly as fast. So the command line (and the benchmark, which times what
 * it runs) stops at Maglev; README, "Speed", has the measurements. V8's flags are the process's:
 * worker threads follow. `AGENTWARDEN_V8_TIERING=default` leaves V8's own tiering.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneTiering(): void {
  if (process.env.AGENTWARDEN_V8_TIERING === 'default') return;
  setFlagsFromString('--maglev');
  setFlagsFromString('--max-opt=2');
}
