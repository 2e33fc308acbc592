#!/usr/bin/env node
// The command line's bundle, loaded with V8's code cache (src/core/code-cache.ts).
import { fileURLToPath } from 'node:url';
import { loadCached } from '../dist/core/code-cache.js';

loadCached(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)));
