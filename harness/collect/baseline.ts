/** The stored latency baseline (written by `crisp run --update-baseline`), read as an observation so evaluate() stays pure. */
import { readFile } from 'node:fs/promises';
import type { CollectContext } from './context.ts';
import { TargetLacks } from './failure.ts';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';

export async function collectLatencyBaseline(
  _context: CollectContext,
  request: ObservationRequest<'baseline.latency'>,
): Promise<ObservationCatalog['baseline.latency']> {
  const path = request.args?.path ?? '';
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ObservationCatalog['baseline.latency'];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TargetLacks(`no latency baseline at ${path} yet: run with --update-baseline ${path}`);
    throw error;
  }
}
