import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { proxyScopeSchema } from './proxy-scope.ts';
import { auditRequest, httpRequest, invokeUrl, liveOff } from './proxy-live.ts';

export default defineCheck({
  id: 'proxy.live-invoke-audited',
  title: 'An authenticated, minimal invoke through the live proxy succeeds, and its audit item appears in the audit table in time',
  severity: 'critical',
  rationale:
    'The proxy exists to make commercial Bedrock usable from GovCloud with a complete audit trail: a working call whose audit item never lands (a dropped write, a swallowed error, the wrong table) spends the commercial credential with no record. crisp makes one budgeted call with the operator’s key (CRISP_PROXY_API_KEY, never written anywhere) and waits, bounded, for its item.',
  remediation: 'Have the function write the audit item (with the request id it returns) before answering, and fail the request when the write fails.',
  params: proxyScopeSchema,
  needs: (scope) => (scope.proxyUrl ? [httpRequest(scope, 'env')] : []),
  probes(scope, observations) {
    if (!scope.proxyUrl) return [];
    const call = observations.get(httpRequest(scope, 'env'));
    return call.requestId && call.status !== undefined && call.status < 300 ? [auditRequest(scope, call.requestId)] : [];
  },
  evaluate(observations, scope) {
    if (!scope.proxyUrl) return [liveOff(scope, 'the audited invoke')];
    const url = invokeUrl(scope);
    const call = observations.get(httpRequest(scope, 'env'));
    const resource = { type: 'crisp::ProxyRequest', id: `POST ${url} with the key`, account: scope.govAccountId, region: scope.govRegion };
    const evidence: Record<string, unknown> = { status: call.status, requestId: call.requestId, durationMs: call.durationMs };
    if (call.status === undefined)
      return [{ status: 'error', resource, message: `The proxy at ${url} could not be reached: ${call.error ?? 'no response'}.`, evidence }];
    if (call.status >= 300)
      return [
        {
          status: 'fail',
          resource,
          message: `An authenticated invoke through ${url} answered ${call.status} (${call.bodyExcerpt ?? 'no body'}).`,
          expected: '2xx',
          actual: call.status,
          evidence,
        },
      ];
    if (!call.requestId)
      return [
        {
          status: 'fail',
          resource,
          message: `An authenticated invoke through ${url} succeeded but returned no request id, so its audit item cannot be found.`,
          expected: 'a request id',
          actual: 'none',
          evidence,
        },
      ];
    const wait = observations.get(auditRequest(scope, call.requestId));
    evidence.audit = wait;
    const finding: FindingDraft = wait.found
      ? {
          status: 'pass',
          resource,
          message: `An authenticated invoke through ${url} succeeded (${call.status}) and its audit item ${scope.auditRequestIdAttribute}=${call.requestId} was in ${scope.auditTable} after ${(wait.waitedMs / 1000).toFixed(1)} s.`,
          evidence,
        }
      : wait.error
        ? { status: 'error', resource, message: `The audit item of ${call.requestId} could not be looked up in ${scope.auditTable}: ${wait.error}.`, evidence }
        : {
            status: 'fail',
            resource,
            message: `An authenticated invoke through ${url} succeeded, but no audit item with ${scope.auditRequestIdAttribute}=${call.requestId} appeared in ${scope.auditTable} within ${scope.auditWithinSeconds} s (${wait.polls} reads).`,
            expected: `an audit item within ${scope.auditWithinSeconds} s`,
            actual: 'none',
            evidence,
          };
    return [finding];
  },
});
