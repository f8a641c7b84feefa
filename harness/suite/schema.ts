/**
 * The suite file's schema (zod), and the JSON Schema derived from it that editors
 * use for completion (committed as suites/suite.schema.json, printed by `crisp schema`).
 */
import { z } from 'zod';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One variable a suite reads from `--vars` (or a target that supplies vars). */
export const varDeclarationSchema = z
  .object({
    type: z.enum(['string', 'list', 'number', 'boolean']).default('string').describe('Type the value must have.'),
    description: z.string().optional(),
    default: z.unknown().optional().describe('Value used when no vars file sets it.'),
    required: z.boolean().default(true).describe('When false and no value is given, references to it drop the field they fill.'),
  })
  .strict();

/** Parameters: a free map here; each check's own schema validates it after merging. */
const paramsSchema = z.record(z.string(), z.unknown()).describe('Parameters for the check; may use ${var} references.');

/** Builds the suite schema; `checkIds` feeds editor completion of check ids. */
export function buildSuiteSchema(checkIds: readonly string[]) {
  const checkId = checkIds.length > 0 ? z.string().describe(`One of: ${checkIds.join(', ')}`) : z.string();
  const checkEntry = z.union([
    checkId,
    z
      .object({
        id: checkId,
        with: paramsSchema.optional(),
        guard: z.boolean().optional().describe('Drift on this check fails a drift run even while it passes.'),
      })
      .strict(),
  ]);
  return z
    .object({
      $schema: z.string().optional(),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case words joined by hyphens')
        .describe('Stable suite name, used in reports.'),
      description: z.string().optional(),
      vars: z
        .record(z.string().regex(VAR_NAME, 'must be a valid variable name'), varDeclarationSchema)
        .default({})
        .describe('Variables the suite reads; values come from --vars files.'),
      with: paramsSchema.default({}).describe('Parameters every check receives; a check entry’s own `with` overrides them key by key.'),
      checks: z.array(checkEntry).min(1, 'lists no checks, so the suite would verify nothing (a vacuous expectation)'),
    })
    .strict();
}

export type SuiteFile = z.output<ReturnType<typeof buildSuiteSchema>>;

/** The JSON Schema (draft 2020-12) of suite files, with check ids enumerated for completion. */
export function suiteJsonSchema(checkIds: readonly string[]): Record<string, unknown> {
  const idSchema = { type: 'string', enum: [...checkIds] };
  const schema = z.toJSONSchema(buildSuiteSchema([]), { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  const checks = schema.properties.checks;
  checks.items = {
    anyOf: [idSchema, { ...checks.items.anyOf[1], properties: { ...checks.items.anyOf[1].properties, id: idSchema } }],
  };
  return {
    $id: 'https://crisp.dev/schema/suite.schema.json',
    title: 'crisp suite',
    ...schema,
  };
}
