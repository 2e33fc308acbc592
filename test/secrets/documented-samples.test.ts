/**
 * Values documentation shows rather than uses: a sample request or response under an API
 * description's `example:` / `examples:` key, a JSON document shown in a block comment, and a value
 * that ends by naming the kind of credential it stands in for. The same values elsewhere in the
 * same files are reported as before.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { isPlaceholderShape } from '../../src/rules/secrets/values.js';

const analyzers = await loadFileAnalyzers();
const scan = async (code: string, path: string) => (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.severity]);

const TOKEN = 'Qm4vX8kLp2Zt7RbWn3Hs';

const SPEC_YAML = [
  'openapi: 3.0.3',
  'components:',
  '  schemas:',
  '    Session:',
  '      properties:',
  '        access_token:',
  '          type: string',
  '      example:',
  `        access_token: ${TOKEN}`,
  '        expires_in: 86400',
  '  examples:',
  '    UploadResponse:',
  '      value:',
  '        upload:',
  '          attachments:',
  '            - file_name: crash.png',
  '              size: 5172',
  `          token: ${TOKEN}x`,
  '',
].join('\n');

const SPEC_JSON = [
  '{',
  '  "paths": {',
  '    "/sessions": {',
  '      "post": {',
  '        "x-ms-examples": {',
  '          "Create a session": {',
  '            "parameters": {',
  `              "refresh_token": "${TOKEN}"`,
  '            }',
  '          }',
  '        }',
  '      }',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

const COMMENTED_RESPONSE = [
  '/*************************************',
  'Response:',
  '{',
  '    "code": "0",',
  '    "data": {',
  `        "token": "${TOKEN}",`,
  '        "uid": 166993',
  '    }',
  '}',
  '*************************************/',
  'static char *build_request(void) { return NULL; }',
  '',
].join('\n');

describe('sample requests and responses in API descriptions', () => {
  it('lists a value under an example: or examples: key at info, in YAML and indented JSON', async () => {
    expect(await scan(SPEC_YAML, 'api/support-api.yaml')).toEqual([
      ['secrets/generic-token', 'info'],
      ['secrets/generic-token', 'info'],
    ]);
    expect(await scan(SPEC_JSON, 'api/sessions.json')).toEqual([['secrets/generic-token', 'info']]);
  });

  it('keeps a value outside such a block, and a value beside a key merely named like one', async () => {
    expect(await scan(`components:\n  defaults:\n    session:\n      access_token: ${TOKEN}\n`, 'api/support-api.yaml')).toEqual([['secrets/generic-token', 'medium']]);
    expect(await scan(`settings:\n  example: true\n  access_token: ${TOKEN}\n`, 'config/app.yaml')).toEqual([['secrets/generic-token', 'medium']]);
    // A provider's format is judged by its own pattern wherever it is.
    const [found] = await scan(`examples:\n  session:\n    key: sk-proj-${'Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7'.repeat(3)}T3BlbkFJ${'Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7'.repeat(3)}\n`, 'api/openapi.yaml');
    expect(found?.[1]).not.toBe('info');
  });
});

describe('a JSON document shown in a block comment', () => {
  it('lists its values at info', async () => {
    expect(await scan(COMMENTED_RESPONSE, 'firmware/main/agent.c')).toEqual([['secrets/generic-token', 'info']]);
  });

  it('keeps commented-out code, and a comment that mixes code with the document', async () => {
    expect(await scan(`/*\nconst session = { token: "${TOKEN}" };\n*/\n`, 'src/session.ts')).toEqual([['secrets/generic-token', 'medium']]);
    expect(await scan(`/*\n{\n  "token": "${TOKEN}",\n  "uid": 7\n}\nsend(request);\n*/\n`, 'src/agent.c')).toEqual([['secrets/generic-token', 'medium']]);
  });
});

describe('a value that ends by naming its kind', () => {
  it('is a stand-in', async () => {
    for (const v of ['Zm9yLXRoZS1yZWFkZXJ9InviteToken', 'eyJhbGciOi_invitation_token', 'Qm4vX8kLp2ShareLinkSecret']) expect(isPlaceholderShape(v), v).toBe(true);
    expect(await scan('"inviteToken": "Zm9yLXRoZS1yZWFkZXJ9InviteToken"\n', 'api/create-invite.json')).toEqual([]);
  });

  it('is not seen in random keys', () => {
    for (const v of [TOKEN, 'Xk9fQ2mLp0Zt7RbWq3Token', 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7xKey', 'TokenQm4vX8kLp2Zt7RbWn3Hs']) expect(isPlaceholderShape(v), v).toBe(false);
  });
});
