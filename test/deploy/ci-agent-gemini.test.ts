/**
 * deploy/ci-agent-unrestricted on an agent action that passes its own approvals-off switch
 * (run-gemini-cli always runs `gemini --yolo`, `actions:` of rules/code/agent-cli.yaml): what its
 * settings leave open, whether the job's token and OIDC reach it, and how `--yolo` is worded.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const found = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === 'deploy/ci-agent-unrestricted');

const job = (permissions: string, before: string, env: string, settings: string) =>
  `on:\n  issues:\n    types: [opened]\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    permissions: ${permissions}\n    steps:\n${before}` +
  `      - uses: google-github-actions/run-gemini-cli@v0\n        env:\n          ISSUE_BODY: \${{ github.event.issue.body }}\n${env}        with:\n          gemini_api_key: \${{ secrets.GEMINI_API_KEY }}\n          prompt: Label the issue.\n${settings}`;

describe('run-gemini-cli in a workflow', () => {
  it('is high where its commands can mint an OIDC token on issue text, naming id-token for what it is', async () => {
    const [f] = await found('.github/workflows/triage.yml', job('{contents: read, issues: read, id-token: write}', '', "          GITHUB_TOKEN: ''\n", ''));
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/with no tool allowlist in its settings \(tools\.core\)/);
    expect(f?.message).toMatch(/id-token: write \(its commands can mint an OIDC token for any cloud role that trusts this repository\)/);
    expect(f?.message).not.toMatch(/sandbox/);
  });

  it("counts the job's token only when the step is given it or a checkout left it in .git/config", async () => {
    const given = await found('.github/workflows/t.yml', job('{contents: write}', '', '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n', ''));
    expect(given[0]?.message).toMatch(/while holding a token with contents: write/);
    const persisted = await found('.github/workflows/t.yml', job('{contents: write}', '      - uses: actions/checkout@v4\n', '', ''));
    expect(persisted[0]?.message).toMatch(/while holding a token with contents: write/);
    const neither = await found('.github/workflows/t.yml', job('{contents: write}', '      - uses: actions/checkout@v4\n        with: {persist-credentials: false}\n', '', ''));
    expect(neither[0]?.message).not.toMatch(/contents: write/);
    expect(neither[0]?.severity).toBe('medium');
  });

  it('judges the shell rules of its allowlist: a command that runs anything is reported, one that does not is not', async () => {
    const settings = (core: string) => `          settings: '{"tools": {"core": [${core}]}}'\n`;
    const [f] = await found('.github/workflows/t.yml', job('{contents: read}', '', '', settings('"run_shell_command(gh issue view)", "run_shell_command(find)"')));
    expect(f?.message).toMatch(/allows run_shell_command\(find\) in settings tools\.core, with which it can run any program through `find -exec`/);
    expect(await found('.github/workflows/t.yml', job('{contents: read}', '', '', settings('"run_shell_command(echo)", "run_shell_command(gh issue view)"')))).toEqual([]);
  });

  it('reads settings it cannot parse by their allowlist key', async () => {
    const unparsable = "          settings: |\n            {\"tools\": {\"core\": ${{ vars.CORE_TOOLS }}}, \"model\": ${{ vars.MODEL_SETTINGS }} }\n";
    expect(await found('.github/workflows/t.yml', job('{contents: read}', '', '', unparsable))).toEqual([]);
  });
});

describe('--yolo in a composite action, as each CLI means it', () => {
  const action = (line: string) => `name: agent\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: ${line}\n`;

  it("says Gemini CLI's skips the prompts, not that it turns the sandbox off", async () => {
    const [f] = await found('action.yml', action('gemini --yolo --prompt "$PROMPT"'));
    expect(f?.message).toMatch(/runs every tool call and command without asking \(--yolo\)/);
    expect(f?.message).not.toMatch(/sandbox/);
  });

  it("says Codex's turns the sandbox off too", async () => {
    const [f] = await found('action.yml', action('codex exec --yolo "$PROMPT"'));
    expect(f?.message).toMatch(/turns off approvals and the sandbox \(--yolo\)/);
  });
});
