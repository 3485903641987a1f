import { utf8Length } from './identifier-validator.js';

/*
 * Kubernetes apimachinery `validation.IsQualifiedName` and `IsValidLabelValue`, which Kuma's REST API applies
 * to every label key and value (`resource_endpoints.go` `validateLabels`). Messages are apimachinery's,
 * byte for byte; lengths are UTF-8 byte lengths as in Go.
 */

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp('^' + QUALIFIED_NAME_FMT + '$');
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = '(' + QUALIFIED_NAME_FMT + ')?';
const LABEL_VALUE = new RegExp('^' + LABEL_VALUE_FMT + '$');
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN = new RegExp('^' + DNS1123_SUBDOMAIN_FMT + '$');
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** apimachinery `RegexError` (its examples really are joined with `', ' + ' or '`, two spaces). */
function regexError(message: string, format: string, ...examples: string[]): string {
  let out = message + ' (e.g. ';
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += `'${example}', `;
  });
  return out + `regex used for validation is '${format}')`;
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/**
 * `IsQualifiedName(key)`: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
 * Returns the messages in apimachinery's order (empty when valid).
 */
export function qualifiedNameMessages(key: string): string[] {
  const errors: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = key;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else {
      if (utf8Length(prefix) > 253) errors.push('prefix part ' + maxLenError(253));
      if (!DNS1123_SUBDOMAIN.test(prefix)) {
        errors.push('prefix part ' + regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
      }
    }
  } else {
    // Kubernetes 1.34 words this "a qualified name …"; later releases say "a valid label key …".
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errors.push('name part ' + maxLenError(63));
  if (!QUALIFIED_NAME.test(name)) {
    errors.push('name part ' + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  }
  return errors;
}

/** `IsValidLabelValue(value)`: empty, or at most 63 characters matching the qualified-name pattern. */
export function labelValueMessages(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > 63) errors.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL = new RegExp('^' + DNS1035_LABEL_FMT + '$');
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/** `IsDNS1035Label(value)` (what `NameIsDNS1035Label` checks): at most 63 characters, lower case, starting with a letter. */
export function dns1035LabelMessages(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > 63) errors.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) errors.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errors;
}
