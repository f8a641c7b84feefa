/** Reads and validates a target file (YAML or JSON), errors located at file:line:col. */
import { readValidated } from '../suite/yaml-source.ts';
import { targetSchema, type TargetFile } from './schema.ts';

/** Loads a target file; every schema problem is reported with its location. */
export async function loadTarget(file: string): Promise<TargetFile> {
  return readValidated(file, targetSchema, 'target');
}
