/**
 * The lab behind the fault proxy: moto with the reference estate, the proxy in front
 * of it, and the lab's stand-ins forwarding to moto through the proxy, so every call
 * crisp's clients make that reaches moto passes a {@link FaultProxy}. Each run
 * is the engine's whole path (identify, collect, probe, evaluate) with a fresh call log
 * and the progress lines kept, so a test can see every retry where a user would.
 */
import { CallLog } from '../../harness/model/call-log.ts';
import { checkCatalog } from '../../harness/checks/registry.ts';
import type { Finding } from '../../harness/model/findings.ts';
import type { Observations } from '../../harness/model/observations.ts';
import { runChecks } from '../../harness/engine/engine.ts';
import { loadSuite } from '../../harness/suite/loader.ts';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../lab/faultproxy/fault-proxy.ts';
import { provisionLab, startLabServices, type LabServices, type ProvisionedLab } from '../../lab/open-lab.ts';

export interface FaultRun {
  findings: Finding[];
  observations: Observations;
  callLog: CallLog;
  progress: string[];
  unreachable?: string;
}

export interface FaultLab {
  moto: MotoServer;
  proxy: FaultProxy;
  provisioned: ProvisionedLab;
  services: LabServices;
  /** Runs the suites (once per app VPC) through the proxy with these rules in force. */
  run(suiteFiles: readonly string[], rules?: readonly FaultRule[]): Promise<FaultRun>;
  stop(): Promise<void>;
}

/** Starts moto, provisions the lab into it, starts its stand-ins and the proxy in front of moto. */
export async function startFaultLab(seed = 1): Promise<FaultLab> {
  const moto = await startMotoServer();
  try {
    const provisioned = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
    const proxy = await startFaultProxy({ upstream: moto.endpoint, seed });
    // The stand-ins forward what they do not answer (IAM's authorization details…) through the proxy too.
    const services = await startLabServices(proxy.endpoint, provisioned).catch(async (error: unknown) => {
      await proxy.stop();
      throw error;
    });
    const run = async (suiteFiles: readonly string[], rules: readonly FaultRule[] = []): Promise<FaultRun> => {
      proxy.setRules(rules);
      const callLog = new CallLog();
      const clients = new AwsClients({ kind: 'moto', endpoint: proxy.endpoint, endpoints: services.endpoints }, callLog);
      const progress: string[] = [];
      try {
        const catalog = checkCatalog();
        const suites = await Promise.all(provisioned.varSets.flatMap((vars) => suiteFiles.map((file) => loadSuite(file, vars, catalog))));
        const outcome = await runChecks(
          suites.flatMap((suite) => suite.checks),
          {
            clients,
            targetKind: 'lab',
            targetLabel: `lab behind the fault proxy at ${proxy.endpoint}`,
            dataPlane: services.dataPlane.settings,
            caPem: services.dataPlane.caPem,
            progress: (line) => progress.push(line),
          },
        );
        return {
          findings: outcome.findings,
          observations: outcome.observations,
          callLog,
          progress,
          ...(outcome.unreachable ? { unreachable: outcome.unreachable } : {}),
        };
      } finally {
        clients.destroy();
        proxy.setRules([]);
      }
    };
    return {
      moto,
      proxy,
      provisioned,
      services,
      run,
      stop: async () => {
        await services.stop();
        await proxy.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
