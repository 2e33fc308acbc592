/**
 * code/missing-approval and throw-away targets: a tool that acts inside a hosted sandbox the file
 * creates (E2B, Daytona, Modal) is contained; the same file also driving this machine is not.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const found = async (code: string) =>
  (await runExample(analyzers, { code, path: 'agent/desktop.py' })).filter((f) => f.ruleId === 'code/missing-approval').map((f) => f.severity);

const desktop = (imports: string, click: string) =>
  `${imports}\nfrom agents import Agent, AsyncComputer, ComputerTool, Runner\n\n\nclass Desktop(AsyncComputer):\n    def __init__(self, box):\n        self.box = box\n\n    async def click(self, x: int, y: int, button: str = "left") -> None:\n        ${click}\n\n\n` +
  'def build_agent(computer: Desktop) -> Agent:\n    return Agent(name="Desktop user", instructions="Use the desktop.", tools=[ComputerTool(computer=computer)])\n';

describe('a computer-use tool and the sandbox it acts in', () => {
  it('an E2B desktop sandbox the file creates contains it; without one it is reported', async () => {
    expect(await found(desktop('from e2b_desktop import Sandbox', 'self.box.commands.run(f"xdotool mousemove {x} {y} click 1")'))).toEqual([]);
    expect(await found(desktop('import os', 'self.box.commands.run(f"xdotool mousemove {x} {y} click 1")'))).toEqual(['high']);
  });

  it('a file that also drives this machine (pyautogui, subprocess) keeps it', async () => {
    expect(await found(desktop('from e2b_desktop import Sandbox\nimport pyautogui', 'pyautogui.click(x, y)'))).toEqual(['high']);
    expect(await found(desktop('from e2b_desktop import Sandbox\nimport subprocess', 'subprocess.run(["xdotool", "click", "1"])'))).toEqual(['high']);
  });
});
