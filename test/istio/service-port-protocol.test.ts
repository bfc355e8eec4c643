/**
 * The protocol istiod gives a Service port: istio/istio pkg/config/kube/conversion.go ConvertProtocol and
 * pkg/config/protocol/instance.go Parse.
 */
import { servicePortProtocol, UNSUPPORTED_PROTOCOL } from '../../src/istio/service-port-protocol';

describe('servicePortProtocol', () => {
  test.each([
    [{ port: 80, name: 'http' }, 'HTTP'],
    [{ port: 81, name: 'http-alt' }, 'HTTP'],
    [{ port: 82, name: 'HTTP2-web' }, 'HTTP2'],
    [{ port: 83, name: 'grpc-web-ui' }, 'GRPC-Web'],
    [{ port: 84, name: 'tcp-db' }, 'TCP'],
    [{ port: 85, name: 'https' }, 'HTTPS'],
    [{ port: 86, name: 'tls-x' }, 'TLS'],
  ])('reads the prefix of the port name: %o -> %s', (port, protocol) => {
    expect(servicePortProtocol(port)).toBe(protocol);
  });

  test('an appProtocol wins over the name, and Kubernetes standard values map to HTTP2, HTTP and HTTPS', () => {
    expect(servicePortProtocol({ port: 80, name: 'tcp', appProtocol: 'http' })).toBe('HTTP');
    expect(servicePortProtocol({ port: 80, name: 'http', appProtocol: 'kubernetes.io/h2c' })).toBe('HTTP2');
    expect(servicePortProtocol({ port: 80, name: 'http', appProtocol: 'kubernetes.io/ws' })).toBe('HTTP');
    expect(servicePortProtocol({ port: 80, name: 'http', appProtocol: 'kubernetes.io/wss' })).toBe('HTTPS');
  });

  test('a name that says nothing is unsupported (sniffed), except on the well-known TCP ports', () => {
    expect(servicePortProtocol({ port: 8080, name: 'web' })).toBe(UNSUPPORTED_PROTOCOL);
    expect(servicePortProtocol({ port: 8080 })).toBe(UNSUPPORTED_PROTOCOL);
    expect(servicePortProtocol({ port: 3306, name: 'db' })).toBe('TCP');
  });

  test('a UDP port is UDP whatever its name', () => {
    expect(servicePortProtocol({ port: 53, name: 'http-dns', protocol: 'UDP' })).toBe('UDP');
  });
});
