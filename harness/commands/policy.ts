/**
 * `crisp policy`: the least-privilege IAM policy each role needs for the selected
 * suites, as JSON on stdout (stable order), and a summary on stderr.
 */
import { planPolicy, type PolicyOptions } from '../engine/policy-plan.ts';
import { launchLab } from '../../lab/index.ts';
import { print, progress } from './console.ts';

export type PolicyCommandOptions = Omit<PolicyOptions, 'progress' | 'launchLab'>;

export async function policyCommand(options: PolicyCommandOptions): Promise<number> {
  const plan = await planPolicy({ ...options, progress, launchLab });
  const { roles, notes, targetKind } = plan;
  print(...JSON.stringify({ targetKind, suites: plan.suites.map((suite) => suite.name), roles, notes }, null, 2).split('\n'));
  progress(
    `${roles.length} role${roles.length === 1 ? '' : 's'} for ${plan.checks} checks of ${plan.suites.map((suite) => suite.name).join(', ')} on a${targetKind === 'aws' ? 'n' : ''} ${targetKind} target:`,
  );
  for (const role of roles) {
    const read = new Set(role.policy.Statement.flatMap((statement) => statement.Action)).size;
    progress(`  ${role.role}: ${role.description} — ${read} read action${read === 1 ? '' : 's'} (${role.suites.join(', ')})`);
  }
  const dataPlane = roles.flatMap((role) => [
    ...(role.dataPlane?.calls ?? []).map((call) => `  ${role.role}: ${call}`),
    ...(role.unsignedCalls ?? []).map((call) => `  ${role.role}: ${call}`),
  ]);
  if (dataPlane.length > 0) {
    progress('data-plane calls, stated apart (not reads of the estate):');
    for (const line of dataPlane) progress(line);
  }
  for (const note of notes) progress(note);
  return 0;
}
