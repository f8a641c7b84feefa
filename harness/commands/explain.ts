/** `crisp explain`: why one request is allowed or denied, as JSON on stdout. */
import { explain } from '../engine/explain.ts';
import { launchLab } from '../../lab/index.ts';
import { print, progress } from './console.ts';

export async function explainCommand(options: { request: string; target?: string }): Promise<number> {
  const { request, verdict } = await explain(options.request, options.target, progress, launchLab);
  print(
    JSON.stringify(
      {
        decision: verdict.decision,
        reason: verdict.reason,
        decidedBy: verdict.decidedBy,
        matched: verdict.matched,
        request: { principal: request.principal, action: request.action, resource: request.resource, context: request.context },
      },
      null,
      2,
    ),
  );
  return 0;
}
