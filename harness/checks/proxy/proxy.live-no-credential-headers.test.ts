/**
 * Table test for proxy.live-no-credential-headers with the three probes' headers
 * as the HTTP probe keeps them: names only, each with why it looks like a
 * credential when it does. Proves: no suspicious header on any of the three calls
 * passes; a suspicious header fails naming it, the reason and the call — never a
 * value; nothing readable is an error; the authenticated call skipped
 * (CRISP_PROXY_API_KEY unset) is skipped, never a pass — only that call reaches
 * the function whose headers matter; an unanswered authenticated call is an
 * error; no proxy_url is not applicable.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.live-no-credential-headers.ts';
import { failed, INVOKE_URL, observe, proxyScope, REQUEST_ID, transcript } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const SKIPPED = failed('CRISP_PROXY_API_KEY is not set, so no authenticated call is made', 'skipped');

describe(check.id, () => {
  test('clean: no credential-looking header on any of the three calls passes, naming the URL and the count', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'crisp::ProxyResponse', id: INVOKE_URL }),
        message: `None of the response headers of 3 calls to ${INVOKE_URL} looks like a credential.`,
      }),
    ]);
  });

  test('fault: a header echoing the upstream credential fails, naming the header, the reason and the call — values not shown', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.http.env = transcript(200, `{"requestId":"${REQUEST_ID}"}`, {
          requestId: REQUEST_ID,
          headers: [{ name: 'content-type' }, { name: 'x-upstream-authorization', suspicious: 'value holds a AWS4-HMAC-SHA256 signature' }],
        });
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', expected: 'none' });
    expect(finding!.message).toBe(
      `Responses of ${INVOKE_URL} carry credential-looking headers: x-upstream-authorization (value holds a AWS4-HMAC-SHA256 signature, authenticated call). Values are not shown.`,
    );
  });

  test('fault: a suspicious header on an unauthenticated response fails even when the authenticated call was skipped', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.http.none = transcript(403, '{"message":"Forbidden"}', { headers: [{ name: 'x-api-key', suspicious: 'value holds the API key sent' }] });
        estate.http.env = SKIPPED;
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('x-api-key (value holds the API key sent, no key call)') });
  });

  test('CRISP_PROXY_API_KEY unset: skipped with the reason — API Gateway’s own refusals say nothing of the function’s headers', () => {
    const [finding] = run(observe(scope, (estate) => (estate.http.env = SKIPPED)));
    expect(finding).toMatchObject({
      status: 'skipped',
      message: `The authenticated call to ${INVOKE_URL} was not made (CRISP_PROXY_API_KEY is not set, so no authenticated call is made), so the headers the proxy function returns are not inspected; 2 unauthenticated responses carried none.`,
    });
  });

  test('error: the authenticated call unanswered is an error', () => {
    const [finding] = run(observe(scope, (estate) => (estate.http.env = transcript(undefined, undefined, { error: 'ECONNRESET: socket hang up' }))));
    expect(finding).toMatchObject({ status: 'error', message: expect.stringContaining('got no response (ECONNRESET: socket hang up)') });
  });

  test('error: nothing readable at all is an error, never a pass', () => {
    const unreachable = transcript(undefined, undefined, { error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9443' });
    const [finding] = run(
      observe(scope, (estate) => {
        estate.http.none = unreachable;
        estate.http.wrong = failed('probe aborted');
        estate.http.env = unreachable;
      }),
    );
    expect(finding).toMatchObject({ status: 'error' });
  });

  test('no proxy_url: not applicable with the reason, and nothing is probed', () => {
    const off = proxyScope({ proxyUrl: undefined });
    expect(check.needs(off)).toEqual([]);
    expect(run(observe(off), off)).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: expect.stringContaining('No proxy_url is set, so whether a response header carries a credential is not probed live'),
      }),
    ]);
  });
});
