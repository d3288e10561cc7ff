// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
// CIDR containment for IPv4 and IPv6. A bare address is /32 (/128). IPv4 never matches IPv6, so a
// NotIpAddress list of IPv4 ranges is true for an IPv6 caller. IPv4 uses 32-bit arithmetic with the
// /0 prefix handled apart: JavaScript shifts by 32 are shifts by 0 (iam-simulate's bug, §5 item 4).
import type { GlobPiece } from '../glob.js';
import { joinPieces } from '../template.js';
import { NEVER, type ValueTest } from './operator.js';

interface Address {
  v6: boolean;
  value: bigint;
}

export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function parseIPv6(text: string): bigint | null {
  let t = text;
  let tail: number[] = [];
  const lastColon = t.lastIndexOf(':');
  if (t.includes('.')) {
    const v4 = parseIPv4(t.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [v4 >>> 16, v4 & 0xffff];
    t = t.slice(0, lastColon + 1) + '0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const groups = [...head, ...rest].map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : -1));
  if (groups.includes(-1)) return null;
  if (tail.length) groups.pop();
  const given = groups.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = 8 - given;
  const all = [...groups.slice(0, head.length), ...Array<number>(zeros).fill(0), ...groups.slice(head.length), ...tail];
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return value;
}

function parseAddress(text: string): Address | null {
  if (text.includes(':')) {
    const value = parseIPv6(text);
    return value === null ? null : { v6: true, value };
  }
  const v4 = parseIPv4(text);
  return v4 === null ? null : { v6: false, value: BigInt(v4) };
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  prefix: number;
}

export function parseCidr(text: string): Cidr | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const address = parseAddress(slash < 0 ? t : t.slice(0, slash));
  if (!address) return null;
  const bits = address.v6 ? 128 : 32;
  let prefix = bits;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return null;
    prefix = Number(p);
  }
  return { v6: address.v6, network: address.value, prefix };
}

export function cidrContains(cidr: Cidr, address: Address): boolean {
  if (cidr.v6 !== address.v6) return false;
  if (cidr.prefix === 0) return true;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.prefix);
  return (cidr.network ^ address.value) >> shift === 0n;
}

export function ipAddress(pieces: readonly GlobPiece[]): ValueTest {
  const cidr = parseCidr(joinPieces(pieces));
  if (!cidr) return NEVER;
  return (v) => {
    const address = parseAddress(v.trim());
    return address !== null && cidrContains(cidr, address);
  };
}
