import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  Extension,
  KeyIdentifier,
  Validity,
  id_ce_authorityKeyIdentifier,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import type { CertificateAuthority } from './certificate-authority.js';
import { type DerNode, derChildren, derElement, derNode, derTag } from './der-elements.js';
import { pemBlocks } from './pem-blocks.js';
import { randomSerialInteger } from './random-serial.js';
import { subtle, x509 } from './x509-library.js';

/** What re-signing a leaf takes from its CA, each a whole DER element: the issuer name, the key identifier extension, the signature algorithm. */
interface CaTemplate {
  readonly issuer: Uint8Array;
  readonly authorityKeyId: Uint8Array | undefined;
  readonly signatureAlgorithm: Uint8Array;
}

const templates = new WeakMap<CertificateAuthority, CaTemplate | null>();
/** An extension's encoded OID, as the first element of an extension with it. */
function extensionOid(id: string): Buffer {
  const [oid] = derChildren(
    new Uint8Array(AsnConvert.serialize(new Extension({ extnID: id, critical: false, extnValue: new OctetString() }))),
  );
  return Buffer.from(oid ?? []);
}
const AUTHORITY_KEY_ID = extensionOid(id_ce_authorityKeyIdentifier);
const SUBJECT_ALT_NAME = extensionOid(id_ce_subjectAltName);
const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const VERSION = 0xa0;
const EXTENSIONS = 0xa3;

/**
 * The CA's template, or `null` when re-signing must go the long way: only a self-signed RSA CA (a builtin one, or a
 * provided root) names, in its own signature, the algorithm its key signs leaves with; ECDSA signatures also need
 * re-encoding from WebCrypto's raw form.
 */
function templateOf(ca: CertificateAuthority): CaTemplate | null {
  const known = templates.get(ca);
  if (known !== undefined) return known;
  let template: CaTemplate | null = null;
  const [tbs, signatureAlgorithm] = derChildren(new Uint8Array(ca.certificate.rawData));
  const fields = tbs === undefined ? [] : derChildren(tbs);
  const at = fields[0] !== undefined && derTag(fields[0]) === VERSION ? 1 : 0;
  const [issuer, subject] = [fields[at + 2], fields[at + 4]];
  const selfSigned = issuer !== undefined && subject !== undefined && Buffer.from(issuer).equals(subject);
  if (selfSigned && signatureAlgorithm !== undefined && ca.signingAlgorithm.name === 'RSASSA-PKCS1-v1_5') {
    const authorityKeyId =
      ca.subjectKeyId === undefined
        ? undefined
        : new Uint8Array(
            AsnConvert.serialize(
              new Extension({
                extnID: id_ce_authorityKeyIdentifier,
                critical: false,
                extnValue: new OctetString(
                  AsnConvert.serialize(
                    new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(Buffer.from(ca.subjectKeyId, 'hex')) }),
                  ),
                ),
              }),
            ),
          );
    template = { issuer: subject, authorityKeyId, signatureAlgorithm };
  }
  templates.set(ca, template);
  return template;
}

/** Whether an Extension is the one with this encoded OID. */
function isExtension(extension: DerNode, oid: Buffer): boolean {
  const [id] = extension.children();
  return id !== undefined && oid.equals(id.der);
}

/**
 * Signs `previousPem` again for a new validity window and a new serial, by `ca` (which may differ from the previous
 * issuer): everything else — the key (unless `publicKeySpki` is given), the SANs, the extensions — stays. The certificate is taken apart and put
 * together at the level of whole DER elements (der-elements.ts): parsing and serializing it with the ASN.1 schema
 * cost about four RSA signatures on the event loop, which 5,000 proxies re-signed after a CA change would feel.
 * Resolves to `undefined` when `ca` has no template (see {@link templateOf}) or the certificate is not a v3 one with
 * extensions; the caller then issues the long way.
 */
export async function resignLeaf(
  previousPem: string,
  ca: CertificateAuthority,
  validity: { readonly notBefore: Date; readonly notAfter: Date },
  /** Another key to certify instead (DER SubjectPublicKeyInfo), of the previous key's type. */
  publicKeySpki?: Uint8Array,
): Promise<string | undefined> {
  const template = templateOf(ca);
  if (template === null) return undefined;
  const [block] = pemBlocks(previousPem);
  // parsed once; every element below is a view into it
  const [tbs] = block === undefined ? [] : derNode(block.der).children();
  // version, serial, signature algorithm, issuer, validity, subject, public key, extensions
  const [version, , , , , subject, publicKey, extensions, ...rest] = tbs === undefined ? [] : tbs.children();
  if (version === undefined || derTag(version.der) !== VERSION || subject === undefined || publicKey === undefined) return undefined;
  if (extensions === undefined || derTag(extensions.der) !== EXTENSIONS || rest.length > 0) return undefined;
  const [list] = extensions.children();
  const keptNodes = (list === undefined ? [] : list.children()).filter((extension) => !isExtension(extension, AUTHORITY_KEY_ID));
  const sanIndex = keptNodes.findIndex((extension) => isExtension(extension, SUBJECT_ALT_NAME));
  const kept = keptNodes.map((extension) => extension.der);
  // Go's order: the authority key identifier comes just before the SANs
  if (template.authorityKeyId !== undefined) kept.splice(sanIndex < 0 ? kept.length : sanIndex, 0, template.authorityKeyId);
  const signed = derElement(
    SEQUENCE,
    version.der,
    derElement(INTEGER, new Uint8Array(randomSerialInteger())),
    template.signatureAlgorithm,
    template.issuer,
    new Uint8Array(AsnConvert.serialize(new Validity(validity))),
    subject.der,
    publicKeySpki ?? publicKey.der,
    derElement(EXTENSIONS, derElement(SEQUENCE, ...kept)),
  );
  const signature = new Uint8Array(await subtle.sign(ca.signingAlgorithm, ca.signingKey, signed));
  const certificate = derElement(SEQUENCE, signed, template.signatureAlgorithm, derElement(BIT_STRING, Uint8Array.of(0), signature));
  // the same PEM form as certificates built anew
  return x509.PemConverter.encode(certificate, 'CERTIFICATE') + '\n';
}
