/**
 * IAM condition operators: String*, Numeric*, Date*, Bool, BinaryEquals,
 * IpAddress/NotIpAddress, Arn*, Null, each with IfExists and the
 * ForAnyValue:/ForAllValues: set qualifiers. Within one operator the keys AND
 * together and each key's values OR together; operators AND together.
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionBlock, ContextValue } from './types.ts';
import { contextLookup, substituteVariables } from './variables.ts';
import { matchesArn, matchesWildcard } from './wildcards.ts';

type Compare = (requestValue: string, policyValue: string) => boolean;

/** Every base operator: how one request value compares with one policy value, and whether it is negated. */
const OPERATORS: Record<string, { compare: Compare; negated: boolean; variables: boolean }> = {};

function define(name: string, compare: Compare, options: { negated?: boolean; variables?: boolean } = {}): void {
  OPERATORS[name.toLowerCase()] = { compare, negated: options.negated ?? false, variables: options.variables ?? false };
}

const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
/** Dates are ISO 8601 or epoch seconds. */
const toDate = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) * 1000 : Date.parse(text));
const numeric =
  (test: (a: number, b: number) => boolean, parse: (text: string) => number): Compare =>
  (request, policy) => {
    const a = parse(request);
    const b = parse(policy);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };

function inCidr(request: string, cidr: string): boolean {
  const [address, bits] = cidr.split('/');
  const family = isIP(address ?? '');
  const requestFamily = isIP(request);
  if (!family || !requestFamily || family !== requestFamily) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(address!, bits === undefined ? (family === 4 ? 32 : 128) : Number(bits), type);
  return list.check(request, type);
}

/** Policy text after variable substitution, with the literal markers removed. */
const plain = (text: string) => text.replace(/\u0000/g, '');

define('StringEquals', (a, b) => a === plain(b), { variables: true });
define('StringNotEquals', (a, b) => a === plain(b), { negated: true, variables: true });
define('StringEqualsIgnoreCase', (a, b) => a.toLowerCase() === plain(b).toLowerCase(), { variables: true });
define('StringNotEqualsIgnoreCase', (a, b) => a.toLowerCase() === plain(b).toLowerCase(), { negated: true, variables: true });
define('StringLike', (a, b) => matchesWildcard(b, a), { variables: true });
define('StringNotLike', (a, b) => matchesWildcard(b, a), { negated: true, variables: true });
/** The six comparisons Numeric* and Date* share: name suffix, test, negated. */
const COMPARISONS: readonly [string, (a: number, b: number) => boolean, boolean][] = [
  ['Equals', (a, b) => a === b, false],
  ['NotEquals', (a, b) => a === b, true],
  ['LessThan', (a, b) => a < b, false],
  ['LessThanEquals', (a, b) => a <= b, false],
  ['GreaterThan', (a, b) => a > b, false],
  ['GreaterThanEquals', (a, b) => a >= b, false],
];
// The two families differ only in how text becomes a number.
for (const [family, parse] of [
  ['Numeric', toNumber],
  ['Date', toDate],
] as const) {
  for (const [suffix, test, negated] of COMPARISONS) define(`${family}${suffix}`, numeric(test, parse), { negated });
}
define('Bool', (a, b) => a.toLowerCase() === plain(b).toLowerCase(), { variables: true });
define('BinaryEquals', (a, b) => a === b);
define('IpAddress', (a, b) => inCidr(a, b));
define('NotIpAddress', (a, b) => inCidr(a, b), { negated: true });
define('ArnEquals', (a, b) => matchesArn(b, a), { variables: true });
define('ArnLike', (a, b) => matchesArn(b, a), { variables: true });
define('ArnNotEquals', (a, b) => matchesArn(b, a), { negated: true, variables: true });
define('ArnNotLike', (a, b) => matchesArn(b, a), { negated: true, variables: true });

/** A parsed operator name. */
interface OperatorName {
  set?: 'anyvalue' | 'allvalues';
  base: string;
  ifExists: boolean;
}

function parseOperator(name: string): OperatorName | undefined {
  let rest = name.toLowerCase();
  let set: OperatorName['set'];
  if (rest.startsWith('foranyvalue:')) [set, rest] = ['anyvalue', rest.slice('foranyvalue:'.length)];
  else if (rest.startsWith('forallvalues:')) [set, rest] = ['allvalues', rest.slice('forallvalues:'.length)];
  const ifExists = rest.endsWith('ifexists') && rest !== 'ifexists';
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  if (rest !== 'null' && !OPERATORS[rest]) return undefined;
  return { ...(set ? { set } : {}), base: rest, ifExists };
}

/** Policy values as strings (JSON booleans and numbers compare by their text). */
function policyValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
}

/** Evaluates one operator for one key; policy variables are substituted only in versioned (2012-10-17) documents. */
function evaluateKey(operator: OperatorName, key: string, rawValues: unknown, context: Readonly<Record<string, ContextValue>>, variables: boolean): boolean {
  const found = contextLookup(context, key);
  const requestValues = found === undefined ? [] : Array.isArray(found) ? found : [found];
  const present = found !== undefined && requestValues.length > 0;
  if (operator.base === 'null') {
    // Null: "true" means the key must be absent, "false" present.
    return policyValues(rawValues).some((value) => (value.toLowerCase() === 'true' ? !present : present));
  }
  const definition = OPERATORS[operator.base]!;
  if (!present) {
    if (operator.set === 'allvalues') return true;
    if (operator.set === 'anyvalue') return false;
    return operator.ifExists || definition.negated;
  }
  const values = policyValues(rawValues)
    .map((value) => (definition.variables && variables ? substituteVariables(value, context) : value))
    .filter((value): value is string => value !== undefined);
  const matchesAny = (requestValue: string) => values.some((policyValue) => definition.compare(requestValue, policyValue));
  // A negated operator holds for a value that matches none of the policy values.
  const holds = (requestValue: string) => (definition.negated ? !matchesAny(requestValue) : matchesAny(requestValue));
  if (operator.set === 'allvalues') return requestValues.every(holds);
  if (operator.set === 'anyvalue') return requestValues.some(holds);
  return definition.negated ? requestValues.every(holds) : requestValues.some(holds);
}

/** Thrown for an operator IAM does not know: the policy would be rejected by IAM. */
export class UnknownConditionOperator extends Error {}

/** True when IAM knows the operator (with its ForAnyValue:/ForAllValues: and IfExists forms). */
export function isConditionOperator(name: string): boolean {
  return parseOperator(name) !== undefined;
}

/**
 * True when the whole condition block holds for the context. Policy variables in
 * values are substituted only for documents of Version 2012-10-17 (older ones read them as text).
 */
export function conditionsHold(block: ConditionBlock | undefined, context: Readonly<Record<string, ContextValue>>, variables = true): boolean {
  if (!block) return true;
  for (const [name, keys] of Object.entries(block)) {
    const operator = parseOperator(name);
    if (!operator) throw new UnknownConditionOperator(`unknown condition operator ${name}`);
    for (const [key, values] of Object.entries(keys ?? {})) {
      if (!evaluateKey(operator, key, values, context, variables)) return false;
    }
  }
  return true;
}
