/**
 * The parser libraries, loaded on first use: a thread that parses no YAML, JSON or TOML file (most
 * files of most scans are searched, not parsed) never pays for loading them. Each is loaded as
 * CommonJS, which loads faster than the same package through the ES module loader, and the YAML
 * (js-yaml's event parser and the `yaml` package) and JSONC parsers from their single-file builds
 * (`core/vendored.ts`).
 */
import { createRequire } from 'node:module';
import { vendored } from '../core/vendored.js';

const require = createRequire(import.meta.url);

/** What the scan uses of js-yaml: its event stream (`parsers/yaml-fast.ts`); the vendored build holds only that. */
export type JsYamlEvents = Pick<typeof import('js-yaml'), 'parseEvents' | 'getScalarValue'>;

let yaml: typeof import('yaml') | undefined;
let jsYaml: JsYamlEvents | undefined;
let jsonc: typeof import('jsonc-parser') | undefined;
let toml: typeof import('smol-toml') | undefined;

export function yamlLib(): typeof import('yaml') {
  return (yaml ??= vendored<typeof import('yaml')>('yaml'));
}

export function jsYamlLib(): JsYamlEvents {
  return (jsYaml ??= vendored<JsYamlEvents>('js-yaml'));
}

export function jsoncLib(): typeof import('jsonc-parser') {
  return (jsonc ??= vendored<typeof import('jsonc-parser')>('jsonc-parser'));
}

export function tomlLib(): typeof import('smol-toml') {
  return (toml ??= require('smol-toml') as typeof import('smol-toml'));
}
