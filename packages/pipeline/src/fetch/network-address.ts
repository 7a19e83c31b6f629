import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where an IP address points. `public`: the internet. `loopback`, `private` (RFC 1918,
 * fc00::/7) and `cgnat` (100.64/10): this host or an internal network, which a feed may only
 * reach when its source opts in. `link-local` (169.254/16 with the cloud metadata service,
 * fe80::/10), `unspecified` (0.0.0.0/8, ::) and `reserved` (multicast, documentation,
 * benchmarking, broadcast…): never fetched.
 */
export type AddressRange =
  'public' | 'loopback' | 'private' | 'cgnat' | 'link-local' | 'unspecified' | 'reserved';

/** Ranges a source with `allow_private_network: true` may reach, besides `public`. */
export const INTERNAL_RANGES: ReadonlySet<AddressRange> = new Set(['loopback', 'private', 'cgnat']);

type Rule = readonly [prefix: readonly number[], bits: number, range: AddressRange];

const IPV4_RULES: readonly Rule[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'cgnat'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'reserved'], // multicast
  [[240], 4, 'reserved'], // future use and 255.255.255.255
];

const IPV6_RULES: readonly Rule[] = [
  [[0x01, 0x00], 64, 'reserved'], // 100::/64 discard
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0xfc], 7, 'private'], // unique local, fd00:ec2::254 is AWS's metadata service
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'reserved'], // deprecated site-local
  [[0xff], 8, 'reserved'], // multicast
];

/**
 * The range of an IP address (v4, or v6 with an optional `%zone`). IPv6 forms that carry an
 * IPv4 address (`::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by it.
 * Anything that is not an IP address is `reserved`.
 */
export function addressRange(address: string): AddressRange {
  const ip = address.replace(/^\[|\]$/g, '');
  if (isIPv4(ip)) return ipv4Range(ip.split('.').map(Number));
  const bytes = isIPv6(ip) ? ipv6Bytes(ip) : null;
  if (!bytes) return 'reserved';
  const zeros = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  if (zeros(16)) return 'unspecified';
  if (zeros(15) && bytes[15] === 1) return 'loopback';
  if (zeros(10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4Range(bytes.slice(12));
  if (zeros(12)) return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b], 96)) return ipv4Range(bytes.slice(12));
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return 'private'; // local NAT64
  if (startsWith(bytes, [0x20, 0x02], 16)) return ipv4Range(bytes.slice(2, 6));
  return IPV6_RULES.find(([prefix, bits]) => startsWith(bytes, prefix, bits))?.[2] ?? 'public';
}

function ipv4Range(bytes: readonly number[]): AddressRange {
  return IPV4_RULES.find(([prefix, bits]) => startsWith(bytes, prefix, bits))?.[2] ?? 'public';
}

// Whether the first `bits` bits of `bytes` are those of `prefix` (missing prefix bytes are 0).
function startsWith(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 8 < bits; i += 1) {
    const width = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - width)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

// The 16 bytes of a valid IPv6 address (checked by `isIPv6` first).
function ipv6Bytes(ip: string): number[] | null {
  let text = ip.split('%')[0]!.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = text.slice(0, dotted.index) + '0:0'; // two placeholder groups, replaced below
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...rest];
  const bytes = all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : null;
}
