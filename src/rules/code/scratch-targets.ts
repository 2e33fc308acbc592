/**
 * Sinks that act on something the program made fresh for itself and throws away: an in-memory
 * SQLite database created in the same file, a headless browser the tool launches itself (no
 * profile, no logged-in session), an AI SDK sandbox session (a virtual shell, a microVM) that the
 * provider's shell and file tools run in, a hosted sandbox (E2B, Daytona, Modal) the file creates. The model can do anything there, but there is nothing of anyone's
 * to lose; the sink is kept apart as contained. A file that also reaches a real store (DuckDB, a
 * database file or server, a persistent browser profile, a browser it connects to) keeps it risky.
 */
import type { Contained, Risk } from './reach.js';

interface Scratch {
  classes: RegExp;
  /** The file makes a throw-away target. */
  fresh: RegExp;
  /** The file also reaches a real one: then the sink may act on it. */
  real: RegExp;
  reason: string;
}

const SCRATCH: Scratch[] = [
  {
    classes: /^(?:sql|db-write)$/,
    fresh: /\bsqlite3?\.connect\(\s*['"]:memory:['"]|create_engine\(\s*['"]sqlite(?:\+\w+)?:\/\/(?:\/:memory:)?['"]|new\s+(?:Database|sqlite3\.Database)\(\s*['"]:memory:['"]/,
    real: /\bduckdb\b|\bsqlite3?\.connect\(\s*(?!['"]:memory:['"])|create_engine\(\s*(?!['"]sqlite(?:\+\w+)?:\/\/(?:\/:memory:)?['"])|new\s+(?:Database|sqlite3\.Database)\(\s*(?!['"]:memory:['"])|\b(?:psycopg2?|asyncpg|pymysql|mysql|pg|mongodb|pymongo|redis)\b|DATABASE_URL/,
    reason: 'it runs on an in-memory SQLite database this file creates, which holds nothing else',
  },
  {
    // AI SDK: provider shell and file tools run in the sandbox session the call is given (`experimental_sandbox`).
    classes: /^(?:shell|file-write)$/,
    fresh: /^(?=[\s\S]*\bexperimental_sandbox\b)(?=[\s\S]*(?:\bcreateJustBashSandbox\b|\bcreateVercelSandbox\b|['"]@ai-sdk\/sandbox-(?:just-bash|vercel)['"]|['"]@vercel\/sandbox['"]))/,
    real: /\bLocalSandboxSession\b|\bchild_process\b|\bexeca\b/,
    reason: 'the AI SDK runs it in the sandbox session the call is given (a just-bash virtual shell or a Vercel Sandbox microVM), not on this machine',
  },
  {
    // A hosted sandbox the file creates (E2B, Daytona, Modal): the desktop, shell or interpreter the tool drives is that microVM's.
    classes: /^(?:computer-use|shell|code-exec)$/,
    fresh: /\bE2BSandboxClient\b|\bfrom\s+e2b(?:_desktop|_code_interpreter)?\s+import\b|['"]@e2b\/(?:desktop|code-interpreter)['"]|['"]e2b['"]|\bfrom\s+daytona(?:_sdk)?\s+import\b|['"]@daytonaio\/sdk['"]|\bmodal\.Sandbox\.create\(/,
    real: /\bpyautogui\b|\bpynput\b|\bLocal\w*Sandbox\w*\b|\bsubprocess\b|\bos\.(?:system|popen)\(|\bchild_process\b|\bexeca\b|launch_persistent_context|launchPersistentContext|connect_over_cdp|connectOverCDP/,
    reason: 'it acts inside a hosted sandbox this file creates (an E2B, Daytona or Modal microVM), not on this machine',
  },
  {
    classes: /^computer-use$/,
    fresh: /\b(?:chromium|firefox|webkit)\.launch\(/,
    real: /launch_persistent_context|launchPersistentContext|connect_over_cdp|connectOverCDP|user_data_dir|userDataDir|storage_state|storageState|\bpyautogui\b|\bxdotool\b/,
    reason: 'it drives a fresh headless browser the tool launches itself, with no user profile, files or host access',
  },
];

/** Splits risks into those still risky and those on a throw-away target of this file. */
export function scratchTargets(risks: Risk[], fileText: string): { risks: Risk[]; contained: Contained[] } {
  const contained: Contained[] = [];
  const kept = risks.filter((r) => {
    // A sink in another module works on that module's target, which this file does not show.
    const s = !r.site && SCRATCH.find((x) => x.classes.test(r.riskClass) && x.fresh.test(fileText) && !x.real.test(fileText));
    if (!s) return true;
    contained.push({ riskClass: r.riskClass, evidence: r.evidence, reason: s.reason, path: r.path, start: r.start, end: r.end, ...(r.site ? { site: r.site } : {}) });
    return false;
  });
  return { risks: kept, contained };
}
