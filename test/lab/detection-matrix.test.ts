/**
 * The detection matrix: the connectivity suite on the clean lab (no fail, no
 * error) and on every named fault: exactly the checks the fault names report
 * it — the owning check as `fail` (or `error` where observing is what broke) —
 * and no other check fails or errors. Prints the matrix at the end.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { LAB_FAULTS } from '../../lab/faults.ts';
import { LAB_VARIANTS } from '../../lab/variants.ts';
import { checksWith, runLabScenario } from '../support/lab-scenario.ts';

let moto: MotoServer;
const matrix: { scenario: string; intended: readonly string[]; failing: string[]; caught: boolean }[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
  if (matrix.length > 0) {
    const width = Math.max(...matrix.map((row) => row.scenario.length));
    const lines = matrix.map((row) => `${row.scenario.padEnd(width)}  ${row.caught ? 'caught' : 'MISSED'}  ${row.failing.join(', ') || '(nothing reported)'}`);
    console.log(`\nDetection matrix (lab, every reference suite): scenario → checks reporting fail or error\n${lines.join('\n')}\n`);
  }
});

describe('clean estate', () => {
  for (const variant of ['cross-account', 'same-account'] as const) {
    test(`${variant}: no check fails or errors, and every check reports`, async () => {
      const { findings } = await runLabScenario(moto, { variant });
      expect(checksWith(findings, 'fail')).toEqual([]);
      expect(checksWith(findings, 'error')).toEqual([]);
      expect(findings.filter((finding) => finding.status === 'pass').length).toBeGreaterThan(20);
      // The only skip is the capability moto lacks, reported with its reason.
      const skipped = findings.filter((finding) => finding.status === 'skipped');
      expect([...new Set(skipped.map((finding) => finding.checkId))]).toEqual(['network.endpoint-ips-in-subnets']);
      expect(skipped[0]!.message).toMatch(/ENI IPs/);
      matrix.push({ scenario: `clean (${variant})`, intended: [], failing: checksWith(findings, 'fail'), caught: true });
    });
  }
});

describe('both designs, each one coherent story', () => {
  test('auckland-direct: the endpoints in Auckland make Auckland the source Region, and every check passes', async () => {
    const { findings } = await runLabScenario(moto, { design: 'auckland-direct' });
    expect(checksWith(findings, 'fail')).toEqual([]);
    expect(checksWith(findings, 'error')).toEqual([]);
    const coherence = findings.find((finding) => finding.checkId === 'coherence.source-region')!;
    expect(coherence).toMatchObject({ status: 'pass', message: expect.stringContaining('the in-Region design') });
    // From Auckland the AU profile also reaches Auckland itself.
    const profile = findings.find((finding) => finding.checkId === 'residency.profile-destinations')!;
    expect(profile.message).toContain('routes only to ap-southeast-2, ap-southeast-4, ap-southeast-6');
    matrix.push({ scenario: 'clean (auckland-direct)', intended: [], failing: checksWith(findings, 'fail'), caught: true });
  });
});

describe('clean shapes real estates are built with', () => {
  const cases = [...LAB_VARIANTS.map((variant) => [variant.name]), LAB_VARIANTS.map((variant) => variant.name)];
  for (const shapes of cases) {
    test(`${shapes.length > 1 ? 'every shape at once' : shapes[0]}: no check fails or errors`, async () => {
      const { findings } = await runLabScenario(moto, { shapes });
      expect(checksWith(findings, 'fail')).toEqual([]);
      expect(checksWith(findings, 'error')).toEqual([]);
      matrix.push({ scenario: `clean (${shapes.length > 1 ? 'all shapes' : shapes[0]})`, intended: [], failing: checksWith(findings, 'fail'), caught: true });
    });
  }
});

describe('faults', () => {
  for (const fault of LAB_FAULTS) {
    test(`${fault.name} is reported by ${fault.detectedBy.join(' + ')} only`, async () => {
      const { findings } = await runLabScenario(moto, { fault: fault.name });
      const reporting = [...new Set([...checksWith(findings, 'fail'), ...checksWith(findings, 'error')])].sort();
      const [owner] = fault.detectedBy;
      const ownStatus = fault.reportedAs ?? 'fail';
      matrix.push({ scenario: fault.name, intended: fault.detectedBy, failing: reporting, caught: checksWith(findings, ownStatus).includes(owner!) });
      expect(reporting).toEqual([...fault.detectedBy].sort());
      expect(checksWith(findings, ownStatus)).toContain(owner);
      // The owning check's finding says what is wrong, naming a resource.
      const finding = findings.find((candidate) => candidate.checkId === owner && candidate.status === ownStatus)!;
      expect(finding.message).toMatch(/(vpc|subnet|rtb|pcx|vpce|sg|acl|eni)-[0-9a-f]+|[A-Z0-9]{10,}|amazonaws\.com|\d+\.\d+\.\d+\.\d+|arn:aws[a-z-]*:/);
    });
  }
});
