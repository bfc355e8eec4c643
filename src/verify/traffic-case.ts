/**
 * Traffic cases: a request and what the decision must say (the routing contract's `cases:`).
 */
import * as fs from 'fs';
import { DecisionAction, DecisionReason, DecisionRedirect, DecisionRewrite, DecisionRule, DecisionServer } from '../engine/decision';
import { TrafficRequest } from '../engine/request';
import { checkRequest, describeValue } from '../engine/request-check';
import { yamlLibrary } from '../manifests/yaml-library';

/** An expected destination; a host without a dot matches `NAME.<any namespace>.svc.cluster.local`. */
export interface ExpectedDestination {
  /** Host, short or fully qualified. */
  readonly host: string;
  /**
   * Port.
   * @default - any
   */
  readonly port?: number | null;
  /**
   * Subset.
   * @default - any
   */
  readonly subset?: string | null;
  /**
   * Weight in percent.
   * @default - the listed destinations carry all the traffic between them
   */
  readonly weight?: number;
}

/** What a case cares about; every listed field must equal the decision's (objects: the listed sub-fields). */
export interface CaseExpectation {
  /**
   * The action.
   * @default - any
   */
  readonly action?: DecisionAction;
  /**
   * Why the decision came out as it did (which step of Envoy's walk decided), e.g. `no_virtual_host` where
   * `action: no_route` would also accept a request that found its host but no route.
   * @default - any
   */
  readonly reason?: DecisionReason;
  /**
   * The HTTP status.
   * @default - any
   */
  readonly status?: number | null;
  /**
   * `NS/NAME` of the Gateway.
   * @default - any
   */
  readonly gateway?: string | null;
  /**
   * The server (listed fields only).
   * @default - any
   */
  readonly server?: Partial<DecisionServer> | null;
  /**
   * `NS/NAME` of the VirtualService.
   * @default - any
   */
  readonly virtualService?: string | null;
  /**
   * The rule (listed fields only).
   * @default - any
   */
  readonly rule?: Partial<DecisionRule> | null;
  /**
   * The destinations, in any order.
   * @default - any
   */
  readonly destinations?: ExpectedDestination[];
  /**
   * The redirect.
   * @default - any
   */
  readonly redirect?: Partial<DecisionRedirect> | null;
  /**
   * The rewrite (listed fields only).
   * @default - any
   */
  readonly rewrite?: Partial<DecisionRewrite> | null;
}

/** One traffic case. */
export interface TrafficCase {
  /** What the case checks. */
  readonly name: string;
  /** The request. */
  readonly request: TrafficRequest;
  /** What the decision must say. */
  readonly expect: CaseExpectation;
}

/** A case file is not in the contract's shape. */
export class CaseFileError extends Error {
  /** @internal */
  constructor(message: string) {
    super(message);
    this.name = 'CaseFileError';
  }
}

/** The fields an expectation may list: the decision fields a case can check. */
const EXPECT_FIELDS = ['action', 'reason', 'status', 'gateway', 'server', 'virtualService', 'rule', 'destinations', 'redirect', 'rewrite'];

/** Every decision reason (a record, so that a reason added to the type must be added here). */
const REASONS: Readonly<Record<DecisionReason, true>> = Object.freeze({
  matched: true,
  no_service_port: true,
  no_listener: true,
  multiple_filter_chains: true,
  no_filter_chain: true,
  tls_handshake_failed: true,
  protocol_error: true,
  invalid_path: true,
  no_virtual_host: true,
  tls_required: true,
  no_route: true,
});

/**
 * Every value of {@link DecisionReason}, in the order of Envoy's walk.
 * @internal
 */
export const DECISION_REASONS = Object.freeze(Object.keys(REASONS) as DecisionReason[]);

/**
 * Checks what a case expects, given as plain data (a case file, `checkCases`, the jest matchers), and returns it typed.
 *
 * @param value - the expectation.
 * @param where - where it comes from, e.g. `cases.yaml: case 2 (root)` or `toRoute`, for messages.
 * @throws CaseFileError `WHERE: expect.X is not a decision field (action, status, ...)` for a field the decision does
 * not have, `WHERE: expect.reason is ..., not a decision reason (...)` for an unknown reason, or
 * `WHERE: expect is missing; ...` when it is not a mapping.
 * @internal
 */
export function checkExpectation(value: unknown, where: string): CaseExpectation {
  if (value === undefined || value === null) {
    throw new CaseFileError(`${where}: expect is missing; list the decision fields the case checks`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CaseFileError(`${where}: expect is ${describeValue(value)}, not a mapping; list the decision fields the case checks, e.g. {action: route}`);
  }
  const unknownExpect = Object.keys(value).find((k) => !EXPECT_FIELDS.includes(k));
  if (unknownExpect !== undefined) {
    throw new CaseFileError(`${where}: expect.${unknownExpect} is not a decision field (${EXPECT_FIELDS.join(', ')})`);
  }
  const reason = (value as { reason?: unknown }).reason;
  if (reason !== undefined && !(typeof reason === 'string' && Object.prototype.hasOwnProperty.call(REASONS, reason))) {
    throw new CaseFileError(`${where}: expect.reason is ${describeValue(reason)}, not a decision reason (${DECISION_REASONS.join(', ')})`);
  }
  return value as CaseExpectation;
}

/** Reads cases from a YAML or JSON file with a top-level `cases:` list. */
export function loadCaseFile(file: string): TrafficCase[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CaseFileError(`${file}: cannot read the file`);
  }
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(text);
  } catch (e) {
    throw new CaseFileError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const cases = (doc as { cases?: unknown })?.cases;
  if (!Array.isArray(cases)) {
    throw new CaseFileError(`${file}: no 'cases:' list; write cases: [{name, request, expect}, ...]`);
  }
  return checkCases(cases, file);
}

/** Checks the shape of cases given as plain objects. */
export function checkCases(cases: readonly unknown[], source = 'cases'): TrafficCase[] {
  return cases.map((c, i) => {
    const where = `${source}: case ${i + 1}`;
    if (!c || typeof c !== 'object') {
      throw new CaseFileError(`${where} is not an object with name, request and expect`);
    }
    const { name, request, expect } = c as Record<string, unknown>;
    const label = typeof name === 'string' ? `${where} (${name})` : where;
    if (typeof name !== 'string' || name === '') {
      throw new CaseFileError(`${where}: name is missing; give every case a name`);
    }
    if (request === undefined || request === null) {
      throw new CaseFileError(`${label}: request is missing; give at least {port: 80}`);
    }
    let checked: TrafficRequest;
    try {
      checked = checkRequest(request, `${label}: request`);
    } catch (e) {
      throw new CaseFileError((e as Error).message);
    }
    return { name, request: checked, expect: checkExpectation(expect, label) };
  });
}
