/**
 * Starts LocalStack through Testcontainers for `kind: localstack` with
 * `start: true`. Loaded lazily: only users of that mode pay for Testcontainers.
 * Current LocalStack images refuse to start without LOCALSTACK_AUTH_TOKEN, so
 * it is passed through (and never written anywhere).
 */
import { InputError } from '../model/errors.ts';

/** Why no container can be started here, or undefined when a runtime answers. */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no container runtime (Docker or Podman) is reachable: ${(error as Error).message}`;
  }
}

export interface RunningLocalstack {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts the pinned LocalStack image; throws InputError when it cannot be started here. */
export async function startLocalstack(image: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningLocalstack> {
  const token = env.LOCALSTACK_AUTH_TOKEN;
  if (!token)
    throw new InputError('localstack start: true needs LOCALSTACK_AUTH_TOKEN in the environment (current LocalStack images refuse to start without it)');
  const problem = await containerRuntimeProblem();
  if (problem)
    throw new InputError(
      `localstack start: true cannot start ${image}: ${problem}. Start LocalStack yourself (docker compose up localstack) and give its endpoint instead.`,
    );
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const container = await new LocalstackContainer(image).withEnvironment({ LOCALSTACK_AUTH_TOKEN: token }).start();
  return { endpoint: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}
