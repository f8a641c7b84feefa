/** Every bad-input case, by category. */
import type { BadInputCase } from '../harness.ts';
import { CLI_CASES } from './cli.ts';
import { EXPLAIN_CASES } from './explain.ts';
import { KEY_CASES } from './keys.ts';
import { MERGE_CASES } from './merge.ts';
import { OUTPUT_CASES } from './outputs.ts';
import { PACK_CASES } from './packs.ts';
import { SUITE_CASES } from './suites.ts';
import { TARGET_CASES } from './targets.ts';
import { VARS_CASES } from './vars.ts';

export const ALL_CASES: BadInputCase[] = [
  ...SUITE_CASES,
  ...TARGET_CASES,
  ...VARS_CASES,
  ...CLI_CASES,
  ...EXPLAIN_CASES,
  ...PACK_CASES,
  ...KEY_CASES,
  ...OUTPUT_CASES,
  ...MERGE_CASES,
];
