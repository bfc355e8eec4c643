import type { Container, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { podTemplatesOf, restrictedViolations } from './pod-security-restricted';

/** A pod that passes "restricted": every control set the way the profile wants, with the gateway's sysctl. */
function passingPod(): { metadata: NonNullable<PodTemplateSpec['metadata']>; spec: PodSpec & { containers: Container[] } } {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      securityContext: {
        seccompProfile: { type: 'RuntimeDefault' },
        sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
      },
      containers: [{
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 8080 }],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          runAsNonRoot: true,
          runAsUser: 1337,
        },
      }],
      volumes: [
        { name: 'certs', secret: { secretName: 'certs' } },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'istio-token', audience: 'istio-ca' } }] } },
        { name: 'scratch', emptyDir: {} },
      ],
    },
  };
}

/** The controls a pod changed by `change` violates. */
function controlsBrokenBy(change: (pod: ReturnType<typeof passingPod>) => void): string[] {
  const pod = passingPod();
  change(pod);
  return [...new Set(restrictedViolations(pod).map((v) => v.control))];
}

describe('restricted Pod Security check', () => {
  test('a pod with every control set as the profile wants passes', () => {
    expect(restrictedViolations(passingPod())).toEqual([]);
  });

  // One failing pod per control of kubernetes.io/docs/concepts/security/pod-security-standards.
  test.each<[string, (pod: ReturnType<typeof passingPod>) => void]>([
    ['HostProcess', (p) => { p.spec.securityContext!.windowsOptions = { hostProcess: true }; }],
    ['Host Namespaces', (p) => { p.spec.hostNetwork = true; }],
    ['Privileged Containers', (p) => { p.spec.containers[0].securityContext!.privileged = true; }],
    ['Capabilities', (p) => { p.spec.containers[0].securityContext!.capabilities = { drop: ['ALL'], add: ['NET_ADMIN'] }; }],
    ['HostPath Volumes', (p) => { p.spec.volumes!.push({ name: 'host', hostPath: { path: '/etc' } }); }],
    ['Host Ports', (p) => { p.spec.containers[0].ports![0].hostPort = 80; }],
    ['AppArmor', (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' }; }],
    ['SELinux', (p) => { p.spec.securityContext!.seLinuxOptions = { type: 'spc_t' }; }],
    ['/proc Mount Type', (p) => { p.spec.containers[0].securityContext!.procMount = 'Unmasked'; }],
    ['Seccomp', (p) => { p.spec.securityContext!.seccompProfile = { type: 'Unconfined' }; }],
    ['Sysctls', (p) => { p.spec.securityContext!.sysctls!.push({ name: 'kernel.msgmax', value: '1' }); }],
    ['Volume Types', (p) => { p.spec.volumes!.push({ name: 'nfs', nfs: { server: 'nfs', path: '/' } }); }],
    ['Privilege Escalation', (p) => { delete p.spec.containers[0].securityContext!.allowPrivilegeEscalation; }],
    ['Running as Non-root', (p) => { delete p.spec.containers[0].securityContext!.runAsNonRoot; }],
    ['Running as Non-root user', (p) => { p.spec.containers[0].securityContext!.runAsUser = 0; }],
  ])('catches a pod that breaks %s', (control, change) => {
    expect(controlsBrokenBy(change)).toEqual([control]);
  });

  test('Seccomp: a profile left unset on both the pod and a container fails; set on every container instead, it passes', () => {
    expect(controlsBrokenBy((p) => { delete p.spec.securityContext!.seccompProfile; })).toEqual(['Seccomp']);
    expect(controlsBrokenBy((p) => {
      delete p.spec.securityContext!.seccompProfile;
      p.spec.containers[0].securityContext!.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    })).toEqual([]);
    expect(controlsBrokenBy((p) => { p.spec.containers[0].securityContext!.seccompProfile = { type: 'Unconfined' }; })).toEqual(['Seccomp']);
  });

  test('Capabilities: drop must include ALL; NET_BIND_SERVICE is the one capability restricted lets a container add', () => {
    expect(controlsBrokenBy((p) => { p.spec.containers[0].securityContext!.capabilities = { drop: ['NET_RAW'] }; })).toEqual(['Capabilities']);
    expect(controlsBrokenBy((p) => { p.spec.containers[0].securityContext!.capabilities = { drop: ['ALL'], add: ['CHOWN'] }; })).toEqual(['Capabilities']);
  });

  test('Running as Non-root: the pod-level setting covers containers that leave it unset, and an init container is checked too', () => {
    expect(controlsBrokenBy((p) => {
      delete p.spec.containers[0].securityContext!.runAsNonRoot;
      p.spec.securityContext!.runAsNonRoot = true;
    })).toEqual([]);
    expect(controlsBrokenBy((p) => {
      p.spec.initContainers = [{ name: 'init', image: 'busybox', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    })).toEqual(['Running as Non-root']);
  });

  test('Sysctls: the unprivileged-port sysctl Istio\'s gateway sets is a safe one; net.ipv4.ip_forward is not', () => {
    const withSysctl = (name: string) => controlsBrokenBy((p) => { p.spec.securityContext!.sysctls = [{ name, value: '0' }]; });
    expect(withSysctl('net.ipv4.ip_unprivileged_port_start')).toEqual([]);
    expect(withSysctl('net.ipv4.ip_forward')).toEqual(['Sysctls']);
  });

  test('finds the pod templates of every workload kind', () => {
    const template = passingPod();
    const meta = (name: string) => ({ name, namespace: 'ns' });
    const found = podTemplatesOf([
      { kind: 'Deployment', metadata: meta('d'), spec: { template } },
      { kind: 'StatefulSet', metadata: meta('s'), spec: { template } },
      { kind: 'DaemonSet', metadata: meta('ds'), spec: { template } },
      { kind: 'Job', metadata: meta('j'), spec: { template } },
      { kind: 'CronJob', metadata: meta('c'), spec: { jobTemplate: { spec: { template } } } },
      { kind: 'Pod', metadata: meta('p'), spec: template.spec },
      { kind: 'Service', metadata: meta('svc'), spec: {} },
    ]);
    expect(found.map((f) => f.workload)).toEqual(['Deployment ns/d', 'StatefulSet ns/s', 'DaemonSet ns/ds', 'Job ns/j', 'CronJob ns/c', 'Pod ns/p']);
    expect(found.every((f) => f.template.spec === template.spec)).toBe(true);
  });
});
