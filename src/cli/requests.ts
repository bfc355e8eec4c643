/**
 * Requests for `route`: built from flags or read from a `--requests` file, checked against the contract's request
 * shape so a typo is a one-line error rather than a silently different request.
 */
import * as fs from 'fs';
import { UsageError } from './common';
import { TrafficRequest } from '../engine/request';
import { checkRequest, HEADER_NAME, hostProblem, methodProblem, pathProblem } from '../engine/request-check';
import { yamlLibrary } from '../manifests/yaml-library';

/**
 * Reads a `--requests` file: a YAML or JSON list of requests, or a mapping with a `requests:` list.
 *
 * @throws UsageError naming the file (and the request) when it cannot be read or is not in that shape.
 */
export function loadRequestFile(file: string): TrafficRequest[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : 'cannot read the file'}`);
  }
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(text, { prettyErrors: false });
  } catch (e) {
    throw new UsageError(`${file}: YAML syntax error: ${(e as Error).message.split('\n')[0]}`);
  }
  const list = Array.isArray(doc) ? doc : (doc !== null && typeof doc === 'object' ? (doc as { requests?: unknown }).requests : undefined);
  if (!Array.isArray(list)) {
    throw new UsageError(`${file}: not a list of requests; write a YAML list [{port: 80, host: ..., path: ...}, ...] or requests: [...]`);
  }
  return list.map((r, i) => checkRequest(r, `${file}: request ${i + 1}`));
}

/** The request of `route`'s flags (each already checked by its parser); the header list is `name:value` strings. */
export function requestFromFlags(flags: {
  port?: number; nodePort?: number; host?: string; path?: string; method?: string; scheme?: string; header?: string[]; sni?: string; gateway?: string;
}): TrafficRequest {
  const request: Record<string, unknown> = {};
  for (const field of ['port', 'nodePort', 'host', 'path', 'method', 'scheme', 'sni', 'gateway'] as const) {
    if (flags[field] !== undefined) {
      request[field] = flags[field];
    }
  }
  if (flags.header !== undefined) {
    request.headers = parseHeaders(flags.header);
  }
  return request as TrafficRequest;
}

/** A parser for `--host`, `--path` and `--method`: the value, or a UsageError with the same check as a request file's field. */
export function flagParser(flag: '--host' | '--path' | '--method'): (value: string) => string {
  const check = { '--host': hostProblem, '--path': pathProblem, '--method': methodProblem }[flag];
  return (value) => {
    const problem = check(value);
    if (problem !== undefined) {
      throw new UsageError(`${flag} '${value}' ${problem}`);
    }
    return value;
  };
}

/** Parses `--header name:value` values: the name is a token, the value is trimmed; repeated names are joined with `,`. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon < 0 ? '' : value.slice(0, colon).trim().toLowerCase();
    if (!HEADER_NAME.test(name)) {
      throw new UsageError(`--header '${value}' is not name:value, e.g. --header x-user:alice`);
    }
    if (name === 'host') {
      throw new UsageError('--header host: use --host for the Host / :authority of the request');
    }
    const header = value.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]},${header}` : header;
  }
  return headers;
}
