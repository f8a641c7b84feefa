/**
 * The lab's workload: before a run, the app calls Bedrock a few times through
 * the private path — the real Bedrock runtime SDK client resolving with the lab
 * resolver and dialling through the connect map, exactly as crisp's latency
 * probe does — so CloudTrail (the lab's stand-in) holds invocations to judge.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ConnectMapHttpHandler } from '../harness/probe/connect-map-handler.ts';
import type { LabDataPlane } from './dataplane/start.ts';

/**
 * Makes `calls` Converse calls to `profileId` in `sourceRegion` as `account`, and returns how
 * many succeeded. An estate whose private path is broken (a data-plane fault) stops the
 * workload at its first failure, as it would stop the app: the reason is returned, not thrown.
 */
export async function runLabWorkload(
  dataPlane: LabDataPlane,
  account: string,
  sourceRegion: string,
  profileId: string,
  calls: number,
): Promise<{ made: number; failure?: string }> {
  const { settings, caPem } = dataPlane;
  const handler = new ConnectMapHttpHandler({
    ...(settings.resolver ? { resolver: settings.resolver } : {}),
    connect: settings.connect,
    connectOnly: settings.connectOnly,
    ca: caPem,
    timeoutMs: 10_000,
  });
  const client = new BedrockRuntimeClient({
    region: sourceRegion,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    requestHandler: handler as never,
    maxAttempts: 1,
  });
  // The stand-in reads the caller's account as moto does.
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'crispLabAccount' },
  );
  let made = 0;
  try {
    for (; made < calls; made += 1) {
      await client.send(
        new ConverseCommand({
          modelId: profileId,
          messages: [{ role: 'user', content: [{ text: 'Summarise the ticket.' }] }],
          inferenceConfig: { maxTokens: 16 },
        }),
      );
    }
    return { made };
  } catch (error) {
    return { made, failure: (error as Error).message };
  } finally {
    client.destroy();
    handler.destroy();
  }
}
