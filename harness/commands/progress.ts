/**
 * Progress on stderr, shaped for where it lands. On a terminal: one live line, redrawn in
 * place — a bar of the requests sent so far out of those planned, counts of listings,
 * probes and checks, and what is being read now — with other messages (the lab starting,
 * retries, warnings) printed above it as they come. Elsewhere (CI, a pipe, a file, or
 * `CI` set): the plain `crisp: …` lines, one per message, as grep and logs want them.
 *
 * The collector announces each request as `listing|probing <what> (request <n> of <total>)`
 * (collect/collect.ts), numbered within its planning round; a new round starts at 1 again.
 */

/** The part of a stream the display uses (process.stderr, or a test's double). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A request announcement, parsed. */
export interface RequestLine {
  verb: 'listing' | 'probing';
  ordinal: number;
  total: number;
  /** The announcement without its numbering. */
  what: string;
}

const REQUEST = /^(listing|probing) (.*) \(request (\d+) of (\d+)\)$/;
const CHECKS = /^running (\d+) checks? from /;

/** The request announced by a progress message, or undefined for any other message. */
export function parseRequestLine(message: string): RequestLine | undefined {
  const match = REQUEST.exec(message);
  if (!match) return undefined;
  return { verb: match[1] as RequestLine['verb'], what: `${match[1]} ${match[2]}`, ordinal: Number(match[3]), total: Number(match[4]) };
}

/** A live display only on a terminal that is not a CI log and can move the cursor. */
export function isInteractive(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
}

const BAR = 24;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
/** Redraws closer together than this are skipped: thousands of requests need not mean thousands of frames. */
const FRAME_MS = 50;

/** Renders progress messages to one stream, live or line by line. */
export class ProgressDisplay {
  readonly #stream: ProgressStream;
  readonly #interactive: boolean;
  readonly #now: () => number;
  /** Requests of finished rounds, and of the round under way. */
  #earlier = 0;
  #round = { ordinal: 0, total: 0 };
  #listings = 0;
  #probes = 0;
  #checks = 0;
  #current = '';
  #drawn = false;
  #lastFrame = Number.NEGATIVE_INFINITY;
  readonly #started: number;

  constructor(stream: ProgressStream, options: { interactive: boolean; now?: () => number }) {
    this.#stream = stream;
    this.#interactive = options.interactive;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  /** One progress message from the run. */
  message(text: string): void {
    const request = parseRequestLine(text);
    const checks = CHECKS.exec(text);
    if (checks) this.#checks = Number(checks[1]);
    if (request) this.#count(request);
    if (!this.#interactive) {
      this.#stream.write(`crisp: ${text}\n`);
      return;
    }
    if (request || text.startsWith('identifying caller')) {
      this.#current = request?.what ?? text;
      this.#draw(false);
      return;
    }
    this.#clear();
    this.#stream.write(`crisp: ${text}\n`);
    this.#draw(true);
  }

  /** Ends the live line before results are printed; says what was done, once. */
  finish(): void {
    if (!this.#interactive || !this.#drawn) return;
    this.#clear();
    this.#drawn = false;
    const seconds = ((this.#now() - this.#started) / 1000).toFixed(1);
    this.#stream.write(
      `crisp: ${plural(this.#requests().done, 'request')} (${plural(this.#listings, 'listing')}, ${plural(this.#probes, 'probe')})${this.#checks ? `, ${plural(this.#checks, 'check')} evaluated` : ''} in ${seconds} s\n`,
    );
  }

  /** The live line as it would be drawn now, `width` columns at most. */
  line(width: number): string {
    const { done, total } = this.#requests();
    const filled = total === 0 ? 0 : Math.round((done / total) * BAR);
    const counts = `${done}/${total} requests · ${plural(this.#listings, 'listing')} · ${plural(this.#probes, 'probe')}${this.#checks ? ` · ${plural(this.#checks, 'check')}` : ''}`;
    const text = `crisp [${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${counts}${this.#current ? ` — ${this.#current}` : ''}`;
    return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  }

  #requests(): { done: number; total: number } {
    return { done: this.#earlier + this.#round.ordinal, total: this.#earlier + this.#round.total };
  }

  #count(request: RequestLine): void {
    if (request.ordinal <= this.#round.ordinal) this.#earlier += this.#round.total;
    this.#round = { ordinal: request.ordinal, total: request.total };
    if (request.verb === 'listing') this.#listings += 1;
    else this.#probes += 1;
  }

  #draw(force: boolean): void {
    // Nothing to show until the first request or identity call: lab start-up lines stand alone.
    if (!this.#current) return;
    const now = this.#now();
    if (!force && now - this.#lastFrame < FRAME_MS) return;
    this.#lastFrame = now;
    this.#stream.write(`\r\u001b[K${this.line(Math.max(20, (this.#stream.columns ?? 100) - 1))}`);
    this.#drawn = true;
  }

  #clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[K');
  }
}
