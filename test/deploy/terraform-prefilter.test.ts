/**
 * The Terraform prefilter skips the parse, never a finding or a fact: the fixtures and every
 * Terraform example of every rule give the same results with it as without it; each class of file
 * that yields something passes the lexical test on its own (not only through the whole-text
 * secret search); generated Terraform made of names and references is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexicallyMayYield, terraformMayYield } from '../../src/rules/deploy/terraform-prefilter.js';
import { DEPLOY_RULES } from '../../src/rules/deploy/rules/all.js';
import { tempTree } from '../helpers/tmp.js';
import { engine, memoryFile, scanBothWays, scanWithoutPrefilters } from './helpers.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/deploy/terraform-prefilter');
const ENGINE = engine();
const SIGNALS = DEPLOY_RULES.flatMap((r) => (r.terraformSignal instanceof RegExp ? [r.terraformSignal] : []));

const hcl = (relPath: string, text: string) => memoryFile(relPath, 'hcl', text);

describe('Terraform prefilter', () => {
  it('the fixtures give the same findings, errors and identities with it and without it', async () => {
    const { on, off } = await scanBothWays(DIR);
    expect(on).toEqual(off);
    expect(on.findings.map((f) => `${f.location.path} ${f.ruleId}`).sort()).toEqual([
      'heredoc-json.tf deploy/literal-secret',
      'name-value.tf deploy/literal-secret',
      'object-key.tf deploy/literal-secret',
      'variable-default.tf deploy/default-password',
    ]);
    // A fact without a finding: the credential variable handed to the router, a provider's token.
    expect(on.identities.map((i) => `${i.location.path} ${i.identityKind}`)).toEqual(expect.arrayContaining(['bare-variable.tf variable', 'provider-secret.tf secret']));
  });

  it('skips generated Terraform, and each file that yields something passes the lexical test alone', () => {
    const verdicts = Object.fromEntries(
      readdirSync(DIR).map((name) => {
        const text = readFileSync(path.join(DIR, name), 'utf8');
        return [name, { whole: terraformMayYield(hcl(name, text), DEPLOY_RULES, ENGINE), lexical: lexicallyMayYield(text, SIGNALS, true, ENGINE) }];
      }),
    );
    expect(verdicts['generated.tf']).toEqual({ whole: false, lexical: false });
    for (const [name, v] of Object.entries(verdicts)) if (name !== 'generated.tf') expect(v, name).toEqual({ whole: true, lexical: true });
  });

  it('every Terraform example of every rule gives the same results with it and without it, and those that yield pass it', async () => {
    const files: Record<string, string> = {};
    DEPLOY_RULES.forEach((rule, r) =>
      [...(rule.meta.examples?.positive ?? []), ...(rule.meta.examples?.negative ?? [])].forEach((example, e) => {
        if (example.path && /\.(?:tf|tfvars)$/.test(example.path)) files[`${r}-${e}/${example.path}`] = example.code;
      }),
    );
    expect(Object.keys(files).length).toBeGreaterThan(8);
    const dir = tempTree(files);
    const { on, off } = await scanBothWays(dir);
    expect(on).toEqual(off);
    const yielding = new Set([...on.findings.map((f) => f.location.path), ...on.identities.map((i) => i.location.path)]);
    expect(yielding.size).toBeGreaterThan(5);
    for (const rel of yielding) expect(terraformMayYield(hcl(rel, files[rel]!), DEPLOY_RULES, ENGINE), rel).toBe(true);
  });

  it('judges by what a string or name is, not by the words it holds', () => {
    const lexical = (text: string) => lexicallyMayYield(text, SIGNALS, true, ENGINE);
    // A file path that ends like a key, a block type that does, a key assigned a reference: nothing to judge.
    expect(lexical('resource "a" "b" {\n  public_key = file("${path.module}/data/agent_public_key")\n}\n')).toBe(false);
    expect(lexical('resource "a" "b" {\n  admin_ssh_key {\n    username = "agent"\n  }\n}\n')).toBe(false);
    expect(lexical('resource "a" "b" {\n  db_password = var.db_password\n  api_token   = aws_secretsmanager_secret.t.arn\n}\n')).toBe(false);
    expect(lexical('# password = "hunter2hunter2"\nresource "a" "b" {}\n')).toBe(false);
    // The same key assigned a literal, a bare name, an encoded value, or inside an object or JSON string.
    expect(lexical('resource "a" "b" {\n  db_password = "x"\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  db_password = admin\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  db_password = jsonencode("x")\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  db_password = aws_x.y.z == "" ? "a" : "b"\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  env = { "api_token" = "x" }\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  doc = "{\\"client_secret\\": \\"x\\"}"\n}\n')).toBe(true);
    expect(lexical('resource "a" "b" {\n  env = "$API_TOKEN"\n}\n')).toBe(true);
    // The name of a name/value pair, however the key `name` is written; a comparison is no pair.
    for (const pair of ['name = "API_TOKEN"', '"name" = "API_TOKEN"', 'Name: "API_TOKEN"']) {
      expect(lexical(`resource "a" "b" {\n  env = [{ ${pair}, value = aws_x.y.z }]\n}\n`), pair).toBe(true);
    }
    expect(lexical('resource "a" "b" {\n  count = var.name == "API_TOKEN" ? 1 : 0\n}\n')).toBe(false);
    expect(lexical('resource "a" "b" {\n  labels = ["API_TOKEN"]\n}\n')).toBe(false);
    // Anything the lexer cannot follow is parsed, so the parser reports it.
    expect(lexical('resource "a" "b" {\n  name = "agent"\n')).toBe(true);
    expect(lexical('policy = <<EOF\n{"Action": "*"}\n')).toBe(true);
  });

  it('a rule with a Terraform handler and no signal has every file parsed, and the switch is honoured', () => {
    const file = hcl('main.tf', readFileSync(path.join(DIR, 'generated.tf'), 'utf8'));
    expect(terraformMayYield(file, DEPLOY_RULES, ENGINE)).toBe(false);
    expect(terraformMayYield(file, [...DEPLOY_RULES, { meta: DEPLOY_RULES[0]!.meta, terraform: () => undefined }], ENGINE)).toBe(true);
    process.env.AGENTWARDEN_PREFILTER = 'off';
    try {
      expect(terraformMayYield(file, DEPLOY_RULES, ENGINE)).toBe(true);
    } finally {
      delete process.env.AGENTWARDEN_PREFILTER;
    }
  });

  it('across keys, values and the places a value can sit, never skips a file that yields', async () => {
    // Every place a named value is judged, every way of naming a credential, every shape of value.
    const places: ((key: string, value: string) => string)[] = [
      (k, v) => `resource "aws_x" "y" {\n  ${k} = ${v}\n}\n`,
      (k, v) => `resource "aws_x" "y" {\n  env = {\n    ${k} = ${v}\n  }\n}\n`,
      (k, v) => `resource "aws_x" "y" {\n  settings {\n    ${k} = ${v}\n  }\n}\n`,
      (k, v) => `variable "${k}" {\n  default = ${v}\n}\n`,
      (k, v) => `resource "aws_x" "y" {\n  env = [{ name = "${k}", value = ${v} }]\n}\n`,
      (k, v) => `locals {\n  m = { "${k}" = ${v} }\n}\n`,
      (k, v) => `module "m" {\n  defs = jsonencode({ ${k} = ${v} })\n}\n`,
      (k, v) => `resource "aws_x" "y" {\n  env = { note = { ${k} = ${v} } }\n}\n`,
    ];
    const keys = ['db_password', 'api_token', 'adminPassword', 'AUTH', 'public_key', 'client_secret', 'user_name', 'NEO4J_AUTH', 'MY_KEY', 'Token', 'region'];
    const values = [
      '"Zr8#kq2!vLw9Qp"', '"changeme"', '"${API_TOKEN}"', '"$API_TOKEN"', 'api_token', 'var.x', 'file("x")', 'aws_x.y.z',
      'jsonencode("S3cr3t!x9Lq")', '"ghp_Q2w8Er5Ty1Ui9Op3As7Df4Gh6Jk0Lz2Xc8Vb"', '12345678', 'base64encode("x")', 'merge({a="b"},var.x)',
      '"prefix-${var.x}"', '<<EOF\nZr8#kq2!vLw9Qp\nEOF', '<<-EOT\n    $API_TOKEN\n    EOT', '"neo4j/changeme"', 'jsonencode({ inner = "Zr8#kq2!vLw9Qp" })',
      '"{\\"pin\\": \\"${API_TOKEN}\\"}"', '"{\\"DB_PASSWORD\\": \\"Zr8#kq2!vLw9Qp\\"}"',
    ];
    const files: Record<string, string> = {};
    places.forEach((place, p) => keys.forEach((key, k) => values.forEach((value, v) => (files[`${p}-${k}-${v}.tf`] = place(key, value)))));
    // JSON in a heredoc: keys and name/value pairs.
    keys.forEach((key, k) =>
      ['"Zr8#kq2!vLw9Qp"', '"changeme"', '"${API_TOKEN}"'].forEach((value, v) => {
        files[`json-${k}-${v}.tf`] = `resource "aws_x" "y" {\n  doc = <<EOF\n{"${key}": ${value}}\nEOF\n}\n`;
        files[`pair-${k}-${v}.tf`] = `resource "aws_x" "y" {\n  doc = <<EOF\n[{"name": "${key}", "value": ${value}}]\nEOF\n}\n`;
      }),
    );
    const off = await scanWithoutPrefilters(tempTree(files));
    const yielding = new Set([...off.findings.map((f) => f.location.path), ...off.identities.map((i) => i.location.path)]);
    const missed = [...yielding].filter((rel) => !terraformMayYield(hcl(rel, files[rel]!), DEPLOY_RULES, ENGINE)).map((rel) => files[rel]);
    expect(missed).toEqual([]);
    const skipped = Object.keys(files).filter((rel) => !terraformMayYield(hcl(rel, files[rel]!), DEPLOY_RULES, ENGINE));
    expect(yielding.size).toBeGreaterThan(300);
    expect(skipped.length).toBeGreaterThan(100);
  }, 60_000);
});
