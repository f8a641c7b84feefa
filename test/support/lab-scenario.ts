/**
 * Runs the connectivity suite against a lab estate provisioned into a moto
 * server the test owns: the same code path as `crisp run` minus the files.
 */
import { join } from 'node:path';
import { CallLog } from '../../harness/model/call-log.ts';
import { checkCatalog } from '../../harness/checks/registry.ts';
import type { Finding } from '../../harness/model/findings.ts';
import { runChecks } from '../../harness/engine/engine.ts';
import { loadSuite } from '../../harness/suite/loader.ts';
import { AwsClients } from '../../harness/estate/clients.ts';
import type { MotoServer } from '../../harness/estate/moto-server.ts';
import { provisionLab, startLabServices, type LabOptions } from '../../lab/open-lab.ts';

export const CONNECTIVITY_SUITE = join(import.meta.dirname, '../../suites/bedrock-private-connectivity.yaml');
export const GOVERNANCE_SUITE = join(import.meta.dirname, '../../suites/bedrock-cris-governance.yaml');
export const RESIDENCY_SUITE = join(import.meta.dirname, '../../suites/bedrock-residency.yaml');
export const COHERENCE_SUITE = join(import.meta.dirname, '../../suites/bedrock-estate-coherence.yaml');
export const PROXY_SUITE = join(import.meta.dirname, '../../suites/bedrock-cross-partition-proxy.yaml');
/** Every reference suite `npm run demo` runs that judges the estate (the latency suite has its own tests). */
export const ALL_SUITES = [CONNECTIVITY_SUITE, GOVERNANCE_SUITE, RESIDENCY_SUITE, COHERENCE_SUITE, PROXY_SUITE];

export interface ScenarioResult {
  findings: Finding[];
  callLog: CallLog;
  varSets: Record<string, unknown>[];
}

/** Resets moto, provisions the lab with the options, runs the suite once per app VPC. */
export async function runLabScenario(
  moto: MotoServer,
  options: Partial<LabOptions> = {},
  suiteFiles: string | readonly string[] = ALL_SUITES,
  onPhase: (phase: 'provisioned') => void = () => {},
): Promise<ScenarioResult> {
  await moto.reset();
  const provisioned = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, ...options });
  const services = await startLabServices(moto.endpoint, provisioned);
  const { dataPlane } = services;
  onPhase('provisioned');
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint, endpoints: services.endpoints }, callLog);
  try {
    const catalog = checkCatalog();
    const files = typeof suiteFiles === 'string' ? [suiteFiles] : suiteFiles;
    const suites = await Promise.all(provisioned.varSets.flatMap((vars) => files.map((file) => loadSuite(file, vars, catalog))));
    const instances = suites.flatMap((suite) => suite.checks);
    const context = {
      clients,
      targetKind: 'lab' as const,
      targetLabel: `lab at ${moto.endpoint}`,
      dataPlane: dataPlane.settings,
      caPem: dataPlane.caPem,
      progress: () => {},
    };
    const { findings } = await runChecks(instances, context);
    return { findings, callLog, varSets: provisioned.varSets };
  } finally {
    clients.destroy();
    await services.stop();
  }
}

/** Check ids with at least one finding of the status. */
export function checksWith(findings: readonly Finding[], status: Finding['status']): string[] {
  return [...new Set(findings.filter((finding) => finding.status === status).map((finding) => finding.checkId))].sort();
}
