/** A Dockerfile kept aside under a backup name is built by nothing: no image rule reads it, its credentials are still found. */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const DOCKERFILE = 'FROM python:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nENV OPENAI_API_KEY=sk-proj-Qm7vR2xLk9pT4wZc8nBf4hJd6sYa1uEo0iGk5rTxVwQm7vR2xLk9pT4wZc8nBf4hJd6sYa1uEo0iGk5rTxVwAaBb\n';

describe('a Dockerfile set aside (Dockerfile.old, .bak, ~)', () => {
  it('gets no image finding, where the same file as Dockerfile does', async () => {
    const rules = async (name: string) => (await scan({ paths: [tempTree({ [name]: DOCKERFILE })], threads: 1 })).report.findings.map((f) => f.ruleId);
    const built = await rules('Dockerfile');
    expect(built).toEqual(expect.arrayContaining(['deploy/unpinned-image', 'deploy/pipe-to-shell']));
    for (const name of ['Dockerfile.old', 'Dockerfile.bak', 'Dockerfile~']) {
      const aside = await rules(name);
      expect(aside.filter((r) => r.startsWith('deploy/')), name).toEqual([]);
      expect(aside.some((r) => r.startsWith('secrets/')), name).toBe(true);
    }
  });
});

describe("a bare image name the README's build instructions tag", () => {
  const severity = async (files: Record<string, string>) =>
    (await scan({ paths: [tempTree(files)], threads: 1 })).report.findings.find((f) => f.ruleId === 'deploy/unpinned-image' && f.location.path === 'docker-compose.yml')?.severity;
  const compose = 'services:\n  api:\n    image: research-agent\n    ports: ["127.0.0.1:8123:8000"]\n';

  it('is the image built here, not one pulled: info, as a build in a script makes it', async () => {
    expect(await severity({ 'docker-compose.yml': compose, Dockerfile: 'FROM python:3.12-slim\n', 'README.md': '## Run\n\n```sh\ndocker build -t research-agent -f Dockerfile .\ndocker compose up\n```\n' })).toBe('info');
  });

  it('is medium when nothing in the repository builds that name', async () => {
    expect(await severity({ 'docker-compose.yml': compose, Dockerfile: 'FROM python:3.12-slim\n', 'README.md': '## Run\n\n```sh\ndocker build -t other-agent -f Dockerfile .\n```\n' })).toBe('medium');
    expect(await severity({ 'docker-compose.yml': compose })).toBe('medium');
  });
});
