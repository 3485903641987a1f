import { type DocumentReport, isGlobalScopedType } from './document-validator.js';

/** The output formats of `kumikoctl validate -o`. */
export const OutputFormats = { text: 'text', json: 'json' } as const;
export type OutputFormat = (typeof OutputFormats)[keyof typeof OutputFormats];

const NONE = '<none>';

/** `Dataplane default/dp-1`, `Mesh default`, or `document 3 (line 12)` when the type is unknown. */
function label(report: DocumentReport): string {
  if (report.type === null) return `document ${report.document} (line ${report.line})`;
  const name = report.name ?? NONE;
  return isGlobalScopedType(report.type) ? `${report.type} ${name}` : `${report.type} ${report.mesh ?? NONE}/${name}`;
}

/**
 * One line per document (`Dataplane default/dp-1: valid`, or `…: 2 violations` followed by one indented
 * `field: message` line per violation; a violation of the whole document has no field).
 */
function formatText(reports: readonly DocumentReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const count = report.violations.length;
    lines.push(`${label(report)}: ${report.valid ? 'valid' : `${count} violation${count === 1 ? '' : 's'}`}`);
    for (const { field, message } of report.violations) lines.push(`  ${field === '' ? message : `${field}: ${message}`}`);
  }
  return lines.join('\n');
}

/**
 * A JSON array, one element per document, keys in this order: `{type, mesh, name, valid, violations:
 * [{field, message}]}`; `mesh` is `null` for global-scoped types. This shape is kumikoctl's contract with
 * scripts: add keys at the end only.
 */
function formatJson(reports: readonly DocumentReport[]): string {
  const elements = reports.map((report) => ({
    type: report.type,
    mesh: report.mesh,
    name: report.name,
    valid: report.valid,
    violations: report.violations.map(({ field, message }) => ({ field, message })),
  }));
  return JSON.stringify(elements, null, 2);
}

/** Renders reports for stdout, without a trailing newline. */
export function formatReports(reports: readonly DocumentReport[], format: OutputFormat): string {
  return format === OutputFormats.json ? formatJson(reports) : formatText(reports);
}
