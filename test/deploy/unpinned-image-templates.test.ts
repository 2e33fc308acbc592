/** deploy/unpinned-image on a Dockerfile written as a template: the placeholder in FROM is part of the image, not a tag of its own. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const images = async (code: string) => (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => [f.evidence, f.message]);

describe('deploy/unpinned-image and template placeholders in FROM', () => {
  it('reads the whole image, placeholder included, and says the template fills the tag in', async () => {
    const [f] = await images('FROM node:{{ node_version }}-slim AS base\nRUN npm ci\n');
    expect(f?.[0]).toBe('node:{{node_version}}-slim');
    expect(f?.[1]).toMatch(/uses node:\{\{node_version\}\}-slim by a tag its template fills in/);
    expect(f?.[1]).not.toMatch(/"\{\{"|channel or variant/);
  });

  it('keeps the stage alias after a placeholder', async () => {
    const found = await images('FROM ghcr.io/acme/uv:python{{ python_version }}-bookworm-slim AS build\nFROM build\nCMD ["app"]\n');
    expect(found.map(([e]) => e)).toEqual(['ghcr.io/acme/uv:python{{python_version}}-bookworm-slim']);
  });
});
