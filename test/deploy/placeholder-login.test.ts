/** deploy/literal-secret: the password of a login at a domain reserved for documentation is a quick-start's sample account. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const levels = async (path: string, code: string) =>
  (await findings(path, code)).filter((f) => f.ruleId === 'deploy/literal-secret').map((f) => `${f.location.startLine} ${f.severity}`);

describe('a literal password beside a placeholder login', () => {
  const compose = (email: string) =>
    `services:\n  observe:\n    image: registry.example/observe:v1.2.3\n    ports: ["5080:5080"]\n    environment:\n      - OBSERVE_ROOT_EMAIL=${email}\n      - OBSERVE_ROOT_PASSWORD=Kx7#rTq2Lw9v\n`;

  it('is low, naming the login', async () => {
    expect(await levels('docker-compose.yaml', compose('root@example.com'))).toEqual(['7 low']);
    expect(await levels('docker-compose.yaml', compose('admin@acme.test'))).toEqual(['7 low']);
    const [f] = (await findings('docker-compose.yaml', compose('root@example.com'))).filter((x) => x.ruleId === 'deploy/literal-secret');
    expect(f!.message).toMatch(/placeholder login \(OBSERVE_ROOT_EMAIL: root@example\.com\)/);
  });

  it("keeps its level beside a real domain's login, or a reserved domain's address that is not a login", async () => {
    expect(await levels('docker-compose.yaml', compose('ops@acme.io'))).toEqual(['7 high']);
    const values = 'observe:\n  auth:\n    contactUrl: https://example.com/help\n    password: "Kx7#rTq2Lw9v"\n';
    expect(await levels('charts/observe/values.yaml', values)).toEqual(['4 high']);
  });
});
