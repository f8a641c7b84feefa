/** `host:port` addresses and the connect map that redirects dials (curl --connect-to style). */

export interface HostPort {
  host: string;
  port: number;
}

/** Parses `host:port` or `[v6]:port`. */
export function parseHostPort(text: string): HostPort {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text);
  if (!match) throw new Error(`not host:port: ${text}`);
  return { host: match[1]!, port: Number(match[2]) };
}

/** Formats a host and port, bracketing IPv6. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Where a dial to `address` really goes, or undefined when connectOnly forbids an unmapped dial. */
export function resolveDial(address: string, connect: Readonly<Record<string, string>>, connectOnly: boolean): HostPort | undefined {
  const mapped = connect[address];
  if (mapped) return parseHostPort(mapped);
  return connectOnly ? undefined : parseHostPort(address);
}
