/**
 * Starts LocalStack through Testcontainers for `kind: localstack` with
 * `start: true`. Loaded lazily: only users of that mode pay for Testcontainers.
 * LocalStack images after 4.14.0 refuse to start without LOCALSTACK_AUTH_TOKEN, so
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

/** The last LocalStack release that starts without an auth token (tags published since 2026-03-23 refuse to). */
export const LAST_TOKENLESS_LOCALSTACK = [4, 14, 0] as const;

/** True when the image needs LOCALSTACK_AUTH_TOKEN: any tag after 4.14.0, and moving tags (latest, stable). */
export function needsAuthToken(image: string): boolean {
  const tag = /:(\d+)\.(\d+)(?:\.(\d+))?$/.exec(image);
  if (!tag) return true;
  const version = [Number(tag[1]), Number(tag[2]), Number(tag[3] ?? 0)];
  for (let index = 0; index < 3; index += 1) {
    if (version[index]! !== LAST_TOKENLESS_LOCALSTACK[index]) return version[index]! > LAST_TOKENLESS_LOCALSTACK[index]!;
  }
  return false;
}

/** Starts the pinned LocalStack image; throws InputError when it cannot be started here. */
export async function startLocalstack(image: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningLocalstack> {
  const token = env.LOCALSTACK_AUTH_TOKEN;
  if (!token && needsAuthToken(image))
    throw new InputError(
      `localstack start: true with ${image} needs LOCALSTACK_AUTH_TOKEN in the environment (LocalStack tags after 4.14.0 refuse to start without it; the default localstack/localstack:4.14.0 does not)`,
    );
  const problem = await containerRuntimeProblem();
  if (problem)
    throw new InputError(
      `localstack start: true cannot start ${image}: ${problem}. Start LocalStack yourself (docker compose up localstack) and give its endpoint instead.`,
    );
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const container = await new LocalstackContainer(image).withEnvironment(token ? { LOCALSTACK_AUTH_TOKEN: token } : {}).start();
  return { endpoint: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}
