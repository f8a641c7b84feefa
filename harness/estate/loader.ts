/** Reads and validates a target file (YAML or JSON), errors located at file:line:col. */
import { readValidated } from '../suite/yaml-source.ts';
import { targetSchemaFor, type LabCatalogue, type TargetFile } from './schema.ts';

/** Loads a target file; every schema problem is reported with its location (lab fault and shape names included, when the lab's catalogue is given). */
export async function loadTarget(file: string, lab?: LabCatalogue): Promise<TargetFile> {
  return readValidated(file, targetSchemaFor(lab), 'target') as Promise<TargetFile>;
}
