/**
 * @kumiko/ctl — kumikoctl: validate resources, query the control planes.
 *
 * ```ts
 * import { validateDocuments } from "@kumiko/ctl";
 *
 * for (const report of validateDocuments(yamlText)) {   // throws YamlParseError (line, column)
 *   if (!report.valid) console.error(report.type, report.name, report.violations);
 * }
 * ```
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export { type DocumentReport, validateDocuments } from './document-validator.js';
