/**
 * `@peculiar/x509` bound to Node's WebCrypto. Every file of this package takes the library from here, so
 * the crypto provider is set exactly once, before any certificate is built or parsed.
 *
 * The library resolves its algorithms through tsyringe, which needs the `Reflect` metadata polyfill loaded
 * first (it adds `Reflect.getMetadata` and friends to the global `Reflect`; nothing else changes).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };

/** Node's WebCrypto `subtle`: key generation, import, export and signing run off the main thread. */
export const subtle = webcrypto.subtle;

/** A WebCrypto key (the package compiles without the DOM library, so the type comes from node:crypto). */
export type WebCryptoKey = webcrypto.CryptoKey;

/** How a CA signs: PKCS#1 v1.5 with its hash for RSA, ECDSA with its hash. */
export type SigningAlgorithm = webcrypto.RsaHashedImportParams | webcrypto.EcdsaParams;
