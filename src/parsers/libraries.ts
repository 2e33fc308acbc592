/**
 * The parser libraries, loaded on first use: a thread that parses no YAML, JSON or TOML file (most
 * files of most scans are searched, not parsed) never pays for loading them. Each ships a CommonJS
 * build, which loads faster than the same package through the ES module loader.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let yaml: typeof import('yaml') | undefined;
let jsonc: typeof import('jsonc-parser') | undefined;
let toml: typeof import('smol-toml') | undefined;

export function yamlLib(): typeof import('yaml') {
  return (yaml ??= require('yaml') as typeof import('yaml'));
}

export function jsoncLib(): typeof import('jsonc-parser') {
  return (jsonc ??= require('jsonc-parser') as typeof import('jsonc-parser'));
}

export function tomlLib(): typeof import('smol-toml') {
  return (toml ??= require('smol-toml') as typeof import('smol-toml'));
}
