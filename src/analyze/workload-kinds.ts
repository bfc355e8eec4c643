/**
 * The kinds that carry gateway pods: a Pod, or the pod template of a Deployment, DaemonSet or StatefulSet.
 */
import { KubeObject } from '../manifests/kube-object';
import { KubePod, KubeWorkload } from '../model/core-types';

/** True for a core/v1 Pod. */
export const isPod = (o: KubeObject): o is KubePod => o.kind === 'Pod' && o.apiVersion === 'v1';

/** True for an apps/v1 Deployment, DaemonSet or StatefulSet. */
export const isWorkload = (o: KubeObject): o is KubeWorkload => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind) && o.apiVersion === 'apps/v1';
