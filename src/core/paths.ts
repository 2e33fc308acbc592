/** Where the package's own data lives, whether running from `dist/` or `src/` (both two levels down). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'schema');
