/**
 * Credentials in the forms code and config write them, across languages and file kinds. Each row:
 * a file, a line, and the rule that must report it (or nothing). Values are made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const secretRules = async (path: string, code: string) =>
  (await runExample(analyzers, { path, code })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => f.ruleId);

const FOUND: [string, string, string][] = [
  ['main.go', 'var weatherApiKey string = "Gj2imjJbnpLhrSSGmc33Ok0gs8Jc"', 'secrets/generic-api-key'],
  ['main.go', 'const serviceToken = "IPwNSPQsLG1bLv7TtLxbY6G62oQh"', 'secrets/generic-token'],
  ['main.go', 'serviceToken := `rYIJNjEDUyU2JE1us8FoZ4r3MTCa`', 'secrets/generic-token'],
  ['App.java', 'System.setProperty("SERVICE_TOKEN", "v2rkDlVDSckgtIpPosIcMBCS1Mep");', 'secrets/generic-token'],
  ['App.java', 'private static final String API_KEY = "v6rbCSdyjYlF9XUyVfTh9eu7bzPn";', 'secrets/generic-api-key'],
  ['application.properties', 'payments.api.key=R14BlienV22aAKVAXhoidIfXhy0i', 'secrets/generic-api-key'],
  ['Config.kt', 'val serviceToken: String = "8f0DzQxPtxENUPiyC0YWcTXCdXBH"', 'secrets/generic-token'],
  ['Config.cs', 'string serviceToken = "TWOmLfTvPX8zvNUjlKP3JLf0VBco";', 'secrets/generic-token'],
  ['config.php', "define('SERVICE_TOKEN', 'uWGy9uUwKK0HJvowLEAHTmQJtRBn');", 'secrets/generic-token'],
  ['config.php', '$serviceToken .= "iRgCLlQJwduc1PbHkZD6oDBbUjWw";', 'secrets/generic-token'],
  ['config.rb', "ENV['SERVICE_TOKEN'] ||= 'Bx6sGMVhiIYJ3Jmr2lat525oCy6z'", 'secrets/generic-token'],
  ['main.rs', 'let service_token = "mjH2DlYA2xSwzZ0zOFuw1v7iguoc";', 'secrets/generic-token'],
  ['Config.swift', 'let serviceToken: String = "SmcwgHeqRwmsjw4jxwV6aRHM3lZh"', 'secrets/generic-token'],
  ['deploy.sh', 'export SERVICE_TOKEN=SDP5TuQxqGiiI1SfmsC40vHennbB', 'secrets/generic-token'],
  ['Makefile', 'SERVICE_TOKEN := bUbBuG92p05OSPFmz0CZ1yRzqop4', 'secrets/generic-token'],
  ['Makefile', 'SERVICE_TOKEN ::= oBDolanYcclQDWhmcgGKMPhZCYj3', 'secrets/generic-token'],
  ['Makefile', 'SERVICE_TOKEN :::= fQbad9WO1vIgkVXCskHtqIJ4wPhS', 'secrets/generic-token'],
  ['Makefile', 'SERVICE_TOKEN ?= TG5MjU2O6FtvNeCQcpjOfM7p5EyT', 'secrets/generic-token'],
  ['Makefile', 'export SERVICE_TOKEN := gpHHlYpILcn2YXAGJYlB4tfbKuHA', 'secrets/generic-token'],
  ['call.sh', 'curl -H "Authorization: Bearer l0o2VFZtnbQNBMC0sFtvEULrNDbc" https://api.acme.io/v1/runs', 'secrets/generic-authorization-header'],
  ['call.sh', 'curl -u deploy:odQfUoIFBRVgD1c4 https://ci.acme.io/job/build', 'secrets/generic-basic-auth-option'],
  ['settings.xml', '<serviceToken>\n    X4Fhbf1wIaMbxDAUFuG0gTBSxIm4\n</serviceToken>', 'secrets/generic-token'],
  ['settings.xml', '<apiKey>Gj2imjJbnpLhrSSGmc33Ok0gs8Jc</apiKey>', 'secrets/generic-api-key'],
  ['config.json', '{"app.env": "SERVICE_TOKEN=IPwNSPQsLG1bLv7TtLxbY6G62oQh\\nDEBUG=false"}', 'secrets/generic-token'],
  ['values.yaml', 'env: "SERVICE_TOKEN=rYIJNjEDUyU2JE1us8FoZ4r3MTCa\\nLOG_LEVEL=info"', 'secrets/generic-token'],
  ['demo.ipynb', '{"cells": [{"outputs": [{"text": ["{\\"api_key\\": \\"v2rkDlVDSckgtIpPosIcMBCS1Mep\\"}\\n"]}]}]}', 'secrets/generic-api-key'],
  ['settings.ini', 'SIGNING_SECRET=v6rb+CSdyjYl/F9XUyVfTh9eu7bzPn==', 'secrets/generic-secret'],
  // The vendor's name occurs first where no key starts (a call, an id), then where one does.
  ['config.py', 'client = Kucoin(kucoin_client_id, KUCOIN_SECRET="8060dc51b68ccab60b13a7c9")', 'secrets/generic-vendor-credential'],
  // … and where the name is also a keyword of the vendor's own pattern.
  ['config.py', 'llm = Mistral(mistral_model, MISTRAL_SECRET="8060dc51b68ccab60b13a7c9")', 'secrets/generic-vendor-credential'],
  // A keyword first where the pattern's `keywordAt` fails (inside a word, in a URL without a password).
  ['.env', '# example from the docs: EXA_API_KEY=1d3a0c2e-4b5f-4a6b-8c7d-9e0f1a2b3c4d', 'secrets/exa-api-key'],
  ['deploy.sh', 'git clone https://github.com/acme/app && curl https://deploy:Xk9vLq2pW7zR@ci.acme.io/job', 'secrets/uri-basic-auth-credentials'],
  ['client.py', 'session.headers.pop("Authorization", None); session.headers = {"Authorization": "Bearer 8qZg5nA6hY7JvEsr1JbVulKOr6Y696WB8hvvOKHaX7raG91J"}', 'secrets/generic-authorization-header'],
  ['mail.py', 'locale = "en-us"; client.set_config({"api_key": "3f2a9c1d7e6b5a4f8e2d1c0b9a8f7e6d-us14"})', 'secrets/mailchimp-api-key'],
  ['bundle.js', `${'var a=Kucoin(b);'.repeat(400)}var kucoin_secret="8060dc51b68ccab60b13a7c9";${'a=Kucoin(b);'.repeat(400)}`, 'secrets/generic-vendor-credential'],
];

const NOT_FOUND: [string, string][] = [
  ['main.go', 'var serviceToken string = os.Getenv("SERVICE_TOKEN")'],
  ['App.java', 'String apiKey = config.getApiKey();'],
  ['config.php', "define('SERVICE_TOKEN', getenv('SERVICE_TOKEN'));"],
  ['Makefile', 'SERVICE_TOKEN ?= $(shell cat .token)'],
  ['settings.xml', '<serviceToken>${env.SERVICE_TOKEN}</serviceToken>'],
  ['.mcp.json', '{"args": ["--api-key", "${SEARCH_API_KEY}"]}'],
  ['handler.ts', 'const token = request.headers.authorization;'],
];

describe('credential syntaxes', () => {
  it.each(FOUND)('%s: %s', async (path, code, rule) => {
    expect(await secretRules(path, code)).toContain(rule);
  });
  it.each(NOT_FOUND)('%s: %s is not a credential', async (path, code) => {
    expect(await secretRules(path, code)).toEqual([]);
  });
});
