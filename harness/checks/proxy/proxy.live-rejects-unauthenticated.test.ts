/**
 * Table test for proxy.live-rejects-unauthenticated with the two probes as the
 * HTTP probe keeps them (status, header names, a masked body excerpt). Proves:
 * 403 (or 401 without a key) with an error body passes for each; a 200 fails as
 * having reached the integration; a 403 whose body is not an error (or a model
 * answer) fails; 401 to a wrong key fails; an unreachable proxy is an error; no
 * proxy_url is not applicable with the reason, and nothing is probed.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.live-rejects-unauthenticated.ts';
import { failed, GOV, INVOKE_URL, observe, proxyScope, REQUEST_ID, transcript } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const MODEL_ANSWER = `{"requestId":"${REQUEST_ID}","output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}}`;

describe(check.id, () => {
  test('clean: 403 with {"message":"Forbidden"} to no key and to a wrong key passes each, naming the URL and the call', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'crisp::ProxyRequest', id: `POST ${INVOKE_URL} without an API key`, account: GOV }),
        message: `POST ${INVOKE_URL} without an API key is refused with 403 and an error body.`,
      }),
      expect.objectContaining({ status: 'pass', message: `POST ${INVOKE_URL} with a wrong API key is refused with 403 and an error body.` }),
    ]);
  });

  test('401 with an error body passes for a request without a key', () => {
    const findings = run(observe(scope, (estate) => (estate.http.none = transcript(401, '{"message":"Unauthorized"}'))));
    expect(findings[0]).toMatchObject({ status: 'pass', message: expect.stringContaining('refused with 401') });
  });

  test('fault: 200 without a key fails: the request reached the integration', () => {
    const findings = run(observe(scope, (estate) => (estate.http.none = transcript(200, MODEL_ANSWER))));
    expect(findings.map((finding) => finding.status)).toEqual(['fail', 'pass']);
    expect(findings[0]).toMatchObject({
      message: `POST ${INVOKE_URL} without an API key answered 200: the request reached the proxy’s integration; expected 401 or 403.`,
      expected: '401 or 403',
      actual: 200,
    });
  });

  test('fault: 401 to a wrong key fails (only 403 is expected for a key API Gateway does not know)', () => {
    const findings = run(observe(scope, (estate) => (estate.http.wrong = transcript(401, '{"message":"Unauthorized"}'))));
    expect(findings[1]).toMatchObject({ status: 'fail', message: `POST ${INVOKE_URL} with a wrong API key answered 401; expected 403.` });
  });

  test('fault: 403 without an error body fails', () => {
    const findings = run(observe(scope, (estate) => (estate.http.none = transcript(403))));
    expect(findings[0]).toMatchObject({
      status: 'fail',
      message: `POST ${INVOKE_URL} without an API key answered 403 but its body is not an error message (empty).`,
    });
  });

  test('fault: 403 whose body carries a model answer fails', () => {
    const findings = run(observe(scope, (estate) => (estate.http.wrong = transcript(403, `{"message":"denied",${MODEL_ANSWER.slice(1)}`))));
    expect(findings[1]).toMatchObject({ status: 'fail', actual: expect.stringContaining('"output"') });
  });

  test('error: an unreachable proxy is an error naming the URL and the cause, never a pass', () => {
    const findings = run(
      observe(scope, (estate) => (estate.http.none = transcript(undefined, undefined, { error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9443' }))),
    );
    expect(findings[0]).toMatchObject({
      status: 'error',
      message: `The proxy at ${INVOKE_URL} could not be reached without an API key: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9443.`,
    });
  });

  test('error: a probe that could not be made is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.http.wrong = failed('the connect map has no entry for the proxy'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'probe.http' }) }),
    ]);
  });

  test('no proxy_url: not applicable with the reason, and nothing is probed', () => {
    const off = proxyScope({ proxyUrl: undefined });
    expect(check.needs(off)).toEqual([]);
    expect(run(observe(off), off)).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        resource: expect.objectContaining({ type: 'crisp::ProxyUrl', id: 'proxy_url' }),
        message:
          'No proxy_url is set, so unauthenticated access is not probed live; set proxy_url (and CRISP_PROXY_API_KEY for the authenticated call) to enable it.',
      }),
    ]);
  });
});
