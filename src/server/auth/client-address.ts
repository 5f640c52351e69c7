import { BlockList, isIP } from 'node:net';

/**
 * Who is calling, for rate limits and the security log. Behind a reverse proxy every request
 * comes from the proxy's address, so the client is read from `X-Forwarded-For`, but only when
 * the operator says a proxy is there (TRUST_PROXY): otherwise anyone could write that header.
 *
 * TRUST_PROXY is a number of proxy hops (`1`: the client is the last address the proxy appended)
 * or a comma-separated list of the proxies' addresses or subnets (`10.0.0.2, 192.168.1.0/24`:
 * the client is the first address, from the right, that is not one of them).
 */
export type TrustProxy = { hops: number } | { proxies: BlockList; text: string } | undefined;

/** Reads TRUST_PROXY; throws an Error whose message says what is wrong. */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const value = text?.trim() ?? '';
  if (value === '' || value === '0' || value === 'false') return undefined;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error(`TRUST_PROXY is a number of proxies in front of the server (1 to 10), not ${value}.`);
    return { hops };
  }
  const proxies = new BlockList();
  for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', bits] = item.split('/');
    const family = isIP(address);
    if (!family || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new Error(`TRUST_PROXY must be a number of hops or addresses such as 10.0.0.2 or 192.168.1.0/24, not "${item}".`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) proxies.addAddress(address, type);
    else proxies.addSubnet(address, Number(bits), type);
  }
  return { proxies, text: value };
}

/** An address as written in a header (`[::1]:443`, `1.2.3.4:5678`, `::ffff:1.2.3.4`), plain. */
export function plainAddress(text: string): string {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

function isTrusted(address: string, proxies: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The client's address: the socket's, or the one a trusted proxy put in X-Forwarded-For. */
export function clientAddressOf(socket: string, forwardedFor: string | undefined, trust: TrustProxy): string {
  const peer = plainAddress(socket);
  if (!trust || !forwardedFor) return peer;
  const chain = [...forwardedFor.split(',').map(plainAddress).filter(Boolean), peer];
  if ('hops' in trust) return chain[Math.max(0, chain.length - 1 - trust.hops)]!;
  let index = chain.length - 1;
  while (index > 0 && isTrusted(chain[index]!, trust.proxies)) index -= 1;
  return chain[index]!;
}

/** The key rate limits count by: an IPv4 address, or an IPv6 address's /64 (what one subscriber gets). */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => (parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}
