/**
 * The cheap tests that spare a file a parse skip work, never findings. `AGENTWARDEN_PREFILTER=off`
 * turns them all off (every file is parsed as if each test had said "maybe"): the test suite and
 * anyone checking a change compare the two on real trees. Read per call, so a test can switch it.
 */
export function prefiltersOn(): boolean {
  return process.env.AGENTWARDEN_PREFILTER !== 'off';
}
