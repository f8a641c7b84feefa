/**
 * Table test for proxy.live-invoke-audited with the authenticated call as the HTTP
 * probe keeps it and the audit wait as the bounded GetItem poll reports it.
 * Proves: 200 and the audit item found passes, naming the table and the request
 * id; no item within the window fails; a 403 fails; a 200 without a request id
 * fails; an audit lookup error is an error; an unreachable proxy is an error;
 * CRISP_PROXY_API_KEY unset (the probe skipped) is skipped, never a pass; no
 * proxy_url is not applicable.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.live-invoke-audited.ts';
import { auditRequest } from './proxy-live.ts';
import { failed, GOV, INVOKE_URL, observe, proxyScope, REQUEST_ID, TABLE, transcript } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

describe(check.id, () => {
  test('clean: 200 and the audit item found passes, naming the URL, the request id, the table and the wait', () => {
    const observations = observe(scope);
    expect(check.probes!(scope, observations)).toEqual([auditRequest(scope, REQUEST_ID)]);
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'crisp::ProxyRequest', id: `POST ${INVOKE_URL} with the key`, account: GOV }),
        message: `An authenticated invoke through ${INVOKE_URL} succeeded (200) and its audit item requestId=${REQUEST_ID} was in ${TABLE} after 0.3 s.`,
      }),
    ]);
  });

  test('fault: no audit item within the window fails, naming the table, the request id and the window', () => {
    const [finding] = run(observe(scope, (estate) => (estate.audit[REQUEST_ID] = { found: false, polls: 41, waitedMs: 10_020 })));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `An authenticated invoke through ${INVOKE_URL} succeeded, but no audit item with requestId=${REQUEST_ID} appeared in ${TABLE} within 10 s (41 reads).`,
      expected: 'an audit item within 10 s',
    });
  });

  test('fault: 403 to the operator’s key fails, and no audit item is waited for', () => {
    const observations = observe(scope, (estate) => (estate.http.env = transcript(403, '{"message":"Forbidden"}')));
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(run(observations)[0]).toMatchObject({
      status: 'fail',
      message: `An authenticated invoke through ${INVOKE_URL} answered 403 ({"message":"Forbidden"}).`,
      expected: '2xx',
      actual: 403,
    });
  });

  test('fault: 200 without a request id fails (its audit item cannot be found)', () => {
    const [finding] = run(observe(scope, (estate) => (estate.http.env = transcript(200, '{"output":{}}'))));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `An authenticated invoke through ${INVOKE_URL} succeeded but returned no request id, so its audit item cannot be found.`,
    });
  });

  test('error: an audit lookup that failed is an error naming the table and the cause', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.audit[REQUEST_ID] = { found: false, polls: 1, waitedMs: 40, error: 'AccessDeniedException: dynamodb:GetItem' };
      }),
    );
    expect(finding).toMatchObject({
      status: 'error',
      message: `The audit item of ${REQUEST_ID} could not be looked up in ${TABLE}: AccessDeniedException: dynamodb:GetItem.`,
    });
  });

  test('error: an audit wait that was never made is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.audit[REQUEST_ID] = failed('probe aborted'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'probe.auditItem' }) }),
    ]);
  });

  test('error: an unreachable proxy is an error', () => {
    const [finding] = run(observe(scope, (estate) => (estate.http.env = transcript(undefined, undefined, { error: 'ETIMEDOUT: connect ETIMEDOUT' }))));
    expect(finding).toMatchObject({ status: 'error', message: `The proxy at ${INVOKE_URL} could not be reached: ETIMEDOUT: connect ETIMEDOUT.` });
  });

  test('CRISP_PROXY_API_KEY unset: the authenticated call is skipped with the reason — skipped, never a pass', () => {
    const findings = run(observe(scope, (estate) => (estate.http.env = failed('CRISP_PROXY_API_KEY is not set, so no authenticated call is made', 'skipped'))));
    expect(findings).toEqual([
      expect.objectContaining({ status: 'skipped', message: expect.stringContaining('CRISP_PROXY_API_KEY is not set, so no authenticated call is made') }),
    ]);
  });

  test('no proxy_url: not applicable with the reason, and nothing is probed', () => {
    const off = proxyScope({ proxyUrl: undefined });
    expect(check.needs(off)).toEqual([]);
    expect(run(observe(off), off)).toEqual([
      expect.objectContaining({ status: 'not_applicable', message: expect.stringContaining('No proxy_url is set, so the audited invoke is not probed live') }),
    ]);
  });
});
