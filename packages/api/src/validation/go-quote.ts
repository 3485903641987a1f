/**
 * Go's `strconv.Quote` (what `fmt.Sprintf("%q", s)` prints), which Kuma uses for map keys in field paths
 * (`tags["kuma.io/service"]`) and for values in some messages.
 *
 * Contract, following `strconv.appendEscapedRune`: `"` and `\` are backslashed; printable runes
 * (`unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space) stay as they are,
 * including non-ASCII ones; `\a \b \f \n \r \t \v` use their short escapes; other ASCII controls become
 * `\xhh`; other non-printable runes become `\uhhhh` or `\Uhhhhhhhh` (lowercase hex). A lone UTF-16
 * surrogate cannot occur in a Go string that came from JSON (decoding turns it into U+FFFD), so it is
 * printed as U+FFFD. "Printable" is judged with the JavaScript engine's Unicode tables, which may be a
 * version newer than Go's for characters assigned very recently.
 */
export function goQuote(s: string): string {
  if (isPlainAscii(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    out += escapeRune(cp);
  }
  return out + '"';
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function escapeRune(cp: number): string {
  if (cp === 0x22) return '\\"';
  if (cp === 0x5c) return '\\\\';
  if (cp >= 0x20 && cp < 0x7f) return String.fromCharCode(cp);
  if (cp >= 0x80) {
    const ch = String.fromCodePoint(cp);
    if (PRINTABLE.test(ch)) return ch;
  }
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  return cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Printable ASCII without `"` or `\`: quoting is just wrapping. */
function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
