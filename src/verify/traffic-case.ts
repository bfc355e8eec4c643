/**
 * Traffic cases: a request and what the decision must say (the routing contract's `cases:`).
 */
import * as fs from 'fs';
import { parse } from 'yaml';
import { DecisionAction, DecisionRedirect, DecisionRewrite, DecisionRule, DecisionServer } from '../engine/decision';
import { TrafficRequest } from '../engine/request';
import { checkRequest } from '../engine/request-check';

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

const EXPECT_FIELDS = ['action', 'status', 'gateway', 'server', 'virtualService', 'rule', 'destinations', 'redirect', 'rewrite'];

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
    doc = parse(text);
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
    if (!expect || typeof expect !== 'object') {
      throw new CaseFileError(`${label}: expect is missing; list the decision fields the case checks`);
    }
    const unknownExpect = Object.keys(expect).find((k) => !EXPECT_FIELDS.includes(k));
    if (unknownExpect) {
      throw new CaseFileError(`${label}: expect.${unknownExpect} is not a decision field (${EXPECT_FIELDS.join(', ')})`);
    }
    return { name, request: checked, expect: expect as CaseExpectation };
  });
}
