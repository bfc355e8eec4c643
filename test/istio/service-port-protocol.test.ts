import { servicePortProtocol } from '../../src/istio/service-port-protocol';

// istio/istio pkg/config/kube/conversion.go ConvertProtocol and pkg/config/protocol/instance.go Parse.
describe('servicePortProtocol', () => {
  test.each([
    [{ port: 8080, name: 'http-web' }, 'HTTP'],
    [{ port: 8080, name: 'GRPC-WEB-ui' }, 'GRPC-Web'],
    [{ port: 8080, name: 'grpc-ui' }, 'GRPC'],
    [{ port: 8080, name: 'http_proxy' }, 'HTTP_PROXY'],
    [{ port: 8080, name: 'mongo-replica' }, 'Mongo'],
    [{ port: 8080, name: 'web', appProtocol: 'kubernetes.io/wss' }, 'HTTPS'],
    [{ port: 8080, name: 'web', appProtocol: 'kubernetes.io/h2c' }, 'HTTP2'],
    [{ port: 8080, name: 'http', appProtocol: 'Redis-cache' }, 'Redis'],
    [{ port: 8080, name: 'web', protocol: 'UDP' }, 'UDP'],
    [{ port: 53, name: 'dns' }, 'TCP'],
    [{ port: 27017, appProtocol: 'wire' }, 'TCP'],
    [{ port: 8080, name: 'tcp', appProtocol: 'http' }, 'HTTP'],
    [{ port: 53, name: 'http-dns', protocol: 'UDP' }, 'UDP'],
  ])('%o is %s', (port, protocol) => {
    expect(servicePortProtocol(port)).toBe(protocol);
  });

  test.each([
    [{ port: 8080 }],
    [{ port: 8080, name: 'web' }],
    [{ port: 8080, name: 'httpweb' }],
    [{ port: 8080, name: 'http', appProtocol: 'hbone' }],
    [{ port: 8080, name: 'http', appProtocol: '' }],
    [{ port: 8080, name: 'web', appProtocol: 'kubernetes.io/h2c-x' }],
  ])('%o has no protocol: Istio sniffs', (port) => {
    expect(servicePortProtocol(port)).toBeUndefined();
  });
});
