import { defineCheck } from '../define.ts';
import { proxyScopeSchema } from './proxy-scope.ts';
import { httpRequest, invokeUrl, liveOff } from './proxy-live.ts';

export default defineCheck({
  id: 'proxy.live-no-credential-headers',
  title: 'The live proxy’s responses carry no credential-looking header',
  severity: 'high',
  rationale:
    'A proxy that echoes its upstream request headers, or debug headers, can hand the commercial credential (or a signed authorization) to every caller. crisp inspects the names and values of every response header of its three calls and reports names only.',
  remediation: 'Return only the headers clients need; never copy upstream Authorization, x-amz-security-token or key material into a response.',
  params: proxyScopeSchema,
  needs: (scope) => (scope.proxyUrl ? (['none', 'wrong', 'env'] as const).map((auth) => httpRequest(scope, auth)) : []),
  evaluate(observations, scope) {
    if (!scope.proxyUrl) return [liveOff(scope, 'whether a response header carries a credential')];
    const url = invokeUrl(scope);
    const resource = { type: 'crisp::ProxyResponse', id: url, account: scope.govAccountId, region: scope.govRegion };
    const answered = (['none', 'wrong', 'env'] as const).map((auth) => ({ auth, transcript: observations.attempt(httpRequest(scope, auth)) }));
    const suspicious = answered.flatMap(({ auth, transcript }) =>
      'data' in transcript
        ? transcript.data.headers
            .filter((header) => header.suspicious)
            .map((header) => `${header.name} (${header.suspicious}, ${auth === 'env' ? 'authenticated' : auth === 'none' ? 'no key' : 'wrong key'} call)`)
        : [],
    );
    const seen = answered.filter(({ transcript }) => 'data' in transcript && transcript.data.status !== undefined);
    const evidence = {
      headers: Object.fromEntries(
        answered.map(({ auth, transcript }) => [auth, 'data' in transcript ? transcript.data.headers.map((header) => header.name) : transcript.failure.reason]),
      ),
    };
    if (suspicious.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `Responses of ${url} carry credential-looking headers: ${suspicious.join('; ')}. Values are not shown.`,
          expected: 'none',
          actual: suspicious.join('; '),
          evidence,
        },
      ];
    // Only the authenticated call reaches the function: API Gateway answers the other two itself, so without it nothing the proxy writes was seen.
    const authenticated = answered.find(({ auth }) => auth === 'env')!.transcript;
    if ('failure' in authenticated)
      return [
        {
          status: authenticated.failure.status,
          resource,
          message: `The authenticated call to ${url} was not made (${authenticated.failure.reason}), so the headers the proxy function returns are not inspected; ${seen.length} unauthenticated response${seen.length === 1 ? '' : 's'} carried none.`,
          evidence,
        },
      ];
    if (authenticated.data.status === undefined)
      return [
        {
          status: 'error',
          resource,
          message: `The authenticated call to ${url} got no response (${authenticated.data.error ?? 'no answer'}), so the headers the proxy function returns cannot be judged.`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `None of the response headers of ${seen.length} call${seen.length > 1 ? 's' : ''} to ${url} looks like a credential.`,
        evidence,
      },
    ];
  },
});
