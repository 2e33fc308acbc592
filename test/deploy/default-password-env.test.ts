/** deploy/default-password in a committed env file: a server's password, or a client's copy of a local database's. */
import { describe, expect, it } from 'vitest';
import { runExample } from '../../src/engine/examples.js';
import { analyzer } from './helpers.js';

const rated = async (code: string, files: Record<string, string> = {}, path = '.env') =>
  (await runExample([analyzer], { path, code, with: files })).filter((f) => f.ruleId === 'deploy/default-password').map((f) => `${f.location.startLine} ${f.severity}`);

describe("a datastore's client setting in an env file", () => {
  const client = '# Basic MySQL connection settings\nMYSQL_HOST=127.0.0.1\nMYSQL_PORT=3306\nMYSQL_USER=root\nMYSQL_PASS=root\n';

  it("is low beside a host on this machine when nothing of the repository starts the datastore with it, and says it is the client's copy", async () => {
    expect(await rated(client)).toEqual(['5 low']);
    expect(await rated('REDIS_URL=redis://localhost:6379/0\nREDIS_PASS=changeme\n')).toEqual(['2 low']);
    const [f] = (await runExample([analyzer], { path: '.env', code: client })).filter((x) => x.ruleId === 'deploy/default-password');
    expect(f!.message).toContain("the client's copy of a local database's password");
    expect(f!.message).toContain('MYSQL_HOST=127.0.0.1');
  });

  it('keeps its level for a host elsewhere: a server there has that password', async () => {
    expect(await rated(client.replace('127.0.0.1', 'mysql.internal.acme.io'))).toEqual(['5 medium']);
    expect(await rated(client.replace('127.0.0.1', 'db'))).toEqual(['5 medium']);
    expect(await rated(client.replace('MYSQL_HOST=127.0.0.1\n', ''))).toEqual(['4 medium']);
  });

  it("keeps its level when a Compose service of the repository starts the datastore with the file or the variable", async () => {
    const byVariable = 'services:\n  db:\n    image: mysql:8.4\n    ports: ["3306:3306"]\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_PASS}\n';
    expect(await rated(client, { 'docker-compose.yml': byVariable })).toEqual(['5 medium']);
    const byFile = 'services:\n  database:\n    image: ghcr.io/acme/legacy-mysql:5.7\n    env_file: ../.env\n';
    expect(await rated(client, { 'deploy/docker-compose.yml': byFile })).toEqual(['5 medium']);
    expect(await rated(client, { 'docker-compose.yml': 'services:\n  database:\n    image: ghcr.io/acme/legacy-mysql:5.7\n    env_file: [.env]\n' })).toEqual(['5 medium']);
    // An application service reading the same file is a client too.
    expect(await rated(client, { 'docker-compose.yml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    env_file: .env\n' })).toEqual(['5 low']);
  });

  it("keeps its level for the image's own variable, or a file that also sets one", async () => {
    expect(await rated('MYSQL_HOST=127.0.0.1\nMYSQL_ROOT_PASSWORD=root\n')).toEqual(['2 medium']);
    expect(await rated('POSTGRES_HOST=localhost\nPOSTGRES_PASSWORD=postgres\n')).toEqual(['2 medium']);
    expect(await rated('MYSQL_HOST=127.0.0.1\nMYSQL_PASS=root\nMYSQL_ROOT_PASSWORD=${MYSQL_PASS}\n')).toEqual(['2 medium']);
  });
});
