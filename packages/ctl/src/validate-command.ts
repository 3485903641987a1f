import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { type Command, Option } from 'commander';
import { YamlParseError } from '@kumiko/api';
import { validateDocuments } from './document-validator.js';
import { type OutputFormat, OutputFormats, formatReports } from './report-formatter.js';

/**
 * Exit status of `kumikoctl validate`. Usage errors (unknown flag, no `-f`) exit with `unusableInput` too,
 * so that 1 always means "the resources are invalid" to a script.
 */
export const ValidateExitCodes = { valid: 0, invalid: 1, unusableInput: 2 } as const;

const EXIT_STATUS_HELP = `
Exit status:
  0  every document is valid
  1  a document is invalid, or the input holds no document
  2  the input cannot be read or parsed, or the command line is wrong`;

/** `-f -` reads standard input. */
const STDIN = '-';

interface ValidateOptions {
  readonly file: string;
  readonly output: OutputFormat;
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

function describeReadError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : READ_ERRORS[code]) ?? error.message;
}

function complain(message: string): void {
  process.stderr.write(`kumikoctl: ${message}\n`);
}

/** Reads, validates and prints; returns the exit status. Errors other than bad input are bugs and propagate. */
async function runValidate({ file, output }: ValidateOptions): Promise<number> {
  const source = file === STDIN ? 'stdin' : file;
  let input: string;
  try {
    input = file === STDIN ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    complain(`cannot read ${source}: ${describeReadError(error)}`);
    return ValidateExitCodes.unusableInput;
  }

  let reports;
  try {
    reports = validateDocuments(input);
  } catch (error) {
    if (!(error instanceof YamlParseError)) throw error;
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    complain(`cannot parse ${source}: line ${error.line}, column ${error.column}: ${reason}`);
    return ValidateExitCodes.unusableInput;
  }

  if (reports.length === 0) {
    // Validating nothing is almost always a mistake upstream (an empty file, a generator that printed nothing).
    complain(`${source} contains no resources`);
    if (output === OutputFormats.json) process.stdout.write('[]\n');
    return ValidateExitCodes.invalid;
  }
  process.stdout.write(`${formatReports(reports, output)}\n`);
  return reports.every((report) => report.valid) ? ValidateExitCodes.valid : ValidateExitCodes.invalid;
}

/** Registers `kumikoctl validate -f FILE|- [-o text|json]` on the program. */
export function addValidateCommand(program: Command): Command {
  return program
    .command('validate')
    .description("decode and validate resources with Kuma's rules (one or more YAML documents separated by ---)")
    .requiredOption('-f, --file <path>', "YAML file to validate, '-' for standard input")
    .addOption(new Option('-o, --output <format>', 'output format').choices(Object.values(OutputFormats)).default(OutputFormats.text))
    .addHelpText('after', EXIT_STATUS_HELP)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : ValidateExitCodes.unusableInput))
    .action(async (options: ValidateOptions) => {
      process.exitCode = await runValidate(options);
    });
}
