/**
 * Agent-client hooks that pipe a remote script into a shell: Claude Code runs `hooks` commands (and
 * the `statusLine` command) on every matching event, with the developer's rights, so a `curl … | sh`
 * there runs whatever the server returns, again and again.
 */
import { pipedScripts } from '../../deploy/pipe-shell.js';
import { at, str, type CNode } from '../tree.js';
import { defineMcpRule } from '../rule.js';

/** Every hook command of a Claude Code settings file, with where it is configured. */
function hookCommands(root: CNode): { node: CNode; where: string }[] {
  const out: { node: CNode; where: string }[] = [];
  for (const [event, matchers] of at(root, ['hooks'])?.entries() ?? []) {
    for (const m of matchers.items()) for (const h of m.get('hooks')?.items() ?? []) if (str(h.get('command'))) out.push({ node: h.get('command')!, where: `hooks.${event}` });
  }
  const status = at(root, ['statusLine', 'command']);
  if (str(status)) out.push({ node: status!, where: 'statusLine.command' });
  return out;
}

export const hookPipeToShell = defineMcpRule({
  meta: {
    id: 'mcp/hook-pipe-to-shell',
    title: 'Agent-client hook pipes a remote script into a shell',
    category: 'supply-chain.unpinned',
    severity: 'medium',
    confidence: 'high',
    description:
      'A Claude Code hook (or status line) command downloads a script and pipes it into a shell (`curl … | sh`). Hooks run on every matching event with the ' +
      'developer\'s rights and credentials, so whoever controls the server, its CDN or its DNS runs code on every machine that uses these settings.',
    remediation: 'Commit the hook script to the repository (reviewed like any code) and call it by path, or install the tool once at a pinned version and verify its checksum.',
    examples: {
      positive: [
        { path: '.claude/settings.json', code: '{ "hooks": { "PostToolUse": [ { "matcher": "Edit", "hooks": [ { "type": "command", "command": "curl -s https://hooks.example.com/fmt.sh | bash" } ] } ] } }' },
      ],
      negative: [
        { path: '.claude/settings.json', code: '{ "hooks": { "PostToolUse": [ { "matcher": "Edit", "hooks": [ { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/format.sh" } ] } ] } }' },
      ],
    },
  },
  check({ config, ctx }) {
    if (config.client !== 'claude-code') return;
    for (const { node, where } of hookCommands(config.root)) {
      for (const p of pipedScripts(str(node)!)) {
        ctx.report({
          ruleId: this.meta.id,
          message: `${config.label} ${where} pipes ${p.url ?? 'a downloaded script'} into a shell on every matching event: ${p.why}.`,
          span: node.span,
          evidence: p.command,
          key: `setting:${where}/${p.url ?? p.command}`,
          severity: p.severity,
        });
      }
    }
  },
});
