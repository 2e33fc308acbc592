/**
 * The one reading of Compose ports: which container port(s) an entry names, whether it is published,
 * and on which of the host's interfaces, for the short and long syntax, ranges and variables.
 */
import { describe, expect, it } from 'vitest';
import { composeServices } from '../../src/rules/deploy/formats.js';
import { composePorts } from '../../src/rules/deploy/compose-ports.js';
import { parseYaml } from '../../src/parsers/yaml.js';
import { SourceFile } from '../../src/core/source.js';

/** The entries of one service whose `ports:` (or `expose:`) list is `items`, without their nodes. */
function read(items: string, key = 'ports'): unknown[] {
  const text = `services:\n  s:\n    image: acme/s:1\n    ${key}:\n${items}`;
  const parsed = parseYaml(new SourceFile({ absPath: 'compose.yaml', relPath: 'compose.yaml', kind: 'yaml', size: text.length }, text));
  if (!parsed.ok) throw new Error(parsed.error);
  return composeServices(parsed.doc[0]!).flatMap(composePorts).map(({ node: _node, ...rest }) => rest);
}

const short = (text: string, rest: object) => ({ published: true, protocol: 'tcp', syntax: 'short', text, ...rest });
const one = (port: number) => ({ from: port, to: port });

describe('Compose port entries', () => {
  it.each([
    // [entry as written, what it reads as]
    ['"6080"', short('6080', { container: one(6080), interface: 'all' })],
    ['6379', short('6379', { container: one(6379), interface: 'all' })],
    ['"8080:80"', short('8080:80', { container: one(80), interface: 'all', hostPort: '8080' })],
    ['"53:53/udp"', short('53:53/udp', { container: one(53), interface: 'all', hostPort: '53', protocol: 'udp' })],
    ['"0.0.0.0:6080:6080"', short('0.0.0.0:6080:6080', { container: one(6080), interface: 'all', hostPort: '6080', address: '0.0.0.0' })],
    ['"127.0.0.1:6379:6379"', short('127.0.0.1:6379:6379', { container: one(6379), interface: 'loopback', hostPort: '6379', address: '127.0.0.1' })],
    ['"127.0.0.1::6379"', short('127.0.0.1::6379', { container: one(6379), interface: 'loopback', address: '127.0.0.1' })],
    ['"[::1]:6379:6379"', short('[::1]:6379:6379', { container: one(6379), interface: 'loopback', hostPort: '6379', address: '::1' })],
    ['"::1:6379:6379"', short('::1:6379:6379', { container: one(6379), interface: 'loopback', hostPort: '6379', address: '::1' })],
    ['"[::]:9200:9200"', short('[::]:9200:9200', { container: one(9200), interface: 'all', hostPort: '9200', address: '::' })],
    ['"192.168.1.20:5432:5432"', short('192.168.1.20:5432:5432', { container: one(5432), interface: 'address', hostPort: '5432', address: '192.168.1.20' })],
    // Ranges.
    ['"8000-8010:8000-8010"', short('8000-8010:8000-8010', { container: { from: 8000, to: 8010 }, interface: 'all', hostPort: '8000-8010' })],
    ['"9090-9091:8080-8081/tcp"', short('9090-9091:8080-8081/tcp', { container: { from: 8080, to: 8081 }, interface: 'all', hostPort: '9090-9091' })],
    // A variable with a default is read as its default; one with none leaves that part unknown.
    ['"${NOVNC_PORT:-6080}:6080"', short('${NOVNC_PORT:-6080}:6080', { container: one(6080), interface: 'all', hostPort: '${NOVNC_PORT:-6080}' })],
    ['"${PORT}:6080"', short('${PORT}:6080', { container: one(6080), interface: 'all', hostPort: '${PORT}' })],
    ['"${BIND:-127.0.0.1}:${PORT:-6379}:6379"', short('${BIND:-127.0.0.1}:${PORT:-6379}:6379', { container: one(6379), interface: 'loopback', hostPort: '${PORT:-6379}', address: '127.0.0.1' })],
    ['"${BIND-0.0.0.0}:6379:6379"', short('${BIND-0.0.0.0}:6379:6379', { container: one(6379), interface: 'all', hostPort: '6379', address: '0.0.0.0' })],
    ['"${BIND_ADDRESS}:6379:6379"', short('${BIND_ADDRESS}:6379:6379', { container: one(6379), interface: 'unknown', hostPort: '6379' })],
    ['"${PORT}:${PORT}"', short('${PORT}:${PORT}', { container: undefined, interface: 'all', hostPort: '${PORT}' })],
    ['"${PORT:-3000}:${PORT:-3000}"', short('${PORT:-3000}:${PORT:-3000}', { container: one(3000), interface: 'all', hostPort: '${PORT:-3000}' })],
  ])('short syntax %s', (entry, expected) => {
    expect(read(`      - ${entry}\n`)).toEqual([expected]);
  });

  it.each([
    ['target: 27017\n        published: 27017', { container: one(27017), interface: 'all', hostPort: '27017' }],
    ['target: 6379', { container: one(6379), interface: 'all' }],
    ['target: 6379\n        host_ip: 127.0.0.1\n        published: "6379"', { container: one(6379), interface: 'loopback', address: '127.0.0.1', hostPort: '6379' }],
    ['target: 53\n        published: 5353\n        protocol: UDP\n        host_ip: 10.0.0.5', { container: one(53), interface: 'address', address: '10.0.0.5', hostPort: '5353', protocol: 'udp' }],
    ['target: 80\n        host_ip: ${HOST_IP}', { container: one(80), interface: 'unknown' }],
    ['target: "8000-8002"\n        published: "9000-9002"', { container: { from: 8000, to: 8002 }, interface: 'all', hostPort: '9000-9002' }],
  ])('long syntax %s', (entry, expected) => {
    expect(read(`      - ${entry}\n`)).toEqual([{ published: true, protocol: 'tcp', syntax: 'long', ...expected }]);
  });

  it('leaves out what is not a port entry, and reads expose as unpublished', () => {
    expect(read('      - published: 8080\n      - [1, 2]\n')).toEqual([]);
    expect(read('      - "11211"\n      - 6379/tcp\n', 'expose')).toEqual([
      { container: one(11211), published: false, protocol: 'tcp', syntax: 'short', text: '11211' },
      { container: one(6379), published: false, protocol: 'tcp', syntax: 'short', text: '6379/tcp' },
    ]);
  });
});
