import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Addresses and address ranges for the per-address limits and `TRUST_PROXY`: which bucket a
 * client address counts in, and which peers may tell us the client's address.
 */

/** Tells whether a peer at `address` is a proxy whose `X-Forwarded-For` is believed. */
export type ProxyTrust = (address: string) => boolean;

/** A `ProxyTrust` that believes no one (`TRUST_PROXY=false`). */
export const TRUST_NO_PROXY: ProxyTrust = () => false;

/**
 * Named ranges accepted in `TRUST_PROXY`, as CIDRs. `private` is where a same-host or
 * same-network proxy sits (RFC 1918, IPv6 unique-local, link-local), the `TRUST_PROXY=true` of
 * older versions minus "anyone".
 */
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '169.254.0.0/16',
    'fc00::/7',
    'fe80::/10',
  ],
};

/** What `TRUST_PROXY=true` trusts: a proxy on this host or on a private network. */
export const TRUST_PROXY_TRUE: readonly string[] = ['loopback', 'private'];

/** `::ffff:1.2.3.4` (or `::ffff:102:304`) → `1.2.3.4`; anything else unchanged. */
export function normaliseAddress(address: string): string {
  if (!address.startsWith('::ffff:') && !address.startsWith('::FFFF:')) return address;
  const groups = ipv6Groups(address);
  return groups && isMapped(groups) ? ipv4OfMapped(groups) : address;
}

/**
 * The key a client address is counted under for `MAX_CONNECTIONS_PER_IP` and
 * `HANDSHAKES_PER_IP_PER_MINUTE`: an IPv4 address itself (IPv4-mapped IPv6 included), an IPv6
 * address its /64 (one subscriber's LAN: hosts there pick any of 2^64 addresses, so counting
 * exact addresses would let one client rotate past every limit). Anything else (a junk
 * forwarded entry) is its own key, cut to 64 characters so the maps stay bounded.
 */
export function addressBucket(address: string): string {
  // The common case (IPv4 from the socket) costs one scan for ':'.
  if (!address.includes(':')) return address.length > 64 ? address.slice(0, 64) : address;
  const groups = ipv6Groups(address);
  if (!groups) return address.slice(0, 64);
  if (isMapped(groups)) return ipv4OfMapped(groups);
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/**
 * Parses `TRUST_PROXY`-style entries (addresses, CIDRs, `loopback`, `private`) into a
 * {@link ProxyTrust}. Throws an `Error` naming the first entry that is none of these.
 */
export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return TRUST_NO_PROXY;
  const list = new BlockList();
  for (const entry of entries) {
    const named = NAMED_RANGES[entry.toLowerCase()];
    for (const range of named ?? [entry]) addRange(list, range);
  }
  return (address) => {
    const plain = normaliseAddress(stripZone(address));
    if (isIPv4(plain)) return list.check(plain, 'ipv4');
    if (isIPv6(plain)) return list.check(plain, 'ipv6');
    return false;
  };
}

/** Checks one `TRUST_PROXY` entry; returns an error message, or null when it is usable. */
export function proxyEntryError(entry: string): string | null {
  try {
    createProxyTrust([entry]);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function addRange(list: BlockList, range: string): void {
  const slash = range.indexOf('/');
  const address = normaliseAddress(slash < 0 ? range : range.slice(0, slash));
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!type) {
    throw new Error(
      `"${range}" is not an IP address, a CIDR like 10.0.0.0/8 or fd00::/8, "loopback" or "private"`,
    );
  }
  const max = type === 'ipv4' ? 32 : 128;
  const prefixText = slash < 0 ? String(max) : range.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) {
    throw new Error(`"${range}": the prefix length must be 0 to ${max}`);
  }
  list.addSubnet(address, prefix, type);
}

function stripZone(address: string): string {
  const zone = address.indexOf('%');
  return zone < 0 ? address : address.slice(0, zone);
}

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const plain = stripZone(address);
  if (!isIPv6(plain)) return null;
  const double = plain.indexOf('::');
  const head = double < 0 ? plain : plain.slice(0, double);
  const tail = double < 0 ? '' : plain.slice(double + 2);
  const headGroups = head === '' ? [] : groupsOf(head);
  const tailGroups = tail === '' ? [] : groupsOf(tail);
  const fill = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...new Array<number>(Math.max(0, fill)).fill(0), ...tailGroups];
}

/** Groups of a colon-separated part; a dotted IPv4 tail is two groups. */
function groupsOf(part: string): number[] {
  const out: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
      out.push((a << 8) | b, (c << 8) | d);
    } else out.push(parseInt(piece, 16));
  }
  return out;
}

function isMapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

function ipv4OfMapped(groups: number[]): string {
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
