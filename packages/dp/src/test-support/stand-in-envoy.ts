import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One line the stand-in appends to its log. */
export type StandInEvent =
  | { readonly event: 'start'; readonly pid: number; readonly args: readonly string[]; readonly bootstrap: string }
  | { readonly event: 'admin'; readonly pid: number; readonly method: string; readonly url: string }
  | { readonly event: 'admin-listening'; readonly pid: number; readonly port: number }
  | { readonly event: 'sigterm'; readonly pid: number };

export interface StandInBehaviour {
  /** The first N starts exit with status 1 right after recording. Default 0. */
  readonly crashFirst?: number;
  /** Serve Envoy's admin API (POST /drain_listeners) on the bootstrap's `port_value`. Default false. */
  readonly serveAdmin?: boolean;
  /** Record SIGTERM but keep running (so only SIGKILL stops it). Default false. */
  readonly ignoreSigterm?: boolean;
  /** What `--version` prints. Default an Envoy 1.34.1 release line. */
  readonly versionOutput?: string;
}

export const STAND_IN_VERSION_OUTPUT = '\nenvoy  version: 0123456789abcdef/1.34.1/Clean/RELEASE/BoringSSL\n';

/**
 * A stand-in for the Envoy binary, for tests (Envoy is not installed here): an executable Node script
 * that answers `--version` like Envoy, records its argv and the file `--config-path` names to a JSON-lines
 * log, optionally serves an admin API on the bootstrap's admin port, and exits on SIGTERM.
 */
export class StandInEnvoy {
  private constructor(
    readonly dir: string,
    readonly path: string,
    readonly logPath: string,
  ) {}

  static async create(behaviour: StandInBehaviour = {}): Promise<StandInEnvoy> {
    const dir = await mkdtemp(join(tmpdir(), 'kumiko-dp-stand-in-'));
    const path = join(dir, 'envoy');
    const logPath = join(dir, 'events.jsonl');
    await writeFile(path, script(logPath, behaviour));
    await chmod(path, 0o755);
    return new StandInEnvoy(dir, path, logPath);
  }

  /** Every event recorded so far, in order. */
  async events(): Promise<StandInEvent[]> {
    const text = await readFile(this.logPath, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as StandInEvent);
  }

  /** Polls the log until `predicate` holds (at most `timeoutMs`); returns the events then. */
  async waitFor(predicate: (events: StandInEvent[]) => boolean, timeoutMs = 10_000): Promise<StandInEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.events();
      if (predicate(events)) return events;
      if (Date.now() > deadline) throw new Error(`stand-in Envoy: condition not met; events so far: ${JSON.stringify(events)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function script(logPath: string, behaviour: StandInBehaviour): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const http = require('node:http');
const args = process.argv.slice(2);
if (args[0] === '--version') {
  process.stdout.write(${JSON.stringify(behaviour.versionOutput ?? STAND_IN_VERSION_OUTPUT)});
  process.exit(0);
}
const log = ${JSON.stringify(logPath)};
const record = (event) => fs.appendFileSync(log, JSON.stringify({ ...event, pid: process.pid }) + '\\n');
const at = args.indexOf('--config-path');
const bootstrap = at >= 0 ? fs.readFileSync(args[at + 1], 'utf8') : '';
const starts = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\\n').filter((l) => l.includes('"event":"start"')).length : 0;
record({ event: 'start', args, bootstrap });
if (starts < ${behaviour.crashFirst ?? 0}) process.exit(1);
process.on('SIGTERM', () => {
  record({ event: 'sigterm' });
  if (!${behaviour.ignoreSigterm === true}) process.exit(0);
});
const port = /port_value:\\s*(\\d+)/.exec(bootstrap);
if (${behaviour.serveAdmin === true} && port) {
  http.createServer((req, res) => {
    record({ event: 'admin', method: req.method, url: req.url });
    res.end('OK\\n');
  }).listen(Number(port[1]), '127.0.0.1', () => record({ event: 'admin-listening', port: Number(port[1]) }));
}
setInterval(() => {}, 1000);
`;
}
