/** `agentwarden baseline [paths…] --output FILE`: record today's findings so scans report only new ones. */
import { writeFileSync } from 'node:fs';
import { scan } from '../engine/scan.js';
import { createBaseline } from '../suppress/baseline.js';

export async function runBaseline(paths: string[], options: { output?: string; config?: string; exclude?: string[] }): Promise<number> {
  const { report } = await scan({ paths, configFile: options.config, exclude: options.exclude });
  const file = options.output ?? '.agentwarden-baseline.json';
  writeFileSync(file, `${JSON.stringify(createBaseline(report.findings), null, 2)}\n`);
  process.stderr.write(`agentwarden: wrote ${report.findings.length} fingerprints to ${file}\n`);
  return 0;
}
