/**
 * How much of the host a Linux capability added to a container hands over. One place for every
 * format that adds capabilities (Compose `cap_add`, a pod's `capabilities.add`, `docker run --cap-add`).
 */

/** Much of root on the host wherever the container runs: mounts and namespaces, tracing, kernel modules. */
const HOST_CAPABILITY = /^(?:CAP_)?(?:SYS_ADMIN|ALL|SYS_PTRACE|SYS_MODULE)$/i;
/**
 * The network stack: interfaces, routes, firewall rules, raw packets. They act on the network namespace
 * the container is in: its own (what a database image such as ClickHouse documents adding) unless it
 * shares the host's, where they reconfigure and sniff the host's network.
 */
const NETWORK_CAPABILITY = /^(?:CAP_)?(?:NET_ADMIN|NET_RAW)$/i;
/** In Docker's default set already: adding it changes nothing in the container's own namespace. */
const DEFAULT_CAPABILITY = /^(?:CAP_)?NET_RAW$/i;

export interface CapabilityRating {
  caps: string[];
  severity: 'high' | 'low';
  /** Why, for the finding's message. */
  why: string;
}

/**
 * The capabilities among `added` worth a finding, rated together: host-level ones are high; network
 * ones are high in the host's network namespace and low in the container's own (NET_RAW, a default,
 * is left out there). Undefined when none is worth one.
 */
export function rateCapabilities(added: readonly string[], hostNetwork: boolean): CapabilityRating | undefined {
  const host = added.filter((c) => HOST_CAPABILITY.test(c) || (hostNetwork && NETWORK_CAPABILITY.test(c)));
  if (host.length) {
    const net = hostNetwork && host.some((c) => NETWORK_CAPABILITY.test(c));
    return { caps: host, severity: 'high', why: net ? " in the host's network namespace: it can reconfigure the host's interfaces, routes and firewall and read its traffic" : '' };
  }
  const own = added.filter((c) => NETWORK_CAPABILITY.test(c) && !DEFAULT_CAPABILITY.test(c));
  if (!own.length) return undefined;
  return {
    caps: own,
    severity: 'low',
    why: ": without the host's network it acts on the container's own network namespace only (its interfaces, routes and firewall), not the host's",
  };
}
