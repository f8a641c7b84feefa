/**
 * Finds, starts and stops a moto server on a free loopback port. The child runs
 * in its own process group and is killed on stop, on process exit and on
 * signals, so no orphan is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { InputError } from '../model/errors.ts';

/** How to get moto when it is missing. */
export const MOTO_INSTALL_HINT =
  'moto is needed for the lab target: install it with `pip install "moto[server]"` (or into ./.venv), set MOTO_SERVER to its moto_server executable, or run `docker compose up moto` and use targets/moto.yaml.';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The moto_server executable: $MOTO_SERVER, then `moto_server` on PATH, then ./.venv/bin/moto_server. */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.MOTO_SERVER) return isExecutable(env.MOTO_SERVER) ? env.MOTO_SERVER : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'moto_server');
    if (isExecutable(candidate)) return candidate;
  }
  const venv = join(cwd, '.venv', 'bin', 'moto_server');
  return isExecutable(venv) ? venv : undefined;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running moto server. */
export interface MotoServer {
  endpoint: string;
  port: number;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Clears all state (POST /moto-api/reset). */
  reset(): Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

async function waitUntilReady(endpoint: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms: ${log()}`);
}

/** Starts moto on a free loopback port; throws InputError with install hints when it cannot be found. */
export async function startMotoServer(options: { executable?: string; env?: NodeJS.ProcessEnv } = {}): Promise<MotoServer> {
  const executable = options.executable ?? findMotoServer(options.env);
  if (!executable) throw new InputError(MOTO_INSTALL_HINT);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freeLoopbackPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    const onExit = () => killGroup(child, 'SIGKILL');
    process.on('exit', onExit);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async () => {
      process.off('exit', onExit);
      // The running server is unref'd so it never holds crisp open; waiting for its exit must, or
      // a moto slow to quit (a large estate) leaves nothing to keep Node alive and the await unsettled.
      child.ref();
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    };
    try {
      await waitUntilReady(endpoint, child, () => stderr.trim().split('\n').slice(-3).join(' | '), 30_000);
    } catch (error) {
      lastError = error;
      await stop();
      continue;
    }
    // Let stderr drain without holding the event loop open.
    child.stderr?.resume();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    child.unref();
    const reset = async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await response.body?.cancel();
    };
    return { endpoint, port, stop, reset };
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
