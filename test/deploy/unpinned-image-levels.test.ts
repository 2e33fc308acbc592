/** deploy/unpinned-image: how far a tag can move. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const levels = async (path: string, code: string) =>
  (await findings(path, code)).filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.startLine} ${f.severity}`);

describe('deploy/unpinned-image levels', () => {
  it('rates a channel or variant tag (no version in it) as latest is, and a version or distribution release tag lower', async () => {
    const compose =
      'services:\n  a:\n    image: someone/gateway:dind\n    privileged: true\n  b:\n    image: someone/agent:latest\n  c:\n    image: someone/worker:1.4.2\n  d:\n    image: debian:bookworm-slim\n  e:\n    image: node:lts-alpine\n  f:\n    image: debian:stretch\n';
    expect(await levels('deploy/compose.yaml', compose)).toEqual(['3 medium', '6 medium', '8 low', '10 low', '12 medium', '14 low']);
  });

  it('rates an image line named for any distribution release (the codenames tags are known by) as a release line', async () => {
    const compose = 'services:\n  a:\n    image: acme/runtime-buster\n  b:\n    image: acme/runtime-bookworm:latest\n  c:\n    image: acme/runtime-slim\n';
    expect(await levels('deploy/compose.yaml', compose)).toEqual(['3 low', '5 low', '7 medium']);
  });

  it("rates a monitoring or administration tool's image at a moving tag low; a collector, a datastore and an image merely named like a tool keep medium", async () => {
    const compose =
      'services:\n  prometheus:\n    image: prom/prometheus:latest\n  grafana:\n    image: grafana/grafana:latest\n  loki:\n    image: grafana/loki\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:latest\n  exporter:\n    image: quay.io/prometheuscommunity/postgres-exporter:latest\n  insight:\n    image: redis/redisinsight:latest\n' +
      '  collector:\n    image: otel/opentelemetry-collector-contrib:latest\n  store:\n    image: minio/minio:latest\n  grafana-mcp:\n    image: mcp/grafana:latest\n  pinned:\n    image: grafana/grafana:12.3.0\n';
    expect(await levels('tools/monitoring/docker-compose.yml', compose)).toEqual(['3 low', '5 low', '7 low', '9 low', '11 low', '13 low', '15 medium', '17 medium', '19 medium', '21 low']);
  });

  it("keeps a chart's appVersion tag low", async () => {
    expect(await levels('charts/worker/values.yaml', 'image:\n  repository: ghcr.io/acme/worker\n  tag: ""\n')).toEqual(['2 low']);
  });
});
