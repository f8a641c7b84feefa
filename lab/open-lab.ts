/**
 * The lab target's lifecycle: start moto on loopback, provision the reference
 * estate (plus an optional named fault), and hand back one var set per app VPC.
 */
import { InputError } from '../harness/model/errors.ts';
import { CallLog } from '../harness/model/call-log.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { startLabDataPlane, type LabDataPlane } from './dataplane/start.ts';
import { defaultShape, estateVars, provisionEstate, type Estate, type LabDesign } from './estate.ts';
import { findFault, LAB_FAULTS, type LabFault } from './faults.ts';
import { defaultGovernanceShape, governanceVars, MODEL_ID, provisionGovernance, type Governance } from './governance.ts';
import { defaultResidencyShape, provisionResidency, type Residency, type ResidencyShape } from './residency.ts';
import { startBedrockControlPlane } from './controlplane/bedrock-control-plane.ts';
import { startCloudTrailStandIn } from './controlplane/cloudtrail-stand-in.ts';
import { InferenceEventLog } from './controlplane/inference-events.ts';
import type { LoopbackServer } from './controlplane/loopback-server.ts';
import { RoutingFacts } from './controlplane/routing-facts.ts';
import { runtimeRecorder } from './controlplane/runtime-recorder.ts';
import { runLabWorkload } from './workload.ts';
import { defaultGovCloudShape, govCloudVars, provisionGovCloud, type GovCloudEstate } from './govcloud/estate.ts';
import { startProxyStandIn, type ProxyStandIn } from './govcloud/proxy-stand-in.ts';
import { runtimeStandInInvoke } from './govcloud/runtime-invoke.ts';
import { startIamStandIn } from './controlplane/iam-stand-in.ts';
import { ServiceSpecificCredentialStore } from './controlplane/service-specific-credentials.ts';
import { PROXY_KEY_VARIABLE } from '../harness/collect/probes.ts';
import { assertLoopbackEndpoint } from './loopback.ts';
import { findVariant, LAB_VARIANTS, type LabVariant } from './variants.ts';
import { fleetGovernance, provisionFleet } from './fleet.ts';
import { startSmallPagesProxy, type SmallPagesProxy } from './pager/small-pages-proxy.ts';

export interface LabOptions {
  variant: 'same-account' | 'cross-account';
  scale: number;
  /** Where the Bedrock endpoints live: Sydney through the peering (default), or Auckland itself. */
  design?: LabDesign;
  fault?: string;
  /** Clean variants of the estate's shape (lab/variants.ts), applied before the fault. */
  shapes?: readonly string[];
  /** Build the N× fleet (lab/fleet.ts) instead of `scale` app VPCs; it takes no fault, shape or design. */
  fleet?: number;
  /** Answer crisp's listings in pages of at most this many entries (lab/pager/). */
  pageSize?: number;
}

/** A fleet is its own shape: the reference estate's knobs do not apply to it. */
function checkFleetOptions(options: LabOptions): void {
  if (options.fleet === undefined) return;
  const clashes = [
    options.fault !== undefined ? 'fault' : undefined,
    options.shapes?.length ? 'shapes' : undefined,
    options.scale > 1 ? 'scale' : undefined,
    (options.design ?? 'peered') !== 'peered' ? 'design' : undefined,
    options.variant !== 'cross-account' ? 'variant' : undefined,
  ].filter((name) => name !== undefined);
  if (clashes.length > 0) throw new InputError(`a lab fleet is built as it is: drop ${clashes.join(', ')} (fleet takes only pageSize)`);
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
  /** Where crisp's AWS clients go: moto, or the pager in front of it. */
  apiEndpoint: string;
  estate: Estate;
  /** The stand-ins for APIs moto lacks, by SDK service id (the lab target's `endpoints:`). */
  endpoints: { bedrock: string; cloudtrail: string; iam: string };
  /** The lab's CloudTrail event history (tests read and add to it). */
  events: InferenceEventLog;
  /** One vars map per app VPC. */
  varSets: Record<string, unknown>[];
  dataPlane: LabDataPlane;
  /** Stops the data plane and moto. */
  stop(): Promise<void>;
}

export interface ProvisionedLab {
  estate: Estate;
  governance: Governance;
  residency: Residency;
  residencyShape: ResidencyShape;
  /** The GovCloud proxy estate, and the store of Bedrock API keys the IAM stand-in serves. */
  govcloud: GovCloudEstate;
  serviceCredentials: ServiceSpecificCredentialStore;
  varSets: Record<string, unknown>[];
  fault?: LabFault;
}

/** Provisions the estate into an already running loopback emulator. */
export async function provisionLab(endpoint: string, options: LabOptions, progress: (message: string) => void = () => {}): Promise<ProvisionedLab> {
  assertLoopbackEndpoint(endpoint);
  const fault = options.fault === undefined ? undefined : findFault(options.fault);
  if (options.fault !== undefined && !fault) {
    throw new InputError(`unknown lab fault '${options.fault}'; known: ${LAB_FAULTS.map((candidate) => candidate.name).join(', ')}`);
  }
  const variants = variantsOf(options.shapes ?? []);
  checkFleetOptions(options);
  // Provisioning calls are not part of the run: they go to a log of their own.
  const clients = new AwsClients({ kind: 'moto', endpoint }, new CallLog());
  try {
    const base = variants.reduce((shape, variant) => variant.shape?.(shape) ?? shape, defaultShape(options.variant, options.scale, options.design));
    const estate =
      options.fleet !== undefined
        ? await provisionFleet(clients, options.fleet, progress)
        : await provisionEstate(clients, fault?.shape ? fault.shape(base) : base);
    for (const variant of variants) await variant.apply?.(clients, estate);
    await fault?.apply?.(clients, estate);
    const referenceGovernance = variants.reduce((shape, variant) => variant.governance?.(shape) ?? shape, defaultGovernanceShape());
    const governanceShape = options.fleet !== undefined ? fleetGovernance(referenceGovernance, options.fleet) : referenceGovernance;
    // The source Region is the Region whose Bedrock endpoint the workload calls: the endpoint VPC's.
    const governance = await provisionGovernance(clients, fault?.governance ? fault.governance(governanceShape) : governanceShape, estate.shape.endpointRegion);
    await fault?.applyGovernance?.(clients, governance);
    const residencyShape = fault?.residency ? fault.residency(defaultResidencyShape()) : defaultResidencyShape();
    const residency = await provisionResidency(clients, governance.memberAccount, governance.sourceRegion, residencyShape);
    const serviceCredentials = new ServiceSpecificCredentialStore();
    const govcloud = await provisionGovCloud(clients, fault?.govcloud ? fault.govcloud(defaultGovCloudShape()) : defaultGovCloudShape(), {
      serviceCredentials,
    });
    // The proxy's URL is its execute-api hostname and stage; the connect map sends it to the stand-in.
    const shared = { ...governanceVars(governance), ...govCloudVars(govcloud, `https://${govcloud.api.executeApiHostname}/${govcloud.api.stageName}`) };
    return {
      estate,
      governance,
      residency,
      residencyShape,
      govcloud,
      serviceCredentials,
      varSets: estate.apps.map((_, index) => ({ ...estateVars(estate, index), ...shared })),
      ...(fault ? { fault } : {}),
    };
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

/** Everything the lab runs beside moto for a provisioned estate. */
export interface LabServices {
  dataPlane: LabDataPlane;
  /** The stand-ins for APIs moto lacks, by SDK service id (the lab target's `endpoints:`). */
  endpoints: { bedrock: string; cloudtrail: string; iam: string };
  /** The lab's CloudTrail event history (tests read and add to it). */
  events: InferenceEventLog;
  /** The GovCloud proxy stand-in (tests read its counts). */
  proxy: ProxyStandIn;
  stop(): Promise<void>;
}

/**
 * Starts the data plane and the control-plane stand-ins for a provisioned estate, then
 * runs the lab's workload so CloudTrail holds invocations; the caller must stop() them.
 * The stand-ins forward what they do not answer to `forwardTo` (default: moto itself),
 * so a pager or fault proxy in front of moto sees those calls too.
 */
export async function startLabServices(
  endpoint: string,
  provisioned: ProvisionedLab,
  progress: (message: string) => void = () => {},
  forwardTo: string = endpoint,
): Promise<LabServices> {
  const started: { dataPlane?: LabDataPlane; bedrock?: LoopbackServer; cloudTrail?: LoopbackServer; iam?: LoopbackServer; proxy?: ProxyStandIn } = {};
  const clients = new AwsClients({ kind: 'moto', endpoint }, new CallLog());
  let restoreKey = () => {};
  const stopAll = async () => {
    await Promise.all([started.dataPlane?.stop(), started.bedrock?.stop(), started.cloudTrail?.stop(), started.iam?.stop(), started.proxy?.stop()]);
    clients.destroy();
    restoreKey();
  };
  try {
    progress('starting the lab data plane (DNS resolver and HTTPS endpoint stand-ins on loopback)');
    started.dataPlane = await startDataPlaneFor(endpoint, provisioned);
    progress('starting the Bedrock control-plane and CloudTrail stand-ins (forwarding the rest to moto)');
    const events = new InferenceEventLog();
    const routing = RoutingFacts.lab();
    started.dataPlane.converse.onInvocation = runtimeRecorder(events, routing, provisioned.residencyShape.workload.strayInference);
    started.bedrock = await startBedrockControlPlane({ motoEndpoint: forwardTo, routing });
    started.cloudTrail = await startCloudTrailStandIn({ motoEndpoint: forwardTo, events });
    started.iam = await startIamStandIn({ motoEndpoint: forwardTo, credentials: provisioned.serviceCredentials });
    progress('starting the GovCloud proxy stand-in (HTTPS on loopback, auditing into moto)');
    const { dataPlane } = started;
    // In the lab, commercial Bedrock is the runtime stand-in itself: reach it under a hostname whose certificate
    // no data-plane fault touches, so a broken estate endpoint does not break the GovCloud proxy too.
    const faulted = provisioned.fault?.dataPlane?.endpoint?.service;
    const upstreamService = provisioned.estate.shape.services.find((service) => service !== faulted) ?? 'bedrock-runtime';
    const runtimeHostname = `${upstreamService}.${provisioned.estate.shape.endpointRegion}.amazonaws.com`;
    started.proxy = await startProxyStandIn({
      clients,
      estate: provisioned.govcloud,
      ca: dataPlane.ca,
      invoke: runtimeStandInInvoke(dataPlane.endpointPort, runtimeHostname, dataPlane.caPem),
      ...(provisioned.fault?.proxy?.dropAudit ? { dropAudit: true } : {}),
      ...(provisioned.fault?.proxy?.tlsMinVersion ? { tlsMinVersion: provisioned.fault.proxy.tlsMinVersion } : {}),
    });
    // The proxy's hostname reaches the stand-in through the connect map, as an SSM port forward would.
    Object.assign(dataPlane.settings.connect, started.proxy.connect);
    // The lab plays the operator who exports the client's API key for the live check (read per call,
    // never stored); its proxy accepts only its own key, and the previous value comes back at stop.
    const previousKey = process.env[PROXY_KEY_VARIABLE];
    process.env[PROXY_KEY_VARIABLE] = provisioned.govcloud.api.apiKeyValue;
    restoreKey = () => {
      if (previousKey === undefined) delete process.env[PROXY_KEY_VARIABLE];
      else process.env[PROXY_KEY_VARIABLE] = previousKey;
    };
    const { workload } = provisioned.residencyShape;
    const profileId = workload.profile === 'global' ? provisioned.governance.globalProfileId : `au.${MODEL_ID}`;
    progress(`running the lab workload: ${workload.calls} Converse calls to ${profileId} through the private path`);
    const outcome = await runLabWorkload(
      started.dataPlane,
      provisioned.governance.memberAccount,
      provisioned.governance.sourceRegion,
      profileId,
      workload.calls,
    );
    if (outcome.failure) progress(`the lab workload stopped after ${outcome.made} call${outcome.made === 1 ? '' : 's'}: ${outcome.failure}`);
    return {
      dataPlane: started.dataPlane,
      endpoints: { bedrock: started.bedrock.endpoint, cloudtrail: started.cloudTrail.endpoint, iam: started.iam.endpoint },
      events,
      proxy: started.proxy,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts moto and provisions the lab; the caller must `stop()` it. */
export async function startLab(options: LabOptions, progress: (message: string) => void = () => {}): Promise<RunningLab> {
  progress('starting moto for the lab target');
  const moto = await startMotoServer();
  let pager: SmallPagesProxy | undefined;
  try {
    const estate =
      options.fleet !== undefined
        ? `the ${options.fleet}× fleet`
        : `the reference estate (${options.design ?? 'peered'}, ${options.variant}, ${options.scale} app VPC${options.scale > 1 ? 's' : ''}${options.shapes?.length ? `, shapes ${options.shapes.join(', ')}` : ''}${options.fault ? `, fault ${options.fault}` : ''})`;
    progress(`provisioning ${estate} into ${moto.endpoint}`);
    const provisioned = await provisionLab(moto.endpoint, options, progress);
    if (options.pageSize !== undefined) {
      pager = await startSmallPagesProxy(moto.endpoint, options.pageSize);
      progress(`answering listings in pages of at most ${options.pageSize} (pager at ${pager.endpoint})`);
    }
    const apiEndpoint = pager?.endpoint ?? moto.endpoint;
    const services = await startLabServices(moto.endpoint, provisioned, progress, apiEndpoint);
    return {
      moto,
      apiEndpoint,
      estate: provisioned.estate,
      varSets: provisioned.varSets,
      dataPlane: services.dataPlane,
      endpoints: services.endpoints,
      events: services.events,
      stop: async () => {
        await services.stop();
        await pager?.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await pager?.stop();
    await moto.stop();
    throw error;
  }
}
