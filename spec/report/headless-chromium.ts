// Debian's headless Chromium, started by a spec on 127.0.0.1 and driven over
// the DevTools protocol (a WebSocket, the `ws` package): open a page at a
// given viewport, evaluate an expression in it. Found as $NASCHAIN_CHROMIUM,
// else chromium / chromium-browser / google-chrome on PATH; absent: the spec
// skips with a message (`.ci/run` installs chromium).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

export function findChromium(): string | null {
  const candidates = [process.env.NASCHAIN_CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter((c): c is string => Boolean(c));
  for (const c of candidates) {
    if (spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 20_000 }).status === 0) return c;
  }
  return null;
}

interface CdpAnswer { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; sessionId?: string; params?: Record<string, unknown> }

export class HeadlessChromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly events: CdpAnswer[] = [];

  private constructor(private readonly proc: ChildProcess, private readonly ws: WebSocket, private readonly profile: string) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as CdpAnswer;
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else this.events.push(msg);
    });
  }

  static async start(binary: string): Promise<HeadlessChromium> {
    const profile = mkdtempSync(join(tmpdir(), 'naschain-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars',
      '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
    // Its own process group, so close() can stop the helpers (zygote, GPU,
    // crashpad) that go on writing into the profile after the browser exits.
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`chromium did not start in 30 s: ${err.slice(-500)}`)), 30_000);
      proc.stderr?.on('data', (d: Buffer) => {
        err += String(d);
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${err.slice(-500)}`)));
    });
    const pid = proc.pid;
    if (pid !== undefined) process.once('exit', () => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } });
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return new HeadlessChromium(proc, ws, profile);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Opens `file` in a new tab with the viewport `width` x `height`; returns the session to evaluate in. */
  async open(file: string, width: number, height = 900): Promise<string> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    await this.send('Page.enable', {}, sessionId);
    await this.send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
    const deadline = Date.now() + 30_000;
    while (!this.events.some((e) => e.sessionId === sessionId && e.method === 'Page.loadEventFired')) {
      if (Date.now() > deadline) throw new Error(`${file}: no load event in 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return sessionId;
  }

  /** The value of a JavaScript expression in the page (returned by value). */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Asks the browser to close, then kills its whole process group, then
   * removes the profile (retrying: a helper may still be flushing into it). */
  async close(): Promise<void> {
    const running = (): boolean => this.proc.exitCode === null && this.proc.signalCode === null;
    if (running()) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      await Promise.race([this.send('Browser.close').catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    this.ws.close();
    const group = this.proc.pid;
    if (group !== undefined) {
      try { process.kill(-group, 'SIGKILL'); } catch { /* the group is gone already */ }
    }
    if (running()) await new Promise((r) => this.proc.once('exit', r));
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}
