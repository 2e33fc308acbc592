/**
 * The delegation graph and code/unapproved-delegation on small repositories written for this test:
 * per framework, a chain that reaches a risky tool with no approval, and its twin made safe
 * (approval on the hand-off or the tool, or a read-only leaf).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryItem } from '../../src/core/rule.js';
import type { Finding } from '../../src/core/types.js';
import { runProjectAnalyzers, scan } from '../../src/engine/scan.js';
import { buildDelegationGraph, type DelegationGraph } from '../../src/rules/code/delegation-graph.js';
import { unapprovedDelegation } from '../../src/rules/code/unapproved-delegation.js';
import { analyzeCodeFile } from './helpers.js';

async function repo(files: Record<string, string>): Promise<{ findings: Finding[]; graph: DelegationGraph; inventory: InventoryItem[] }> {
  const inventory: InventoryItem[] = [];
  for (const [p, text] of Object.entries(files)) {
    const r = await analyzeCodeFile(p, text);
    expect(r.errors, p).toEqual([]);
    inventory.push(...r.inventory);
  }
  const findings = await runProjectAnalyzers({ identities: [], inventory }, [unapprovedDelegation]);
  return { findings, graph: buildDelegationGraph(inventory), inventory };
}

const edges = (g: DelegationGraph) => {
  const name = new Map(g.agents.map((a) => [a.id, a.name]));
  return g.edges.map((e) => `${name.get(e.from)} -${e.kind}-> ${name.get(e.to)}${e.approval ? ' (approved)' : ''}`).sort();
};

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/delegation');

describe('fixtures: a three-agent chain across modules', () => {
  it('reports the entry hand-off, naming the chain, the risky tool and each hop', async () => {
    const { report } = await scan({ paths: [path.join(FIXTURES, 'openai-chain')] });
    const f = report.findings.filter((x) => x.ruleId === 'code/unapproved-delegation');
    expect(f).toHaveLength(1);
    expect(f[0]!.location).toMatchObject({ path: 'app/triage.py', startLine: 8 });
    expect(f[0]!.message).toContain('"triage" → "support" → "ops"');
    expect(f[0]!.message).toContain('"run_command"');
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.category).toBe('oversight.missing-approval');
    expect(f[0]!.related?.map((r) => `${r.path}:${r.startLine}`)).toEqual(['app/agents/support.py:9', 'app/agents/ops.py:5', 'app/tools/shell.py:8']);
  });

  it.each(['openai-chain-approved', 'openai-chain-readonly'])('%s: nothing on the delegation', async (dir) => {
    const { report } = await scan({ paths: [path.join(FIXTURES, dir)] });
    expect(report.findings.filter((x) => x.ruleId === 'code/unapproved-delegation')).toEqual([]);
  });
});

const SHELL_PY = (decorator: string, imports: string) => `import subprocess\n${imports}\n\n${decorator}\ndef run_shell(cmd: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n`;

describe('Google ADK: sub_agents and AgentTool', () => {
  const files = (confirm: boolean) => ({
    'svc/tools.py': SHELL_PY('', 'from google.adk.tools import FunctionTool') + (confirm ? 'shell = FunctionTool(run_shell, require_confirmation=True)\n' : 'shell = FunctionTool(run_shell)\n'),
    'svc/executor.py': 'from google.adk.agents import LlmAgent\nfrom svc.tools import shell\n\nexecutor = LlmAgent(name="executor", model="gemini-2.0-flash", tools=[shell])\n',
    'svc/agent.py':
      'from google.adk.agents import LlmAgent\nfrom google.adk.tools.agent_tool import AgentTool\nfrom .executor import executor\n\n' +
      'planner = LlmAgent(name="planner", model="gemini-2.0-flash", tools=[AgentTool(agent=executor)])\n' +
      'root_agent = LlmAgent(name="root", model="gemini-2.0-flash", sub_agents=[planner])\n',
  });

  it('root → planner → executor with an unconfirmed shell is reported', async () => {
    const { findings, graph } = await repo(files(false));
    expect(edges(graph)).toEqual(['planner -agent-tool-> executor', 'root -sub-agent-> planner']);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('"root" → "planner" → "executor"');
  });

  it('require_confirmation on the tool: nothing', async () => {
    expect((await repo(files(true))).findings).toEqual([]);
  });
});

describe('Agno teams', () => {
  const files = (toolkit: string) => ({
    'team.py':
      `from agno.agent import Agent\nfrom agno.team import Team\nfrom agno.tools.shell import ShellTools\n\n` +
      `devops = Agent(name="devops", tools=[${toolkit}])\nwriter = Agent(name="writer")\nlead = Team(name="lead", members=[devops, writer])\n`,
  });

  it('a team whose member runs shell commands is reported', async () => {
    const { findings, graph } = await repo(files('ShellTools()'));
    expect(edges(graph)).toEqual(['lead -member-> devops', 'lead -member-> writer']);
    expect(findings.map((f) => f.evidence)).toEqual(['"lead" → "devops"']);
  });

  it('the same member with the shell function confirmed: nothing', async () => {
    expect((await repo(files('ShellTools(requires_confirmation_tools=["run_shell_command"])'))).findings).toEqual([]);
  });
});

describe('CrewAI', () => {
  const crew = (process: string, delegation: string) => ({
    'crew.py':
      SHELL_PY('@tool("Run shell")', 'from crewai import Agent, Crew, Process, Task\nfrom crewai.tools import tool') +
      `\nmanager = Agent(role="manager", goal="Plan", backstory="Plans"${delegation})\nengineer = Agent(role="engineer", goal="Fix", backstory="Fixes", tools=[run_shell])\n` +
      `crew = Crew(agents=[manager, engineer], tasks=[], process=${process})\n`,
  });

  it('a hierarchical crew hands tasks to an engineer with a shell tool', async () => {
    const { findings, graph } = await repo(crew('Process.hierarchical', ''));
    expect(edges(graph)).toEqual(['crew -manager-> engineer', 'crew -manager-> manager']);
    expect(findings).toHaveLength(1);
  });

  it('allow_delegation=True lets an agent hand work to its co-worker', async () => {
    const { findings } = await repo(crew('Process.sequential', ', allow_delegation=True'));
    expect(findings.map((f) => f.evidence)).toEqual(['"manager" → "engineer"']);
  });

  it('twelve co-workers who may all delegate to each other: one finding for the shell, found at once', async () => {
    const agents = Array.from({ length: 12 }, (_, i) => `a${i} = Agent(role="r${i}", goal="g", backstory="b", allow_delegation=True${i === 7 ? ', tools=[run_shell]' : ''})`).join('\n');
    const { findings, graph } = await repo({ 'crew.py': SHELL_PY('@tool("Run shell")', 'from crewai import Agent, Crew\nfrom crewai.tools import tool') + `\n${agents}\n` });
    expect(graph.edges).toHaveLength(12 * 11);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toMatch(/^"r\d+" → "r7"$/);
  });

  it('a sequential crew without delegation hands nothing over', async () => {
    const { findings, graph } = await repo(crew('Process.sequential', ''));
    expect(graph.edges).toEqual([]);
    expect(findings).toEqual([]);
  });
});

describe('LangGraph supervisor and AutoGen teams', () => {
  it('create_supervisor over a react agent with a shell tool', async () => {
    const { findings } = await repo({
      'graph.py':
        SHELL_PY('@tool', 'from langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\nfrom langgraph_supervisor import create_supervisor') +
        '\nops = create_react_agent(model, tools=[run_shell], name="ops")\nsupervisor = create_supervisor(agents=[ops], model=model).compile()\n',
    });
    expect(findings).toHaveLength(1);
  });

  it('a supervisor compiled with interrupt_before approves its hand-offs', async () => {
    const { findings } = await repo({
      'graph.py':
        SHELL_PY('@tool', 'from langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\nfrom langgraph_supervisor import create_supervisor') +
        '\nops = create_react_agent(model, tools=[run_shell], name="ops", interrupt_before=["tools"])\nsupervisor = create_supervisor(agents=[ops], model=model).compile()\n',
    });
    expect(findings).toEqual([]);
  });

  it('a StateGraph whose nodes run agents: a node function and an agent given directly', async () => {
    const files = (compile: string) => ({
      'workers.py':
        SHELL_PY('@tool', 'from langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent') +
        '\nops = create_react_agent(model, tools=[run_shell], name="ops")\nwriter = create_react_agent(model, tools=[], name="writer")\n',
      'graph.py':
        'from langgraph.graph import StateGraph, START\nfrom workers import ops, writer\n\n' +
        'def ops_node(state):\n    return ops.invoke(state)\n\nbuilder = StateGraph(State)\nbuilder.add_node("ops", ops_node)\nbuilder.add_node("writer", writer)\n' +
        `builder.add_edge(START, "ops")\ngraph = builder.compile(${compile})\n`,
    });
    const { findings, graph } = await repo(files(''));
    expect(edges(graph)).toEqual(['builder -node-> ops', 'builder -node-> writer']);
    expect(findings.map((f) => f.evidence)).toEqual(['"builder" → "ops"']);
    expect((await repo(files('interrupt_before=["ops"]'))).findings).toEqual([]);
  });

  it('an AutoGen selector group chat with a shell participant', async () => {
    const { findings } = await repo({
      'team.py':
        SHELL_PY('', 'from autogen_agentchat.agents import AssistantAgent\nfrom autogen_agentchat.teams import SelectorGroupChat') +
        '\nplanner = AssistantAgent("planner", model_client=client)\nrunner = AssistantAgent("runner", model_client=client, tools=[run_shell])\nteam = SelectorGroupChat([planner, runner], model_client=client)\n',
    });
    expect(findings.map((f) => f.evidence)).toEqual(['"team" → "runner"']);
  });
});

describe('agents used as tools through a function', () => {
  const files = (approval: string) => ({
    'bot.py':
      SHELL_PY('@function_tool', 'from agents import Agent, Runner, function_tool') +
      `\nops = Agent(name="ops", tools=[run_shell])\n\n@function_tool${approval}\nasync def ask_ops(task: str) -> str:\n    """Ask the ops agent."""\n    return (await Runner.run(ops, task)).final_output\n\nfront = Agent(name="front", tools=[ask_ops])\n`,
  });

  it('a tool that runs the risky agent is a hand-off', async () => {
    const { findings, graph } = await repo(files(''));
    expect(edges(graph)).toEqual(['front -agent-tool-> ops']);
    expect(findings).toHaveLength(1);
  });

  it('approval on that tool approves the hand-off', async () => {
    const { findings, graph } = await repo(files('(needs_approval=True)'));
    expect(edges(graph)).toEqual(['front -agent-tool-> ops (approved)']);
    expect(findings).toEqual([]);
  });

  it('Strands: a tool that builds and calls an agent', async () => {
    const { findings } = await repo({
      'assistant.py':
        SHELL_PY('@tool', 'from strands import Agent, tool') +
        '\n@tool\ndef sysadmin(task: str) -> str:\n    """Delegate a host task."""\n    helper = Agent(system_prompt="You run commands.", tools=[run_shell])\n    return str(helper(task))\n\norchestrator = Agent(tools=[sysadmin])\n',
    });
    expect(findings).toHaveLength(1);
  });
});

describe('hand-offs in a cycle', () => {
  it('triage ⇄ billing: each is an entry, the risky tool is reported once per entry hand-off', async () => {
    const { findings } = await repo({
      'bots.py':
        SHELL_PY('@function_tool', 'from agents import Agent, function_tool') +
        '\ndef make_billing():\n    return Agent(name="billing", tools=[run_shell], handoffs=[make_triage()])\n\n' +
        'def make_triage():\n    return Agent(name="triage", handoffs=[make_billing()])\n',
    });
    // billing → triage → billing stops where it started; billing's own tool is not a delegation.
    expect(findings.map((f) => f.evidence)).toEqual(['"triage" → "billing"']);
  });
});

describe('TypeScript: OpenAI Agents JS', () => {
  const files = (approval: string) => ({
    'src/tools.ts':
      "import { tool } from '@openai/agents';\nimport { z } from 'zod';\nimport { execSync } from 'node:child_process';\n\n" +
      `export const runShell = tool({\n  name: 'run_shell',\n  description: 'Run a shell command',\n  parameters: z.object({ cmd: z.string() }),${approval}\n  execute: async ({ cmd }) => execSync(cmd).toString(),\n});\n`,
    'src/ops.ts': "import { Agent } from '@openai/agents';\nimport { runShell } from './tools';\n\nexport const ops = new Agent({ name: 'ops', tools: [runShell] });\n",
    'src/triage.ts':
      "import { Agent } from '@openai/agents';\nimport { ops } from './ops.js';\n\n" +
      "const support = new Agent({ name: 'support', tools: [ops.asTool({ toolName: 'ops', toolDescription: 'Operate' })] });\nexport const triage = new Agent({ name: 'triage', handoffs: [support] });\n",
  });

  it('triage → support → ops with an unapproved shell tool', async () => {
    const { findings, graph } = await repo(files(''));
    expect(edges(graph)).toEqual(['support -agent-tool-> ops', 'triage -handoff-> support']);
    expect(findings.map((f) => f.evidence)).toEqual(['"triage" → "support" → "ops"']);
  });

  it('needsApproval on the tool: nothing', async () => {
    expect((await repo(files('\n  needsApproval: true,'))).findings).toEqual([]);
  });
});

describe('agentwarden tools --graph', () => {
  const dir = path.join(FIXTURES, 'openai-chain');

  it('prints DOT by default: agents, hand-offs, tools, the unapproved chain in red', async () => {
    const { cli } = await import('../helpers/cli.js');
    const r = cli(['tools', dir, '--graph']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph delegation \{/);
    expect(r.stdout).toContain('a2 -> a1 [label="handoff", color=red');
    expect(r.stdout).toContain('a1 -> a0 [label="agent-tool", color=red');
    expect(r.stdout).toMatch(/t0 \[label="run_command\\nruns shell commands · app\/tools\/shell.py:8", shape=ellipse, color=red/);
  });

  it('prints Mermaid, and an approved hand-off is drawn as approved', async () => {
    const { cli } = await import('../helpers/cli.js');
    const r = cli(['tools', path.join(FIXTURES, 'openai-chain-approved'), '--graph', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect(r.stdout).toContain('a1 -. "agent-tool (approval)" .-> a0');
    expect(r.stdout).not.toContain('linkStyle');
  });

  it('an unknown graph format is a usage error; without --graph the table is unchanged', async () => {
    const { cli } = await import('../helpers/cli.js');
    const bad = cli(['tools', dir, '--graph', 'svg']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown graph format "svg"');
    const table = cli(['tools', dir, '--format', 'json']);
    const tools = JSON.parse(table.stdout).tools as Record<string, unknown>[];
    expect(tools.map((t) => t.name)).toEqual(['run_command', 'disk_usage']);
    for (const t of tools) expect(Object.keys(t)).not.toContain('binding');
  });
});

describe('shapes seen in real repositories', () => {
  it('Agent[Context](…), a hand-off appended later, and as_tool assigned before it is listed', async () => {
    const { graph } = await repo({
      'service.py':
        SHELL_PY('@function_tool', 'from agents import Agent, function_tool') +
        '\nops = Agent[Ctx](name="ops", tools=[run_shell])\nfaq = Agent[Ctx](name="faq")\ntriage = Agent[Ctx](name="triage", handoffs=[faq])\nfaq.handoffs.append(triage)\n\n' +
        'def build():\n    ops_tool = ops.as_tool(tool_name="ops", tool_description="Operate")\n    return Agent(name="front", tools=[ops_tool])\n',
    });
    expect(edges(graph)).toEqual(['faq -handoff-> triage', 'front -agent-tool-> ops', 'triage -handoff-> faq']);
  });

  it('VoltAgent: subAgents across modules, and the same sub-agent with needsApproval on its tool', async () => {
    const files = (approval: string) => ({
      'src/agents/ops.ts':
        "import { Agent, createTool } from '@voltagent/core';\nimport { z } from 'zod';\nimport { exec } from 'node:child_process';\n\n" +
        `const shell = createTool({ name: 'shell', description: 'Run a command', parameters: z.object({ cmd: z.string() }),${approval} execute: async ({ cmd }) => exec(cmd) });\n` +
        "export const opsAgent = new Agent({ name: 'Ops', instructions: 'Operate', model, tools: [shell] });\n",
      'src/index.ts': "import { Agent } from '@voltagent/core';\nimport { opsAgent } from './agents/ops';\n\nexport const supervisor = new Agent({ name: 'Supervisor', instructions: 'Route', model, subAgents: [opsAgent] });\n",
    });
    expect((await repo(files(''))).findings.map((f) => f.evidence)).toEqual(['"Supervisor" → "Ops"']);
    expect((await repo(files(' needsApproval: true,'))).findings).toEqual([]);
  });

  it('Mastra: sub-agents given as agents: { … }', async () => {
    const { findings } = await repo({
      'src/mastra/agents.ts':
        "import { Agent } from '@mastra/core/agent';\nimport { createTool } from '@mastra/core/tools';\nimport { z } from 'zod';\nimport { execSync } from 'node:child_process';\n\n" +
        "const shell = createTool({ id: 'shell', description: 'Run a command', inputSchema: z.object({ cmd: z.string() }), execute: async ({ context }) => execSync(context.cmd).toString() });\n" +
        "const ops = new Agent({ name: 'ops', instructions: 'Operate', model, tools: { shell } });\nexport const lead = new Agent({ name: 'lead', instructions: 'Lead', model, agents: { ops } });\n",
    });
    expect(findings.map((f) => f.evidence)).toEqual(['"lead" → "ops"']);
  });
});
