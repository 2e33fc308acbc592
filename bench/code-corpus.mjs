// Deterministic synthetic code-heavy agent monorepo (langchainjs-like): TypeScript and Python
// packages whose modules mostly import the agent framework without declaring anything the code
// rules read (models, messages, utilities, types), a few per package declaring tools with risky
// bodies (shell, file writes, HTTP), MCP servers, plus the package manifests and configs such a
// repository has. Values never look like credentials.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from './corpus.mjs';

const WORDS = 'agent call result message user config client server request response handler value item list map index cache store session retry timeout policy model prompt context memory plan step task queue worker event stream record schema field name path file data output input role scope chunk document embedding vector retriever loader splitter parser chain runnable callback'.split(' ');

export function buildCodeCorpus(dir, { files = 6000, avgBytes = 6000, seed = 7, toolEvery = 25 } = {}) {
  const marker = path.join(dir, '.corpus.json');
  const spec = JSON.stringify({ files, avgBytes, seed, toolEvery, v: 2 });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === spec) return;
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  const ident = () => pick(WORDS) + cap(pick(WORDS));

  // Ordinary modules: import the framework, use its classes, mention tools in prose, declare none.
  const tsPlain = () =>
    `/**\n * ${cap(pick(WORDS))} ${pick(WORDS)} helpers: the ${pick(WORDS)} a tool returns is turned into a ${pick(WORDS)}.\n */\n` +
    `export async function ${ident()}(${pick(WORDS)}: ${cap(pick(WORDS))}Input, options?: { ${pick(WORDS)}?: number }): Promise<${cap(pick(WORDS))}Message[]> {\n` +
    `  const ${ident()} = await this.${ident()}.invoke(${pick(WORDS)}, { ${pick(WORDS)}: options?.${pick(WORDS)} ?? ${Math.floor(r() * 100)} });\n` +
    `  if (!${pick(WORDS)}) throw new Error(\`${pick(WORDS)} ${pick(WORDS)} missing: \${${pick(WORDS)}}\`);\n` +
    `  return [...${pick(WORDS)}.map((m) => new AIMessage({ content: m.${pick(WORDS)} }))];\n}\n\n`;
  const pyPlain = () =>
    `def ${pick(WORDS)}_${pick(WORDS)}(${pick(WORDS)}: "${cap(pick(WORDS))}", ${pick(WORDS)}: int = ${Math.floor(r() * 10)}) -> list:\n` +
    `    """Return the ${pick(WORDS)} of each ${pick(WORDS)} a tool call produced."""\n` +
    `    ${pick(WORDS)} = [${pick(WORDS)}.${pick(WORDS)} for ${pick(WORDS)} in ${pick(WORDS)}s if ${pick(WORDS)}]\n` +
    `    return ${pick(WORDS)}[: ${Math.floor(r() * 50)}]\n\n\n`;
  const tsTool = (i) =>
    `export const ${pick(WORDS)}Tool${i} = tool(\n  async ({ ${pick(WORDS)} }) => {\n    const out = execSync(\`run \${${pick(WORDS)}}\`);\n    return out.toString();\n  },\n` +
    `  { name: "${pick(WORDS)}_${i}", description: "Runs a ${pick(WORDS)} command.", schema: z.object({ ${pick(WORDS)}: z.string() }) },\n);\n\n`;
  const pyTool = (i) => `@tool\ndef ${pick(WORDS)}_tool_${i}(${pick(WORDS)}: str) -> str:\n    """Writes the ${pick(WORDS)} to disk."""\n    with open(${pick(WORDS)}, "w") as f:\n        f.write(${pick(WORDS)})\n    return "ok"\n\n\n`;
  const fill = (head, body, target) => {
    const parts = [head];
    let size = head.length;
    let i = 0;
    while (size < target) {
      const p = body(i++);
      parts.push(p);
      size += p.length;
    }
    return parts.join('');
  };

  let n = 0;
  for (let pkg = 0; n < files; pkg++) {
    const lang = pkg % 3 === 2 ? 'py' : 'ts';
    const root = path.join(dir, 'libs', `${lang === 'ts' ? 'langchain' : 'lc_py'}-${pkg}`);
    const src = path.join(root, 'src');
    mkdirSync(src, { recursive: true });
    if (lang === 'ts') {
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: `@bench/pkg-${pkg}`, version: '0.1.0', dependencies: { '@langchain/core': '^0.3.0', zod: '^3.23.0' } }, null, 2));
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2));
      n += 2;
    } else {
      writeFileSync(path.join(root, 'pyproject.toml'), `[project]\nname = "lc-py-${pkg}"\nversion = "0.1.0"\ndependencies = ["langchain-core>=0.3"]\n`);
      n += 1;
    }
    for (let m = 0; m < 40 && n < files; m++, n++) {
      const target = Math.floor(avgBytes * (0.4 + 1.2 * r()));
      const isTool = n % toolEvery === 0;
      const isMcp = !isTool && n % (toolEvery * 4) === 3;
      if (lang === 'ts') {
        let text;
        // A tool module declares one or two tools among its helpers.
        if (isTool) text = fill(`import { tool } from "@langchain/core/tools";\nimport { AIMessage } from "@langchain/core/messages";\nimport { execSync } from "node:child_process";\nimport { z } from "zod";\n\n${tsTool(1)}${r() < 0.5 ? tsTool(2) : ''}`, tsPlain, target);
        else if (isMcp)
          text = fill(
            `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { writeFileSync } from "node:fs";\n\nconst server = new McpServer({ name: "bench", version: "1.0.0" });\n` +
              `server.registerTool("write_file", { description: "Writes a file." }, async ({ path, text }) => {\n  writeFileSync(path, text);\n  return { content: [] };\n});\n\n`,
            tsPlain,
            target,
          );
        else text = fill(`import { AIMessage, type BaseMessage } from "@langchain/core/messages";\nimport { ${cap(pick(WORDS))} } from "./${pick(WORDS)}.js";\n\n`, tsPlain, target);
        writeFileSync(path.join(src, `${pick(WORDS)}_${m}.ts`), text);
      } else {
        const text = isTool
          ? fill(`from langchain_core.tools import tool\n\n\n${pyTool(1)}`, pyPlain, target)
          : fill(`from langchain_core.messages import AIMessage\nfrom .${pick(WORDS)} import ${cap(pick(WORDS))}\n\n\n`, pyPlain, target);
        writeFileSync(path.join(src, `${pick(WORDS)}_${m}.py`), text);
      }
    }
    if (n < files) {
      writeFileSync(path.join(root, 'README.md'), `# Package ${pkg}\n\nTools and helpers for the ${pick(WORDS)} ${pick(WORDS)}.\n`.repeat(20));
      n++;
    }
  }
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: yarn test\n');
  writeFileSync(marker, spec);
}
