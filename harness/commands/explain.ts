/**
 * `crisp explain`: why requests are allowed or denied. One request prints its
 * verdict as indented JSON; a file of many prints one JSON line per request, in
 * input order. Requests that carry `expect` make it a policy test: any mismatch
 * is named on stderr and the command exits 1.
 */
import { explainFile, type Explained } from '../engine/explain.ts';
import { formatLocation } from '../model/errors.ts';
import { neutraliseLine } from '../model/terminal-text.ts';
import { launchLab } from '../../lab/index.ts';
import { print, progress } from './console.ts';

const mismatched = (answer: Explained) => answer.request.expect !== undefined && answer.request.expect !== answer.verdict.decision;

/** The label of a request in messages: its name, or its position. */
const labelOf = (answer: Explained) => `request ${answer.index}${answer.request.name ? ` (${answer.request.name})` : ''}`;

export async function explainCommand(options: { request: string; target?: string }): Promise<number> {
  const { batch, answers } = await explainFile(options.request, options.target, progress, launchLab);
  if (!batch) {
    const [answer] = answers;
    const { request, verdict, evaluated } = answer!;
    print(
      ...JSON.stringify(
        {
          decision: verdict.decision,
          reason: verdict.reason,
          ...(request.expect ? { expected: request.expect, asExpected: !mismatched(answer!) } : {}),
          decidedBy: verdict.decidedBy,
          matched: verdict.matched,
          request: { principal: request.principal, action: request.action, resource: request.resource, context: evaluated.context },
        },
        null,
        2,
      ).split('\n'),
    );
  } else {
    for (const answer of answers) {
      print(
        JSON.stringify({
          index: answer.index,
          ...(answer.request.name ? { name: answer.request.name } : {}),
          line: answer.location.line,
          decision: answer.verdict.decision,
          reason: answer.verdict.reason,
          ...(answer.request.expect ? { expected: answer.request.expect, asExpected: !mismatched(answer) } : {}),
          decidedBy: answer.verdict.decidedBy,
        }),
      );
    }
  }
  const wrong = answers.filter(mismatched);
  const expecting = answers.filter((answer) => answer.request.expect !== undefined).length;
  for (const answer of wrong) {
    process.stderr.write(
      `${neutraliseLine(`${formatLocation(answer.location)}: ${labelOf(answer)} expected ${answer.request.expect}, got ${answer.verdict.decision} — ${answer.verdict.reason}`)}\n`,
    );
  }
  if (expecting > 0)
    process.stderr.write(`${expecting - wrong.length} of ${expecting} expectations hold${wrong.length > 0 ? `, ${wrong.length} do not` : ''}\n`);
  return wrong.length > 0 ? 1 : 0;
}
