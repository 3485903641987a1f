import { LineCounter, parseAllDocuments } from 'yaml';

/** One non-empty document of a multi-document YAML text, as plain JSON-like data. */
export interface YamlDocument {
  /** The parsed value (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** 0-based position among all documents of the text, empty ones included. */
  readonly index: number;
  /** 1-based line where the document's content starts, for messages. */
  readonly line: number;
}

/** The text is not valid YAML. `line` and `column` are 1-based and point at the first error. */
export class YamlParseError extends Error {
  override readonly name = 'YamlParseError';
  readonly code = 'YAML_PARSE_ERROR';
  readonly line: number;
  readonly column: number;
  /** 0-based document the error is in. */
  readonly documentIndex: number;
  /** The YAML library's own error code, e.g. `BAD_INDENT`, `DUPLICATE_KEY`. */
  readonly yamlCode: string;

  constructor(
    details: { reason: string; line: number; column: number; documentIndex: number; yamlCode: string },
    options?: { cause?: unknown },
  ) {
    super(`invalid YAML at line ${details.line}, column ${details.column}: ${details.reason}`, options);
    this.line = details.line;
    this.column = details.column;
    this.documentIndex = details.documentIndex;
    this.yamlCode = details.yamlCode;
  }
}

/**
 * Splits a `---`-separated YAML text into its documents and parses each to plain data (YAML 1.2
 * core schema, so `yes` stays a string). Empty documents (a stray `---`, comments only, `null`) are
 * skipped.
 * Duplicate keys are an error. Throws {@link YamlParseError} for the first error found.
 */
export function parseYamlDocuments(text: string): readonly YamlDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  const result: YamlDocument[] = [];
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error !== undefined) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      throw new YamlParseError({ reason: error.message, line, column: col, documentIndex: index, yamlCode: error.code }, { cause: error });
    }
    if (document.contents === null) return;
    const start = document.contents.range[0];
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      // toJS only throws for alias abuse (e.g. "billion laughs"); report it where the document starts.
      const { line, col } = lineCounter.linePos(start);
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new YamlParseError({ reason, line, column: col, documentIndex: index, yamlCode: 'RESOURCE_EXHAUSTION' }, { cause });
    }
    if (value == null) return; // only comments, or a bare `---`
    result.push({ value, index, line: lineCounter.linePos(start).line });
  });
  return result;
}
