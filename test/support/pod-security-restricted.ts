/**
 * A check of pod templates against the Pod Security Standards' "restricted" profile, which includes every control of
 * "baseline". Each rule names its control as kubernetes.io/docs/concepts/security/pod-security-standards titles it,
 * and checks the fields that page lists for it (Linux pods; the Windows-only exemptions do not apply here).
 *
 * No npm library does this offline: Kubernetes' own implementation is the Go package
 * k8s.io/pod-security-admission/policy, and the npm packages around Pod Security (kubescape, kyverno policies) are
 * cluster tools or policy files, not libraries to call on a pod spec.
 */
import type { Container, PodSpec, PodTemplateSpec, SecurityContext } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { Manifest } from './synth';

/** One field of a pod template that breaks a control of the profile. */
export interface PodSecurityViolation {
  /** The control, as the Pod Security Standards name it, e.g. `Seccomp`. */
  readonly control: string;
  /** Where, e.g. `spec.containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly field: string;
  /** What is wrong. */
  readonly problem: string;
}

/** A pod template, and the object it belongs to. */
export interface PodTemplateOf {
  /** `Kind namespace/name` of the workload. */
  readonly workload: string;
  /** Its pod template (a Pod's own metadata and spec). */
  readonly template: PodTemplateSpec;
}

/** Capabilities "baseline" allows to add (control "Capabilities"). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** The "safe" sysctls "baseline" allows (control "Sysctls"), as of Kubernetes 1.29. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
/** SELinux types "baseline" allows (control "SELinux"). */
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Volume sources "restricted" allows (control "Volume Types"). */
const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** A container of the pod, with the path of its field. */
interface PodContainer {
  readonly path: string;
  readonly container: Container;
}

/** Every container of the pod: containers, init containers and ephemeral containers. */
function containersOf(spec: PodSpec): PodContainer[] {
  const lists = [['containers', spec.containers], ['initContainers', spec.initContainers], ['ephemeralContainers', spec.ephemeralContainers]] as const;
  return lists.flatMap(([field, list]) => (list ?? []).map((container, i) => ({ path: `spec.${field}[${i}]`, container: container as Container })));
}

/** A rule: the violations of one control in a pod template. */
type Rule = (spec: PodSpec, containers: PodContainer[], metadata: ObjectMeta) => PodSecurityViolation[];

/** One violation per container whose security context field fails `ok`. */
function perContainer(control: string, field: keyof SecurityContext | string, ok: (context: SecurityContext) => boolean, problem: string): Rule {
  return (_spec, containers) => containers
    .filter(({ container }) => !ok(container.securityContext ?? {}))
    .map(({ path }) => ({ control, field: `${path}.securityContext.${field}`, problem }));
}

/** Baseline "HostProcess": no Windows HostProcess containers. */
const hostProcess: Rule = (spec, containers) => [
  ...(spec.securityContext?.windowsOptions?.hostProcess ? [{ control: 'HostProcess', field: 'spec.securityContext.windowsOptions.hostProcess', problem: 'must be false or unset' }] : []),
  ...perContainer('HostProcess', 'windowsOptions.hostProcess', (c) => !c.windowsOptions?.hostProcess, 'must be false or unset')(spec, containers, {}),
];

/** Baseline "Host Namespaces": no host network, PID or IPC namespace. */
const hostNamespaces: Rule = (spec) => (['hostNetwork', 'hostPID', 'hostIPC'] as const)
  .filter((field) => spec[field] === true)
  .map((field) => ({ control: 'Host Namespaces', field: `spec.${field}`, problem: 'must be false or unset' }));

/** Baseline "Privileged Containers". */
const privileged = perContainer('Privileged Containers', 'privileged', (c) => c.privileged !== true, 'must be false or unset');

/** Baseline "Capabilities" (add only the listed ones) and restricted "Capabilities" (drop ALL, add at most NET_BIND_SERVICE). */
const capabilities: Rule = (_spec, containers) => containers.flatMap(({ path, container }) => {
  const caps = container.securityContext?.capabilities;
  const found: PodSecurityViolation[] = [];
  if (!(caps?.drop ?? []).includes('ALL')) {
    found.push({ control: 'Capabilities', field: `${path}.securityContext.capabilities.drop`, problem: 'must include ALL' });
  }
  for (const added of caps?.add ?? []) {
    if (added !== 'NET_BIND_SERVICE') {
      const level = BASELINE_CAPABILITIES.has(added) ? 'restricted' : 'baseline';
      found.push({ control: 'Capabilities', field: `${path}.securityContext.capabilities.add`, problem: `${added} is not allowed (${level})` });
    }
  }
  return found;
});

/** Baseline "HostPath Volumes" and restricted "Volume Types". */
const volumes: Rule = (spec) => (spec.volumes ?? []).flatMap((volume, i) => Object.keys(volume)
  .filter((source) => source !== 'name' && !RESTRICTED_VOLUME_SOURCES.has(source))
  .map((source) => ({
    control: source === 'hostPath' ? 'HostPath Volumes' : 'Volume Types',
    field: `spec.volumes[${i}].${source}`,
    problem: `${source} volumes are not allowed`,
  })));

/** Baseline "Host Ports": none (the profile allows a list a cluster may configure; by default it is empty). */
const hostPorts: Rule = (_spec, containers) => containers.flatMap(({ path, container }) => (container.ports ?? [])
  .map((port, i) => ({ port, i }))
  .filter(({ port }) => (port.hostPort ?? 0) !== 0)
  .map(({ i }) => ({ control: 'Host Ports', field: `${path}.ports[${i}].hostPort`, problem: 'must be 0 or unset' })));

/** Baseline "AppArmor": unset, RuntimeDefault or Localhost (fields and the legacy annotations). */
const appArmor: Rule = (spec, containers, metadata) => {
  const okType = (type: string | undefined) => type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
  const found: PodSecurityViolation[] = [];
  if (!okType(spec.securityContext?.appArmorProfile?.type)) {
    found.push({ control: 'AppArmor', field: 'spec.securityContext.appArmorProfile.type', problem: 'must be RuntimeDefault, Localhost or unset' });
  }
  found.push(...perContainer('AppArmor', 'appArmorProfile.type', (c) => okType(c.appArmorProfile?.type), 'must be RuntimeDefault, Localhost or unset')(spec, containers, metadata));
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      found.push({ control: 'AppArmor', field: `metadata.annotations['${key}']`, problem: 'must be runtime/default or localhost/*' });
    }
  }
  return found;
};

/** Baseline "SELinux": only the container types, no custom user or role. */
const seLinux: Rule = (spec, containers) => [
  { path: 'spec.securityContext', options: spec.securityContext?.seLinuxOptions },
  ...containers.map(({ path, container }) => ({ path: `${path}.securityContext`, options: container.securityContext?.seLinuxOptions })),
].flatMap(({ path, options }) => [
  ...(options?.type && !SELINUX_TYPES.has(options.type) ? [{ control: 'SELinux', field: `${path}.seLinuxOptions.type`, problem: `${options.type} is not allowed` }] : []),
  ...(['user', 'role'] as const).filter((f) => options?.[f]).map((f) => ({ control: 'SELinux', field: `${path}.seLinuxOptions.${f}`, problem: 'must be unset' })),
]);

/** Baseline "/proc Mount Type": the default mask. */
const procMount = perContainer('/proc Mount Type', 'procMount', (c) => c.procMount === undefined || c.procMount === 'Default', 'must be Default or unset');

/**
 * Baseline "Seccomp" (never Unconfined) and restricted "Seccomp": RuntimeDefault or Localhost, set on the pod, or on
 * every container when the pod leaves it unset.
 */
const seccomp: Rule = (spec, containers) => {
  const allowed = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
  const podType = spec.securityContext?.seccompProfile?.type;
  const found: PodSecurityViolation[] = [];
  if (podType !== undefined && !allowed(podType)) {
    found.push({ control: 'Seccomp', field: 'spec.securityContext.seccompProfile.type', problem: `${podType} is not allowed` });
  }
  for (const { path, container } of containers) {
    const type = container.securityContext?.seccompProfile?.type;
    if (type === undefined ? podType === undefined : !allowed(type)) {
      found.push({ control: 'Seccomp', field: `${path}.securityContext.seccompProfile.type`, problem: type ?? 'unset on both the pod and the container' });
    }
  }
  return found;
};

/** Baseline "Sysctls": only the safe set. */
const sysctls: Rule = (spec) => (spec.securityContext?.sysctls ?? [])
  .map((sysctl, i) => ({ sysctl, i }))
  .filter(({ sysctl }) => !SAFE_SYSCTLS.has(sysctl.name))
  .map(({ sysctl, i }) => ({ control: 'Sysctls', field: `spec.securityContext.sysctls[${i}].name`, problem: `${sysctl.name} is not a safe sysctl` }));

/** Restricted "Privilege Escalation": every container sets allowPrivilegeEscalation false. */
const privilegeEscalation = perContainer('Privilege Escalation', 'allowPrivilegeEscalation', (c) => c.allowPrivilegeEscalation === false, 'must be false');

/** Restricted "Running as Non-root": runAsNonRoot true on the pod (unless a container says false) or on every container. */
const runAsNonRoot: Rule = (spec, containers) => {
  const pod = spec.securityContext?.runAsNonRoot;
  if (pod === false) {
    return [{ control: 'Running as Non-root', field: 'spec.securityContext.runAsNonRoot', problem: 'must be true or unset' }];
  }
  return containers
    .filter(({ container }) => container.securityContext?.runAsNonRoot === undefined ? pod !== true : container.securityContext.runAsNonRoot !== true)
    .map(({ path }) => ({ control: 'Running as Non-root', field: `${path}.securityContext.runAsNonRoot`, problem: 'must be true (here or on the pod)' }));
};

/** Restricted "Running as Non-root user": no runAsUser 0 on the pod or a container. */
const runAsNonRootUser: Rule = (spec, containers) => [
  { path: 'spec.securityContext', user: spec.securityContext?.runAsUser },
  ...containers.map(({ path, container }) => ({ path: `${path}.securityContext`, user: container.securityContext?.runAsUser })),
].filter(({ user }) => user === 0).map(({ path }) => ({ control: 'Running as Non-root user', field: `${path}.runAsUser`, problem: 'must not be 0' }));

/** Every rule of "restricted", baseline's first. */
const RULES: readonly Rule[] = [
  hostProcess, hostNamespaces, privileged, capabilities, volumes, hostPorts, appArmor, seLinux, procMount, seccomp, sysctls,
  privilegeEscalation, runAsNonRoot, runAsNonRootUser,
];

/** The violations of the "restricted" profile in a pod template; empty when the pod passes. */
export function restrictedViolations(template: PodTemplateSpec): PodSecurityViolation[] {
  const spec = template.spec ?? { containers: [] };
  const containers = containersOf(spec);
  return RULES.flatMap((rule) => rule(spec, containers, template.metadata ?? {}));
}

/** The pod templates of the workloads among `objects`: Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs. */
export function podTemplatesOf(objects: readonly Manifest[]): PodTemplateOf[] {
  return objects.flatMap((o) => {
    const workload = `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
    switch (o.kind) {
      case 'Pod':
        return [{ workload, template: { metadata: o.metadata, spec: o.spec } }];
      case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': case 'Job': case 'ReplicationController':
        return [{ workload, template: o.spec.template }];
      case 'CronJob':
        return [{ workload, template: o.spec.jobTemplate.spec.template }];
      default:
        return [];
    }
  });
}
