/** `crisp schema`: prints the suite JSON Schema (committed as suites/suite.schema.json). */
import { checkCatalog } from '../checks/registry.ts';
import { suiteJsonSchema } from '../suite/schema.ts';
import { print } from './console.ts';

export function schemaCommand(): number {
  print(...JSON.stringify(suiteJsonSchema(checkCatalog().ids()), null, 2).split('\n'));
  return 0;
}
