import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  Validity,
  id_ce_authorityKeyIdentifier,
  id_ce_subjectAltName,
  type AlgorithmIdentifier,
  type Name,
} from '@peculiar/asn1-x509';
import type { CertificateAuthority } from './certificate-authority.js';
import { pemBlocks } from './pem-blocks.js';
import { randomSerialInteger } from './random-serial.js';
import { subtle, x509 } from './x509-library.js';

/** What re-signing a leaf takes from its CA, as ASN.1: the issuer name, the key identifier, the signature algorithm. */
interface CaTemplate {
  readonly issuer: Name;
  readonly authorityKeyId: Extension | undefined;
  readonly signatureAlgorithm: AlgorithmIdentifier;
}

const templates = new WeakMap<CertificateAuthority, CaTemplate | null>();

/**
 * The CA's template, or `null` when re-signing must go the long way: only a self-signed RSA CA (a builtin one, or a
 * provided root) names, in its own signature, the algorithm its key signs leaves with; ECDSA signatures also need
 * re-encoding from WebCrypto's raw form.
 */
function templateOf(ca: CertificateAuthority): CaTemplate | null {
  const known = templates.get(ca);
  if (known !== undefined) return known;
  let template: CaTemplate | null = null;
  const parsed = AsnConvert.parse(ca.certificate.rawData, Certificate);
  const selfSigned = Buffer.from(AsnConvert.serialize(parsed.tbsCertificate.issuer)).equals(
    Buffer.from(AsnConvert.serialize(parsed.tbsCertificate.subject)),
  );
  if (selfSigned && ca.signingAlgorithm.name === 'RSASSA-PKCS1-v1_5') {
    const authorityKeyId =
      ca.subjectKeyId === undefined
        ? undefined
        : new Extension({
            extnID: id_ce_authorityKeyIdentifier,
            critical: false,
            extnValue: new OctetString(
              AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(Buffer.from(ca.subjectKeyId, 'hex')) })),
            ),
          });
    template = { issuer: parsed.tbsCertificate.subject, authorityKeyId, signatureAlgorithm: parsed.signatureAlgorithm };
  }
  templates.set(ca, template);
  return template;
}

/**
 * Signs `previousPem` again for a new validity window and a new serial, by `ca` (which may differ from the previous
 * issuer): everything else — the key, the SANs, the extensions — stays. This avoids building and parsing a
 * certificate from scratch, which costs about ten signatures. Resolves to `undefined` when `ca` has no template (see
 * {@link templateOf}); the caller then issues the long way.
 */
export async function resignLeaf(
  previousPem: string,
  ca: CertificateAuthority,
  validity: { readonly notBefore: Date; readonly notAfter: Date },
): Promise<string | undefined> {
  const template = templateOf(ca);
  if (template === null) return undefined;
  const [block] = pemBlocks(previousPem);
  if (block === undefined) return undefined;
  const certificate = AsnConvert.parse(block.der, Certificate);
  const tbs = certificate.tbsCertificate;
  tbs.serialNumber = randomSerialInteger();
  tbs.validity = new Validity(validity);
  tbs.issuer = template.issuer;
  tbs.signature = template.signatureAlgorithm;
  const kept = (tbs.extensions ?? []).filter((extension) => extension.extnID !== id_ce_authorityKeyIdentifier);
  const sanIndex = kept.findIndex((extension) => extension.extnID === id_ce_subjectAltName);
  // Go's order: the authority key identifier comes just before the SANs
  if (template.authorityKeyId !== undefined) kept.splice(sanIndex < 0 ? kept.length : sanIndex, 0, template.authorityKeyId);
  tbs.extensions = new Extensions(kept);
  const signature = await subtle.sign(ca.signingAlgorithm, ca.signingKey, AsnConvert.serialize(tbs));
  certificate.signatureAlgorithm = template.signatureAlgorithm;
  certificate.signatureValue = signature;
  // the same PEM form as certificates built anew
  return x509.PemConverter.encode(AsnConvert.serialize(certificate), 'CERTIFICATE') + '\n';
}
