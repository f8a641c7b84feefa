import { describe, expect, test } from 'vitest';
import { isInteractive, parseRequestLine, ProgressDisplay } from './progress.ts';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, text: () => chunks.join(''), write: (text: string) => chunks.push(text), isTTY, columns: 120 };
}

describe('progress on stderr', () => {
  test('a request announcement is parsed; any other message is not', () => {
    expect(parseRequestLine('listing ec2:DescribeVpcs in 111111111111/ap-southeast-6 (request 3 of 57)')).toEqual({
      verb: 'listing',
      what: 'listing ec2:DescribeVpcs in 111111111111/ap-southeast-6',
      ordinal: 3,
      total: 57,
    });
    expect(parseRequestLine('probing bedrock-runtime Converse in 1/r: profileId=au.x, samples=20 (request 1 of 2)')?.verb).toBe('probing');
    expect(parseRequestLine('starting moto for the lab target')).toBeUndefined();
  });

  test('a terminal only, and never in CI or on a dumb terminal', () => {
    expect(isInteractive({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(isInteractive({ write: () => true, isTTY: true }, { CI: 'true' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ write: () => true }, {})).toBe(false);
  });

  test('not a terminal: every message is one plain line, as before', () => {
    const out = stream(false);
    const display = new ProgressDisplay(out, { interactive: false });
    display.message('starting moto for the lab target');
    display.message('listing ec2:DescribeVpcs in 111111111111/ap-southeast-6 (request 1 of 2)');
    display.finish();
    expect(out.text()).toBe('crisp: starting moto for the lab target\ncrisp: listing ec2:DescribeVpcs in 111111111111/ap-southeast-6 (request 1 of 2)\n');
    expect(out.text()).not.toContain('\u001b');
  });

  test('a terminal: one live line with a bar and counts across rounds, other messages above it, cleared at the end', () => {
    const out = stream(true);
    let clock = 0;
    const display = new ProgressDisplay(out, { interactive: true, now: () => (clock += 100) });
    display.message('running 12 checks from 2 suite instances against lab');
    display.message('listing ec2:DescribeVpcs in 1/r (request 1 of 4)');
    display.message('listing ec2:DescribeSubnets in 1/r (request 2 of 4)');
    display.message('retrying ec2:DescribeSubnets in 1/r, attempt 2 of 3');
    display.message('listing ec2:DescribeRouteTables in 1/r (request 3 of 4)');
    display.message('probing DNS probe in 1/r: name=bedrock.x (request 4 of 4)');
    // A derived round numbers its requests from 1 again; the totals add up.
    display.message('probing TLS probe in 1/r: address=10.1.1.5:443 (request 1 of 4)');
    expect(display.line(200)).toMatch(
      /^crisp \[█+░+\] 5\/8 requests · 3 listings · 2 probes · 12 checks — probing TLS probe in 1\/r: address=10\.1\.1\.5:443$/,
    );
    expect(display.line(40)).toHaveLength(40);
    expect(out.text()).toContain('\r\u001b[Kcrisp: retrying ec2:DescribeSubnets in 1/r, attempt 2 of 3\n');
    expect(out.text()).not.toContain('crisp: listing');
    display.finish();
    expect(out.text()).toMatch(/\r\u001b\[Kcrisp: 5 requests \(3 listings, 2 probes\), 12 checks evaluated in 0\.7 s\n$/);
    // Finishing twice says nothing more.
    const length = out.text().length;
    display.finish();
    expect(out.text()).toHaveLength(length);
  });
});
