/*
 * Names Go 1.25's `regexp/syntax` accepts in `\p{…}` and `[[:…:]]`. Lookup is by Go's `canonicalName`
 * (first letter upper-cased, the rest lower-cased, `_`, `-` and spaces dropped), so `\p{lu}`,
 * `\p{Uppercase Letter}` and `\p{GREEK}` are valid. A multi-word script (`Old_Italic`) cannot be matched
 * that way in Go 1.25 (its table key is not canonical), so only single-word scripts are listed.
 */

/** Go `canonicalName`. */
export function canonicalUnicodeName(name: string): string {
  let out = '';
  let first = true;
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (c === '_' || c === '-' || c === ' ') continue;
    if (first) {
      out += c >= 'a' && c <= 'z' ? c.toUpperCase() : c;
      first = false;
    } else {
      out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    }
  }
  return out;
}

const SPECIAL = ['Any', 'Assigned', 'Ascii', 'Lc'];

/** `unicode.Categories` keys (Unicode 15.0; `Cn` and `LC` since Go 1.25). */
const CATEGORIES = 'C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs';

/** `unicode.CategoryAliases` keys (Go 1.25), stored canonicalised below. */
const CATEGORY_ALIASES = [
  'Cased_Letter',
  'Close_Punctuation',
  'Combining_Mark',
  'Connector_Punctuation',
  'Control',
  'Currency_Symbol',
  'Dash_Punctuation',
  'Decimal_Number',
  'Enclosing_Mark',
  'Final_Punctuation',
  'Format',
  'Initial_Punctuation',
  'Letter',
  'Letter_Number',
  'Line_Separator',
  'Lowercase_Letter',
  'Mark',
  'Math_Symbol',
  'Modifier_Letter',
  'Modifier_Symbol',
  'Nonspacing_Mark',
  'Number',
  'Open_Punctuation',
  'Other',
  'Other_Letter',
  'Other_Number',
  'Other_Punctuation',
  'Other_Symbol',
  'Paragraph_Separator',
  'Private_Use',
  'Punctuation',
  'Separator',
  'Space_Separator',
  'Spacing_Mark',
  'Surrogate',
  'Symbol',
  'Titlecase_Letter',
  'Unassigned',
  'Uppercase_Letter',
  'cntrl',
  'digit',
  'punct',
];

/** Single-word `unicode.Scripts` keys (Unicode 15.0). */
const SCRIPTS =
  'Adlam Ahom Arabic Armenian Avestan Balinese Bamum Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese ' +
  'Buhid Carian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dogra ' +
  'Duployan Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gurmukhi Han Hangul Hanunoo ' +
  'Hatran Hebrew Hiragana Inherited Javanese Kaithi Kannada Katakana Kawi Kharoshthi Khmer Khojki Khudawadi Lao ' +
  'Latin Lepcha Limbu Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Medefaidrin Miao ' +
  'Modi Mongolian Mro Multani Myanmar Nabataean Nandinagari Newa Nko Nushu Ogham Oriya Osage Osmanya Palmyrene ' +
  'Phoenician Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham Sinhala Sogdian Soyombo Sundanese Syriac ' +
  'Tagalog Tagbanwa Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai ' +
  'Vithkuqi Wancho Yezidi Yi';

const UNICODE_CLASS_NAMES: ReadonlySet<string> = new Set([
  ...SPECIAL,
  ...CATEGORIES.split(' '),
  ...SCRIPTS.split(' '),
  ...CATEGORY_ALIASES.map(canonicalUnicodeName),
]);

/** True when Go resolves `\p{name}` (after an optional leading `^` has been removed). */
export function isUnicodeClassName(name: string): boolean {
  return UNICODE_CLASS_NAMES.has(canonicalUnicodeName(name));
}

const POSIX_NAMES = 'alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit'.split(' ');

/** `posixGroup` keys: `[:alnum:]`, `[:^alnum:]`, … */
export const POSIX_CLASSES: ReadonlySet<string> = new Set(POSIX_NAMES.flatMap((n) => [`[:${n}:]`, `[:^${n}:]`]));
