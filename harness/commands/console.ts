/** Where commands talk to people: progress on stderr, results on stdout. */

/** One progress line on stderr (stdout stays for results, so it can be piped). */
export function progress(message: string): void {
  process.stderr.write(`crisp: ${message}\n`);
}

/** Lines on stdout. */
export function print(...lines: string[]): void {
  for (const line of lines) process.stdout.write(`${line}\n`);
}
