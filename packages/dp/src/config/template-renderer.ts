import type { DataplaneVars } from './dataplane-vars.js';

/**
 * The template cannot be rendered: `missing` are the variables it uses that no `--dataplane-var` gives
 * (in order of first use), `unsupported` the mustache tags other than `{{ key }}` it contains.
 */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  readonly code = 'TEMPLATE_VARIABLES_MISSING';
  readonly missing: readonly string[];
  readonly unsupported: readonly string[];

  constructor(details: { missing: readonly string[]; unsupported: readonly string[] }) {
    const parts: string[] = [];
    if (details.missing.length > 0) {
      parts.push(
        `the dataplane template uses ${details.missing.map((m) => JSON.stringify(m)).join(', ')} but no --dataplane-var gives ${details.missing.length === 1 ? 'it' : 'them'}`,
      );
    }
    if (details.unsupported.length > 0)
      parts.push(`unsupported template tags ${details.unsupported.join(', ')} (only {{ key }} is supported)`);
    super(parts.join('; '));
    this.missing = details.missing;
    this.unsupported = details.unsupported;
  }
}

/** Any `{{…}}` tag (also `{{{…}}}`). */
const TAG = /\{\{\{?[^{}]*\}?\}\}/g;
/** The tags we render: `{{ key }}` or `{{{ key }}}`, whitespace allowed; keys are letters, digits, `_ . -`. */
const VARIABLE = /^\{\{\{?\s*([A-Za-z0-9_.-]+)\s*\}?\}\}$/;

/**
 * Renders a kuma-dp dataplane template: every `{{ key }}` is replaced by the value of `key` (dotted
 * keys such as `{{ some.key }}` are one name). Unlike generic mustache, values are inserted verbatim
 * (no HTML escaping), a variable with no value is an error rather than an empty string (so a forgotten
 * `--dataplane-var` cannot produce a silently broken resource), and other mustache tags (sections,
 * partials) are errors. Throws {@link TemplateRenderError} naming every missing variable.
 */
export function renderTemplate(template: string, vars: DataplaneVars): string {
  const missing: string[] = [];
  const unsupported: string[] = [];
  const rendered = template.replace(TAG, (tag) => {
    const key = VARIABLE.exec(tag)?.[1];
    if (key === undefined) {
      unsupported.push(tag);
      return tag;
    }
    const value = vars.get(key);
    if (value !== undefined) return value;
    if (!missing.includes(key)) missing.push(key);
    return tag;
  });
  if (missing.length > 0 || unsupported.length > 0) throw new TemplateRenderError({ missing, unsupported });
  return rendered;
}
