/** The lab's safety rule: it provisions only into emulators on loopback. */
import { InputError } from '../harness/model/errors.ts';

/** Throws unless the endpoint's host is a loopback address. */
export function assertLoopbackEndpoint(endpoint: string): void {
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw new InputError(`the lab refuses endpoint ${endpoint}: not a URL`);
  }
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!loopback) throw new InputError(`the lab provisions only into an emulator on loopback, and refuses ${endpoint}`);
}
