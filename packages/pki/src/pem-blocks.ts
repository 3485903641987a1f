/**
 * The PEM blocks of a text, in order, as Go's `encoding/pem` finds them: `-----BEGIN <type>-----`, optional
 * `Key: value` header lines, base64 lines, `-----END <type>-----`; text between blocks is ignored.
 */
export interface PemBlock {
  readonly type: string;
  readonly der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([^-\r\n]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
const HEADER_LINE = /^[^:\r\n]+:[^\r\n]*\r?\n/gm;

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [, type = '', body = ''] = match;
    const base64 = body.replace(HEADER_LINE, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) continue;
    blocks.push({ type, der: Buffer.from(base64, 'base64') });
  }
  return blocks;
}
