/**
 * Runs crisp suites as Vitest tests. Configure through the environment:
 *   CRISP_TARGET  target file            (default targets/lab.yaml)
 *   CRISP_SUITES  suite files/folders, comma-separated (default suites)
 *   CRISP_VARS    vars files, comma-separated (optional)
 *   CRISP_OUT     report folder          (default reports/vitest)
 * e.g. `CRISP_TARGET=targets/moto.yaml npm run crisp:vitest -- --reporter=junit --outputFile=junit.xml`
 */
import { declareFindingTests } from '../report/vitest-tests.ts';
import { runSuites } from '../engine/run.ts';
import { launchLab } from '../../lab/index.ts';
import { progress } from './console.ts';

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];

const { results } = await runSuites({
  suites: list(process.env.CRISP_SUITES).length > 0 ? list(process.env.CRISP_SUITES) : ['suites'],
  target: process.env.CRISP_TARGET ?? 'targets/lab.yaml',
  vars: list(process.env.CRISP_VARS),
  out: process.env.CRISP_OUT ?? 'reports/vitest',
  checks: [],
  progress,
  launchLab,
});

declareFindingTests(results);
