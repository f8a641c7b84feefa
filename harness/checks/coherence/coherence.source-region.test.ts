/**
 * Table test for coherence.source-region on the AWS-shaped estate fixture (app VPC
 * in Auckland peered with Sydney's Bedrock endpoints), IAM as
 * GetAccountAuthorizationDetails returns it and DNS transcripts as the probe
 * writes them. Proves: the peered estate judged as Sydney, with IAM sanctioning
 * Sydney's profile, passes and names its design (confirmed by live DNS when crisp
 * can ask the app VPC's resolver); a source_region other than the endpoint
 * Region, or IAM sanctioning another Region's profile (Auckland's while the
 * endpoint is Sydney's), fails naming both Regions and what to set; live DNS that
 * contradicts the private path is named (dns.private-resolution owns that fault)
 * without hiding a fail; a missing endpoint, unknown principals or unreadable
 * policies make an error — never a pass.
 */
import { describe, expect, test } from 'vitest';
import { crisPolicy } from '../../../lab/governance.ts';
import { APP, cleanEstate, ENDPOINT, NETWORK_PARAMS, observationsOf, type EstateData } from '../../../test/support/estate-fixture.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import {
  Observations,
  type DataPlaneObservation,
  type DnsAnswerSet,
  type ObservationOutcome,
  type ObservationRequest,
  type PrincipalPolicies,
} from '../../model/observations.ts';
import { profileArn } from '../../policy/cris.ts';
import { dnsProbeRequest } from '../live.ts';
import check from './coherence.source-region.ts';

const ACCOUNT = APP.account;
const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const SYDNEY_PROFILE = profileArn(PROFILE, 'ap-southeast-2', ACCOUNT);
const AUCKLAND_PROFILE = profileArn(PROFILE, 'ap-southeast-6', ACCOUNT);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/bedrock-app`;
const RUNTIME = `bedrock-runtime.${ENDPOINT.region}.amazonaws.com`;
const RESOLVER = '10.0.0.2:53';
/** The bedrock-runtime endpoint of the fixture and its interface IPs. */
const RUNTIME_ENDPOINT = 'vpce-01000000000000000';
const RUNTIME_IPS = ['10.1.1.11', '10.1.17.11'];
const INSIDE: DataPlaneObservation = { targetKind: 'aws', vantage: 'inside-app-vpc', connect: {}, connectOnly: false };
const PEERED = 'the peered design: the app in Auckland (ap-southeast-6) calls Sydney (ap-southeast-2)';

const params = (edit: Record<string, unknown> = {}) =>
  check.params.parse({ ...NETWORK_PARAMS, accountId: ACCOUNT, sourceRegion: 'ap-southeast-2', principalArns: [ROLE], ...edit });
const scope = params();

/** The app role with the CRIS policy for `profile`; `edit` changes it. */
function role(profile = SYDNEY_PROFILE, edit: (principal: PrincipalPolicies) => void = () => {}): PrincipalPolicies {
  const principal: PrincipalPolicies = {
    arn: ROLE,
    type: 'role',
    name: 'bedrock-app',
    path: '/',
    tags: {},
    policies: [{ name: 'bedrock-cris', document: crisPolicy({ au: profile }) }],
  };
  edit(principal);
  return principal;
}

/** An A answer set as the probe records it. */
/** `rcode` null: no response arrived (the probe records no rcode). */
const answers = (data: string[], rcode: string | null = 'NOERROR', error?: string): DnsAnswerSet => ({
  type: 'A',
  ...(rcode ? { rcode } : {}),
  answers: data.map((value) => ({ name: RUNTIME, type: 'A', ttl: 60, data: value })),
  attempts: [{ transport: 'udp', durationMs: 2, ...(error ? { error } : {}) }],
});

interface Case {
  principals?: PrincipalPolicies[] | ObservationOutcome;
  /** The A answers the app VPC's resolver gave (crisp inside the app VPC); absent: crisp outside, nothing probed. */
  dns?: DnsAnswerSet | ObservationOutcome;
  edit?: (data: EstateData) => void;
  at?: string;
}

function estate({ principals = [role()], dns, edit = () => {}, at = 'ap-southeast-2' }: Case = {}): Observations {
  const data = cleanEstate();
  if (dns) data.dataPlane = INSIDE;
  edit(data);
  const overrides: [ObservationRequest, ObservationOutcome][] = [
    [
      { kind: 'iam.authorizationDetails', account: ACCOUNT, region: at },
      Array.isArray(principals) ? { ok: true, data: { account: ACCOUNT, principals } } : principals,
    ],
  ];
  if (dns)
    overrides.push([
      dnsProbeRequest(scope, RUNTIME, RESOLVER),
      'ok' in dns ? dns : { ok: true, data: { hostname: RUNTIME, resolver: RESOLVER, a: dns, aaaa: { ...answers([]), type: 'AAAA' } } },
    ]);
  return observationsOf(data, overrides);
}

const run = (observations: Observations, parsed = scope) =>
  evaluateInstance({ check, params: parsed, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

describe(check.id, () => {
  test('clean: the peered estate judged as Sydney, with IAM sanctioning Sydney’s profile, passes and names its design', () => {
    const observations = estate();
    expect(check.probes!(scope, observations)).toEqual([]);
    const [finding, ...rest] = run(observations);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'crisp::Estate', id: `${APP.vpcId} → ${ENDPOINT.vpcId}`, account: ACCOUNT, region: 'ap-southeast-2' },
      message: `One story: the estate is ${PEERED}'s Bedrock endpoint through the peering, and the suites judge Sydney (ap-southeast-2) as the source Region; IAM sanctions ${SYDNEY_PROFILE}.`,
    });
    expect(finding!.evidence).toMatchObject({ endpoint: RUNTIME_ENDPOINT, sanctionedProfileArns: [SYDNEY_PROFILE] });
  });

  test('clean: inside the app VPC, the resolver answering the endpoint’s IPs confirms the path', () => {
    const observations = estate({ dns: answers(RUNTIME_IPS) });
    expect(check.probes!(scope, observations)).toEqual([dnsProbeRequest(scope, RUNTIME, RESOLVER)]);
    const [finding] = run(observations);
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(`(confirmed: the app VPC's resolver answers ${RUNTIME} with the endpoint's private IPs (10.1.1.11, 10.1.17.11))`),
    });
  });

  test('clean: the in-Region design (Auckland calling Auckland’s endpoint) judged as Auckland passes', () => {
    const auckland = params({ endpoint: { account: ENDPOINT.account, region: 'ap-southeast-6', vpcId: ENDPOINT.vpcId }, sourceRegion: 'ap-southeast-6' });
    const observations = new Observations();
    const here = { account: ENDPOINT.account, region: 'ap-southeast-6' };
    const data = cleanEstate();
    const endpoint = { ...data.endpoint.vpcEndpoints[1]!, ServiceName: 'com.amazonaws.ap-southeast-6.bedrock-runtime' };
    observations.set({ kind: 'ec2.vpcs', ...here }, { ok: true, data: data.endpoint.vpcs });
    observations.set({ kind: 'ec2.vpcEndpoints', ...here }, { ok: true, data: [endpoint] });
    observations.set({ kind: 'ec2.networkInterfaces', ...here }, { ok: true, data: data.endpoint.networkInterfaces });
    observations.set({ kind: 'ec2.vpcs', account: APP.account, region: APP.region }, { ok: true, data: data.app.vpcs });
    observations.set({ kind: 'target.dataPlane', account: APP.account, region: APP.region }, { ok: true, data: data.dataPlane });
    observations.set(
      { kind: 'iam.authorizationDetails', account: ACCOUNT, region: 'ap-southeast-6' },
      { ok: true, data: { account: ACCOUNT, principals: [role(AUCKLAND_PROFILE)] } },
    );
    const [finding] = run(observations, auckland);
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        "the in-Region design: the app in Auckland (ap-southeast-6) calls its own Region's Bedrock endpoint, and the suites judge Auckland (ap-southeast-6)",
      ),
    });
  });

  test('fault: source_region Auckland while the app calls Sydney’s endpoint fails, saying what to set', () => {
    const auckland = params({ sourceRegion: 'ap-southeast-6' });
    const [finding] = run(estate({ at: 'ap-southeast-6' }), auckland);
    expect(finding).toMatchObject({
      status: 'fail',
      resource: { region: 'ap-southeast-6' },
      message: `The estate is ${PEERED}'s Bedrock endpoint through the peering, but the suites judge Auckland (ap-southeast-6) as the source Region, but calls through ${RUNTIME_ENDPOINT} are made in Sydney (ap-southeast-2), so profiles, quotas, CloudTrail records and invocation logs are Sydney (ap-southeast-2)'s — set source_region: ap-southeast-2.`,
      expected: 'ap-southeast-2',
      actual: 'ap-southeast-6',
    });
  });

  test('fault: IAM sanctioning Auckland’s profile ARN while the endpoint is Sydney’s fails, naming the ARN and Auckland', () => {
    const [finding] = run(estate({ principals: [role(AUCKLAND_PROFILE)] }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `The estate is ${PEERED}'s Bedrock endpoint through the peering, but IAM sanctions ${AUCKLAND_PROFILE} — a profile of Auckland (ap-southeast-6), which calls through Sydney (ap-southeast-2)'s endpoint never carry; sanction arn:…:bedrock:ap-southeast-2:…:inference-profile/… instead.`,
      actual: 'ap-southeast-2, ap-southeast-6',
    });
  });

  test('fault: an Auckland ARN sanctioned only as a bedrock:InferenceProfileArn condition value is found too', () => {
    const conditionOnly = role(SYDNEY_PROFILE, (principal) =>
      principal.policies.push({
        name: 'models-via-auckland',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'bedrock:Invoke*',
              Resource: 'arn:aws:bedrock:*::foundation-model/*',
              Condition: { StringEquals: { 'bedrock:InferenceProfileArn': AUCKLAND_PROFILE } },
            },
          ],
        },
      }),
    );
    const [finding] = run(estate({ principals: [conditionOnly] }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`IAM sanctions ${AUCKLAND_PROFILE} — a profile of Auckland (ap-southeast-6)`),
    });
  });

  test('fault: both problems at once are one finding naming each', () => {
    const [finding] = run(estate({ principals: [role(AUCKLAND_PROFILE)], at: 'ap-southeast-6' }), params({ sourceRegion: 'ap-southeast-6' }));
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toMatch(/set source_region: ap-southeast-2; and IAM sanctions arn:aws:bedrock:ap-southeast-6:/);
  });

  test('a wildcard Region covering the endpoint Region is not another Region’s profile; one that cannot cover it is', () => {
    const wildcard = (region: string) => role(`arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${PROFILE}`);
    expect(run(estate({ principals: [wildcard('*')] }))[0]!.status).toBe('pass');
    expect(run(estate({ principals: [wildcard('ap-southeast-?')] }))[0]!.status).toBe('pass');
    expect(run(estate({ principals: [wildcard('us-*')] }))[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`IAM sanctions arn:aws:bedrock:us-*:${ACCOUNT}:inference-profile/${PROFILE} — a profile of us-*`),
    });
  });

  test('live DNS answering public IPs is named as not confirmed (dns.private-resolution owns that fault); the Region story still stands', () => {
    const [finding] = run(estate({ dns: answers(['52.95.100.10']) }));
    expect(finding).toMatchObject({
      status: 'pass',
      message: `One story: the estate is ${PEERED}'s Bedrock endpoint through the peering (not confirmed live: the app VPC's resolver ${RESOLVER} answers ${RUNTIME} with 52.95.100.10, not the endpoint's private IPs (10.1.1.11, 10.1.17.11) (see dns.private-resolution)), and the suites judge Sydney (ap-southeast-2) as the source Region; IAM sanctions ${SYDNEY_PROFILE}.`,
    });
    expect(finding!.message).not.toContain('(confirmed:');
  });

  test('fault: contradicting live DNS does not hide a wrong source_region', () => {
    const [finding] = run(estate({ dns: answers(['52.95.100.10']), at: 'ap-southeast-6' }), params({ sourceRegion: 'ap-southeast-6' }));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('(not confirmed live: ') });
    expect(finding!.message).toContain('set source_region: ap-southeast-2');
  });

  test('NXDOMAIN, or no answer at all, is named as such', () => {
    expect(run(estate({ dns: answers([], 'NXDOMAIN') }))[0]!.message).toContain(`answers ${RUNTIME} with NXDOMAIN, not the endpoint's private IPs`);
    expect(run(estate({ dns: answers([], null, 'timeout after 2000 ms') }))[0]!.message).toContain(
      `answers ${RUNTIME} with no answer (timeout after 2000 ms), not the endpoint's private IPs`,
    );
  });

  test('a DNS probe that could not run leaves the verdict to the configuration, claiming no confirmation', () => {
    const [finding] = run(estate({ dns: { ok: false, failure: { status: 'error', reason: 'DNS probe failed: EHOSTUNREACH' } } }));
    expect(finding!.status).toBe('pass');
    expect(finding!.message).not.toContain('confirmed');
  });

  test('error: no bedrock-runtime endpoint in the endpoint VPC leaves the Region the app calls unknown', () => {
    const [finding] = run(
      estate({
        edit: (data) => (data.endpoint.vpcEndpoints = data.endpoint.vpcEndpoints.filter((endpoint) => !endpoint.ServiceName!.endsWith('bedrock-runtime'))),
      }),
    );
    expect(finding).toMatchObject({
      status: 'error',
      message: `Which Region the app calls cannot be established: no com.amazonaws.ap-southeast-2.bedrock-runtime interface endpoint exists in ${ENDPOINT.vpcId} (see network.interface-endpoints-available).`,
    });
  });

  test('error: a principal ARN that matches nobody leaves IAM unjudged — an error naming it, never a pass', () => {
    const [finding] = run(estate(), params({ principalArns: [`arn:aws:iam::${ACCOUNT}:role/nobody`] }));
    expect(finding).toMatchObject({
      status: 'error',
      message: expect.stringContaining(
        `which profile ARNs IAM sanctions is not fully known: no IAM principal arn:aws:iam::${ACCOUNT}:role/nobody exists in account ${ACCOUNT}`,
      ),
    });
  });

  test('error: a policy whose document could not be read leaves IAM unjudged', () => {
    const unread = `arn:aws:iam::${ACCOUNT}:policy/bedrock-extra`;
    const [finding] = run(estate({ principals: [role(SYDNEY_PROFILE, (principal) => (principal.unreadablePolicies = [unread]))] }));
    expect(finding).toMatchObject({ status: 'error', message: expect.stringContaining(`the document of ${unread} attached to bedrock-app could not be read`) });
  });

  test('error: IAM that could not be read is an error naming the observation', () => {
    const [finding] = run(estate({ principals: { ok: false, failure: { status: 'error', reason: 'access denied to iam:GetAccountAuthorizationDetails' } } }));
    expect(finding).toMatchObject({
      status: 'error',
      resource: { type: 'crisp::Observation', id: 'iam.authorizationDetails', account: ACCOUNT },
      message: expect.stringContaining('access denied to iam:GetAccountAuthorizationDetails'),
    });
  });
});
