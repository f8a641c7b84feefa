/**
 * IAM wildcard matching: `*` any run of characters, `?` one character. Actions
 * compare case-insensitively; ARNs segment by segment (a wildcard never spans the
 * first five colons), case-sensitively.
 */

/** Marks the following character as literal, never a wildcard. */
export const LITERAL = '\u0000';

/** Compiled patterns: case-sensitive and case-insensitive apart (no key to build per lookup). */
const caches = { sensitive: new Map<string, RegExp>(), insensitive: new Map<string, RegExp>() };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression for an IAM wildcard pattern (cached). */
function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cache = ignoreCase ? caches.insensitive : caches.sensitive;
  let regExp = cache.get(pattern);
  if (!regExp) {
    let source = '';
    for (let index = 0; index < pattern.length; index += 1) {
      const character = pattern[index]!;
      // LITERAL marks the next character as itself (from the ${*} and ${?} policy variables).
      if (character === LITERAL) source += escapeRegExp(pattern[++index] ?? '');
      else if (character === '*') source += '.*';
      else if (character === '?') source += '.';
      else source += escapeRegExp(character);
    }
    regExp = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, regExp);
  }
  return regExp;
}

/** True when `value` matches the wildcard `pattern`. */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  if (pattern.includes(LITERAL) && !/[*?]/.test(pattern.replace(/\u0000[*?$]/g, ''))) {
    const plain = pattern.replace(/\u0000/g, '');
    return ignoreCase ? plain.toLowerCase() === value.toLowerCase() : plain === value;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

const splitCache = new Map<string, readonly string[] | null>();

/** Splits an ARN into its six parts (the last keeps any further colons); undefined if it is not an ARN. Cached: the parts are shared, never change them. */
export function splitArn(arn: string): readonly string[] | undefined {
  let parts = splitCache.get(arn);
  if (parts === undefined) {
    const split = arn.split(':');
    parts = split.length < 6 || split[0] !== 'arn' ? null : Object.freeze(split.length === 6 ? split : [...split.slice(0, 5), split.slice(5).join(':')]);
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(arn, parts);
  }
  return parts ?? undefined;
}

/** Regular-expression source for one glob segment; `any` is what `*` may cover (a run without colons, or anything). */
function segmentSource(segment: string, any: string, one: string): string {
  let source = '';
  for (let index = 0; index < segment.length; index += 1) {
    const character = segment[index]!;
    if (character === LITERAL) source += escapeRegExp(segment[++index] ?? '');
    else if (character === '*') source += any;
    else if (character === '?') source += one;
    else source += escapeRegExp(character);
  }
  return source;
}

const arnCache = new Map<string, RegExp | null>();

/**
 * One regular expression per ARN pattern (cached): wildcards in the first five
 * segments never cross a colon, in the resource part they may. Null when the
 * pattern is not a six-part ARN.
 */
function arnRegExp(pattern: string): RegExp | null {
  let regExp = arnCache.get(pattern);
  if (regExp === undefined) {
    const parts = splitArn(pattern);
    regExp = parts
      ? new RegExp(`^${parts.map((part, index) => (index < 5 ? segmentSource(part, '[^:]*', '[^:]') : segmentSource(part, '.*', '.'))).join(':')}$`, 's')
      : null;
    if (arnCache.size > 10_000) arnCache.clear();
    arnCache.set(pattern, regExp);
  }
  return regExp;
}

/** True when an ARN matches an ARN pattern, segment by segment. */
export function matchesArn(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const regExp = arnRegExp(pattern);
  // A pattern that is not a six-part ARN never matches an ARN (a wildcard cannot stand in for colons).
  if (regExp === null) return !splitArn(arn) && matchesWildcard(pattern, arn);
  return regExp.test(arn);
}

/** True when an action (service:Name) matches an action pattern. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}

/** A glob as symbols: literal characters, `*` (any run) and `?` (one character); LITERAL-marked wildcards are literal. */
function symbols(pattern: string): string[] {
  const out: string[] = [];
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index]!;
    if (character === LITERAL) out.push(`=${pattern[++index] ?? ''}`);
    else if (character === '*' || character === '?') out.push(character);
    else out.push(`=${character}`);
  }
  return out;
}

type Step = (i: number, j: number, go: (i: number, j: number) => boolean) => boolean;

/** Runs a two-glob dynamic programme over symbol positions (i in `a`, j in `b`), memoised per pair. */
function walkGlobs(a: string, b: string, step: (x: string[], y: string[]) => Step): boolean {
  const x = symbols(a);
  const y = symbols(b);
  const rule = step(x, y);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    let result = memo.get(key);
    if (result === undefined) {
      result = rule(i, j, go);
      memo.set(key, result);
    }
    return result;
  };
  return go(0, 0);
}

/** True when some string matches both globs (two-pattern intersection). */
export function globsOverlap(a: string, b: string): boolean {
  return walkGlobs(a, b, (x, y) => (i, j, go) => {
    if (i === x.length && j === y.length) return true;
    if (i < x.length && x[i] === '*') return go(i + 1, j) || (j < y.length && (y[j] === '*' ? go(i, j + 1) || go(i + 1, j) : go(i, j + 1)));
    if (j < y.length && y[j] === '*') return go(i, j + 1) || (i < x.length && go(i + 1, j));
    if (i === x.length || j === y.length) return false;
    if (x[i] === '?' || y[j] === '?') return go(i + 1, j + 1);
    return x[i] === y[j] && go(i + 1, j + 1);
  });
}

/** True when every string matching glob `inner` also matches glob `outer`. */
export function globCovers(outer: string, inner: string): boolean {
  return walkGlobs(outer, inner, (x, y) => (i, j, go) => {
    if (i === x.length) return j === y.length;
    if (x[i] === '*') return go(i + 1, j) || (j < y.length && go(i, j + 1));
    if (j === y.length) return false;
    // A literal or `?` of the outer glob cannot stand for a run the inner `*` may produce.
    if (y[j] === '*') return false;
    if (x[i] === '?') return go(i + 1, j + 1);
    return y[j] !== '?' && x[i] === y[j] && go(i + 1, j + 1);
  });
}

/** Segment-wise ARN form of a pattern, or undefined for non-ARN patterns (`*` stands for any ARN). */
function arnSegments(pattern: string): readonly string[] | undefined {
  return pattern === '*' ? ['*', '*', '*', '*', '*', '*'] : splitArn(pattern);
}

/** True when some ARN matches both ARN patterns (segment by segment). */
export function arnPatternsOverlap(a: string, b: string): boolean {
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return globsOverlap(a, b);
  return x.every((part, index) => globsOverlap(part, y[index]!));
}

/** True when every ARN matching `inner` also matches `outer` (segment by segment). */
export function arnPatternCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  const x = arnSegments(outer);
  const y = arnSegments(inner);
  if (!x || !y) return globCovers(outer, inner);
  return x.every((part, index) => globCovers(part, y[index]!));
}
