/**
 * Plain JSON values, as the engine writes them out (the config dump).
 */

/**
 * A JSON value. Object members may be `undefined`: `JSON.stringify` leaves such members out, as Envoy's JSON leaves out
 * unset fields.
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  /** A member; `undefined` members are left out when written. */
  readonly [key: string]: JsonValue | undefined;
}
