/**
 * Runs a command inside a fresh network namespace with only loopback up
 * (`unshare -rn`), so that no test can send a packet off this machine even by
 * mistake (docs/ARCHITECTURE.md §11). Where the namespace is refused, says so and runs the
 * command directly.
 *
 *   node test/isolated.ts <command> [args…]
 */
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../scripts/chromium.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node test/isolated.ts <command> [args…]\n');
  process.exit(2);
}

/** True when an unprivileged network namespace with loopback up can be made here. */
function canIsolate(): boolean {
  if (process.env.CRISP_NO_NETNS === '1') return false;
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  return probe.status === 0;
}

let result;
if (canIsolate()) {
  // The browser test's Chromium is unpacked out here, once: inside the namespace the process is
  // root mapped alone, and the unpacker's tar restores file owners (chown to ids the namespace
  // does not map fails with EINVAL). Unpacking needs no network.
  await chromiumPath();
  process.stderr.write('crisp tests: running inside a loopback-only network namespace (unshare -rn)\n');
  result = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'isolated', command, ...args], { stdio: 'inherit' });
} else {
  process.stderr.write('crisp tests: network namespaces are not available here (unshare -rn refused, or ip missing); running without isolation\n');
  result = spawnSync(command, args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
