import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address: IPv4 as is, IPv6 by its /64 (one customer's
 * line usually owns a whole /64, so single addresses would be free to rotate).
 */
export function ipRateLimitKey(forwarded: string): string {
  const ip = withoutPort(forwarded);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return `other:${ip.slice(0, 64)}`;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/**
 * Some proxies write `address:port` in X-Forwarded-For (`[v6]:port` for IPv6): each connection
 * of one client would otherwise count as a new address.
 */
function withoutPort(ip: string): string {
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(ip);
  if (v4) return v4[1]!;
  const v6 = /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(ip);
  return v6 ? v6[1]! : ip;
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = ip.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...zeros, ...right].map((part) => part.toLowerCase().replace(/^0+(?=.)/, ''));
}
