import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './cli';

describe('parseCommandLine', () => {
  it('reads a one-off run over a feeds directory', () => {
    const options = parseCommandLine(
      [
        '--monitor',
        'http://127.0.0.1:8000',
        '--once',
        '--feeds-dir',
        '/tmp/feeds',
        '--rebase-dates',
      ],
      {},
    );
    expect(options).toMatchObject({
      mode: 'once',
      monitorUrl: 'http://127.0.0.1:8000',
      feedsDir: '/tmp/feeds',
      rebaseDates: true,
    });
  });

  it('reads the demo with its interval, and the token from the environment', () => {
    expect(
      parseCommandLine(['--demo', '--interval', '2.5'], { INGEST_TOKEN: 'tok' }),
    ).toMatchObject({
      mode: 'demo',
      demoIntervalMs: 2500,
      token: 'tok',
    });
  });

  it('defaults to the per-source schedule', () => {
    expect(parseCommandLine([], {})).toMatchObject({ mode: 'schedule', monitorUrl: undefined });
  });

  it.each([
    [['--once', '--demo'], /exclude each other/],
    [['--interval', 'fast'], /--interval must be a number/],
    [['--monitor', 'ftp://x'], /--monitor must be an http/],
    [['--nope'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });

  it('answers --help', () => {
    expect(parseCommandLine(['-h'], {})).toBe('help');
  });
});
