import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/core/glob.js';

describe('globMatcher', () => {
  it('matches names at any depth for patterns without a slash, paths from the root otherwise', () => {
    const m = globMatcher(['*.snap', 'tests/**', './deploy/*.yaml', '**/gen/**']);
    expect(m('a/b/c.snap')).toBe(true);
    expect(m('tests/data.env')).toBe(true);
    expect(m('src/tests/data.env')).toBe(false);
    expect(m('deploy/k8s.yaml')).toBe(true);
    expect(m('deploy/sub/k8s.yaml')).toBe(false);
    expect(m('x/gen/y.py')).toBe(true);
    expect(m('src/app.py')).toBe(false);
    expect(globMatcher([])('anything')).toBe(false);
  });
});
