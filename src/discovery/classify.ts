/**
 * Classification: every discovered file gets exactly one kind, from its name alone, once.
 * Analyzers select files by kind; content-based recognition (which MCP client, which manifest)
 * is theirs to do on top.
 */
import type { FileKind } from '../core/types.js';

const BY_EXTENSION: Record<string, FileKind> = {
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  code_workspace: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  tf: 'hcl',
  hcl: 'hcl',
  tfvars: 'hcl',
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'typescript',
  jsx: 'typescript',
  mjs: 'typescript',
  cjs: 'typescript',
  md: 'markdown',
  mdx: 'markdown',
  markdown: 'markdown',
  env: 'env',
};

/** Extensions of files that are never text worth scanning. */
const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp avif tiff psd svgz pdf zip gz tgz bz2 xz zst 7z rar jar war ear whl egg ' +
    'so dll dylib exe bin o a obj class pyc pyo wasm woff woff2 ttf otf eot mp3 mp4 m4a wav ogg flac mov avi ' +
    'mkv webm db sqlite sqlite3 parquet avro onnx pt pth safetensors ckpt h5 npy npz pkl pickle iso dmg deb rpm'
  ).split(' '),
);

/** The first line of a shell script: `#!/bin/bash`, `#!/usr/bin/env bash`, `#!/bin/sh -e`, `#!/usr/bin/env -S zsh`. */
export const SHELL_SHEBANG = /^#![^\n]*\b(?:ba|da|z|k)?sh\b/;

/** A shell script: by its extension, or by its `#!` line (`dev/tasks/build-images`). */
export function isShellScript(file: { relPath: string; text: string }): boolean {
  return /\.(?:sh|bash|zsh)$/i.test(file.relPath) || SHELL_SHEBANG.test(file.text);
}

export function isBinaryByName(relPath: string): boolean {
  const ext = extensionOf(baseName(relPath));
  return ext !== '' && BINARY_EXTENSIONS.has(ext);
}

/** `Dockerfile-gpu`, `Dockerfile_prod`, `DockerfileCelery`, `Containerfile-dev`: Dockerfiles named for their variant. */
const SUFFIXED_DOCKERFILE = /^(?:[Dd]ocker|[Cc]ontainer)file(?:[-_][A-Za-z0-9][\w-]*|[A-Z][A-Za-z0-9]*)$/;

/** A copy kept aside (`Dockerfile.old`, `Dockerfile.bak`, `Dockerfile~`): no build reads it, so it is text (its credentials are still read). */
const SET_ASIDE = /\.(?:old|bak|orig|backup|save|prev|disabled)$|~$/;

export function classify(relPath: string): FileKind {
  const name = baseName(relPath);
  const lower = name.toLowerCase();
  if (SET_ASIDE.test(lower) && lower.includes('dockerfile')) return 'text';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile' || SUFFIXED_DOCKERFILE.test(name)) {
    return 'dockerfile';
  }
  // .env, .env.local, .env.production, app.env, .envrc
  if (lower === '.env' || lower.startsWith('.env.') || lower === '.envrc' || lower.endsWith('.env')) return 'env';
  const ext = extensionOf(lower);
  return BY_EXTENSION[ext.replace(/-/g, '_')] ?? 'text';
}

function baseName(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? relPath : relPath.slice(i + 1);
}

function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i + 1).toLowerCase();
}
