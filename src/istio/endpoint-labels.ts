/**
 * The labels of a pod as istiod sees them when it makes the pod an endpoint, which DestinationRule subsets select by
 * (istio/istio `pilot/pkg/serviceregistry/util/label/label.go` `AugmentLabels`): the pod's own labels, plus
 *
 * - the region, zone and subzone of its node, from the Node's labels {@link REGION_LABEL}, {@link ZONE_LABEL} and
 *   {@link SUBZONE_LABEL}, passed as one `region/zone/subzone` locality (`pilot/pkg/networking/util/util.go`
 *   `LocalityToString`, split again by `SplitLocalityLabel`): empty values are not added, and a node without a zone
 *   gives no subzone;
 * - {@link HOSTNAME_LABEL}, the name of its node (`spec.nodeName`), whether the Node is known or not.
 *
 * Each replaces a pod label of the same key. The cluster and network labels are left out, as `istioctl analyze` passes
 * neither (`pkg/config/analysis/analyzers/destinationrule/subset.go`).
 */

/** The Node label holding its region. */
export const REGION_LABEL = 'topology.kubernetes.io/region';

/** The Node label holding its zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The Node label holding its subzone (Istio's own). */
export const SUBZONE_LABEL = 'topology.istio.io/subzone';

/** The endpoint label holding the name of the pod's node. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** The labels istiod may add to an endpoint's, from its node: a pod's own label of one of these keys may be replaced. */
export const NODE_LABEL_KEYS: readonly string[] = [REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL, HOSTNAME_LABEL];

/**
 * The labels of a pod as an endpoint (see the module's description).
 *
 * @param podLabels - the pod's own labels.
 * @param nodeName - the pod's `spec.nodeName`.
 * @param nodeLabels - the labels of the Node of that name, when it is known.
 */
export function endpointLabels(
  podLabels: Readonly<Record<string, string>>,
  nodeName: string | undefined,
  nodeLabels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const labels: Record<string, string> = { ...podLabels };
  const region = nodeLabels?.[REGION_LABEL] ?? '';
  const zone = nodeLabels?.[ZONE_LABEL] ?? '';
  const subzone = zone === '' ? '' : nodeLabels?.[SUBZONE_LABEL] ?? '';
  for (const [key, value] of [[REGION_LABEL, region], [ZONE_LABEL, zone], [SUBZONE_LABEL, subzone], [HOSTNAME_LABEL, nodeName ?? '']]) {
    if (value !== '') {
      labels[key] = value;
    }
  }
  return labels;
}
