import type { Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { CertificateFiles } from './certificate';

/** The Secret volumes and mounts of the certificate files a gateway pod serves. */
export interface CertificateVolumes {
  /** One Secret volume per distinct Secret, in the order the Secrets first appear. */
  readonly volumes: Volume[];
  /** One read-only mount per (Secret, mount path) pair, each naming its Secret's volume. */
  readonly volumeMounts: VolumeMount[];
}

const MAX_VOLUME_NAME = 63;

/**
 * The mode of mounted certificate files: read for their owner and group only (0440), not the world-readable 0644 a
 * Secret volume has by default. The pod's `fsGroup` (the proxy's group, 1337) owns them, so the proxy reads them.
 */
export const CERTIFICATE_FILE_MODE = 0o440;

/** The group the gateway's proxy runs as (`runAsGroup`), which owns mounted certificate files (`fsGroup`). */
export const PROXY_GROUP = 1337;

/**
 * The volumes and mounts of `files` (already one per Secret and mount path). A volume is named after its Secret with
 * dots turned into dashes and cut to 63 characters (a volume name is a DNS label); when two Secrets give the same name
 * (`a.b` and `a-b`), the later one gets `-2`, `-3`, ... so that every volume name is unique and each mount refers to
 * its own Secret.
 */
export function certificateVolumes(files: readonly CertificateFiles[]): CertificateVolumes {
  const volumeNames = new Map<string, string>();
  const taken = new Set<string>();
  for (const { secretName } of files) {
    if (!volumeNames.has(secretName)) {
      const name = uniqueVolumeName(secretName, taken);
      taken.add(name);
      volumeNames.set(secretName, name);
    }
  }
  return {
    volumes: [...volumeNames].map(([secretName, name]) => ({ name, secret: { secretName, defaultMode: CERTIFICATE_FILE_MODE } })),
    volumeMounts: files.map((f) => ({ name: volumeNames.get(f.secretName)!, mountPath: f.mountPath, readOnly: true })),
  };
}

function uniqueVolumeName(secretName: string, taken: ReadonlySet<string>): string {
  const base = fitted(secretName.replace(/\./g, '-'), '');
  let name = base;
  for (let n = 2; taken.has(name); n++) {
    name = fitted(base, `-${n}`);
  }
  return name;
}

/** `name` cut so that it and `suffix` fit in 63 characters, without a trailing dash, then `suffix`. */
function fitted(name: string, suffix: string): string {
  return `${name.slice(0, MAX_VOLUME_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
}
