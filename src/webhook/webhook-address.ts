import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not point (SSRF): private, loopback, link-local (cloud metadata
 * 169.254.169.254 included), CGNAT (100.64.0.0/10, Alibaba's metadata 100.100.100.200),
 * multicast, reserved and documentation ranges, in IPv4 and IPv6 (fd00:ec2::254 is in fc00::/7).
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (IPv4-mapped, NAT64, 6to4, IPv4-compatible), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const asV4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  // ::ffff:a.b.c.d written in hex, and ::a.b.c.d (deprecated IPv4-compatible).
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0) && !zeros(5, 8))
    return asV4(groups[6], groups[7]);
  // NAT64 64:ff9b::/96.
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return asV4(groups[6], groups[7]);
  // 6to4 2002:aabb:ccdd::/48.
  if (groups[0] === 0x2002) return asV4(groups[1], groups[2]);
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address;
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) =>
    parseInt(g, 16),
  );
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? null : groups;
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIpv4(address);
  if (inner !== null && isIP(inner) === 4 && FORBIDDEN.check(inner, 'ipv4')) return true;
  return FORBIDDEN.check(address, 'ipv6');
}

export interface ResolvedTarget {
  /** The address the request is pinned to (what was checked is what is connected to). */
  address: string;
  family: 4 | 6;
}

export class UnsafeTargetError extends Error {
  constructor(readonly reason: 'unresolvable' | 'forbidden_address') {
    super(reason);
  }
}

/**
 * Resolves the URL's host and refuses it when any of its addresses is forbidden (one bad answer
 * is enough: a rebinding name could hand out the other at connect time). `allowPrivate` is
 * WEBHOOK_ALLOW_PRIVATE.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new UnsafeTargetError('unresolvable');
    }
  }
  if (addresses.length === 0) throw new UnsafeTargetError('unresolvable');
  if (!allowPrivate && addresses.some((entry) => isForbiddenAddress(entry.address))) {
    throw new UnsafeTargetError('forbidden_address');
  }
  const first = addresses[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
