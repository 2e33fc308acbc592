/**
 * Values a name-matched pattern reads that are code by what surrounds them: a bare value given to a
 * `$variable` (PowerShell, PHP, Perl and Ruby quote their strings), a call cut at its argument's
 * quote (an ARM template's `[parameters('…')]`), and an element's attribute after its tag name.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { isBareAfterSigilVariable, isCallCutAtArgument } from '../../src/rules/secrets/value-shapes.js';

const analyzers = await loadFileAnalyzers();
const scan = async (code: string, path: string) => (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.severity]);

describe('isBareAfterSigilVariable', () => {
  it('reads an unquoted value given to a $variable as code', () => {
    for (const before of ['$encoded = ', '$script:Token = ', '$headers.Token = ', '${Access-Token} = ', '$cfg["token"] = ', '$token .= ', '  $Token += ']) {
      expect(isBareAfterSigilVariable(before), before).toBe(true);
    }
  });
  it('leaves quoted values, environment files and other assignments alone', () => {
    for (const before of ['$token = "', "$token = '", 'TOKEN=', 'export TOKEN=', 'token: ', 'const token = ', '$token == ']) {
      expect(isBareAfterSigilVariable(before), before).toBe(false);
    }
  });
});

describe('isCallCutAtArgument', () => {
  it("reads a function's name cut where its argument's other quote opens as code", () => {
    expect(isCallCutAtArgument('[parameters(', '"', "'")).toBe(true);
    expect(isCallCutAtArgument('[concat(', '"', "'")).toBe(true);
    expect(isCallCutAtArgument('vault.read(', "'", '"')).toBe(true);
  });
  it('leaves a value closed by its own quote, and one that is no call, alone', () => {
    expect(isCallCutAtArgument('Xk9#pLw2qRz(', '"', '"')).toBe(false);
    expect(isCallCutAtArgument('Xk9#pLw2qRz9', '"', "'")).toBe(false);
    expect(isCallCutAtArgument('[parameters(', '', "'")).toBe(false);
  });
});

describe('code where a name-matched value would be', () => {
  it('does not report a PowerShell command, an ARM parameter reference or a UI component attribute', async () => {
    expect(await scan('$encodedToken = ConvertTo-Base64Token $AccessToken\n', 'eng/scripts/Add-Lease.ps1')).toEqual([]);
    expect(await scan('"administratorLoginPassword": "[parameters(\'serverAdminPassword\')]",\n', 'azuredeploy.json')).toEqual([]);
    expect(await scan('<Token color="var(--ui-color-grey-300)">built-in</Token>\n', 'src/pages/ModelsTable.tsx')).toEqual([]);
  });
  it('still reports the literals the same files could hold', async () => {
    expect(await scan('$encodedToken = "Qm4vX8kLp2Zt7RbWn3Hs"\n', 'eng/scripts/Add-Lease.ps1')).toEqual([['secrets/generic-token', 'medium']]);
    expect(await scan('"administratorLoginPassword": "Kq7!vR2$wZ9x",\n', 'azuredeploy.json')).toEqual([['secrets/generic-password', 'medium']]);
    expect(await scan('<add key="AuthToken" value="Qm4vX8kLp2Zt7RbWn3Hs" />\n', 'web.config')).toEqual([['secrets/generic-token', 'medium']]);
  });
});
