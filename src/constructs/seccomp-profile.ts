import type { SeccompProfile as KubernetesSeccompProfile } from 'kubernetes-types/core/v1';
import { ConfigError } from './errors';
import { factoryScope } from './factory-scope';

/**
 * The seccomp profile of the gateway pods (the pod-level `securityContext.seccompProfile`).
 *
 * The Pod Security Standards' "restricted" profile requires `RuntimeDefault` or `Localhost`
 * (kubernetes.io/docs/concepts/security/pod-security-standards, control "Seccomp"); `Unconfined` passes only the
 * "privileged" profile, so it is never a default and must be asked for by name.
 */
export class SeccompProfile {
  /** The container runtime's default profile: passes Pod Security "restricted". */
  public static runtimeDefault(): SeccompProfile {
    return new SeccompProfile('RuntimeDefault');
  }

  /**
   * A profile file on the node, under the kubelet's seccomp directory: passes Pod Security "restricted". Throws
   * `[SeccompProfile.localhost] localhostProfile: ...` for an empty or absolute path, or one with `..` segments (the
   * API server refuses them).
   *
   * @param localhostProfile - the file's path relative to the kubelet's seccomp directory, e.g. `profiles/envoy.json`.
   */
  public static localhost(localhostProfile: string): SeccompProfile {
    const scope = factoryScope('SeccompProfile.localhost');
    const path: unknown = localhostProfile;
    const fix = 'give the profile\'s path relative to the kubelet\'s seccomp directory, e.g. SeccompProfile.localhost(\'profiles/envoy.json\')';
    if (typeof path !== 'string' || path.trim() === '') {
      throw new ConfigError(scope, 'localhostProfile', 'a Localhost profile needs the path of its profile file', fix);
    }
    if (path.startsWith('/') || path.split('/').includes('..')) {
      throw new ConfigError(scope, 'localhostProfile', `'${path}' is not a relative path without '..' segments, as the API server requires`, fix);
    }
    return new SeccompProfile('Localhost', path);
  }

  /**
   * No seccomp filtering. Namespaces that enforce Pod Security "restricted" or "baseline" reject such pods; use it
   * only where a system call the runtime's default profile blocks is known to be needed.
   */
  public static unconfined(): SeccompProfile {
    return new SeccompProfile('Unconfined');
  }

  private constructor(
    /** `RuntimeDefault`, `Localhost` or `Unconfined`. */
    public readonly type: string,
    /** The profile file of a `Localhost` profile, relative to the kubelet's seccomp directory. */
    public readonly localhostProfile?: string,
  ) {}

  /** @internal The pod's `securityContext.seccompProfile`. */
  public _toKubernetes(): KubernetesSeccompProfile {
    return this.localhostProfile === undefined ? { type: this.type } : { type: this.type, localhostProfile: this.localhostProfile };
  }
}
