import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/**
 * A socket as a plain Duplex that first replays `head` — bytes already read from it to classify the
 * connection — then relays the rest, with backpressure both ways. Needed for HTTP/2: Node's http2
 * session reads from a net.Socket's native handle and never sees bytes pushed back with
 * `unshift()`, whereas it wraps any other Duplex and reads it through JavaScript.
 * `remoteAddress` / `remotePort` are carried over for logs.
 */
export function replayedConnection(socket: Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  Object.assign(duplex, { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.once('end', () => duplex.push(null));
  socket.once('error', (error) => duplex.destroy(error));
  socket.once('close', () => {
    if (!duplex.destroyed) duplex.destroy();
  });
  return duplex;
}
