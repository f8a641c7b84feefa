/**
 * The lab target's lifecycle: start moto on loopback, provision the reference
 * estate (plus an optional named fault), and hand back one var set per app VPC.
 */
import { InputError } from '../harness/model/errors.ts';
import { CallLog } from '../harness/model/call-log.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { startLabDataPlane, type LabDataPlane } from './dataplane/start.ts';
import { defaultShape, estateVars, provisionEstate, type Estate } from './estate.ts';
import { findFault, LAB_FAULTS, type LabFault } from './faults.ts';
import { defaultGovernanceShape, governanceVars, provisionGovernance, type Governance } from './governance.ts';
import { assertLoopbackEndpoint } from './loopback.ts';
import { findVariant, LAB_VARIANTS, type LabVariant } from './variants.ts';

export interface LabOptions {
  variant: 'same-account' | 'cross-account';
  scale: number;
  fault?: string;
  /** Clean variants of the estate's shape (lab/variants.ts), applied before the fault. */
  shapes?: readonly string[];
}

/** The named variants, or an input error naming the unknown ones. */
function variantsOf(names: readonly string[]): LabVariant[] {
  const unknown = names.filter((name) => !findVariant(name));
  if (unknown.length > 0)
    throw new InputError(
      `unknown lab shape${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${LAB_VARIANTS.map((variant) => variant.name).join(', ')}`,
    );
  return names.map((name) => findVariant(name)!);
}

export interface RunningLab {
  moto: MotoServer;
  estate: Estate;
  /** One vars map per app VPC. */
  varSets: Record<string, unknown>[];
  dataPlane: LabDataPlane;
  /** Stops the data plane and moto. */
  stop(): Promise<void>;
}

export interface ProvisionedLab {
  estate: Estate;
  governance: Governance;
  varSets: Record<string, unknown>[];
  fault?: LabFault;
}

/** Provisions the estate into an already running loopback emulator. */
export async function provisionLab(endpoint: string, options: LabOptions): Promise<ProvisionedLab> {
  assertLoopbackEndpoint(endpoint);
  const fault = options.fault === undefined ? undefined : findFault(options.fault);
  if (options.fault !== undefined && !fault) {
    throw new InputError(`unknown lab fault '${options.fault}'; known: ${LAB_FAULTS.map((candidate) => candidate.name).join(', ')}`);
  }
  const variants = variantsOf(options.shapes ?? []);
  // Provisioning calls are not part of the run: they go to a log of their own.
  const clients = new AwsClients({ kind: 'moto', endpoint }, new CallLog());
  try {
    const base = variants.reduce((shape, variant) => variant.shape?.(shape) ?? shape, defaultShape(options.variant, options.scale));
    const estate = await provisionEstate(clients, fault?.shape ? fault.shape(base) : base);
    for (const variant of variants) await variant.apply?.(clients, estate);
    await fault?.apply?.(clients, estate);
    const governanceShape = variants.reduce((shape, variant) => variant.governance?.(shape) ?? shape, defaultGovernanceShape());
    const governance = await provisionGovernance(clients, fault?.governance ? fault.governance(governanceShape) : governanceShape);
    await fault?.applyGovernance?.(clients, governance);
    const shared = governanceVars(governance);
    return { estate, governance, varSets: estate.apps.map((_, index) => ({ ...estateVars(estate, index), ...shared })), ...(fault ? { fault } : {}) };
  } finally {
    clients.destroy();
  }
}

/** Starts the lab's DNS and HTTPS stand-ins for a provisioned estate (with the fault's data-plane part). */
export async function startDataPlaneFor(endpoint: string, lab: ProvisionedLab): Promise<LabDataPlane> {
  assertLoopbackEndpoint(endpoint);
  const clients = new AwsClients({ kind: 'moto', endpoint }, new CallLog());
  try {
    return await startLabDataPlane(clients, lab.estate, lab.fault?.dataPlane);
  } finally {
    clients.destroy();
  }
}

/** Starts moto and provisions the lab; the caller must `moto.stop()`. */
export async function startLab(options: LabOptions, progress: (message: string) => void = () => {}): Promise<RunningLab> {
  progress('starting moto for the lab target');
  const moto = await startMotoServer();
  try {
    progress(
      `provisioning the reference estate (${options.variant}, ${options.scale} app VPC${options.scale > 1 ? 's' : ''}${options.shapes?.length ? `, shapes ${options.shapes.join(', ')}` : ''}${options.fault ? `, fault ${options.fault}` : ''}) into ${moto.endpoint}`,
    );
    const provisioned = await provisionLab(moto.endpoint, options);
    progress('starting the lab data plane (DNS resolver and HTTPS endpoint stand-ins on loopback)');
    const dataPlane = await startDataPlaneFor(moto.endpoint, provisioned);
    return {
      moto,
      estate: provisioned.estate,
      varSets: provisioned.varSets,
      dataPlane,
      stop: async () => {
        await dataPlane.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
