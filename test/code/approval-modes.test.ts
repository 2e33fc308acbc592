/**
 * code/approval-bypassed on a mode the code selects at run time: a bypass set on one branch of a
 * condition (a flag, a setting, the caller's choice) is reported low, saying so; the same setting
 * taken unconditionally, or under a script's entry-point guard, stays high.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const bypass = async (relPath: string, text: string) =>
  (await analyzeCodeFile(relPath, text)).findings.filter((f) => f.ruleId === 'code/approval-bypassed').map((f) => `${f.location.startLine} ${f.severity}`);

describe('approval bypass chosen at run time', () => {
  it('TypeScript: an if branch, a conditional expression and a switch case select the mode: low, with the reason', async () => {
    const code = [
      "import { query } from '@anthropic-ai/claude-agent-sdk';",
      'export function optionsFor(mode: string) {',
      "  if (mode === 'allow-all') {",
      "    return { permissionMode: 'bypassPermissions', allowDangerouslySkipPermissions: true };",
      '  }',
      "  return { permissionMode: 'default', allowDangerouslySkipPermissions: false, canUseTool: askUser };",
      '}',
      "export const yolo = (on: boolean) => (on ? { permissionMode: 'bypassPermissions' } : { permissionMode: 'default' });",
      'export function byName(name: string) {',
      '  switch (name) {',
      "    case 'ci': return { permissionMode: 'bypassPermissions' };",
      "    default: return { permissionMode: 'default' };",
      '  }',
      '}',
    ].join('\n');
    expect(await bypass('src/bridge.ts', code)).toEqual(['4 low', '4 low', '8 low', '11 low']);
    const [first] = (await analyzeCodeFile('src/bridge.ts', code)).findings;
    expect(first!.message).toMatch(/one branch of a condition: the code selects this mode at run time/);
  });

  it('TypeScript: set unconditionally, or under the entry-point guard, it stays high', async () => {
    const code = [
      "import { query } from '@anthropic-ai/claude-agent-sdk';",
      "const options = { permissionMode: 'bypassPermissions' };",
      'if (import.meta.main) {',
      "  for await (const m of query({ prompt: 'fix it', options: { permissionMode: 'bypassPermissions' } })) console.log(m);",
      '}',
    ].join('\n');
    expect(await bypass('src/agent.ts', code)).toEqual(['2 high', '4 high']);
  });

  it('Python: an if/else branch or a conditional expression selects the mode: low; under the __main__ guard: high', async () => {
    const code = [
      'from claude_agent_sdk import ClaudeAgentOptions, query',
      '',
      'def options(yolo: bool):',
      '    if yolo:',
      '        return ClaudeAgentOptions(permission_mode="bypassPermissions")',
      '    return ClaudeAgentOptions(permission_mode="default")',
      '',
      'def pick(ci: bool):',
      '    return ClaudeAgentOptions(permission_mode="bypassPermissions") if ci else ClaudeAgentOptions(permission_mode="default")',
      '',
      'if __name__ == "__main__":',
      '    opts = ClaudeAgentOptions(permission_mode="bypassPermissions")',
    ].join('\n');
    expect(await bypass('agents/coder.py', code)).toEqual(['5 low', '9 low', '12 high']);
  });

  it('the SDK switch that only allows the bypass mode: low unless the bypass mode is given beside it', async () => {
    const code = [
      "import { query } from '@anthropic-ai/claude-agent-sdk';",
      'export function start(prompt: string, mode: PermissionMode) {',
      '  const options = {',
      '    allowDangerouslySkipPermissions: true,',
      '    permissionMode: mode,',
      '    canUseTool: askUser,',
      '  };',
      '  return query({ prompt, options });',
      '}',
      "export const unattended = { allowDangerouslySkipPermissions: true, permissionMode: 'bypassPermissions' };",
      'export const bare = { allowDangerouslySkipPermissions: true };',
    ].join('\n');
    expect(await bypass('src/session.ts', code)).toEqual(['4 low', '10 high', '10 high', '11 low']);
    const [first] = (await analyzeCodeFile('src/session.ts', code)).findings;
    expect(first!.message).toMatch(/may be switched to "bypassPermissions".*starts in is mode/);
    const py = 'from claude_agent_sdk import ClaudeAgentOptions\n\nopts = ClaudeAgentOptions(allow_dangerously_skip_permissions=True, permission_mode=settings.mode)\n';
    expect(await bypass('agents/session.py', py)).toEqual(['3 low']);
  });
});
