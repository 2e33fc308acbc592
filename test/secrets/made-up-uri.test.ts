/**
 * A URI made up to fail or to stand in: its user or host named as such (`invalid`, `nonexistent`,
 * `fake`), or its password the word naming what goes there (`credentials`). A document's
 * failed-connection example, not a credential; a URI whose names say nothing of the kind keeps its
 * finding. Every value is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { loadAllowlist, loadBuiltinPatterns } from '../../src/rules/secrets/patterns.js';
import { isMadeUpUri } from '../../src/rules/secrets/uri-host.js';

const engine = new SecretEngine(loadBuiltinPatterns(), loadAllowlist());
const rules = (line: string) => engine.find(`${line}\n`).map((c) => c.pattern.ruleId);
const PASSWORD = 'Rk4vX9pLw2mT';
const madeUp = (uri: string) => isMadeUpUri(uri, uri.indexOf(PASSWORD), uri.indexOf(PASSWORD) + PASSWORD.length);

describe('a URI made up to fail', () => {
  it('is no credential when its user or a label of its host says so', () => {
    expect(madeUp(`mongodb+srv://invalid:${PASSWORD}@cluster0.ab1cd.mongodb.net`)).toBe(true);
    expect(madeUp(`postgresql://agent:${PASSWORD}@nonexistent-host:5432/agents`)).toBe(true);
    expect(madeUp(`redis://fake_user:${PASSWORD}@cache.acme.io:6379`)).toBe(true);
    expect(madeUp(`amqp://agent:${PASSWORD}@broker.invalid:5672`)).toBe(true);
    expect(rules(`uri = "mongodb+srv://wrong:${PASSWORD}@invalid.mongodb.net/"`)).toEqual([]);
  });

  it('keeps a URI whose names say nothing of the kind, or hold such a word only inside another', () => {
    expect(madeUp(`postgresql://agent:${PASSWORD}@db.internal:5432/agents`)).toBe(false);
    expect(madeUp(`postgresql://fakeit:${PASSWORD}@invalidation.acme.io:5432/agents`)).toBe(false);
    expect(madeUp(`password = "${PASSWORD}"`)).toBe(false);
    expect(rules(`DATABASE_URL=postgres://agent:${PASSWORD}@db.acme.io:5432/agents`)).toEqual(['secrets/database-uri-credentials']);
  });

  it('reads the word naming what goes there as a stand-in password', () => {
    expect(rules('DATABASE_URL=postgres://agent:credentials@db.acme.io:5432/agents')).toEqual([]);
    expect(rules('DATABASE_URL=postgres://agent:creds@db.acme.io:5432/agents')).toEqual([]);
  });
});
