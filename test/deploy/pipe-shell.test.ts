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
