/**
 * What a Secret holds, read as istiod reads a gateway's `credentialName` Secret (istio/istio
 * `pilot/pkg/credentials/kube/secrets.go`: the generic `cert`/`key` pair first, then the `kubernetes.io/tls` keys
 * `tls.crt`/`tls.key`).
 */
import { KubeSecret } from './core-types';

/** The decoded value of a Secret key (`stringData` wins over base64 `data`), or undefined when absent. */
export function secretValue(secret: KubeSecret, key: string): string | undefined {
  const plain = secret.stringData?.[key];
  if (plain !== undefined) {
    return plain;
  }
  const encoded = secret.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** The keys of a certificate and its private key in a credential Secret, in the order istiod looks for them. */
export const CREDENTIAL_KEY_PAIRS: readonly (readonly [cert: string, key: string])[] = [['cert', 'key'], ['tls.crt', 'tls.key']];

/** The first non-empty certificate and key pair of a credential Secret, or undefined when it holds none. */
export function credentialKeyPair(secret: KubeSecret): { readonly cert: string; readonly key: string } | undefined {
  for (const [certKey, keyKey] of CREDENTIAL_KEY_PAIRS) {
    const cert = secretValue(secret, certKey);
    const key = secretValue(secret, keyKey);
    if (cert && key) {
      return { cert, key };
    }
  }
  return undefined;
}
