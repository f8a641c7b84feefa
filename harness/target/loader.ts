/** Reads and validates a target file (YAML or JSON), errors located at file:line:col. */
import { InputError, InputErrors } from '../errors.ts';
import { locate, readYamlSource } from '../suite/yaml-source.ts';
import { targetSchema, type TargetFile } from './schema.ts';

/** Loads a target file; every schema problem is reported with its location. */
export async function loadTarget(file: string): Promise<TargetFile> {
  const source = await readYamlSource(file);
  const parsed = targetSchema.safeParse(source.value ?? {});
  if (!parsed.success) {
    throw new InputErrors(parsed.error.issues.map((issue) => new InputError(`target: ${issue.message}`, locate(source, issue.path as (string | number)[]))));
  }
  return parsed.data;
}
