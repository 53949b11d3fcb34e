import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../core/log.ts';
import type { FaultQueue, FaultSpec } from './faults.ts';
import { djangoPage, empty, type Reply } from './reply.ts';
import { readRequest, type SimRequest } from './request.ts';

export interface ServerHandlers {
  faults: FaultQueue;
  api(request: SimRequest): Reply;
  admin(request: SimRequest): Promise<Reply>;
  logger: Logger;
}

export const ADMIN_PREFIX = '/_simulator/';

/** A plain node:http server: routing is small, and faults need the raw socket (cuts, resets). */
export function createSimServer(handlers: ServerHandlers): Server {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((raw, res) => {
    handle(raw, res, handlers).catch((error: unknown) => {
      handlers.logger.error({ err: error }, 'simulator request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // close() should not wait for idle keep-alive connections.
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  return server;
}

async function handle(raw: IncomingMessage, res: ServerResponse, handlers: ServerHandlers): Promise<void> {
  const request = await readRequest(raw);
  if (request.path.startsWith(ADMIN_PREFIX)) return send(res, await handlers.admin(request), []);
  const faults = handlers.faults.take(request.path);
  const latency = faults.find((f) => f.kind === 'latency');
  if (latency) await delay(latency.latencyMs ?? 1000);
  if (faults.some((f) => f.kind === 'reset')) {
    res.socket?.destroy();
    return;
  }
  const early = faultReply(faults);
  return send(res, early ?? handlers.api(request), faults);
}

function faultReply(faults: FaultSpec[]): Reply | undefined {
  for (const fault of faults) {
    if (fault.kind === 'rate_limit') {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined || fault.retryAfterSeconds === null
          ? {}
          : { 'Retry-After': String(fault.retryAfterSeconds) };
      return empty(429, headers);
    }
    if (fault.kind === 'server_error') return djangoPage(fault.status ?? 503, 'Service Unavailable');
    if (fault.kind === 'status') {
      return {
        status: fault.status ?? 500,
        headers: { 'Content-Type': 'application/json' },
        body: fault.body ?? '',
      };
    }
  }
  return undefined;
}

/** Writes a reply; `cut` drops the socket and `truncate` ends cleanly once `afterBytes` of body went out. */
async function send(res: ServerResponse, reply: Reply, faults: FaultSpec[]): Promise<void> {
  const breaker = faults.find((f) => f.kind === 'cut' || f.kind === 'truncate');
  const headers = { ...reply.headers };
  const body = reply.body ?? '';
  if (typeof body === 'string' && !breaker) headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  const source = typeof body === 'string' ? Readable.from([Buffer.from(body)]) : body;
  let budget = breaker ? (breaker.afterBytes ?? 64) : Number.POSITIVE_INFINITY;
  try {
    for await (const chunk of source) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (buffer.length >= budget) {
        res.write(buffer.subarray(0, budget));
        source.destroy();
        if (breaker?.kind === 'cut') {
          // Give the partial body a moment to reach the client, then drop the connection mid-body.
          await delay(20);
          res.socket?.destroy();
        } else res.end();
        return;
      }
      budget -= buffer.length;
      if (!res.write(buffer)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done); // a client that hangs up never drains
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      if (res.destroyed) {
        source.destroy();
        return;
      }
    }
    res.end();
  } catch {
    source.destroy();
    res.destroy();
  }
}
