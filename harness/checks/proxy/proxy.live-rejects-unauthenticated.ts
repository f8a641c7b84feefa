import type { FindingDraft } from '../../model/findings.ts';
import type { HttpTranscript } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { proxyScopeSchema } from './proxy-scope.ts';
import { httpRequest, invokeUrl, liveOff } from './proxy-live.ts';

/** True when a response body reads as an error, not a model answer. */
const errorBody = (transcript: HttpTranscript) =>
  Boolean(transcript.bodyExcerpt && /message|error|forbidden|unauthori[sz]ed|denied|missing/i.test(transcript.bodyExcerpt)) &&
  !/"output"/.test(transcript.bodyExcerpt ?? '');

export default defineCheck({
  id: 'proxy.live-rejects-unauthenticated',
  title: 'The live proxy refuses a request without an API key (401/403) and one with a wrong key (403), with an error and no model answer',
  severity: 'critical',
  rationale:
    'Configuration can look right while the deployed stage is not: an undeployed change, a method override or a misordered integration lets unauthenticated requests through to the commercial credential. Only asking the live proxy proves it refuses them (Amazon API Gateway Developer Guide, “Usage plans and API keys”).',
  remediation: 'Require the API key (or an authorizer) on every method, attach the stage to a usage plan, and redeploy the stage.',
  params: proxyScopeSchema,
  needs: (scope) => (scope.proxyUrl ? [httpRequest(scope, 'none'), httpRequest(scope, 'wrong')] : []),
  evaluate(observations, scope) {
    if (!scope.proxyUrl) return [liveOff(scope, 'unauthenticated access')];
    const url = invokeUrl(scope);
    return (['none', 'wrong'] as const).map((auth): FindingDraft => {
      const transcript = observations.get(httpRequest(scope, auth));
      const label = auth === 'none' ? 'without an API key' : 'with a wrong API key';
      const resource = { type: 'crisp::ProxyRequest', id: `POST ${url} ${label}`, account: scope.govAccountId, region: scope.govRegion };
      const evidence = {
        status: transcript.status,
        headers: transcript.headers.map((header) => header.name),
        body: transcript.bodyExcerpt,
        dialled: transcript.dialled,
      };
      if (transcript.status === undefined)
        return { status: 'error', resource, message: `The proxy at ${url} could not be reached ${label}: ${transcript.error ?? 'no response'}.`, evidence };
      const accepted = auth === 'none' ? [401, 403] : [403];
      if (!accepted.includes(transcript.status))
        return {
          status: 'fail',
          resource,
          message: `POST ${url} ${label} answered ${transcript.status}${transcript.status < 300 ? ': the request reached the proxy’s integration' : ''}; expected ${accepted.join(' or ')}.`,
          expected: accepted.join(' or '),
          actual: transcript.status,
          evidence,
        };
      if (!errorBody(transcript))
        return {
          status: 'fail',
          resource,
          message: `POST ${url} ${label} answered ${transcript.status} but its body is not an error message (${transcript.bodyExcerpt ?? 'empty'}).`,
          expected: 'an error body',
          actual: transcript.bodyExcerpt ?? '',
          evidence,
        };
      return { status: 'pass', resource, message: `POST ${url} ${label} is refused with ${transcript.status} and an error body.`, evidence };
    });
  },
});
