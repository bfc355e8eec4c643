/**
 * VirtualServices that fail their schema only because a route entry has no `destination`, or a destination (or
 * mirror) no `host`, read as `istioctl analyze` reads them: with an empty host.
 *
 * The API server refuses such a VirtualService (the CRD requires both fields), so the analysis leaves it out with the
 * other objects that fail their schema (IST0106). `istioctl analyze` does not check the CRD schema: it reads the
 * object into Istio's types, where a missing destination or host is the empty host, and its destination check
 * reports it as host `""` not found, next to the webhook's "destination is required" (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/util.go` `getRouteDestinations`, `destinationhosts.go`
 * `analyzeVirtualService`; `pkg/config/validation/validation.go` `validateHTTPRouteDestinations`).
 */
import { AnalysisContext } from './analysis-context';
import { isKind, ISTIO_NETWORKING } from '../engine/model';
import { KubeObject } from '../manifests/kube-object';
import { IstioVirtualService } from '../model/istio-types';
import { crdSchemaProblems } from '../model/schema-check';

const cache = new WeakMap<AnalysisContext, readonly IstioVirtualService[]>();

/**
 * The VirtualServices refused by their schema that pass it once every missing route `destination`, destination
 * `host` and mirror `host` is the empty host: copies, with those empty hosts filled in, in input order.
 */
export function destinationlessVirtualServices(context: AnalysisContext): readonly IstioVirtualService[] {
  let found = cache.get(context);
  if (found === undefined) {
    found = context.admission.refused.flatMap(({ object, failedSchema }) => {
      if (!failedSchema || !isKind(object, ISTIO_NETWORKING, 'VirtualService')) {
        return [];
      }
      const filled = withEmptyHosts(object);
      // Passing the VirtualService CRD is what makes an object an IstioVirtualService (see AnalysisContext).
      return filled !== undefined && (crdSchemaProblems(filled) ?? []).length === 0 ? [filled as IstioVirtualService] : [];
    });
    cache.set(context, found);
  }
  return found;
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** A copy of the VirtualService with each missing destination and host the empty host, or undefined when none is missing. */
function withEmptyHosts(object: KubeObject): KubeObject | undefined {
  const copy = structuredClone(object);
  let filled = false;
  const fillHost = (destination: JsonObject): void => {
    if (destination.host === undefined) {
      destination.host = '';
      filled = true;
    }
  };
  const fillDestination = (holder: JsonObject): void => {
    if (holder.destination === undefined) {
      holder.destination = {};
    }
    if (isJsonObject(holder.destination)) {
      fillHost(holder.destination);
    }
  };
  const spec = copy.spec;
  if (!isJsonObject(spec)) {
    return undefined;
  }
  for (const section of ['http', 'tcp', 'tls']) {
    for (const rule of objectsIn(spec[section])) {
      objectsIn(rule.route).forEach(fillDestination);
      if (section === 'http') {
        if (isJsonObject(rule.mirror)) {
          fillHost(rule.mirror);
        }
        objectsIn(rule.mirrors).forEach(fillDestination);
      }
    }
  }
  return filled ? copy : undefined;
}
