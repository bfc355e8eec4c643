/**
 * Pulumi's unit-test mocks (`pulumi.runtime.setMocks`), with what the program sent the engine for each resource:
 * type, name, inputs, and from the registration request itself the parent, the provider and the `dependsOn` URNs
 * (the mocks' own `newResource` hook sees neither parent nor dependencies).
 */
import * as pulumi from '@pulumi/pulumi';

/** One resource registration, as the Pulumi engine received it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The inputs, deserialized. */
  readonly inputs: Record<string, unknown>;
  /** URN of the parent ('' for none). */
  readonly parent: string;
  /** `urn::id` of the provider ('' for the default provider). */
  readonly provider: string;
  /** URNs of the resources it depends on (`dependsOn`). */
  readonly dependencies: string[];
  /** Whether it is a custom resource (false for components). */
  readonly custom: boolean;
}

/** The registrations of the current test, in the order the engine received them. */
export const registrations: Registration[] = [];

/**
 * Outputs the cloud would add to resources of a type (e.g. a Service's `status`), merged into their state: set them
 * before creating the resources, clear them after.
 */
export const providerOutputs = new Map<string, Record<string, unknown>>();

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getCustom(): boolean;
}

/** Installs the mocks; call at the top of a test file. Resources' outputs are their inputs (and `id` is `<name>-id`). */
export function installMocks(): void {
  // The registration being handled: the monitor calls `newResource` right after it receives the request.
  let current: { -readonly [K in keyof Registration]: Registration[K] } | undefined;
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      if (current !== undefined) {
        current.inputs = args.inputs as Record<string, unknown>;
        registrations.push(current);
        current = undefined;
      }
      return { id: `${args.name}-id`, state: { ...args.inputs, ...providerOutputs.get(args.type) } };
    },
    call: (args) => args.inputs,
  }, 'project', 'stack', false);
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: Callback): unknown };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, callback: Callback) => {
    const registration = {
      type: req.getType(),
      name: req.getName(),
      urn: '',
      inputs: {},
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
      custom: req.getCustom(),
    };
    current = registration;
    return original(req, (error, response) => {
      registration.urn = response?.getUrn() ?? '';
      callback(error, response);
    });
  };
}

/** The monitor's answer to a registration. */
type Callback = (error: unknown, response: { getUrn(): string } | undefined) => void;

/** Resolves when every registration the program started has reached the mocks. */
export async function settled(): Promise<void> {
  let count = -1;
  while (count !== registrations.length) {
    count = registrations.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The value of an Output (under the mocks, every Output resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

/** The registration named `name`. */
export function registered(name: string): Registration {
  const found = registrations.find((r) => r.name === name);
  if (found === undefined) {
    throw new Error(`no resource named ${name}; registered: ${registrations.map((r) => r.name).join(', ')}`);
  }
  return found;
}
