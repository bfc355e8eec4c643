/**
 * The WebCrypto type names that `@peculiar/x509`'s declarations use as globals (TypeScript's "dom" library declares
 * them; this project compiles for Node without it), taken from Node's `crypto.webcrypto`, which is what
 * src/proxy/test-certificates.ts hands the library at run time. Types only: this file emits nothing, and no declaration
 * the package ships refers to these names.
 */
import { webcrypto } from 'crypto';

declare global {
  type Algorithm = webcrypto.Algorithm;
  type AlgorithmIdentifier = webcrypto.AlgorithmIdentifier;
  type BufferSource = webcrypto.BufferSource;
  type Crypto = webcrypto.Crypto;
  type CryptoKey = webcrypto.CryptoKey;
  type CryptoKeyPair = webcrypto.CryptoKeyPair;
  type EcKeyGenParams = webcrypto.EcKeyGenParams;
  type EcKeyImportParams = webcrypto.EcKeyImportParams;
  type EcdsaParams = webcrypto.EcdsaParams;
  type KeyUsage = webcrypto.KeyUsage;
  type RsaHashedImportParams = webcrypto.RsaHashedImportParams;
}
