/**
 * `/config_dump` with its `resource` and `name_regex` query parameters, as Envoy's admin answers them (envoy
 * source/server/admin/config_dump_handler.cc).
 *
 * - `?resource=<field>` answers the elements of that repeated field of whichever config has it, each packed with
 *   its own `@type` (`...ListenersConfigDump.DynamicListener`), as `{"configs": [...]}`; a field that is there but
 *   not repeated is a 400, a field no config has a 404.
 * - `?name_regex=<re2>` keeps only the listeners, clusters, route configurations, secrets and endpoint
 *   configurations whose names the expression matches in full.
 */
import { AdminReply, jsonReply, textReply } from './admin-reply';

/** The query parameters of `/config_dump` this endpoint reads. */
export interface ConfigDumpQuery {
  /** A repeated field to list the elements of (`dynamic_listeners`, `dynamic_active_clusters`...). */
  readonly resource?: string;
  /** An expression a resource's name must match in full to be kept. */
  readonly nameRegex?: string;
}

const ADMIN_TYPE = 'type.googleapis.com/envoy.admin.v3.';

/** How a resource of a repeated field is packed, and where its name is. */
interface ResourceKind {
  /** The element's message, under its config dump's (`DynamicListener`). */
  readonly message: string;
  /** The path to the element's name. */
  readonly namePath: readonly string[];
}

/** The repeated fields of each config dump message (envoy api/envoy/admin/v3/config_dump_shared.proto and others). */
const REPEATED_FIELDS: Readonly<Record<string, Readonly<Record<string, ResourceKind>>>> = {
  ListenersConfigDump: {
    static_listeners: { message: 'StaticListener', namePath: ['listener', 'name'] },
    dynamic_listeners: { message: 'DynamicListener', namePath: ['name'] },
  },
  ClustersConfigDump: {
    static_clusters: { message: 'StaticCluster', namePath: ['cluster', 'name'] },
    dynamic_active_clusters: { message: 'DynamicCluster', namePath: ['cluster', 'name'] },
    dynamic_warming_clusters: { message: 'DynamicCluster', namePath: ['cluster', 'name'] },
  },
  RoutesConfigDump: {
    static_route_configs: { message: 'StaticRouteConfig', namePath: ['route_config', 'name'] },
    dynamic_route_configs: { message: 'DynamicRouteConfig', namePath: ['route_config', 'name'] },
  },
  ScopedRoutesConfigDump: {
    inline_scoped_route_configs: { message: 'InlineScopedRouteConfigs', namePath: ['name'] },
    dynamic_scoped_route_configs: { message: 'DynamicScopedRouteConfigs', namePath: ['name'] },
  },
  SecretsConfigDump: {
    static_secrets: { message: 'StaticSecret', namePath: ['name'] },
    dynamic_active_secrets: { message: 'DynamicSecret', namePath: ['name'] },
    dynamic_warming_secrets: { message: 'DynamicSecret', namePath: ['name'] },
  },
  EndpointsConfigDump: {
    static_endpoint_configs: { message: 'StaticEndpointConfig', namePath: ['endpoint_config', 'cluster_name'] },
    dynamic_endpoint_configs: { message: 'DynamicEndpointConfig', namePath: ['endpoint_config', 'cluster_name'] },
  },
};

/**
 * The answer to `/config_dump` for a dump and the query's parameters.
 *
 * @param dump - the whole dump, `{"configs": [...]}`.
 * @param query - the query's parameters.
 */
export function configDumpReply(dump: Readonly<Record<string, unknown>>, query: ConfigDumpQuery): AdminReply {
  let nameMatches: (name: unknown) => boolean = () => true;
  if (query.nameRegex) {
    try {
      const expression = new RegExp(`^(?:${query.nameRegex})$`);
      nameMatches = (name) => typeof name === 'string' && expression.test(name);
    } catch (error) {
      return textReply(`INVALID_ARGUMENT: Error while parsing name_regex from ${query.nameRegex}: ${(error as Error).message}`, 400);
    }
  }
  const configs = (Array.isArray(dump.configs) ? dump.configs : []).filter(isObject).map((c) => filteredConfig(c, nameMatches));
  if (query.resource === undefined) {
    return jsonReply({ ...dump, configs });
  }
  return resourceReply(configs, query.resource);
}

function resourceReply(configs: readonly Record<string, unknown>[], resource: string): AdminReply {
  for (const config of configs) {
    const message = messageName(config);
    const kind = REPEATED_FIELDS[message]?.[resource];
    const field = config[resource];
    if (kind === undefined && field === undefined) {
      continue;
    }
    if (kind === undefined && !Array.isArray(field)) {
      return textReply(`${resource} is not a repeated field. Use ?mask=${resource} to get only this field`, 400);
    }
    const elements = (Array.isArray(field) ? field : []).filter(isObject);
    return jsonReply({ configs: elements.map((e) => (kind ? { '@type': `${ADMIN_TYPE}${message}.${kind.message}`, ...e } : e)) });
  }
  return textReply(`${resource} not found in config dump`, 404);
}

/** A config with the resources whose names do not match left out of its repeated fields. */
function filteredConfig(config: Record<string, unknown>, nameMatches: (name: unknown) => boolean): Record<string, unknown> {
  const fields = REPEATED_FIELDS[messageName(config)] ?? {};
  const filtered: Record<string, unknown> = { ...config };
  for (const [field, kind] of Object.entries(fields)) {
    const elements = config[field];
    if (Array.isArray(elements)) {
      filtered[field] = elements.filter((e) => nameMatches(kind.namePath.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), e)));
    }
  }
  return filtered;
}

/** `ListenersConfigDump` for a config of `@type` `type.googleapis.com/envoy.admin.v3.ListenersConfigDump`. */
function messageName(config: Record<string, unknown>): string {
  const type = config['@type'];
  return typeof type === 'string' && type.startsWith(ADMIN_TYPE) ? type.slice(ADMIN_TYPE.length) : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
