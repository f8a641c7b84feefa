/**
 * The lab's one entry point for crisp: starts moto on loopback, provisions the
 * reference estate (with an optional named fault) and its data plane, and hands
 * back what a run needs. Only harness/commands/ imports this file; everything
 * else in harness/ receives it as a {@link LabLauncher}.
 */
import type { LabLauncher } from '../harness/estate/open.ts';
import { LAB_FAULTS } from './faults.ts';
import { startLab } from './open-lab.ts';
import { LAB_VARIANTS } from './variants.ts';

/** Starts the lab for a `kind: lab` target; knows its fault and shape names so target files are checked first. */
export const launchLab: LabLauncher = {
  faults: LAB_FAULTS.map((fault) => fault.name),
  shapes: LAB_VARIANTS.map((variant) => variant.name),
  async launch(options, progress) {
    const lab = await startLab(options, progress);
    return {
      motoEndpoint: lab.apiEndpoint,
      endpoints: lab.endpoints,
      varSets: lab.varSets,
      dataPlane: { settings: lab.dataPlane.settings, caPem: lab.dataPlane.caPem },
      stop: lab.stop,
    };
  },
};
