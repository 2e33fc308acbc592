/**
 * Approval asked for only in an agent's instructions ("ask the user to approve before …"): a prompt
 * is not a control, the model can skip it or be talked out of it. How such a request is recognised
 * (and told apart from a status report back, "confirm the report was saved"), and the finding for a
 * bounded action whose agent asks for approval only there.
 */
import type { SourceFile } from '../../core/source.js';
import type { AnalyzerContext } from '../../core/rule.js';
import type { ToolAssessment } from './analysis.js';
import type { AgentDecl } from './model.js';
import { frameworkName } from './rule.js';
import { HOW_TO_APPROVE } from './vocabulary.js';
import { clip, maskNamedValues } from '../../core/redact.js';

/**
 * An approval queue in the code itself: a function or method named for approving (`approveAction`,
 * `approve_change`) beside a pending state (`'pending'`), as where the agent's writes are stored as
 * proposals a human approves before they run. The approval asked for in the instructions is then not
 * the only one; its name, for the message.
 */
export function approvalQueue(text: string): string | undefined {
  if (!/(['"`])pending\1/i.test(text)) return undefined;
  const m = /^[ \t]*(?:(?:public|private|protected|static|export)\s+)*(?:async\s+)?(?:function\s+|def\s+)?(_?approve\w*)\s*\([^)\n]*\)\s*(?::[^{\n]*)?[{:]/im.exec(text);
  return m?.[1];
}

/**
 * A bounded action (a write to the tool's own API, a message to a fixed destination) is not a
 * finding by itself; but when the agent that holds the tool is told in its instructions to get
 * approval first, its authors wanted a human in the loop, and a prompt is not one: reported, low.
 * Not called for a file with its own approval queue (`approvalQueue`): the caller tells that once per file.
 */
export function promptOnlyAction(file: SourceFile, a: ToolAssessment, agents: AgentDecl[], ctx: AnalyzerContext): void {
  const action = a.contained.find((c) => c.riskClass !== 'network-fetch');
  if (!action) return;
  const agent = agents.find((ag) => ag.instructions && approvalAsked(ag.instructions.text) && (!ag.tools || ag.tools.some((t) => t === a.tool.name || a.tool.name.startsWith(`${t} `))));
  if (!agent) return;
  const line = file.position(action.start).line;
  ctx.report({
    ruleId: 'code/missing-approval',
    message:
      `Tool "${a.tool.name}" (${frameworkName(a.tool.framework)} ${a.tool.via}) acts (${action.evidence} at line ${line}; bounded: ${action.reason}), ` +
      `and the only approval is asked for in the agent's instructions ("${promptClip(approvalSentence(agent.instructions!.text))}"): a prompt is not a control, the model can skip it or be talked out of it.`,
    span: a.tool.at,
    key: `tool:${a.tool.name}`,
    evidence: action.evidence,
    severity: 'low',
    confidence: 'high',
    remediation: HOW_TO_APPROVE[a.tool.framework] ? `Add approval: ${HOW_TO_APPROVE[a.tool.framework]}.` : undefined,
    related: [{ ...file.location({ start: agent.instructions!.start, end: agent.instructions!.end }), message: 'approval asked for only in the prompt' }],
  });
}

/** Instructions that ask the model to get approval: words, not a mechanism. */
const PROMPT_APPROVAL = /\b(?:approv\w*|confirm\w*|permission|sign[- ]?off|ask (?:the )?(?:user|manager|human|supervisor|admin)\w*|human review)\b/gi;

/**
 * A `confirm` that asks the model to report a result back ("confirm the report was saved", "confirm
 * that the file is written"): it checks what the tool did, it asks nobody for a go-ahead.
 */
const REPORT_BACK = /^confirm(?:s|ing)?\s+(?:to\s+the\s+user\s+)?(?:that\s+)?(?:[\w'-]+\s+){0,6}?(?:was|were|is|are|has|have|had)\b/i;

/** Where a prompt asks for approval: the first such word that is not a report back. */
export function approvalAsked(text: string): RegExpExecArray | undefined {
  for (const m of text.matchAll(PROMPT_APPROVAL)) if (!REPORT_BACK.test(text.slice(m.index, m.index + 120))) return m as RegExpExecArray;
  return undefined;
}

/** The sentence of a prompt that asks for approval. */
export function approvalSentence(text: string): string {
  const m = approvalAsked(text);
  if (!m) return text;
  const start = Math.max(text.lastIndexOf('.', m.index), text.lastIndexOf('\n', m.index), text.lastIndexOf('!', m.index)) + 1;
  return text.slice(start);
}

/** A sentence of the prompt as shown in a message: on one line, at most 80 characters, values given to names for secrets masked. */
export function promptClip(text: string): string {
  return clip(maskNamedValues(text.replace(/\s+/g, ' ').trim()), 80);
}
