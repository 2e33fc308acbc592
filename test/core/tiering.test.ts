/** The V8 settings the command line makes: only on the V8 they were measured on, for the work they pay on, and never when the user opts out. */
import { describe, expect, it } from 'vitest';
import { TIERING_FLAGS, tuneTiering } from '../../src/core/tiering.js';

const NODE20 = '11.3.244.8-node.38';

describe('tuneTiering', () => {
  it('leaves V8 alone when asked to', () => {
    expect(tuneTiering({}, NODE20, { AGENTWARDEN_V8_TIERING: 'default' })).toEqual([]);
  });

  it('leaves another V8 version its own tiering', () => {
    expect(tuneTiering({}, '12.4.254.21-node.33', {})).toEqual([]);
    expect(tuneTiering({}, '13.6.233.10', {})).toEqual([]);
  });

  it('leaves a scan the result cache will serve its own tiering', () => {
    expect(tuneTiering({ warm: true }, NODE20, {})).toEqual([]);
  });

  it("turns Maglev on and holds TurboFan back on Node.js 20's V8", () => {
    expect(tuneTiering({ warm: false }, NODE20, {})).toEqual(TIERING_FLAGS);
    expect(TIERING_FLAGS).toContain('--maglev');
    expect(TIERING_FLAGS.some((f) => f.startsWith('--interrupt-budget='))).toBe(true);
  });
});
