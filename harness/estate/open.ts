/**
 * Opens a target for a run: SDK clients for its APIs, the variables it
 * supplies itself (the lab's estate ids), and how to close it afterwards.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../model/errors.ts';
import { withoutUserinfo } from '../model/urls.ts';
import type { CallLog } from '../model/call-log.ts';
import type { TargetKind } from '../model/capabilities.ts';
import { AwsClients } from './clients.ts';
import { startLocalstack } from './localstack.ts';
import type { ApiServiceId, DataPlaneSettings, LabCatalogue, LabTarget, TargetFile } from './schema.ts';

export interface OpenedTarget {
  kind: TargetKind;
  /** Live probing settings, and the CA bundle they name, read once. */
  dataPlane?: DataPlaneSettings;
  caPem?: string;
  /** For messages: `moto at http://127.0.0.1:5000`. */
  label: string;
  clients: AwsClients;
  /** Variable sets the target supplies (one suite run per set); `[{}]` when it supplies none. */
  varSets: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A lab that is up: where its moto listens, the variables it supplies, its data plane, and how to stop it all. */
export interface RunningLabTarget {
  motoEndpoint: string;
  /** The lab's stand-ins for APIs moto lacks (the Bedrock control plane, CloudTrail), by service id. */
  endpoints?: Partial<Record<ApiServiceId, string>>;
  varSets: Record<string, unknown>[];
  dataPlane: { settings: DataPlaneSettings; caPem: string };
  stop(): Promise<void>;
}

/**
 * Starts the embedded lab. The lab lives in lab/, outside harness/: commands/ hands
 * its launcher (lab/index.ts) in, so no other part of crisp depends on the lab.
 */
export interface LabLauncher extends LabCatalogue {
  launch(
    options: {
      variant: LabTarget['variant'];
      design: LabTarget['design'];
      scale: number;
      fault?: string;
      shapes: readonly string[];
      fleet?: number;
      pageSize?: number;
    },
    progress: (message: string) => void,
  ): Promise<RunningLabTarget>;
}

/** How to open a target: the run's call log, progress, the target file's path (for relative paths) and the lab launcher. */
export interface OpenOptions {
  callLog: CallLog;
  progress: (message: string) => void;
  /** The target file, so that paths in it resolve relative to it. */
  targetFile?: string;
  /** Needed only for `kind: lab`. */
  launchLab?: LabLauncher;
}

/** Reads the data-plane CA bundle (relative paths are relative to the target file). */
async function readCa(settings: DataPlaneSettings | undefined, targetFile: string): Promise<string | undefined> {
  if (!settings?.caFile) return undefined;
  const path = resolve(dirname(targetFile), settings.caFile);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`dataPlane.caFile ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: targetFile });
  }
}

/** Opens a target; for `lab` this starts moto, provisions the estate and starts its data plane. */
export async function openTarget(target: TargetFile, options: OpenOptions): Promise<OpenedTarget> {
  const { callLog, progress, targetFile = '.' } = options;
  if (target.kind === 'lab') {
    if (!options.launchLab)
      throw new InputError('the lab target is started by the crisp command (or a test that passes the lab launcher)', { file: targetFile });
    return openLab(target, callLog, progress, options.launchLab);
  }
  // Every other kind takes its data plane from the target file, whatever the kind: read the
  // CA first, so that a bad path fails before anything is started.
  const caPem = await readCa(target.dataPlane, targetFile);
  const opened = await openApis(target, callLog, progress);
  return { ...opened, ...(target.dataPlane ? { dataPlane: target.dataPlane } : {}), ...(caPem ? { caPem } : {}) };
}

async function openLab(target: LabTarget, callLog: CallLog, progress: (message: string) => void, launchLab: LabLauncher): Promise<OpenedTarget> {
  const lab = await launchLab.launch(
    {
      variant: target.variant,
      design: target.design,
      scale: target.scale,
      shapes: target.shapes,
      ...(target.fault ? { fault: target.fault } : {}),
      ...(target.fleet !== undefined ? { fleet: target.fleet } : {}),
      ...(target.pageSize !== undefined ? { pageSize: target.pageSize } : {}),
    },
    progress,
  );
  // The target file's own `endpoints:` come after the lab's stand-ins, as they come after `endpoint:` elsewhere.
  const endpoints = { ...lab.endpoints, ...target.endpoints };
  const clients = new AwsClients({ kind: 'moto', endpoint: lab.motoEndpoint, endpoints }, callLog);
  return {
    kind: 'lab',
    label:
      target.name ??
      `lab (${target.design}, moto at ${lab.motoEndpoint}${target.shapes.length > 0 ? `, shapes ${target.shapes.join(', ')}` : ''}${target.fault ? `, fault ${target.fault}` : ''})`,
    clients,
    varSets: lab.varSets,
    dataPlane: lab.dataPlane.settings,
    caPem: lab.dataPlane.caPem,
    close: async () => {
      clients.destroy();
      await lab.stop();
    },
  };
}

/** Clients for a target's APIs: an emulator endpoint, or real accounts. */
async function openApis(target: Exclude<TargetFile, LabTarget>, callLog: CallLog, progress: (message: string) => void): Promise<OpenedTarget> {
  switch (target.kind) {
    case 'moto': {
      const clients = new AwsClients(
        {
          kind: 'moto',
          endpoint: target.endpoint,
          ...(target.endpoints ? { endpoints: target.endpoints } : {}),
          ...(target.accounts ? { accounts: target.accounts } : {}),
        },
        callLog,
      );
      return {
        kind: 'moto',
        label: target.name ?? `moto at ${withoutUserinfo(target.endpoint)}`,
        clients,
        varSets: [{}],
        close: async () => clients.destroy(),
      };
    }
    case 'localstack': {
      const started = target.start ? await startLocalstack(target.image) : undefined;
      if (started) progress(`started LocalStack (${target.image}) at ${started.endpoint}`);
      const endpoint = started?.endpoint ?? target.endpoint!;
      const clients = new AwsClients({ kind: 'localstack', endpoint, ...(target.endpoints ? { endpoints: target.endpoints } : {}) }, callLog);
      return {
        kind: 'localstack',
        label: target.name ?? `LocalStack at ${withoutUserinfo(endpoint)}`,
        clients,
        varSets: [{}],
        close: async () => {
          clients.destroy();
          await started?.stop();
        },
      };
    }
    case 'aws': {
      const clients = new AwsClients({ kind: 'aws', accounts: target.accounts, ...(target.endpoints ? { endpoints: target.endpoints } : {}) }, callLog);
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
