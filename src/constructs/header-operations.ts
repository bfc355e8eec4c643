/** Header operations on one direction. */
export interface HeaderOperation {
  /**
   * Headers to set (overwrite).
   * @default - none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append.
   * @default - none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Header operations on requests and responses. */
export interface HeaderOperations {
  /**
   * On the request sent upstream.
   * @default - none
   */
  readonly request?: HeaderOperation;
  /**
   * On the response sent to the client.
   * @default - none
   */
  readonly response?: HeaderOperation;
}
