/**
 * The constructs' synth warnings in tests whose fixtures knowingly trigger them: kept out of the test output, and
 * checked to be only the expected ones.
 */

/** The warning about a gateway that serves credentialName Secrets from istio-system. */
export const CONTROL_PLANE_SECRETS_WARNING = /^cdk8s-istio-gateway: Warning \[[^\]]+\] namespace: the gateway serves credentialName certificates, so its ServiceAccount may list every Secret of istio-system/;

/** The warning about a listener whose hosts were left out, so it accepts any host. */
export const IMPLICIT_HOSTS_WARNING = /^cdk8s-istio-gateway: Warning \[[^\]]+\] hosts: not given, so the server accepts any host/;

/**
 * In every test of the calling file, takes the lines `app.synth()` and `app.synthYaml()` print as warnings off
 * standard error, and fails the test when one matches none of `expected`.
 *
 * @param expected - the warnings the file's fixtures may cause.
 */
export function expectOnlySynthWarnings(...expected: RegExp[]): void {
  let warnings: string[] = [];
  let write: jest.SpyInstance | undefined;
  beforeEach(() => {
    warnings = [];
    const original = process.stderr.write.bind(process.stderr);
    write = jest.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = String(chunk);
      if (text.startsWith('cdk8s-istio-gateway: Warning ')) {
        warnings.push(text);
        return true;
      }
      return original(chunk, ...rest);
    }) as typeof process.stderr.write);
  });
  afterEach(() => {
    write?.mockRestore();
    expect(warnings.filter((w) => !expected.some((pattern) => pattern.test(w)))).toEqual([]);
  });
}
