/** The gitleaks-example extraction on a made-up checkout: the Go subset, the sample templates, the regex sampler. */
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { loadGitleaksExamples } from '../../eval/lib/gitleaks-rules.mjs';
import { prng, sampleRegex } from '../../eval/lib/regex-sample.mjs';

const GENERATE_GO = `package utils

func GenerateSampleSecrets(identifier string, secret string) []string {
	samples := map[string]string{
		"ini - quoted": "{i}Token=\\"{s}\\"",
		"yaml - unquoted": "{i}_token: {s}",
		"env": "{I}_TOKEN={s}",
	}
	return nil
}
`;
const PATTERNS_GO = 'package utils\n\nfunc Hex(size string) string {\n\treturn fmt.Sprintf(`[a-f0-9]{%s}`, size)\n}\n';
const RULE_GO = `package rules

var shared = []string{\`acme_other_kind_value\`}

func AcmeToken() *config.Rule {
	r := config.Rule{
		RuleID: "acme-token",
		Regex:  utils.GenerateUniqueTokenRegex(\`acme_[a-f0-9]{12}\`, false),
	}
	tps := utils.GenerateSampleSecrets("acme", "acme_" + secrets.NewSecret(utils.Hex("12")))
	tps = append(tps,
		"literal acme_0123456789ab", // a comment
		unknownHelper("x"),
	)
	fps := append(shared, fmt.Sprintf("%s=%s", "acme_token", "short"))
	return utils.Validate(r, tps, fps)
}

func AcmeFile() *config.Rule {
	r := config.Rule{RuleID: "acme-file"}
	tps := map[string]string{"conf.acme": "key = " + \`"k3y"\`}
	return utils.ValidateWithPaths(r, tps, nil)
}
`;

function checkout(): string {
  return tempTree({
    'cmd/generate/config/utils/generate.go': GENERATE_GO,
    'cmd/generate/config/utils/patterns.go': PATTERNS_GO,
    'cmd/generate/config/rules/acme.go': RULE_GO,
  });
}

describe('gitleaks rule examples', () => {
  it('expands sample templates, literals, appends and package vars; skips what it cannot evaluate', () => {
    const rules = loadGitleaksExamples(checkout());
    const acme = rules.find((r: { ruleId: string }) => r.ruleId === 'acme-token');
    const tps = acme.tps.map((e: { text: string }) => e.text);
    expect(tps).toHaveLength(4);
    expect(tps[0]).toMatch(/^acmeToken="acme_[a-f0-9]{12}"$/);
    expect(tps[2]).toMatch(/^ACME_TOKEN=acme_[a-f0-9]{12}$/);
    expect(tps[3]).toBe('literal acme_0123456789ab');
    expect(acme.fps.map((e: { text: string }) => e.text)).toEqual(['acme_other_kind_value', 'acme_token=short']);
    expect(acme.skipped).toBe(1);
    const file = rules.find((r: { ruleId: string }) => r.ruleId === 'acme-file');
    expect(file.tps).toEqual([{ file: 'conf.acme', text: 'key = "k3y"' }]);
  });

  it('draws the same examples for the same seed', () => {
    const a = loadGitleaksExamples(checkout(), 7)[0].tps[0].text;
    const b = loadGitleaksExamples(checkout(), 7)[0].tps[0].text;
    expect(a).toBe(b);
  });
});

describe('sampleRegex', () => {
  it('draws strings the regex matches', () => {
    const random = prng(3);
    for (const re of ['AIza[\\w-]{35}', '(?i)(?:sk|rk)_live_[a-z0-9]{24}', 'xox[bp]-[0-9]{10,13}-[a-zA-Z0-9-]{8}', '[[:alnum:]]{6}\\.[^\\s"]{4}', 'ab?c*d+']) {
      const s = sampleRegex(re, random);
      expect(new RegExp(`^(?:${re.replace('(?i)', '').replace('[[:alnum:]]', '[A-Za-z0-9]')})$`, 'i').test(s), `${re} → ${s}`).toBe(true);
    }
  });
  it('refuses syntax it does not know rather than drawing a wrong string', () => {
    expect(() => sampleRegex('(?<=x)a', prng(1))).toThrow();
    expect(() => sampleRegex('\\p{L}', prng(1))).toThrow();
  });
});
