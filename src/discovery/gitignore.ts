/** A `.gitignore` file's rules, as git reads them: the walk's, and the rules' that ask whether a file a repository expects is kept out of it. */
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';

/**
 * The `ignore` package, loaded with the first `.gitignore`. It is CommonJS: imported as an ES module,
 * Node would first run its CommonJS export lexer over the package's 50 kB, and compiling that lexer
 * cost every scan about 50 ms of CPU (and as much wall-clock time at exit, waiting for the compiler).
 */
let ignoreLib: typeof import('ignore') | undefined;

/** Case-sensitive, as git matches on the file systems CI runs on (`ENV/` does not ignore `env/`); the package's default ignores case. */
export const gitignoreRules = (text: string): Ignore => (ignoreLib ??= createRequire(import.meta.url)('ignore') as typeof import('ignore'))({ ignorecase: false }).add(text);
