/**
 * Kubernetes objects reach the rules that read their kind: a kind no rule reads (or one spelled
 * like a property every JavaScript object has) is neither a finding nor an error.
 */
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { scanWithoutPrefilters } from './helpers.js';

const POD = 'metadata: {name: agent}\nspec:\n  containers:\n    - name: agent\n      image: busybox:latest\n      securityContext: {privileged: true}\n';

describe('Kubernetes kinds', () => {
  it('a kind spelled like an object property is no pod kind', async () => {
    const files = Object.fromEntries(['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((kind) => [`${kind}.yaml`, `apiVersion: v1\nkind: ${kind}\n${POD}`]));
    const out = await scanWithoutPrefilters(tempTree(files));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
  });
});
