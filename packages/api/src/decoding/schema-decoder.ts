import { z } from 'zod';
import { type DecodeResult, toDecodeIssues } from './decode-result.js';

/** A function that decodes untrusted input into `T`, never throwing for bad input. */
export type Decoder<T> = (input: unknown) => DecodeResult<T>;

/**
 * Turns a zod schema into a {@link Decoder}. The schema is compiled (`z.compile`) on first use:
 * valid input takes the generated fast path, and invalid input falls back to zod's interpreter,
 * which collects every issue with its path.
 */
export function createDecoder<T>(schema: z.ZodType<T>): Decoder<T> {
  let compiled: z.ZodType<T> | undefined;
  return (input) => {
    compiled ??= z.compile(schema);
    const result = compiled.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, issues: toDecodeIssues(result.error.issues) };
  };
}
