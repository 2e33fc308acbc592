// Part of `npm run build`, last: records in dist/ruleset-version a digest of the built code and the
// rule data, which keys the result cache (src/engine/cache.ts): any change to either starts it afresh.
const { writeFileSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
const { digestTrees } = await import('../dist/engine/cache.js');
const dir = (p) => fileURLToPath(new URL(p, import.meta.url));
const digest = digestTrees([dir('../dist'), dir('../rules')]);
writeFileSync(dir('../dist/ruleset-version'), digest + '\n');
console.log(`ruleset version: ${digest}`);
