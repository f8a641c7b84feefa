/**
 * A finding's verdict for comparing two runs of one estate (a whole run and its merged
 * shards): check, resource, status and message, without what differs from run to run
 * however alike the verdicts are — the timings of live probes, the time window of a
 * lookup, the request ids of live calls.
 */
import type { Finding } from '../../harness/model/findings.ts';

/** The finding as a comparable string. */
export function verdictOf(finding: Finding): string {
  return JSON.stringify([finding.checkId, finding.resource, finding.status, finding.message])
    .replace(/\d+(\.\d+)? m?s\b/g, '# ms')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '#time')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '#uuid');
}
