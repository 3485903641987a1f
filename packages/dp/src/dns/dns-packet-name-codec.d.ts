// dns-packet exports its name codec (RFC 1035 §3.1, compression pointers per §4.1.4) as `name`, which
// @types/dns-packet does not declare. This declares the part kumiko-dp uses.
export {};

declare module 'dns-packet' {
  export const name: {
    /**
     * Decodes the name at `offset`, following compression pointers (each must point before the part of the
     * name that holds it, so pointers cannot loop), and returns its labels joined with `.` (`"."` for the
     * root). With `mail`, a dot inside a label comes out as `\.`. Throws an `Error` for a name that runs
     * past the buffer, is longer than 255 bytes, uses a reserved label type or points forward. Afterwards
     * `decode.bytes` is how many bytes the name occupies at `offset`.
     */
    readonly decode: ((buf: Buffer, offset?: number, options?: { readonly mail?: boolean }) => string) & { readonly bytes: number };
  };
}
