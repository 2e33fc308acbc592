/** Findings in parts of a deployment that are off unless a user turns them on: one level lower, saying why. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const of = async (path: string, code: string, ruleId: string) =>
  (await findings(path, code)).filter((f) => f.ruleId === ruleId).map((f) => ({ line: f.location.startLine, severity: f.severity, message: f.message }));

describe('opt-in sections', () => {
  it('lowers a finding in a Helm values section switched off, or inside one whose parent is, and keeps the sections that are on', async () => {
    const values =
      'gateway:\n  image:\n    repository: ghcr.io/acme/gateway\n    tag: latest\n' +
      'monitoring:\n  enabled: false\n  exporter:\n    enabled: true\n    image:\n      repository: acme/metrics-relay\n      tag: latest\n' +
      'admin:\n  enabled: true\n  image:\n    repository: acme/db-admin\n    tag: latest\n';
    const found = await of('charts/stack/values.yaml', values, 'deploy/unpinned-image');
    const at = (line: number) => found.find((f) => f.line === line);
    expect(at(10)?.severity).toBe('low');
    expect(at(10)?.message).toMatch(/section `monitoring`.*monitoring\.enabled: false/);
    expect(at(15)?.severity).toBe('medium');
    expect(at(15)?.message).not.toMatch(/off by default/);
  });

  it('lowers a finding in a Compose service behind profiles, and keeps the services that always start', async () => {
    const compose =
      'services:\n  gateway:\n    image: acme/gateway:latest\n' +
      '  exporter:\n    image: acme/exporter:latest\n    profiles: ["monitoring"]\n' +
      '  debug:\n    image: acme/debug:latest\n    profiles:\n      - tools\n';
    const found = await of('docker-compose.yml', compose, 'deploy/unpinned-image');
    expect(found.map((f) => `${f.line} ${f.severity}`)).toEqual(['3 medium', '5 low', '8 low']);
    expect(found[1]!.message).toMatch(/profile "monitoring"/);
    expect(found[2]!.message).toMatch(/profile "tools"/);
  });
});
