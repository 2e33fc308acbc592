/** mcp/privileged-container: a capability added with `docker run --cap-add` is rated by what it reaches. */
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers.js';

const levels = async (args: string[]) => {
  const code = JSON.stringify({ servers: { net: { command: 'docker', args: ['run', '-i', '--rm', ...args, 'acme/net-mcp:1.0.0'] } } });
  return (await analyze('.vscode/mcp.json', code)).findings.filter((f) => f.ruleId === 'mcp/privileged-container').map((f) => `${f.evidence} ${f.severity}`);
};

describe('mcp/privileged-container capabilities', () => {
  it("rates NET_ADMIN low in the container's own network and high in the host's", async () => {
    expect(await levels(['--cap-add', 'NET_ADMIN'])).toEqual(['--cap-add NET_ADMIN low']);
    expect((await levels(['--network', 'host', '--cap-add', 'NET_ADMIN'])).sort()).toEqual(['--cap-add NET_ADMIN high', '--network host high']);
    expect(await levels(['--cap-add', 'SYS_ADMIN'])).toEqual(['--cap-add SYS_ADMIN high']);
  });
});
