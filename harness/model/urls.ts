/** URLs as crisp may show them: never with a user name or password in them. Pure. */

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i;

/** True when the URL carries userinfo (`scheme://user:password@host`). */
export function hasUserinfo(url: string): boolean {
  return USERINFO.test(url);
}

/** The URL without its userinfo, for labels, reports and logs. */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}
