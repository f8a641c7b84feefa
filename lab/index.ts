/**
 * The lab's one entry point for crisp: starts moto on loopback, provisions the
 * reference estate (with an optional named fault) and its data plane, and hands
 * back what a run needs. Only harness/commands/ imports this file; everything
 * else in harness/ receives it as a {@link LabLauncher}.
 */
import type { LabLauncher } from '../harness/estate/open.ts';
import { startLab } from './open-lab.ts';

/** Starts the lab for a `kind: lab` target. */
export const launchLab: LabLauncher = async (options, progress) => {
  const lab = await startLab(options, progress);
  return { motoEndpoint: lab.moto.endpoint, varSets: lab.varSets, dataPlane: { settings: lab.dataPlane.settings, caPem: lab.dataPlane.caPem }, stop: lab.stop };
};
