// A webhook receiver for tests: a real HTTP server on the loopback interface.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A server on 127.0.0.1 that answers the statuses of `answers` in turn (the last one again), or never (`hang`). */
export async function webhookServer(answers: readonly (number | 'hang')[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const answer = answers[Math.min(received.length, answers.length) - 1]!;
      if (answer === 'hang') return;
      res.writeHead(answer, answer === 302 ? { location: '/elsewhere' } : {}).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (a server took it and closed). */
export async function closedPort(): Promise<number> {
  const server = await webhookServer([200]);
  const port = Number(new URL(server.url).port);
  await server.close();
  return port;
}
