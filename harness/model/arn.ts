/** Identifier helpers shared by collectors and checks: pure string work on the ids AWS returns. */

/** Strips the `/hostedzone/` prefix some Route 53 APIs put on zone ids. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}
