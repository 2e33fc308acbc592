import { describe, expect, it } from 'vitest';
import { checksContainment } from '../../src/rules/code/path-containment.js';

/** A path helper of a tool class; `{{CHECK}}` is its refusal, `{{PARAMS}}` what it is handed. */
const HELPER =
  'def resolve(self, {{PARAMS}}):\n    target = os.path.realpath(os.path.join(self.workspace, name))\n    base = os.path.realpath(self.workspace)\n' +
  '    within = target.startswith(\n        base + os.sep) or target == base\n{{CHECK}}    return target\n';

const helper = (check: string, params = 'name') => HELPER.replace('{{CHECK}}', check).replace('{{PARAMS}}', params);

describe('a containment check kept in a name', () => {
  it('is read when a later line refuses the path (the statement wrapped over two lines)', () => {
    expect(checksContainment(helper('    if not within:\n        raise PermissionError(name)\n'), ['name'])).toEqual({ folder: 'base' });
  });

  it('names the setting of the code that lifts the refusal', () => {
    expect(checksContainment(helper('    if not within and not self.allow_any_path:\n        return None\n'), ['name'])).toEqual({ folder: 'base', unless: 'self.allow_any_path' });
  });

  it('is no confinement when the caller hands in the switch that lifts it', () => {
    expect(checksContainment(helper('    if not within and not anywhere:\n        return None\n', 'name, anywhere=False'), ['name', 'anywhere'])).toBeUndefined();
  });

  it('is no confinement when a path outside is only logged', () => {
    expect(checksContainment(helper('    if not within:\n        print("outside the workspace")\n'), ['name'])).toBeUndefined();
  });

  it('is no confinement when the name is bound again before it is tested', () => {
    expect(checksContainment(helper('    within = True\n    if not within:\n        return None\n'), ['name'])).toBeUndefined();
  });
});
