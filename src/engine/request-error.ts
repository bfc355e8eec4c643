/** A request the engine cannot evaluate (no port, an unknown gateway, ...): a one-line message with the fix. */
export class RequestError extends Error {
  /** @internal */
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}
