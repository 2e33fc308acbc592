/**
 * code/missing-approval: a tool given to an agent performs a high-risk action (shell, code, file
 * deletion, payments, credentials, IAM, …) and no approval step guards it — neither on the tool,
 * nor inside it, nor on the agent in the same file.
 */
import type { CodeRule } from './rule.js';
import { frameworkName } from './rule.js';
import { isFrameworkSource } from './frameworks.js';
import { missingApprovalConfidence, reportable, worstSeverity } from './analysis.js';
import { HOW_TO_APPROVE, TOOL_MODULE } from './vocabulary.js';
import { approvalAsked, approvalQueue, approvalSentence, promptClip, promptOnlyAction } from './prompt-approval.js';
import { missingApprovalExamples } from './missing-approval-examples.js';
import { flowExamples } from './missing-approval-flow-examples.js';
import { guardExamples } from './missing-approval-guard-examples.js';
import { registeredToolExamples } from './missing-approval-registered-examples.js';
import { runnerExamples } from './missing-approval-runner-examples.js';
import { subAgentsOf } from './tool-sub-agents.js';
import { holdsInFile } from './agent-facts.js';
import { executedReplies, sameSink } from './model-output-executed.js';

export const missingApproval: CodeRule = {
  meta: {
    id: 'code/missing-approval',
    title: 'High-risk agent tool without human approval',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'medium',
    description:
      'An agent tool runs shell commands, executes code, deletes files, moves money, reads credentials or changes permissions, ' +
      'and no approval step (the framework\'s own human-in-the-loop mechanism or an explicit confirmation) guards it. A prompt ' +
      'injection or a wrong plan then acts with no human in the loop.',
    remediation:
      'Require approval for the tool with the framework\'s mechanism (needs_approval / needsApproval, interrupt(), ' +
      'HumanInTheLoopMiddleware, can_use_tool / PreToolUse hooks, require_confirmation, MCP elicitation, or for an MCP tool the annotation ' +
      'destructiveHint: true, which tells the host to ask the user), and narrow what it can do ' +
      '(allow-listed commands, a sandboxed directory, read-only credentials).',
    docs: {
      why: 'OWASP Agentic Top 10 (excessive agency, tool misuse): high-impact actions need a human or policy decision before they run.',
    },
    examples: {
      positive: [...missingApprovalExamples.positive, ...guardExamples.positive, ...registeredToolExamples.positive, ...runnerExamples.positive, ...flowExamples.positive],
      negative: [...missingApprovalExamples.negative, ...guardExamples.negative, ...registeredToolExamples.negative, ...runnerExamples.negative, ...flowExamples.negative],
    },
  },
  check(file, analysis, ctx) {
    const { agents } = analysis.model;
    const queue = approvalQueue(file.text);
    const promptOnly = agents.find((ag) => ag.instructions && approvalAsked(ag.instructions.text));
    const executed = executedReplies(file, analysis);
    for (const a of analysis.tools) {
      const all = reportable(a.risks);
      // A sink that runs the model's reply is code/model-output-executed's finding, which names this tool beside it: one sink, one finding.
      const risks = all.filter((r) => !executed.some((e) => sameSink(r, e.call)));
      if (a.approval.found) continue;
      // A framework's built-in risky tool made in the framework's own sources is the framework, not a deployment of it.
      if (a.tool.builtinRisk && isFrameworkSource(file, a.tool.framework, ctx.dependsOn?.bind(ctx))) continue;
      if (risks.length === 0 && all.length > 0) continue;
      if (risks.length === 0) {
        // A file with its own approval queue asks for approval in code, not only in the prompt.
        if (!queue) promptOnlyAction(file, a, agents, ctx);
        continue;
      }
      const first = risks[0]!;
      const classes = [...new Set(risks.map((r) => r.label))];
      const flow = first.inputs?.length ? `input ${first.inputs.map((i) => `"${i}"`).join(', ')} reaches ` : '';
      const place = first.site ? `${first.site.path}:${first.site.startLine}` : `line ${file.position(first.start).line}`;
      const where = `${flow}${first.evidence} at ${place}${first.path.length > 1 ? ` through ${first.path.join(' → ')}()` : ''}`;
      const readOnly = /^(?:True|true)$/.test(a.tool.annotations?.readOnlyHint?.trim() ?? '');
      // The agents the tool builds for its own work are not agents it is given to.
      const own = subAgentsOf(a.tool, analysis.model);
      // An agent naming its tools by registered name holds only those it names.
      const holders = agents.filter((ag) => !own.has(ag) && (!ag.registryRefs || holdsInFile(ag, a.tool)));
      const library = holders.length === 0 && a.tool.framework !== 'mcp';
      let why: string;
      if (a.approval.disabled) why = `approval is switched off on the tool (${a.approval.disabled.option}=${a.approval.disabled.value})`;
      else if (a.approval.partial) why = `the only human step found is ${a.approval.partial}`;
      else if (readOnly) why = 'the tool declares readOnlyHint, so MCP clients may run it without asking';
      else if (a.tool.framework === 'mcp') why = 'the server asks for no confirmation (no elicitation), so only the client\'s own settings stand between the model and the action';
      else if (queue) why = `the file queues changes for a human's approval in code (${queue}()), but this tool does not go through that queue: what it runs, runs at once`;
      else if (promptOnly) why = `the only approval is asked for in the agent's instructions ("${promptClip(approvalSentence(promptOnly.instructions!.text))}"), and a prompt is not a control: the model can skip it or be talked out of it`;
      else if (!library) why = 'no approval step was found on the tool or the agent in this file';
      else why = `no approval step was found on the tool; ${TOOL_MODULE}`;
      const how = HOW_TO_APPROVE[a.tool.framework];
      ctx.report({
        ruleId: 'code/missing-approval',
        message: `Tool "${a.tool.name}" (${frameworkName(a.tool.framework)} ${a.tool.via}) ${classes.join(', ')} (${where}), and ${why}.`,
        span: a.tool.at,
        key: `tool:${a.tool.name}`,
        evidence: first.evidence,
        severity: library ? 'low' : worstSeverity(risks),
        confidence: readOnly || (promptOnly && !queue) ? 'high' : missingApprovalConfidence(a, holders.length > 0),
        remediation: how
          ? `Add approval: ${how}. Also narrow what the tool can reach (allow-listed commands, a sandboxed directory, least-privilege credentials).`
          : undefined,
        related: risks.slice(0, 5).map((r) => ({
          ...(r.site ?? file.location({ start: r.start, end: r.end })),
          message: `${r.label}: ${r.evidence}${r.inputs?.length ? ` (from input ${r.inputs.join(', ')})` : ''}${r.site ? ` through ${r.path.slice(1).join(' → ')}()` : ''}`,
        })),
      });
    }
  },
};
