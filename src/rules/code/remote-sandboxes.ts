/**
 * A host sink's method called on a remote sandbox's client: `sb.files.write_text(…)`,
 * `sandbox.process.execute_command(…)`, `box.run_command(…)` on an E2B, Daytona, Modal or cua
 * sandbox. The SDK sends the call to a throw-away VM or container it created, so the file written or
 * the command run is the sandbox's, not this machine's; the method's name says nothing of the host.
 * The receiver is a sandbox when it is named as one and the call goes through one of the sandbox
 * API's namespaces (`files`, `fs`, `commands`, `process`, `shell` …), or when the code binds it from
 * a sandbox constructor, factory or registry (`Sandbox.create(…)`, `AsyncSandbox(…)`,
 * `daytona.create(…)`, `sandboxes.get(name)`). A sandbox the code builds on this machine
 * (`LocalSandbox…`) is the host. A method of an object the file built from a remote sandbox SDK's
 * class (Bedrock AgentCore's code interpreter client, E2B, Daytona) is the sandbox's, whatever its
 * receiver is called.
 */
import type { Body, CallSite, CodeModel } from './model.js';

const HOST_CLASSES = /^(?:shell|code-exec|file-write|file-delete)$/;
/** The namespaces sandbox SDKs hang their file and process calls on. */
const API_NAMESPACE = /^(?:files|fs|filesystem|commands|process|shell|terminal|pty)$/;
/** `sb`, `sbx`, `sandbox`, `verify_sb`, `self.sandbox`, `devSandbox`. */
const SANDBOX_NAME = /(?:^|_)sbx?$|sandbox$/i;
/**
 * A value made by a sandbox SDK: its class built or asked for an instance (`Sandbox(…)`,
 * `AsyncSandbox.create(…)`, `modal.Sandbox.create(…)`, an alias `_Sandbox.create(…)`), a Daytona
 * client's `create`, or a lookup in a registry of sandboxes (`sandboxes.get(name)`, `sandbox_registry[name]`).
 */
const SANDBOX_FACTORY =
  /(?:^|[^\w])_*(?:Async)?Sandbox(?:\.\w+)?\s*\(|\b[Dd]aytona(?:\(\s*\))?\.create\s*\(|(?:^|[^\w.])(?:\w+_)?sandbox(?:es|_registry|_pool|_map)\s*(?:\.\s*(?:get|create|connect|pop)\s*\(|\[)/;
/**
 * SDKs whose objects run code, commands and file calls in a sandbox of the provider's, not on this
 * machine: Bedrock AgentCore's code interpreter, E2B (and its code interpreter and desktop), Daytona.
 */
export const REMOTE_SANDBOX_SDK = /^(?:bedrock_agentcore\.tools\.code_interpreter_client|bedrock-agentcore\/code-interpreter|e2b(?:_code_interpreter|_desktop)?|@e2b\/(?:code-interpreter|desktop|sdk)|daytona(?:_sdk)?|@daytonaio\/sdk)(?:[./]|$)/;
/** A sandbox that runs on this machine. */
const LOCAL_SANDBOX = /\bLocal\w*Sandbox\w*|\blocal_sandbox\b/;

/** Why the sink acts inside a remote sandbox, when its receiver is one; `undefined` otherwise. */
export function remoteSandbox(call: CallSite, riskClass: string, body: Body, model: CodeModel): string | undefined {
  if (!HOST_CLASSES.test(riskClass)) return undefined;
  if (call.imported && REMOTE_SANDBOX_SDK.test(call.imported.module)) return `${call.callee} is a method of ${call.imported.module}'s client: the call runs in the provider's sandbox, not on this machine`;
  const parts = call.callee.split('.');
  if (parts.length < 2) return undefined;
  const namespaced = parts.length >= 3 && API_NAMESPACE.test(parts[parts.length - 2]!);
  const receiver = parts.slice(0, namespaced ? -2 : -1).join('.');
  const made = bindingOf(receiver, body, model);
  if (made && LOCAL_SANDBOX.test(made)) return undefined;
  const named = namespaced && SANDBOX_NAME.test(parts[parts.length - 3]!);
  if (!(made && SANDBOX_FACTORY.test(made)) && !named) return undefined;
  return `${receiver} is a remote sandbox's client: the call runs inside that sandbox, not on this machine`;
}

/** The source line that binds `receiver` (`sb = …`, `… as sb`), in the body or another function of the module. */
function bindingOf(receiver: string, body: Body, model: CodeModel): string | undefined {
  if (!/^[\w$]+(?:\.[\w$]+)*$/.test(receiver)) return undefined;
  const name = receiver.replace(/[.$]/g, '\\$&');
  const bound = new RegExp(`^\\s*(?:(?:const|let|var)\\s+)?${name}\\s*(?::[^=\\n]+)?=(?!=)\\s*(.+)$|\\bwith\\b(.+)\\bas\\s+${name}\\s*:`, 'm');
  for (const text of [body.text, ...[...model.functions.values()].map((f) => f.text)]) {
    const m = bound.exec(text);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}
