/**
 * deploy/runs-as-root across a repository: which image is built from which Dockerfile (compose
 * `build:`, build commands, workflows, folder names), so that a base layer whose images set their own
 * user, or an image inheriting the project's non-root base, is not reported; and the contexts where
 * a container running as root is not deployed (tests, dev containers, benchmarks).
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { imagePath } from '../../src/rules/deploy/dockerfile-stages.js';
import { tempTree } from '../helpers/tmp.js';

async function rootFindings(files: Record<string, string>): Promise<string[]> {
  const dir = tempTree(files);
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

const APP_USER = 'RUN useradd -u 10001 app\nUSER 10001\n';

describe('deploy/runs-as-root joined across the repository', () => {
  it('reads the repository path of an image reference', () => {
    expect(imagePath('$DOCKER_REGISTRY/acme/app/base:$VERSION')).toBe('acme/app/base');
    expect(imagePath('ghcr.io/acme/base-system:1.2@sha256:abcd')).toBe('acme/base-system');
    expect(imagePath('${REGISTRY}/base-deps:${TAG}')).toBe('base-deps');
    expect(imagePath('${IMAGE_PREFIX}llm-server:${TAG}')).toBe('llm-server');
    expect(imagePath('${NAME}:${TAG}')).toBeUndefined();
    expect(imagePath('python:3.12-slim')).toBe('python');
    expect(imagePath('$BASE_IMAGE')).toBeUndefined();
  });

  it('a chain of base layers named after their folders, ending in an image that sets its user, is not reported', async () => {
    const found = await rootFindings({
      'docker/base/system/Dockerfile': 'FROM python:3.12-slim\nRUN apt-get update\n',
      'docker/base/deps/Dockerfile': 'ARG TAG=latest\nFROM acme/base-system:${TAG}\nRUN pip install uv\n',
      'Dockerfile.fast': `ARG REGISTRY=acme\nFROM \${REGISTRY}/base-deps:latest\n${APP_USER}CMD ["app"]\n`,
    });
    expect(found).toEqual([]);
  });

  it('a base layer also used by an image that runs as root is still reported, and so is that image', async () => {
    const found = await rootFindings({
      'docker/base/system/Dockerfile': 'FROM python:3.12-slim\nRUN apt-get update\n',
      'app/Dockerfile': `FROM acme/base-system:1\n${APP_USER}`,
      'worker/Dockerfile': 'FROM acme/base-system:1\nCMD ["worker"]\n',
    });
    expect(found).toEqual(['docker/base/system/Dockerfile:1', 'worker/Dockerfile:1']);
  });

  it('an image built FROM the project base that a Makefile tags through a variable inherits its non-root user', async () => {
    const found = await rootFindings({
      Makefile: 'APP_BASE_IMG ?= $(REGISTRY)/acme/app-base:$(VERSION)\nbuild-base:\n\tdocker buildx build -t $(APP_BASE_IMG) -f python/Dockerfile ./python\n',
      'python/Dockerfile': `FROM python:3.12-slim\n${APP_USER}`,
      'samples/basic/Dockerfile': 'ARG REGISTRY\nARG VERSION\nFROM $REGISTRY/acme/app-base:$VERSION\nCOPY . /app\nCMD ["basic"]\n',
    });
    expect(found).toEqual([]);
  });

  it("an image built FROM a base whose README builds it from its folder (docker build -t name .) inherits its user and is the project's own", async () => {
    const files = {
      'base/README.md': '# Base image\n\nThe agents build on this Dockerfile:\n\n```bash\ndocker build -t acme/agent-base:latest .\n```\n',
      'base/Dockerfile': `FROM python:3.12-slim\n${APP_USER}`,
      'search-agent/Dockerfile': 'FROM acme/agent-base:latest\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
    };
    expect(await rootFindings(files)).toEqual([]);
    const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
    const unpinned = report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image' && f.location.path === 'search-agent/Dockerfile');
    expect(unpinned.map((f) => f.severity)).toEqual(['low']);
    expect(unpinned[0]!.message).toContain("the project's own image");
    // A README line that only prints or mentions a build names no image: the base is then a pulled one.
    const mentioned = await scan({ paths: [tempTree({ ...files, 'base/README.md': 'Run `echo docker build -t acme/agent-base:latest .` to see the command.\nThe Dockerfile is here.\n' })], threads: 1 });
    expect(mentioned.report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image' && f.location.path === 'search-agent/Dockerfile').map((f) => f.severity)).toEqual(['medium']);
  });

  it('compose build/image and a workflow build-push step publish an image name', async () => {
    const found = await rootFindings({
      'docker-compose.yml': 'services:\n  base:\n    build: {context: ./base}\n    image: acme/runtime:dev\n',
      'base/Dockerfile': `FROM node:22-slim\n${APP_USER}`,
      '.github/workflows/images.yml':
        'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with: {file: tools/Dockerfile.tools, tags: "ghcr.io/acme/toolbox:latest"}\n',
      'tools/Dockerfile.tools': `FROM debian:12-slim\n${APP_USER}`,
      'svc/Dockerfile': 'FROM acme/runtime:dev\nCMD ["node", "svc.js"]\n',
      'jobs/Dockerfile': 'FROM ghcr.io/acme/toolbox:latest\nCMD ["run"]\n',
    });
    expect(found).toEqual([]);
  });

  it('an official image never joins a folder of the same name, and an image built on a root base stays reported', async () => {
    const found = await rootFindings({
      'python/Dockerfile': `FROM python:3.12-slim\n${APP_USER}`,
      'agent/Dockerfile': 'FROM python:3.12-slim\nCMD ["python", "agent.py"]\n',
      'base/Dockerfile': 'FROM debian:12-slim\nRUN true\n',
      'api/Dockerfile': 'FROM acme/base:1\nCMD ["api"]\n',
    });
    expect(found).toEqual(['agent/Dockerfile:1', 'api/Dockerfile:1', 'base/Dockerfile:1']);
  });

  it('a public namespaced image is not the project folder of the same name unless the build parameterises it', async () => {
    const found = await rootFindings({
      'uv/Dockerfile': `FROM debian:12-slim\n${APP_USER}`,
      'tools/Dockerfile': 'FROM ghcr.io/astral-sh/uv:0.5-debian\nCMD ["uv", "run", "tool"]\n',
    });
    expect(found).toEqual(['tools/Dockerfile:1']);
  });

  it('test containers, dev containers and benchmark images are not deployed', async () => {
    const found = await rootFindings({
      'libs/core/tests/system/Dockerfile.gateway': 'FROM python:3.12-slim\nCMD ["gateway"]\n',
      '.devcontainer/Dockerfile': 'FROM ubuntu:24.04\nRUN apt-get update\n',
      'benchmarks/swe/Dockerfile': 'FROM python:3.12\nCMD ["run"]\n',
      'Dockerfile': 'FROM python:3.12-slim\nCMD ["agent"]\n',
    });
    expect(found).toEqual(['Dockerfile:1']);
  });
});

describe('deploy/runs-as-root and images that are not a running workload', () => {
  const rootSeverities = async (files: Record<string, string>) => {
    const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => `${f.location.path} ${f.severity}`).sort();
  };

  it('a base layer that only keeps itself alive is left to the image built on it', async () => {
    expect(
      await rootSeverities({
        'docker/base/Dockerfile': 'FROM debian:12-slim\nCOPY ./fs/ /\nRUN bash /ins/setup.sh\nCMD ["tail", "-f", "/dev/null"]\n',
        'docker/run/Dockerfile': 'FROM acme/agent-base:latest\nCOPY . /app\nCMD ["/app/start.sh"]\n',
      }),
    ).toEqual(['docker/run/Dockerfile low']);
    // Alone, a keep-alive image is a container something execs into (a sandbox): still reported.
    expect(await rootSeverities({ 'sandbox/Dockerfile': 'FROM python:3.12-slim\nRUN pip install numpy\nCMD ["sleep", "infinity"]\n' })).toEqual(['sandbox/Dockerfile low']);
  });

  it('an image only a test Compose file builds is a test\'s, and is not judged', async () => {
    const compose = 'services:\n  agent:\n    build:\n      context: ./agent\n      dockerfile: ../docker/Dockerfile.agent\n';
    expect(await rootSeverities({ 'docker-compose.test.yml': compose, 'docker/Dockerfile.agent': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n' })).toEqual([]);
    // Also built by the Compose file that runs the app: a workload.
    const both = { 'docker-compose.yml': compose, 'docker-compose.test.yml': compose, 'docker/Dockerfile.agent': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n' };
    expect(await rootSeverities(both)).toEqual(['docker/Dockerfile.agent low']);
    // Only a dev Compose file builds it: often the very image that is published and deployed.
    expect(await rootSeverities({ 'docker-compose-local.yml': compose, 'docker/Dockerfile.agent': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n' })).toEqual(['docker/Dockerfile.agent low']);
  });

  it('stubs, build tools\' images and sandbox templates are info, saying why', async () => {
    expect(
      await rootSeverities({
        'llm/Dockerfile': 'FROM ubuntu:22.04\nCOPY requirements.txt .\nRUN pip3 install -r requirements.txt\nCMD ["python3", "--version"]\n',
        'codegen.Dockerfile': 'FROM golang:1.23\nRUN go install example.com/gen@v1\nFROM python:3.12\nCOPY --from=0 /go /go\nCMD ["make", "generate"]\n',
        '.gcp/Dockerfile.acme-builder': 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y git\nENTRYPOINT \'/bin/bash\'\n',
        'templates/base/e2b.Dockerfile': 'FROM python:3.12\nRUN pip install numpy\n',
      }),
    ).toEqual(['.gcp/Dockerfile.acme-builder info', 'codegen.Dockerfile info', 'llm/Dockerfile info', 'templates/base/e2b.Dockerfile info']);
    // A builder-named image that carries the project's code, and a code-free image that starts a server, are workloads.
    expect(
      await rootSeverities({
        'Dockerfile.agent-builder': 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
        'mcp/Dockerfile': 'FROM python:3.12-slim\nRUN pip install acme-mcp==1.0\nCMD ["acme-mcp"]\n',
      }),
    ).toEqual(['Dockerfile.agent-builder low', 'mcp/Dockerfile low']);
  });
});

describe('deploy/unpinned-image and images the repository builds itself', () => {
  const unpinned = async (files: Record<string, string>) => {
    const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image' && f.severity !== 'info').map((f) => `${f.location.path} ${f.evidence}`);
  };
  const workflow = 'on: push\npermissions: {contents: read}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@16037e056d73b2d3c88e37e393ff369047f70886\n        with:\n          file: scripts/Dockerfile\n          tags: agent:latest\n          push: false\n';

  it('is not reported for a FROM of a bare name a build of the repository tags', async () => {
    expect(
      await unpinned({
        '.github/workflows/build.yml': workflow,
        'scripts/Dockerfile': 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nRUN pip install agent\n',
        'scripts/Dockerfile.eval': 'ARG BASE=agent:latest\nFROM ${BASE}\nRUN pip install evals\n',
      }),
    ).toEqual([]);
  });

  it('is reported for a bare name nothing in the repository builds', async () => {
    expect(await unpinned({ 'scripts/Dockerfile.eval': 'ARG BASE=agent:latest\nFROM ${BASE}\nRUN pip install evals\n' })).toEqual(['scripts/Dockerfile.eval agent:latest']);
  });
});

describe('deploy/unpinned-image and the project\'s own pushed image', () => {
  it('is low for an image a build of the repository tags, medium for any other', async () => {
    const release = 'on: push\npermissions: {contents: read}\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@16037e056d73b2d3c88e37e393ff369047f70886\n        with:\n          file: .container/Dockerfile\n          tags: maintainer/agent:latest\n          push: true\n';
    const compose = 'services:\n  agent:\n    image: maintainer/agent:latest\n  cache:\n    image: acme/cache:latest\n';
    const { report } = await scan({ paths: [tempTree({ '.github/workflows/release.yml': release, 'docker-compose.yml': compose, '.container/Dockerfile': 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nUSER 1000\n' })], threads: 1 });
    const sev = (image: string) => report.findings.find((f) => f.ruleId === 'deploy/unpinned-image' && f.evidence === image)?.severity;
    expect(sev('maintainer/agent:latest')).toBe('low');
    expect(sev('acme/cache:latest')).toBe('medium');
  });

  it('reads tags spelled through the workflow\'s env, in compose files and Kubernetes manifests alike', async () => {
    const release =
      'on: release\npermissions: {contents: read}\nenv:\n  REGISTRY_ALIAS: acme\n  REPOSITORY: agent\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@16037e056d73b2d3c88e37e393ff369047f70886\n        env:\n          ECR_REGISTRY: ${{ steps.login.outputs.registry }}\n        with:\n          push: true\n          tags: |\n            ${{ env.ECR_REGISTRY }}/${{ env.REGISTRY_ALIAS }}/${{ env.REPOSITORY }}:latest\n            ${{ env.MISSING }}/agent-ui:latest\n';
    const compose = 'services:\n  agent:\n    image: public.ecr.aws/acme/agent:latest\n  ui:\n    image: public.ecr.aws/acme/agent-ui:latest\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  containers:\n    - name: agent\n      image: public.ecr.aws/acme/agent:latest\n';
    const { report } = await scan({ paths: [tempTree({ '.github/workflows/release.yml': release, 'docker-compose.yml': compose, 'k8s/pod.yaml': pod, Dockerfile: 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nUSER 1000\n' })], threads: 1 });
    const sev = (path: string, image: string) => report.findings.find((f) => f.ruleId === 'deploy/unpinned-image' && f.location.path === path && f.evidence === image)?.severity;
    expect(sev('docker-compose.yml', 'public.ecr.aws/acme/agent:latest')).toBe('low');
    expect(sev('k8s/pod.yaml', 'public.ecr.aws/acme/agent:latest')).toBe('low');
    // A variable the workflow does not set leaves the name unknown: not the project's by this evidence.
    expect(sev('docker-compose.yml', 'public.ecr.aws/acme/agent-ui:latest')).toBe('medium');
  });
});
