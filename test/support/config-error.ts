import { ConfigError } from '../../src';

/** The exact one-line message `fn` throws, after checking it is a ConfigError (never a raw TypeError). */
export function configErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}
