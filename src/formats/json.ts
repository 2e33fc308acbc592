/** The JSON report of DESIGN.md, as built: keys in the contract's order, findings in a fixed order. */
import type { Reporter } from './types.js';

export const json: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
