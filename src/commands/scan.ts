/** `agentwarden scan [paths…]`: parse options, run the pipeline, hand the report to the reporters. */
import { scan } from '../engine/scan.js';
import { allRules } from '../rules/registry.js';
import { emit, parseFailOn, parseTargets, type OutputOptions } from './output.js';

export interface ScanCommandOptions extends OutputOptions {
  config?: string;
  baseline?: string;
  exclude?: string[];
  threads?: string;
}

export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const targets = parseTargets(options.format, options.output);
  const threads = options.threads !== undefined ? Number(options.threads) : undefined;
  const { report, config } = await scan({
    paths,
    configFile: options.config,
    exclude: options.exclude,
    baseline: options.baseline,
    threads,
  });
  const failOn = parseFailOn(options.failOn, config.config.failOn);
  const rules = await allRules(config.config);
  return emit(report, targets, { rules, failOn, quiet: options.quiet, strict: options.strict, color: options.color });
}
