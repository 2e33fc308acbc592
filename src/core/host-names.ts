/**
 * Names of hosts no public service is reached by, in one place: the top-level and second-level
 * domains reserved for documentation and tests (RFC 2606, 6761), and those used only inside
 * networks (mDNS `.local`, home routers, organisations, clusters, Docker's own). Read by the secrets
 * engine (is a URI's password for a public service?), the code rules (is a request to an internal
 * host?) and the deployment rules (is a login or a tenant a placeholder?).
 */

/** Top-level domains reserved for documentation and tests. */
export const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost'] as const;

/** Top-level domains used only inside networks. */
export const PRIVATE_TLDS = ['local', 'internal', 'lan', 'home', 'arpa', 'localdomain', 'intranet', 'corp', 'private', 'svc', 'cluster', 'docker'] as const;

/** Domains reserved for documentation and tests, as a pattern's alternatives: `example.com`, `x.test` … */
export const RESERVED_DOMAIN = String.raw`example\.(?:com|org|net)|[\w-]+\.(?:${RESERVED_TLDS.join('|')})`;

/** An address at a reserved domain (`root@example.com`, `noone@acme.test`): no one's real account. */
export const RESERVED_ADDRESS = new RegExp(String.raw`@(?:[\w-]+\.)*(?:${RESERVED_DOMAIN})$`, 'i');
