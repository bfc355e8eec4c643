import { withSharedSubschemas } from '../../src/schema/shared-subschemas';

const port = { type: 'object', properties: { number: { type: 'integer' } }, additionalProperties: false };
const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        http: { type: 'array', items: { type: 'object', properties: { port: { ...port }, mirror: { type: 'object', properties: { port: { ...port } } } } } },
        tcp: { type: 'array', items: { type: 'object', properties: { port: { ...port }, weight: { type: 'integer' } } } },
        tls: { type: 'array', items: { type: 'object', properties: { port: { ...port } } } },
        hosts: { type: 'array', items: { type: 'string' }, enum: [['a']] },
      },
    },
  },
};

describe('withSharedSubschemas', () => {
  const shared = withSharedSubschemas(JSON.parse(JSON.stringify(schema)));
  const defs = shared.$defs as Record<string, Record<string, unknown>>;

  test('moves each distinct nested object schema into $defs once, named by the first path it was found at', () => {
    expect(Object.keys(defs).sort()).toEqual(['spec', 'spec.http[]', 'spec.http[].mirror', 'spec.http[].port', 'spec.tcp[]']);
    expect(defs['spec.http[].port']).toEqual(port);
  });

  test('every place of an identical schema refers to the one definition', () => {
    // tls[] items are the same object schema as mirror (one field, port): both are the mirror's definition.
    const spec = defs.spec.properties as Record<string, { items: unknown }>;
    expect(spec.tls.items).toEqual({ $ref: `#/$defs/${encodeURIComponent('spec.http[].mirror')}` });
    const http = defs['spec.http[]'].properties as Record<string, unknown>;
    const mirror = defs['spec.http[].mirror'].properties as Record<string, unknown>;
    const tcp = defs['spec.tcp[]'].properties as Record<string, unknown>;
    const ref = { $ref: `#/$defs/${encodeURIComponent('spec.http[].port')}` };
    expect([http.port, mirror.port, tcp.port]).toEqual([ref, ref, ref]);
  });

  test('keeps the root and values that are data (enum, required) as they are, and leaves the input alone', () => {
    expect(shared.properties).toEqual({ spec: { $ref: '#/$defs/spec' } });
    expect((defs.spec.properties as Record<string, unknown>).hosts).toEqual(schema.properties.spec.properties.hosts);
    expect(schema.properties.spec.properties.http.items.properties.port).toEqual(port);
  });

  test('a schema without nested objects has no $defs', () => {
    expect(withSharedSubschemas({ type: 'object', properties: { a: { type: 'string' } } })).not.toHaveProperty('$defs');
  });
});
