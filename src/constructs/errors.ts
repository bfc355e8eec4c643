import { IConstruct } from 'constructs';

/**
 * An error in how the constructs were configured: names the construct path, the field,
 * what is wrong and how to fix it.
 */
export class ConfigError extends Error {
  /** @internal */
  constructor(scope: IConstruct, field: string, problem: string, fix: string) {
    super(`[${scope.node.path}] ${describe(field, problem, fix)}`);
    this.name = 'ConfigError';
  }
}

/** @internal The `field: problem; fix` text shared by thrown errors and synth-time validations. */
export function describe(field: string, problem: string, fix: string): string {
  return `${field}: ${problem}; ${fix}`;
}
