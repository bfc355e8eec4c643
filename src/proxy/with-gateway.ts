/**
 * A test body run against a local gateway that is closed afterwards, whether the body passes or throws.
 */
import { GatewaySource, RunningGateway, startGateway, StartGatewayOptions } from './start-gateway';

/**
 * Starts a gateway for `source` with `upstreams`, runs `body` with it, and closes it, even when `body` throws.
 * @param source - a chart, an App, manifest objects or a TrafficEngine.
 * @param upstreams - where the routes' services run locally (see {@link StartGatewayOptions.upstreams}).
 * @param body - the test.
 * @param options - other gateway options.
 * @returns what `body` returns.
 */
export async function withGateway<T>(
  source: GatewaySource, upstreams: Readonly<Record<string, string>>, body: (gateway: RunningGateway) => Promise<T> | T,
  options: Omit<StartGatewayOptions, 'upstreams'> = {},
): Promise<T> {
  const gateway = await startGateway(source, { ...options, upstreams });
  try {
    return await body(gateway);
  } finally {
    await gateway.close();
  }
}
