/** The benchmarks' child processes (a CP host, a load client), spoken to over IPC. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Reply {
  readonly id?: number;
  readonly op?: string;
  readonly error?: string;
  readonly [key: string]: unknown;
}

/** A child process spoken to over IPC: `ask` sends a request with an id and awaits the reply with that id. */
export class IpcChild {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number | string, (reply: Reply) => void>();
  private nextId = 1;

  /** `timeoutMs`: how long a request waits for its reply. */
  constructor(
    args: readonly string[],
    private readonly timeoutMs = 120_000,
  ) {
    this.child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      if (reply.op === 'error') console.error(`child error: ${String(reply.error)}`);
      const key = reply.id ?? reply.op ?? '';
      const waiter = this.waiting.get(key);
      this.waiting.delete(key);
      waiter?.(reply);
    });
    this.child.on('error', (error) => console.error(`child error: ${String(error)}`));
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter({ error: `child exited with ${code}` });
      this.waiting.clear();
    });
  }

  /** The next unsolicited message with this `op`. */
  next(op: string): Promise<Reply> {
    return this.await(op);
  }

  async ask(request: { readonly op: string; readonly [key: string]: unknown }): Promise<Reply> {
    if (!this.child.connected) throw new Error(`${request.op}: the child is gone (exit code ${this.child.exitCode})`);
    const id = this.nextId++;
    const reply = this.await(id);
    this.child.send({ ...request, id });
    const result = await reply;
    if (result.error !== undefined) throw new Error(`${request.op}: ${result.error}`);
    return result;
  }

  tell(message: object): void {
    this.child.send(message);
  }

  exited(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private await(key: number | string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply for ${key} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiting.set(key, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }
}
