// Times the scan's YAML parse over every .yml/.yaml file under the folders given, in this fresh
// process: `fast` (src/parsers/yaml-fast.ts, js-yaml's events built into the `yaml` package's nodes,
// with the package for what it leaves) or `library` (the `yaml` package's parseAllDocuments and
// toJS, as before). Round 0 is the cold figure a scan pays (every parser function compiled on first
// use, once per thread); the later rounds are warm. The libraries load before the clock starts, as
// they would for any parse; AGENTWARDEN_CODE_CACHE=off leaves out V8's code cache, which a scan has.
//   node bench/yaml-parse.mjs fast|library <dir …> [--rounds N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseYamlFast } from '../dist/parsers/yaml-fast.js';
import { parseWithLibrary } from '../dist/parsers/yaml.js';
import { jsYamlLib, yamlLib } from '../dist/parsers/libraries.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--rounds');
const rounds = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 4;
const [mode, ...dirs] = args;
if (!['fast', 'library'].includes(mode) || !dirs.length) {
  console.error('usage: node bench/yaml-parse.mjs fast|library <dir …> [--rounds N]');
  process.exit(2);
}
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && /\.ya?ml$/i.test(e.name) && statSync(p).size < 1_000_000) files.push(readFileSync(p, 'utf8'));
  }
};
for (const d of dirs) walk(d);
const bytes = files.reduce((n, t) => n + t.length, 0);
const noPosition = { position: () => ({ line: 0, column: 0 }) };
yamlLib();
if (mode === 'fast') jsYamlLib();
const times = [];
let fallbacks = 0;
for (let round = 0; round < rounds; round++) {
  const t = performance.now();
  fallbacks = 0;
  for (const text of files) {
    if (mode === 'fast') {
      const r = parseYamlFast(text);
      if (!r.ok) {
        fallbacks++;
        parseWithLibrary(noPosition, text);
      }
    } else parseWithLibrary(noPosition, text);
  }
  times.push(Math.round(performance.now() - t));
}
console.log(JSON.stringify({ mode, files: files.length, mb: +(bytes / 1e6).toFixed(2), fallbacks, cold: times[0], warm: Math.min(...times.slice(1)), rounds: times }));
