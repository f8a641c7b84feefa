/**
 * The detection matrix: the connectivity suite on the clean lab (no fail, no
 * error) and on every named fault (its intended check fails, no other check
 * fails or errors). Prints the matrix so a reader sees coverage at a glance.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../../harness/target/moto-server.ts';
import { LAB_FAULTS } from '../../lab/faults.ts';
import { checksWith, runLabScenario } from '../support/lab-scenario.ts';

let moto: MotoServer;
const matrix: { scenario: string; intended: string; failing: string[]; caught: boolean }[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
  if (matrix.length > 0) {
    const width = Math.max(...matrix.map((row) => row.scenario.length));
    const lines = matrix.map(
      (row) =>
        `${row.scenario.padEnd(width)}  ${row.caught ? 'caught  ' : 'MISSED  '} by ${row.failing.join(', ') || '(nothing)'}${row.intended ? `  (intended: ${row.intended})` : ''}`,
    );
    console.log(`\nDetection matrix (lab, connectivity suite)\n${lines.join('\n')}\n`);
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
      expect(skipped.map((finding) => finding.checkId)).toEqual(['network.endpoint-ips-in-subnets']);
      expect(skipped[0]!.message).toMatch(/ENI IPs/);
      matrix.push({ scenario: `clean (${variant})`, intended: '', failing: checksWith(findings, 'fail'), caught: true });
    });
  }
});

describe('faults', () => {
  for (const fault of LAB_FAULTS) {
    test(`${fault.name} is caught by ${fault.detectedBy} only`, async () => {
      const { findings } = await runLabScenario(moto, { fault: fault.name });
      const failing = checksWith(findings, 'fail');
      matrix.push({ scenario: fault.name, intended: fault.detectedBy, failing, caught: failing.includes(fault.detectedBy) });
      expect(failing).toEqual([fault.detectedBy]);
      expect(checksWith(findings, 'error')).toEqual([]);
      // The failing finding says what to change, naming a resource id.
      const failure = findings.find((finding) => finding.status === 'fail')!;
      expect(failure.message).toMatch(/(vpc|subnet|rtb|pcx|vpce|sg|acl)-[0-9a-f]+|[A-Z0-9]{10,}|amazonaws\.com/);
    });
  }
});
