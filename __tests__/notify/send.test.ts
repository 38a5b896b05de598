import { driftNotification, sendNotifications, type Notification } from '../../pipeline/notify/index.js';
import { waitFor } from '../helpers/wait.js';
import { closedPort, webhookServer } from '../helpers/webhook.js';

// Webhooks against a real HTTP server on the loopback interface, started by each test.

const drift: Notification = driftNotification({
  environment: 'apps',
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  changes: { add: 1, change: 0, destroy: 0 },
});

let server: Awaited<ReturnType<typeof webhookServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendNotifications (real HTTP server on 127.0.0.1)', () => {
  it('POSTs the JSON body with its content type and the headers, resolving ${NAME}', async () => {
    server = await webhookServer([204]);
    const target = {
      url: `${server.url}/hooks/\${HOOK_ID}`,
      headers: { Authorization: 'Bearer ${TOKEN}', 'X-Team': 'infra' },
    };
    const env = { HOOK_ID: 'T0-secret-path', TOKEN: 'tok-secret' };
    const results = await sendNotifications([target], drift, { env });
    expect(results).toEqual([{ url: target.url, ok: true, status: 204, attempts: 1 }]);
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/T0-secret-path' });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer tok-secret',
      'x-team': 'infra',
    });
    expect(JSON.parse(request!.body)).toEqual(drift);
    expect(JSON.stringify(results)).not.toMatch(/secret/);
  });

  it('resolves a whole URL from a variable, and reports it as written (the secret stays out of logs)', async () => {
    server = await webhookServer([404]);
    const env = { SECRET_URL: `${server.url}/services/XYZ-secret` };
    const results = await sendNotifications([{ url: '${SECRET_URL}' }], drift, { env });
    expect(server.received.map((r) => r.path)).toEqual(['/services/XYZ-secret']);
    expect(results).toEqual([
      { url: '${SECRET_URL}', ok: false, status: 404, error: 'answered HTTP 404', attempts: 1 },
    ]);
    expect(JSON.stringify(results)).not.toContain('XYZ-secret');
  });

  it('retries a 5xx answer and succeeds', async () => {
    server = await webhookServer([500, 200]);
    const results = await sendNotifications([{ url: server.url }], drift, { env: {} });
    expect(results).toEqual([{ url: server.url, ok: true, status: 200, attempts: 2 }]);
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.body).toBe(server.received[0]!.body);
  });

  it('gives up after the retries on 5xx, with the last status', async () => {
    server = await webhookServer([503]);
    const results = await sendNotifications([{ url: server.url }], drift, { env: {}, retries: 1 });
    expect(results).toEqual([{ url: server.url, ok: false, status: 503, error: 'answered HTTP 503', attempts: 2 }]);
    expect(server.received).toHaveLength(2);
  });

  it('does not retry a 4xx answer, nor follow a redirect (it would carry the headers elsewhere)', async () => {
    server = await webhookServer([404, 200]);
    expect(await sendNotifications([{ url: server.url }], drift, { env: {} })).toEqual([
      { url: server.url, ok: false, status: 404, error: 'answered HTTP 404', attempts: 1 },
    ]);
    expect(server.received).toHaveLength(1);
    await server.close();
    server = await webhookServer([302]);
    expect(await sendNotifications([{ url: server.url }], drift, { env: {} })).toEqual([
      { url: server.url, ok: false, status: 302, error: 'answered HTTP 302', attempts: 1 },
    ]);
    expect(server.received.map((r) => r.path)).toEqual(['/']);
  });

  it('an unreachable port is a failed result after the retries, never an exception', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hook`;
    const started = performance.now();
    const results = await sendNotifications([{ url }], drift, { env: {} });
    expect(results).toEqual([{ url, ok: false, error: 'network error ECONNREFUSED', attempts: 3 }]);
    // Two short backoffs, far below one default timeout.
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('times out each attempt of a server that never answers', async () => {
    server = await webhookServer(['hang']);
    const started = performance.now();
    const results = await sendNotifications([{ url: server.url }], drift, { env: {}, timeoutMs: 300, retries: 1 });
    expect(results).toEqual([{ url: server.url, ok: false, error: 'timed out after 300 ms', attempts: 2 }]);
    expect(server.received).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('stops at once when the run is interrupted', async () => {
    server = await webhookServer(['hang']);
    const controller = new AbortController();
    const sending = sendNotifications([{ url: server.url }], drift, {
      env: {},
      signal: controller.signal,
      timeoutMs: 60_000,
    });
    await waitFor(() => server!.received.length === 1, 'the request', { timeoutMs: 10_000, intervalMs: 20 });
    controller.abort();
    expect(await sending).toEqual([{ url: server.url, ok: false, error: 'interrupted', attempts: 1 }]);
    const before = await sendNotifications([{ url: server.url }], drift, { env: {}, signal: AbortSignal.abort() });
    expect(before).toEqual([{ url: server.url, ok: false, error: 'interrupted', attempts: 0 }]);
    expect(server.received).toHaveLength(1);
  });

  it('skips a target whose variable is missing or empty, naming the variable and not sending', async () => {
    server = await webhookServer([200]);
    const targets = [
      { url: '${SECRET_URL}' },
      { url: server.url, headers: { Authorization: 'Bearer ${TOKEN}' } },
      { url: '${NOT_A_URL}' },
    ];
    const results = await sendNotifications(targets, drift, { env: { SECRET_URL: '', NOT_A_URL: 'ftp://h/secret' } });
    expect(results).toEqual([
      {
        url: '${SECRET_URL}',
        ok: false,
        error: 'environment variable SECRET_URL is not set (or is empty)',
        attempts: 0,
      },
      { url: server.url, ok: false, error: 'environment variable TOKEN is not set (or is empty)', attempts: 0 },
      { url: '${NOT_A_URL}', ok: false, error: 'url is not http or https once resolved', attempts: 0 },
    ]);
    expect(server.received).toHaveLength(0);
  });

  it("sends only to the targets whose events include the notification's", async () => {
    server = await webhookServer([200]);
    const targets = [
      { url: `${server.url}/all` },
      { url: `${server.url}/runs`, events: ['run-finished' as const] },
      { url: `${server.url}/drift`, events: ['drift' as const, 'frozen' as const] },
    ];
    const results = await sendNotifications(targets, drift, { env: {} });
    expect(results.map((r) => [r.url, r.ok])).toEqual([
      [`${server.url}/all`, true],
      [`${server.url}/drift`, true],
    ]);
    expect(server.received.map((r) => r.path).sort()).toEqual(['/all', '/drift']);
  });

  it('uses the fetch it is given, and turns its exception into a result', async () => {
    const failing = (() => {
      throw new TypeError('boom');
    }) as unknown as typeof fetch;
    const results = await sendNotifications([{ url: 'https://hooks.invalid/x' }], drift, {
      env: {},
      fetch: failing,
      retries: 0,
    });
    expect(results).toEqual([{ url: 'https://hooks.invalid/x', ok: false, error: 'network error', attempts: 1 }]);
  });
});
