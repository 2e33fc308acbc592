/**
 * The quick test before code/agent-cli-approvals-off parses a file is built from the switch list
 * itself: the literal text each switch pattern needs. A switch added to the list is never missed by
 * it, and a text without any switch's text is left at once.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentClis, requiredLiterals } from '../../src/rules/code/agent-cli.js';
import { tempTree } from '../helpers/tmp.js';

describe('literal text a switch pattern needs', () => {
  it.each([
    ['--dangerously-skip-permissions\\b', [['--dangerously-skip-permissions']]],
    ['--permission-mode[ =]+["\']?bypassPermissions\\b', [['--permission-mode', 'bypassPermissions']]],
    ['--x\\b|(?:^|\\s)--yolo\\b', [['--x'], ['--yolo']]],
    ['(?:--sandbox|\\s-s)[ =]+danger-full-access', [['danger-full-access']]],
    ['(?:^|\\s)-a[ =]+never\\b', [['-a', 'never']]],
    // A quantifier takes back the character it makes optional; `+` leaves it (it is there at least once).
    ['--colou?r-mode', [['--colo', 'r-mode']]],
    ['--ab+c', [['--ab']]],
    ['--allow[ =]+Bash(?:\\(\\*\\))?', [['--allow', 'Bash']]],
    // Escaped punctuation is literal; `\\x41`, `\\u0041`, `\\d` are not taken for the characters they are written with.
    ['--a\\.b\\x41cd', [['--a.b', 'cd']]],
    ['--on\\u0041ff', [['--on', 'ff']]],
    // An alternative with no run of two characters leaves any text possible.
    ['--x|\\s-\\w', undefined],
    ['[a-z]+', undefined],
  ])('%s', (pattern, expected) => {
    expect(requiredLiterals(pattern)).toEqual(expected);
    // What is required is really there in every text the pattern matches, on the samples below.
    for (const sample of ['--dangerously-skip-permissions', ' --permission-mode bypassPermissions', ' --yolo', ' -s danger-full-access', ' -a never', '--color-mode', '--abbbc', '--allow Bash(*)', '--a.bAcd', '--onAff']) {
      if (new RegExp(pattern).test(sample) && expected) expect(expected.some((runs) => runs.every((r) => sample.includes(r)))).toBe(true);
    }
  });
});

describe('the quick test built from the list', () => {
  it('lets through every text that holds a switch of the shipped list, and leaves text without one', () => {
    const { mayHoldFlag } = loadAgentClis();
    for (const line of [
      'claude -p "$PROMPT" --dangerously-skip-permissions',
      '["--permission-mode", "bypassPermissions"]',
      "codex exec '--yolo'",
      'gemini --approval-mode=yolo',
      'codex --sandbox danger-full-access',
      'codex -s danger-full-access',
      'codex -a never exec',
      'codex --ask-for-approval never',
      'copilot --allow-all-tools',
      'aider --yes-always',
      'droid -p "fix it" --auto',
      'amp --allow Bash',
      'claude --permission-mode acceptEdits',
      'qwen --approval-mode auto_edit',
      'codex --full-auto',
    ]) {
      expect(mayHoldFlag(line), line).toBe(true);
    }
    expect(mayHoldFlag('import { spawn } from "node:child_process";\nspawn("claude", ["-p", prompt]);\n// never ask twice\n')).toBe(false);
    expect(mayHoldFlag('x = y - z; // ------------------------\n--i;\n')).toBe(false);
  });

  it('follows a switch added to the list', () => {
    const shipped = loadAgentClis();
    expect(shipped.mayHoldFlag('goose run --no-confirm')).toBe(false);
    const file = path.join(tempTree(), 'agent-cli.yaml');
    writeFileSync(
      file,
      'version: 1\nclis:\n  - { name: goose, programs: [goose] }\nflags:\n  - pattern: \'--no-confirm\\b\'\n    effect: bypass\n    why: runs every tool without asking (--no-confirm)\n',
    );
    expect(loadAgentClis(file).mayHoldFlag('goose run --no-confirm')).toBe(true);
  });
});
