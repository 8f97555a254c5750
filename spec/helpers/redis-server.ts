// A real redis-server (Debian's `redis-server` package) on 127.0.0.1, on a
// free port, with a temp folder and no persistence, for the queue specs.
// startRedis() returns null when redis-server is not installed (the caller
// skips with a message); restart() stops it (SIGKILL: nothing saved) and
// starts an empty one on the same port, as a crashed and restarted Redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisHandle {
  url: string;
  port: number;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const NO_REDIS = 'redis-server is not installed (apt-get install -y redis-server); skipped';

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** True once the server answers PING. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.setTimeout(500, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export async function startRedis(): Promise<RedisHandle | null> {
  if (!hasRedisServer()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'naschain-redis-'));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  // Never outlive this process (a killed spec or bench).
  process.once('exit', () => { if (proc && proc.exitCode === null) proc.kill('SIGKILL'); });
  const launch = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    while (!(await pong(port))) {
      if (Date.now() > end) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => { p.once('exit', () => resolve()); p.kill('SIGKILL'); });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() { await kill(); await launch(); },
    async stop() { await kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}
