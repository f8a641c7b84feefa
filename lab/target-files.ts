/**
 * A running lab described as the files a user of a real estate writes: a `kind: moto`
 * target naming the API endpoint (moto, or a pager or fault proxy in front of it), the
 * stand-ins' `endpoints:` and the data plane, and an `--instances` file with one var map
 * per app VPC. Tests and benchmarks run crisp against these exactly as the CLI does —
 * one estate read by several runs (shards, repeated runs) without provisioning it again.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataPlaneSettings } from '../harness/estate/schema.ts';

export interface LabTargetFiles {
  /** The `kind: moto` target file. */
  target: string;
  /** The instances file: one var map per app VPC. */
  instances: string;
}

/** Writes `target.json` and `instances.json` into `dir`. */
export async function writeLabTargetFiles(
  dir: string,
  lab: { apiEndpoint: string; endpoints: Record<string, string>; dataPlane: DataPlaneSettings; varSets: readonly Record<string, unknown>[]; name?: string },
): Promise<LabTargetFiles> {
  const target = join(dir, 'target.json');
  const instances = join(dir, 'instances.json');
  const file = { kind: 'moto', name: lab.name ?? 'lab estate', endpoint: lab.apiEndpoint, endpoints: lab.endpoints, dataPlane: lab.dataPlane };
  await writeFile(target, `${JSON.stringify(file, null, 2)}\n`);
  await writeFile(instances, `${JSON.stringify(lab.varSets, null, 2)}\n`);
  return { target, instances };
}
