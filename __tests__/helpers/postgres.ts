import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { execa } from 'execa';
import { makeTempDir, removeDir } from './temp-dir.js';

/** A throwaway PostgreSQL server owned by one test file (one per Jest worker, never shared). */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/terraform?sslmode=disable`, ready for `PG_CONN_STR`. */
  readonly connStr: string;
  /** TCP port on 127.0.0.1. */
  readonly port: number;
  /** The cluster's data directory (inside a temp dir that `stop()` removes). */
  readonly dataDir: string;
  /** Runs SQL in the `terraform` database; returns one string per row, columns joined by `|`. */
  query(sql: string): Promise<string[]>;
  /** Fast shutdown, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';
const DATABASE = 'terraform';
const START_ATTEMPTS = 5;

/** Newest `/usr/lib/postgresql/<version>/bin` holding a server, or `undefined`. */
export function postgresBinDir(): string | undefined {
  let versions: string[];
  try {
    versions = fs.readdirSync(PG_ROOT);
  } catch {
    return undefined;
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(PG_ROOT, v, 'bin'))
    .find((bin) => ['initdb', 'pg_ctl', 'postgres', 'psql'].every((b) => fs.existsSync(path.join(bin, b))));
}

/** True when PostgreSQL's server binaries are installed (tests needing a server skip otherwise). */
export function postgresAvailable(): boolean {
  return postgresBinDir() !== undefined;
}

/** Whether server tests run: where PostgreSQL is installed, and always in CI (a missing server is broken CI). */
export function runPostgresTests(): boolean {
  return postgresAvailable() || process.env.CI !== undefined;
}

/**
 * `describe` for tests that need a PostgreSQL server: they run where {@link runPostgresTests} says so (in CI a
 * missing server then fails them); elsewhere the block is skipped and the reason printed.
 */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (runPostgresTests()) {
    describe(name, fn);
  } else {
    console.warn(`Skipping '${name}': no PostgreSQL server binaries under ${PG_ROOT}/<version>/bin (CI runs it)`);
    describe.skip(name, fn);
  }
}

/** Servers not yet stopped, killed at process exit so a crashed test leaves no postmaster behind. */
const running = new Map<string, () => void>();
process.once('exit', () => {
  for (const kill of running.values()) kill();
});

/** Starts a fresh cluster on a free loopback port and creates the `terraform` database. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`PostgreSQL is not installed: no ${PG_ROOT}/<version>/bin/postgres`);
  const asRoot = process.getuid?.() === 0;
  // initdb and postgres refuse to run as root, so the cluster belongs to the `postgres` user.
  const cmd = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]] : [path.join(bin, name), args];
  const tmp = makeTempDir('cdktf-gitops-pg-');
  const dataDir = path.join(tmp, 'data');
  const logFile = path.join(tmp, 'postgres.log');
  try {
    if (asRoot) await chownToPostgres(tmp);
    await execa(
      ...cmd('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']),
      {
        env: withoutLibpqEnv(),
        extendEnv: false,
      },
    );
    // Settings live in the config file so no path needs shell quoting in pg_ctl's -o.
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${tmp}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 40',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    );
    const port = await startOnFreePort(
      (p) => cmd('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', `-p ${p}`, 'start']),
      logFile,
    );
    const [stopFile, stopArgs] = cmd('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    running.set(tmp, () => {
      spawnSync(
        stopFile,
        stopArgs.map((a) => (a === 'fast' ? 'immediate' : a)),
        { stdio: 'ignore' },
      );
      removeDir(tmp);
    });
    const psql = (db: string, sql: string) =>
      execa(
        path.join(bin, 'psql'),
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          db,
          '-X',
          '-A',
          '-t',
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          sql,
        ],
        {
          env: withoutLibpqEnv(),
          extendEnv: false,
        },
      );
    await psql('postgres', `CREATE DATABASE ${DATABASE}`);
    let stopped = false;
    return {
      connStr: `postgres://postgres@127.0.0.1:${port}/${DATABASE}?sslmode=disable`,
      port,
      dataDir,
      async query(sql) {
        const { stdout } = await psql(DATABASE, sql);
        return stdout === '' ? [] : stdout.split('\n');
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        running.delete(tmp);
        await execa(stopFile, stopArgs, { env: withoutLibpqEnv(), extendEnv: false, reject: false });
        removeDir(tmp);
      },
    };
  } catch (error) {
    running.get(tmp)?.();
    running.delete(tmp);
    removeDir(tmp);
    throw error;
  }
}

/** Picks a free port and starts; retries when another process took the port in between. */
async function startOnFreePort(start: (port: number) => [string, string[]], logFile: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const result = await execa(...start(port), { env: withoutLibpqEnv(), extendEnv: false, reject: false });
    if (result.exitCode === 0) return port;
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    if (attempt >= START_ATTEMPTS || !/already in use/i.test(log)) {
      throw new Error(`PostgreSQL did not start (pg_ctl exit ${result.exitCode}):\n${result.stderr}\n${log}`);
    }
  }
}

/** A port the kernel just handed out on 127.0.0.1, released for the server to take. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function chownToPostgres(dir: string): Promise<void> {
  const id = async (flag: string) => Number((await execa('id', [flag, 'postgres'])).stdout.trim());
  fs.chownSync(dir, await id('-u'), await id('-g'));
}

/** The caller's environment without libpq variables that would redirect psql or the server. */
function withoutLibpqEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
}

/** Gives the enclosing `describe` a {@link startPostgres} server for its tests, stopped after them. */
export function usePostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('usePostgres: the server runs only while its tests run');
    return server;
  };
}
