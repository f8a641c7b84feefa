/**
 * Opens a target for a run: SDK clients for its APIs, the variables it
 * supplies itself (the lab's estate ids), and how to close it afterwards.
 */
import { startLab } from '../../lab/open-lab.ts';
import type { CallLog } from '../collect/call-log.ts';
import type { TargetKind } from './capabilities.ts';
import { AwsClients } from './clients.ts';
import { startLocalstack } from './localstack.ts';
import type { TargetFile } from './schema.ts';

export interface OpenedTarget {
  kind: TargetKind;
  /** For messages: `moto at http://127.0.0.1:5000`. */
  label: string;
  clients: AwsClients;
  /** Variable sets the target supplies (one suite run per set); `[{}]` when it supplies none. */
  varSets: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Opens a target; for `lab` this starts moto and provisions the estate. */
export async function openTarget(target: TargetFile, callLog: CallLog, progress: (message: string) => void): Promise<OpenedTarget> {
  switch (target.kind) {
    case 'lab': {
      const lab = await startLab({ variant: target.variant, scale: target.scale, fault: target.fault }, progress);
      const clients = new AwsClients({ kind: 'moto', endpoint: lab.moto.endpoint }, callLog);
      return {
        kind: 'lab',
        label: target.name ?? `lab (moto at ${lab.moto.endpoint}${target.fault ? `, fault ${target.fault}` : ''})`,
        clients,
        varSets: lab.varSets,
        close: async () => {
          clients.destroy();
          await lab.moto.stop();
        },
      };
    }
    case 'moto': {
      const clients = new AwsClients({ kind: 'moto', endpoint: target.endpoint }, callLog);
      return { kind: 'moto', label: target.name ?? `moto at ${target.endpoint}`, clients, varSets: [{}], close: async () => clients.destroy() };
    }
    case 'localstack': {
      const started = target.start ? await startLocalstack(target.image) : undefined;
      if (started) progress(`started LocalStack (${target.image}) at ${started.endpoint}`);
      const endpoint = started?.endpoint ?? target.endpoint!;
      const clients = new AwsClients({ kind: 'localstack', endpoint }, callLog);
      return {
        kind: 'localstack',
        label: target.name ?? `LocalStack at ${endpoint}`,
        clients,
        varSets: [{}],
        close: async () => {
          clients.destroy();
          await started?.stop();
        },
      };
    }
    case 'aws': {
      const clients = new AwsClients({ kind: 'aws', accounts: target.accounts }, callLog);
      return {
        kind: 'aws',
        label: target.name ?? `AWS (${Object.keys(target.accounts).join(', ') || 'default credentials'})`,
        clients,
        varSets: [{}],
        close: async () => clients.destroy(),
      };
    }
  }
}
