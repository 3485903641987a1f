import { fromBER, Primitive } from 'asn1js';

/**
 * Whole encoded elements, moved without being decoded: splitting an encoded constructed element into its encoded
 * children, and framing encoded elements under a tag again. Re-signing a leaf moves whole elements that
 * `@peculiar/asn1-schema` or a CA encoded (issuer, validity, extensions) this way, many times faster than a typed
 * parse and serialization of the certificate, and byte for byte as they were signed. The DER itself is read and
 * written by asn1js (the ASN.1 library under `@peculiar/x509`); tags here are one byte (universal and
 * context-specific tags below 31), as every tag of an X.509 certificate's outer structure is.
 */

/** An encoded element read once: its whole encoding, and its children's (read with it, never parsed again). */
export interface DerNode {
  /** Tag, length and content, as encoded. */
  readonly der: Uint8Array;
  /** The elements inside a constructed element; throws `RangeError` on a primitive one. */
  children(): DerNode[];
}

interface ParsedBlock {
  readonly valueBeforeDecodeView: Uint8Array;
  readonly idBlock: { readonly isConstructed: boolean };
  readonly valueBlock: object;
}

function nodeOf(block: ParsedBlock): DerNode {
  return {
    der: block.valueBeforeDecodeView,
    children: () => {
      const children: unknown = (block.valueBlock as { value?: unknown }).value;
      if (!block.idBlock.isConstructed || !Array.isArray(children)) throw new RangeError('not a constructed DER element');
      return (children as ParsedBlock[]).map(nodeOf);
    },
  };
}

/** The element at the start of `der`, parsed once (asn1js) with everything inside it. */
export function derNode(der: Uint8Array): DerNode {
  const { offset, result } = fromBER(der);
  if (offset === -1) throw new RangeError(`not a DER element: ${result.error}`);
  return nodeOf(result);
}

/** The whole encoded elements (tag, length and content) inside the constructed element at the start of `der`. */
export function derChildren(der: Uint8Array): Uint8Array[] {
  return derNode(der)
    .children()
    .map((child) => child.der);
}

/** The element with the one-byte `tag` whose content is `elements`, concatenated. */
export function derElement(tag: number, ...elements: readonly Uint8Array[]): Buffer {
  if (tag % 32 === 31) throw new RangeError(`tag ${tag} is not a one-byte tag`);
  // asn1js frames the content (tag and length); the content is the elements as they are, so a constructed
  // element is framed as a primitive one whose identifier then says "constructed"
  const element = new Primitive({ idBlock: { tagClass: (tag >> 6) + 1, tagNumber: tag % 32 }, valueHex: Buffer.concat(elements) });
  element.idBlock.isConstructed = (tag & 0x20) !== 0;
  return Buffer.from(element.toBER());
}

/** The tag byte of an encoded element. */
export function derTag(element: Uint8Array): number {
  return element[0] ?? -1;
}
