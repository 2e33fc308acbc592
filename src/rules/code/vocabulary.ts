/**
 * Names the code rules look for, per framework: agent constructors, built-in risky tools, the
 * settings that switch approval or tracing, and the calls that ask a human.
 */
import { PRIVATE_TLDS, RESERVED_TLDS } from '../../core/host-names.js';

/** Calls that build an agent (or a runner that owns tools): the last segment of the callee. */
export const AGENT_CONSTRUCTORS = new Set([
  'Agent', 'LlmAgent', 'CodeAgent', 'ToolCallingAgent', 'AssistantAgent', 'ConversableAgent', 'UserProxyAgent',
  'create_react_agent', 'create_agent', 'create_tool_calling_agent', 'create_deep_agent', 'createDeepAgent', 'ReActAgent', 'FunctionAgent', 'Crew',
  'ClaudeSDKClient', 'ClaudeAgentOptions', 'Mastra', 'Team', 'AgentWorkflow', 'FunctionCallingAgent',
  'ChatCompletionAgent', 'AzureAIAgent', 'OpenAIAssistantAgent', 'AzureAssistantAgent', 'OpenAIResponsesAgent', 'AzureResponsesAgent', 'BedrockAgent', 'createReactAgent', 'createAgent', 'generateText', 'streamText', 'ToolLoopAgent', 'Experimental_Agent',
  // Teams and orchestrators that route work to other agents (the delegation graph).
  'create_supervisor', 'create_swarm', 'createSupervisor', 'createSwarm', 'SelectorGroupChat', 'RoundRobinGroupChat', 'MagenticOneGroupChat',
  'Swarm', 'SequentialAgent', 'ParallelAgent', 'LoopAgent', 'CodeExecutorAgent',
  // BeeAI Framework
  'RequirementAgent', 'LiteAgent',
  // CAMEL
  'ChatAgent',
]);

/** Built-in tools whose risk is what they are: the constructor's name → risk class. */
export const BUILTIN_TOOLS: Record<string, string> = {
  ShellTool: 'shell',
  LocalShellTool: 'shell',
  ComputerTool: 'computer-use',
  LocalCommandLineCodeExecutor: 'code-exec',
  PythonREPLTool: 'code-exec',
  PythonAstREPLTool: 'code-exec',
  BashProcess: 'shell',
  ApplyPatchTool: 'file-write',
  FileManagementToolkit: 'file-write',
  // Agno toolkits (narrowed by include_tools / requires_confirmation_tools, see AGNO_TOOLKITS)
  ShellTools: 'shell',
  PythonTools: 'code-exec',
  FileTools: 'file-write',
  LocalFileSystemTools: 'file-write',
  DockerTools: 'shell',
  // CAMEL: any command in a host shell (its `safe_mode` is a denylist, not a confirmation)
  TerminalToolkit: 'shell',
  // CAMEL: the model's code run by a subprocess or a local Jupyter kernel (its default, a restricted in-process interpreter, and docker/e2b are not)
  CodeExecutionToolkit: 'code-exec',
  // TypeScript provider and SDK tools
  shellTool: 'shell',
  computerTool: 'computer-use',
  applyPatchTool: 'file-write',
  localShell: 'shell',
  shell: 'shell',
  bash_20241022: 'shell',
  bash_20250124: 'shell',
  computer_20241022: 'computer-use',
  computer_20250124: 'computer-use',
  textEditor_20241022: 'file-write',
  textEditor_20250124: 'file-write',
  textEditor_20250429: 'file-write',
  textEditor_20250728: 'file-write',
};

/**
 * Built-in risky tools a framework ships as plain functions, registered by reference on a toolkit
 * (`toolkit.register_tool_function(execute_shell_command)`): function → risk class. Counted only when
 * the name is imported from the framework's own modules.
 */
export const BUILTIN_TOOL_FUNCTIONS: Record<string, Record<string, string>> = {
  // AgentScope (`agentscope.tool`): a shell command run by create_subprocess_shell, Python run in a subprocess, files written anywhere.
  agentscope: { execute_shell_command: 'shell', execute_python_code: 'code-exec', write_text_file: 'file-write', insert_text_file: 'file-write' },
};

/** Methods that register a function as a tool on a toolkit object, by the name of the call's last segment. */
export const TOOL_REGISTRATION_METHODS = new Set(['register_tool_function']);

/** How an agent builder that runs the model's Python decides whether it does (see CODE_RUNNING_AGENTS). */
export interface CodeRunningAgent {
  /** The framework the builder must come from: the same name from any other package builds something else. */
  framework: string;
  /** The option that turns execution on (`allow_dangerous_code=True`); without it the builder runs nothing. */
  enabledBy?: string;
  /** The option that moves execution off this process (a sandbox); without it the builder runs code here by default. */
  confinedBy?: string;
}

/**
 * Agent builders that run the model's Python in this process: builder → how. LangChain's dataframe
 * agents hand the model a Python REPL over the data when an option allows it. PandasAI's agents
 * (`Agent`, and the `SmartDataframe` / `SmartDatalake` wrappers around one) have the model write
 * Python for every `.chat(…)` and run it in the calling process unless given a sandbox
 * (pandasai-docker's `DockerSandbox`).
 */
export const CODE_RUNNING_AGENTS: Record<string, CodeRunningAgent> = {
  create_pandas_dataframe_agent: { framework: 'langchain', enabledBy: 'allow_dangerous_code' },
  create_csv_agent: { framework: 'langchain', enabledBy: 'allow_dangerous_code' },
  Agent: { framework: 'pandasai', confinedBy: 'sandbox' },
  SmartDataframe: { framework: 'pandasai', confinedBy: 'sandbox' },
  SmartDatalake: { framework: 'pandasai', confinedBy: 'sandbox' },
};

/**
 * Agno toolkits: the functions that carry the risk. `include_tools` without any of them, or
 * `requires_confirmation_tools` covering all that are included, leaves nothing unguarded.
 */
export const AGNO_TOOLKITS: Record<string, string[]> = {
  ShellTools: ['run_shell_command'],
  PythonTools: ['save_to_file_and_run', 'run_python_code', 'run_python_file_return_variable', 'pip_install_package', 'uv_pip_install_package'],
  FileTools: ['save_file', 'replace_file_chunk', 'delete_file'],
  LocalFileSystemTools: ['write_file'],
  DockerTools: ['run_container', 'exec_in_container', 'remove_container', 'build_image'],
};

/**
 * File toolkits that work under a root directory given to the constructor (keyword, or position):
 * given a fixed one, the model picks names inside it, never where on the host files go.
 */
export const FILE_TOOLKIT_ROOT: Record<string, { keyword: string; position?: number }> = {
  FileTools: { keyword: 'base_dir', position: 0 },
  LocalFileSystemTools: { keyword: 'target_directory' },
  FileManagementToolkit: { keyword: 'root_dir' },
};

/** Keyword arguments / properties recorded wherever they are passed (approval, oversight, tracing). */
export const SETTING_NAMES = new Set([
  'permission_mode', 'permissionMode', 'human_input_mode', 'code_execution_config', 'tracing_disabled', 'tracingDisabled',
  'can_use_tool', 'canUseTool', 'hooks', 'interrupt_before', 'interruptBefore', 'interrupt_on', 'interruptOn',
  'human_input', 'approval_func', 'sandbox_mode', 'sandboxMode', 'approval_policy', 'approvalPolicy',
  'allow_dangerously_skip_permissions', 'allowDangerouslySkipPermissions', 'dangerously_skip_permissions',
  'executor_type', 'additional_authorized_imports', 'function_choice_behavior', 'auto_invoke', 'middleware', 'requireApproval', 'require_approval', 'trace_include_sensitive_data',
  // The Claude Agent SDK's pre-approved tools, read by code/approval-bypassed as the same list in .claude/settings.json is.
  'allowed_tools', 'allowedTools',
]);

/** Settings also read where a Python dict literal gives them (`options = {"allowed_tools": [...]}` later unpacked into the options call). */
export const DICT_SETTING_NAMES = new Set(['allowed_tools']);

/**
 * Environment switches that turn off a framework's own confirmation of the tools it ships: variable →
 * the framework, the package whose tools ask before they act, and those tools with what they do.
 * Strands' `strands_tools` prompt before writing files, running commands or code, or calling AWS,
 * unless `BYPASS_TOOL_CONSENT` is "true" (case-insensitive).
 */
export const CONSENT_BYPASS_ENV: Record<string, { framework: string; module: string; tools: Record<string, string> }> = {
  BYPASS_TOOL_CONSENT: {
    framework: 'Strands Agents',
    module: 'strands_tools',
    tools: {
      file_write: 'file writes', editor: 'file edits', shell: 'shell commands', python_repl: 'Python code', use_aws: 'AWS API calls',
      use_computer: 'desktop control', use_browser: 'browser actions', cron: 'crontab changes', environment: 'environment changes',
    },
  },
};

/** Calls inside a tool (or a helper it calls) that put a human in the loop; callee regex → mechanism. */
export const APPROVAL_CALLS: [RegExp, string][] = [
  [/(?:^|\.)interrupt$/, 'LangGraph interrupt()'],
  [/(?:^|\.)request_confirmation$/, 'ADK tool_context.request_confirmation()'],
  [/(?:^|\.)elicit(?:Input)?$/, 'MCP elicitation'],
  [/(?:^|\.|_)(?:confirm|confirmation|approval|approve)(?:_\w*)?$|(?:^|\.)(?:confirm|askForApproval|requestApproval|requireApproval|getApproval|askApproval)\w*$/i, 'explicit confirmation prompt'],
  [/^(?:rich\.prompt\.)?Confirm\.ask$/, 'explicit confirmation prompt'],
];

/** `input("… confirm / approve / y/n …")`: a console confirmation. */
export const CONSOLE_CONFIRM = /\b(?:confirm|approve|proceed|allow|y\/n|yes\/no|\[y\/N\]|\[Y\/n\]|\[y\/\*\])/i;

/**
 * Calls that read an answer from the person at the console: `input`, Node's `readline.question`, and
 * a project's own wrapper named for it (`get_user_input`, `ask_human_input`, `getUserInput`), as tool
 * collections that ask before acting share one helper for the prompt. Only a verb of asking counts:
 * `parse_input` or `validate_input` reads no one.
 */
export const CONSOLE_INPUT = /^(?:input|raw_input|readline\.question)$|(?:^|\.)question$|(?:^|\.)_?(?:(?:get|ask|prompt|read|request)_(?:for_)?)?(?:user|human|console)_input$|(?:^|\.)_?(?:get|ask|prompt|read|request)_(?:for_)?input$|(?:^|\.)(?:get|ask|prompt|read|request)(?:For)?(?:User|Human|Console)?Input$/;

/** Options on a tool definition that require approval before it runs, per framework. */
export const TOOL_APPROVAL_OPTIONS: Record<string, string> = {
  needs_approval: 'OpenAI Agents needs_approval',
  needsApproval: 'needsApproval',
  require_confirmation: 'ADK require_confirmation',
  requires_approval: 'Pydantic AI requires_approval',
  requireApproval: 'requireApproval',
  require_approval: 'require_approval',
  requires_confirmation: 'Agno requires_confirmation',
  external_execution: 'Agno external_execution (the application runs the call)',
};

/** How to add approval, per framework, for remediation text. */
export const HOW_TO_APPROVE: Record<string, string> = {
  'openai-agents': 'set needs_approval=True (Python) or needsApproval: true (JS) on the tool and handle the interruption in the runner',
  'vercel-ai': 'set needsApproval: true (or a function) on the tool and answer the tool-approval request in the UI',
  langchain: 'add HumanInTheLoopMiddleware(interrupt_on={"<tool>": True}) to the agent, or call interrupt() in the tool before acting',
  langgraph: 'call interrupt() before the action, or compile the graph with interrupt_before=["tools"]',
  crewai: 'run the task with human_input=True or gate the action behind an explicit confirmation step',
  autogen: 'route execution through a human proxy (human_input_mode="ALWAYS") or an approval_func on the executor',
  'google-adk': 'wrap it as FunctionTool(fn, require_confirmation=True) or call tool_context.request_confirmation()',
  'claude-agent-sdk': 'gate it with can_use_tool / canUseTool or a PreToolUse hook that asks the user',
  mcp: 'ask the user with elicitation (ctx.elicit / server.elicitInput) before acting; clients also confirm tool calls unless auto-approved',
  'pydantic-ai': 'register it with requires_approval=True (deferred tools) and approve the call before resuming',
  smolagents: 'wrap the action in an explicit confirmation step; run code agents in a sandboxed executor',
  llamaindex: 'wrap the action in an explicit confirmation step (human-in-the-loop workflow event) before acting',
  mastra: 'set requireApproval: true on the tool (or requireToolApproval on the agent call) and approve the call',
  voltagent: 'set needsApproval: true (or a function) on the tool and approve the call before it runs',
  langchainjs: 'add humanInTheLoopMiddleware({ interruptOn: { <tool>: true } }) or call interrupt() before acting',
  strands: 'gate the tool with an approval hook (BeforeToolCallEvent) that asks the user',
  agno: 'set requires_confirmation=True on the tool (or requires_confirmation_tools=[…] on the toolkit) and confirm the paused run',
  'semantic-kernel': 'use FunctionChoiceBehavior.Auto(auto_invoke=False) and confirm each call, or add an auto-function-invocation filter that asks the user',
  agentscope: 'register a pre-acting hook on the agent (register_instance_hook("pre_acting", …)) that asks the user before the tool call runs, or register your own wrapper that confirms each command',
  pandasai: 'give the agent a sandbox (Agent(…, sandbox=DockerSandbox()) from pandasai-docker) so the generated code runs in a container, or show the code to a person before it runs',
  camel: 'run the toolkit in a container (use_docker_backend=True), or wrap its functions so that a person confirms each command before it runs',
};

/**
 * Why a tool of a module with no agent is reported low; the project stage (`tool-holders.ts`)
 * raises it when an agent of another file is given the tool with no gate.
 */
export const TOOL_MODULE = 'no agent in this file uses it (a tool module: whichever agent is given it needs an approval step)';

/**
 * Calls that return a model's reply: an LLM SDK's completion, or a completion method on a receiver
 * named for a model, chain or agent (`self.llm.chat_completion`, `chain.invoke`, `model.generate_content`,
 * `self.llm.aask` in MetaGPT),
 * or a CrewAI crew's run (`code_crew.kickoff`), whose result is its agents' last reply.
 */
export const MODEL_REPLY_CALL =
  /^(?:litellm\.a?completion|openai\.(?:ChatCompletion|Completion)\.a?create|ollama\.(?:chat|generate))$|(?:^|\.)(?:completions\.a?create|ChatCompletion\.a?create|messages\.a?create|responses\.a?create|a?generate_content|chat_completion|achat_completion)$|(?:^|\.)(?:\w*llm\w*|\w*model\w*|\w*chain\w*|\w*agent\w*|chat)\.(?:a?invoke|a?predict|a?generate|a?complete|a?chat|a?run|a?call|a?ask)$|(?:^|\.)\w*crew\w*\.kickoff(?:_async)?$/i;

/**
 * `self.coder.inference(…)` after `self.coder = CoderAgent(…)`: a method of an agent or LLM class of
 * the project's own that answers a prompt. The class is known by its name only; the verbs are the
 * ones such classes answer with.
 */
export const AGENT_CLASS = /(?:Agent|LLM|Llm)$/;
export const ANSWER_METHOD = /^(?:self\.)?(\w+)\.(?:a?inference|a?invoke|a?run|a?chat|a?generate|a?complete|a?predict|a?respond|a?ask|a?query)$/;

/**
 * An agent or LLM object called directly, which answers with the model's reply (`self.agent(message)`
 * in lagent, `llm(prompt)` in LangChain's older API); in lower case, so a class (`Agent(…)`) is not
 * one, and not a function that makes one (`create_agent(…)`).
 */
const CALLED_MODEL_NAME = '(?!(?:create|make|build|init|get|new|load|setup|start|run)_)(?:[a-z]\\w*_)?(?:agent|llm)';
export const CALLED_MODEL = new RegExp(`(?:^|\\.)${CALLED_MODEL_NAME}$`);
/** The same names called in a text: `agent(msg)`, `await research_agent(inputs)` (the name in group 1). */
export const CALLED_MODEL_IN_TEXT = new RegExp(`(?<![\\w.])(${CALLED_MODEL_NAME})\\s*\\(`, 'g');
/** An object's own agent called (`self.agent(*messages)`, the name in group 1). */
export const CALLED_MODEL_ATTRIBUTE_IN_TEXT = new RegExp(`(?<![\\w.])self\\.(${CALLED_MODEL_NAME})\\s*\\(`, 'g');

/** Parameters whose name says they hold a model's reply (`assistant_reply`, `llm_output`, `generated_code`). */
export const MODEL_REPLY_PARAM = /^(?:assistant_(?:reply|response|message|output)|(?:llm|model|ai|gpt|completion|chat)_(?:reply|response|output|text|answer|result|code)|generated_code)$/;

/**
 * The names of `MODEL_REPLY_PARAM` that start with `model_`: in Python a model is as often a data
 * model (Pydantic, an ORM: `model_code` the source of a schema class) as a language model, so such a
 * name counts only in a module that calls a language model itself.
 */
export const DATA_MODEL_AMBIGUOUS_PARAM = /^model_/;

/**
 * The same in TypeScript/JavaScript, besides the names both languages share: the SDKs' camel-case
 * calls (Vercel AI `generateText`/`generateObject`, Gemini `generateContent`, Hugging Face
 * `chatCompletion`, OpenAI v3 `createChatCompletion`) and Ollama's client.
 */
export const TS_MODEL_REPLY_CALL = /(?:^|\.)(?:generateText|generateObject|streamText|streamObject|generateContent|chatCompletion|createChatCompletion|createCompletion)$|^ollama\.(?:chat|generate)$/;

/**
 * The fixed start of a URL that asks a model's HTTP API for a reply, for code that calls it with
 * `fetch` or `axios` instead of an SDK: a provider's API host, or a chat-completion path (OpenAI's
 * and the many servers compatible with it, Anthropic's messages, Ollama's chat and generate).
 */
export const MODEL_API_URL =
  /^https?:\/\/(?:api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|api\.groq\.com|api\.mistral\.ai|api\.deepseek\.com|openrouter\.ai|api\.together\.xyz|api\.fireworks\.ai|api\.perplexity\.ai|api\.x\.ai|[\w-]+\.openai\.azure\.com)(?:[:/]|$)|\/(?:chat\/completions|v1\/messages|api\/chat|api\/generate)\b/;

/**
 * Calls that reach past the process, whoever steers them: files, processes, the network, databases,
 * cloud and model APIs. Not a risk by themselves (the taxonomy in `rules/code/risky-sinks.yaml`
 * judges that); what tells a tool that only works on data in memory from one that touches the
 * machine or the world (`code/mcp-http-no-auth` rates an open server by it). Wide on purpose: a
 * call taken for one by mistake only keeps a finding where it was.
 */
export const OUTSIDE_CALLS: Record<'python' | 'typescript', RegExp> = {
  typescript:
    /^(?:fs|fs\/promises|fs-extra|fs\.promises|child_process|http|https|http2|net|tls|dgram|dns|worker_threads|cluster|readline)\.|^(?:fetch|axios|got|ky|undici|node-fetch|execa|zx|shelljs|rimraf|glob|fast-glob|globby|chokidar)(?:\.|$)|^(?:pg|mysql2?|mysql2\/promise|sqlite3?|better-sqlite3|mongodb|mongoose|redis|ioredis|@prisma\/client|drizzle-orm[\w/-]*|knex|typeorm|sequelize|@supabase\/supabase-js|@aws-sdk\/[\w-]+|@google-cloud\/[\w-]+|@azure\/[\w-]+|googleapis|octokit|@octokit\/[\w-]+|stripe|nodemailer|@slack\/[\w-]+|openai|@anthropic-ai\/sdk|ai)\.|(?:^|\.)(?:\$queryRaw\w*|\$executeRaw\w*|findMany|findUnique|findFirst|findOne|insertOne|insertMany|updateOne|updateMany|deleteOne|deleteMany|aggregate|query|collection|readFile|readFileSync|readdir|readdirSync|writeFile|writeFileSync|createReadStream|spawn)$/,
  python:
    /^(?:open|io\.open|builtins\.open|codecs\.open|aiofiles\.open)$|^(?:os|shutil|subprocess|socket|ssl|pathlib|glob|tempfile|sqlite3|psycopg2?|asyncpg|pymysql|MySQLdb|pymongo|motor|redis|sqlalchemy|requests|httpx|aiohttp|urllib(?!\.parse\.)|urllib3|http\.client|boto3|botocore|smtplib|ftplib|paramiko|docker|kubernetes|google\.cloud|googleapiclient|openai|anthropic|litellm|supabase)\.|(?:^|\.)(?:read_text|read_bytes|write_text|write_bytes|iterdir|rglob|execute|executemany|fetchall|fetchone|cursor)$/,
};

/**
 * Libraries whose calls stay in the process (parsing, formatting, dates, maths, schemas, the MCP SDK's
 * own types): any other library a tool calls may reach files, the network or a database, so a server
 * whose tools call one is not taken for one that works only in memory.
 */
export const IN_PROCESS_MODULES: Record<'python' | 'typescript', RegExp> = {
  typescript: /^(?:zod|lodash|lodash-es|date-fns|date-fns-tz|dayjs|luxon|uuid|nanoid|crypto|node:crypto|util|node:util|path|node:path|url|node:url|querystring|@modelcontextprotocol\/sdk(?:\/.*)?|@modelcontextprotocol\/ext-apps(?:\/.*)?|mathjs|decimal\.js|big\.js|marked|yaml|js-yaml)$/,
  python: /^(?:json|math|cmath|re|datetime|time|calendar|random|secrets|uuid|typing|typing_extensions|dataclasses|collections|itertools|functools|operator|statistics|decimal|fractions|string|textwrap|enum|copy|hashlib|base64|binascii|struct|pprint|logging|pydantic|mcp|fastmcp|numpy|ast|bs4|humanize|urllib\.parse)(?:\.|$)/,
};

/** A web request's body read whole: `.json()`, `.formData()`, `.text()`. */
const PARSED_BODY = String.raw`\.(?:json|formData|text)\s*\(\s*\)`;
/** Fields of a Node.js or Express request (`req.body`, `request.query`). */
const requestField = (fields: string): string => String.raw`\breq(?:uest)?\.(?:${fields})\b`;

/**
 * Where a route handler reads what the caller sent, by the kind of handler. Python (Flask, FastAPI,
 * Starlette): `request.json`, `request.form`, `await request.body()`. Express, Hono and Koa routes:
 * `req.body`, `req.query`, `req.params`, `c.req.json()`, `ctx.request.body`. Next.js route handlers:
 * a body read whole (`await request.json()`), `searchParams`, `request.nextUrl`, dynamic `params`.
 * `body`: only a body a TypeScript handler was sent (`await req.json()`, `req.body`), not its URL's query,
 * for what a handler writes with it.
 */
export const REQUEST_INPUT = {
  python: /\brequest\.(?:json|form|args|values|data|get_json|body|files)\b|\bawait\s+request\.\w+\(/,
  express: new RegExp(String.raw`${requestField('body|query|params')}|\bc\.req\.(?:json|query|param|text)\b|\bctx\.request\.body\b`),
  next: new RegExp(String.raw`${PARSED_BODY}|\bsearchParams\b|${requestField('body|query|nextUrl')}|\bparams\b`),
  body: new RegExp(String.raw`(?<![\w$.])_?(?:req|request)${PARSED_BODY}|(?<![\w$.])req\.body\b`),
};

/** Source text that reads the process environment, where secrets usually live. */
export const ENVIRONMENT_READ = /\bprocess\.env\b|\bimport\.meta\.env\b|\bDeno\.env\b|\bos\.environ\b|\bos\.getenv\b/;

/**
 * Calls that stay in the process although their module as a whole may not: pandas' date, number and
 * table helpers (its `read_*` readers open files and URLs), Node's checks of an address's form.
 */
export const IN_PROCESS_CALLS: Record<'python' | 'typescript', RegExp> = {
  typescript: /^net\.isIP(?:v4|v6)?$/,
  python: /^pandas\.(?:Timestamp|Timedelta|DateOffset|Period|to_datetime|to_timedelta|to_numeric|isna|isnull|notna|notnull|DataFrame|Series|Index|concat|merge|date_range|json_normalize)(?:\.\w+)*$/,
};

/** Calls that read the process environment (the variable's name says whether it holds a credential). */
export const ENVIRONMENT_CALLS: Record<'python' | 'typescript', RegExp> = {
  typescript: /^Deno\.env\.get$/,
  python: /^os\.(?:getenv|environ\.get)$/,
};

/**
 * Calls that only prepare a request: an HTTP client or session, a proxy agent, a timeout, an error
 * class. They send nothing; the request made with them is judged
 * where it is sent. One a tool input reaches (`AsyncClient(base_url=url)`) is not only that.
 */
export const REQUEST_PLUMBING: Record<'python' | 'typescript', RegExp> = {
  typescript: /^(?:https?\.Agent|axios\.create|undici\.(?:Agent|ProxyAgent)|(?:https|http|socks)-proxy-agent\.\w+)$/,
  python: /^(?:httpx\.(?:AsyncClient|Client|Timeout|Limits|URL|Headers|\w*(?:Error|Exception))|requests\.(?:Session|session|adapters\.\w+|exceptions\.\w+|\w*(?:Error|Exception))|aiohttp\.(?:ClientSession|ClientTimeout|TCPConnector|\w*(?:Error|Exception)))$/,
};

/**
 * Host names of a server's own network, never of the public internet: the loopback name, the
 * reserved and special-use top-level domains (RFC 2606, 6761, 6762: `.test`, `.invalid`, `.local`, …)
 * and those used inside organisations and clusters (`.internal`, `.lan`, `.corp`, `svc.cluster.local`).
 * A request there is one a caller could not make directly.
 */
export const INTERNAL_HOST = new RegExp(String.raw`(?:^|\.)(?:${[...RESERVED_TLDS, ...PRIVATE_TLDS].join('|')})$`);

/**
 * Client libraries of public data services that ask only their own service, with no account: market
 * quotes, papers and their sources, scholarly search, WHOIS, video transcripts, encyclopaedia
 * articles. A call into one looks data up at a host the library names, whatever the tool asks for;
 * a credential it is given is judged apart (`credential-reads.ts`). yt-dlp fetches any URL one of its
 * extractors accepts, the generic one included, unless it is built without them (`auto_init=False`)
 * and given only a site's own extractor.
 */
export const PUBLIC_DATA_CLIENTS: { language: 'python' | 'typescript'; library: RegExp; when?: RegExp }[] = [
  { language: 'python', library: /^(?:yfinance|arxiv|arxiv_to_prompt|scholarly|youtube_transcript_api|wikipedia|wikipediaapi|pycoingecko|ipwhois|whois)(?:\.|$)/ },
  { language: 'python', library: /^yt_dlp(?:\.|$)/, when: /\bauto_init\s*=\s*False\b/ },
  { language: 'python', library: /^yt_dlp\.extractor\.(?!generic\b)\w+/ },
  { language: 'typescript', library: /^(?:whoiser|yahoo-finance2|youtube-transcript|wikipedia)(?:\/|$)/ },
];

/**
 * SDKs that find credentials on the host when built without one: a cloud's ambient credentials
 * (instance roles, `gcloud` logins, managed identities) or a model provider's key in its
 * environment variable. A module that imports one may spend them whatever its code spells out.
 */
export const CREDENTIAL_SDKS: Record<'python' | 'typescript', RegExp> = {
  typescript: /^(?:@aws-sdk\/|aws-sdk$|@google-cloud\/|google-auth-library$|googleapis$|@azure\/|firebase-admin|openai$|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|groq-sdk$|@mistralai\/|cohere-ai$)/,
  python: /^(?:boto3|botocore|aiobotocore|google\.auth|google\.oauth2|google\.cloud|googleapiclient|vertexai|azure|firebase_admin|openai|anthropic|google\.genai|google\.generativeai|cohere|mistralai|groq|litellm)(?:\.|$)/,
};

/**
 * Functions every module can call by a bare name not in CapWords: the language's built-ins and
 * globals (and Python's `cls`, a class method's own class). Any other such name that is not a
 * function of the module or an import holds a function the walk cannot name (an entry of a dispatch
 * table, a callback).
 */
export const BUILTIN_CALLS: Record<'python' | 'typescript', RegExp> = {
  typescript: /^(?:parseInt|parseFloat|isNaN|isFinite|encodeURIComponent|decodeURIComponent|encodeURI|decodeURI|escape|unescape|setTimeout|clearTimeout|setInterval|clearInterval|setImmediate|clearImmediate|queueMicrotask|structuredClone|fetch|atob|btoa|require|URL|URLSearchParams)$/,
  python:
    /^(?:abs|all|any|ascii|bin|bool|bytearray|bytes|callable|chr|classmethod|compile|complex|delattr|dict|dir|divmod|enumerate|eval|exec|filter|float|format|frozenset|getattr|globals|hasattr|hash|hex|id|input|int|isinstance|issubclass|iter|len|list|locals|map|max|memoryview|min|next|object|oct|open|ord|pow|print|property|range|repr|reversed|round|set|setattr|slice|sorted|staticmethod|str|sum|super|tuple|type|vars|zip|aiter|anext|__import__|cls|OSError|IOError|EOFError)$/,
};

/**
 * Words that say a helper confines what it is given (`ensure_safe_path`, `ensureWithinRoot`): an
 * `ensure…` helper counts as a sanitiser only with one of them in its name; `ensure_docx_extension(p)`
 * or `ensureDir(p)` hands the caller's path back. Python spells them in snake_case, TypeScript capitalised.
 */
export const CONFINING_WORDS = ['safe', 'valid', 'allowed', 'within', 'inside', 'sandbox', 'contained', 'permitted'];
