// A stand-in for the Hugging Face Hub on 127.0.0.1 (node:http, no framework)
// that answers the endpoints @huggingface/hub 2.17.5 really calls: repo create,
// repo info/revision, settings, preupload, LFS batch + basic upload, commit
// NDJSON, tree listing (paginated by Link), resolve (302 to an LFS "CDN" for LFS
// files, Range probes). Commits have git-like sha1 ids over their content;
// private repos are visible to their owner only.
//
// Faults: push a Fault on `hub.faults`; the first one whose method and path
// match the next request is used `times` times (default 1), then removed.
//   { path, status }                    answer with that status (and headers)
//   { path, status, afterHandling }     run the real handler, then answer status (a commit that landed)
//   { path, reset: 'before' }           destroy the socket at the first chunk of the request body
//                                       (or at once when it has none): nothing handled
//   { path, reset: 'after' }            run the real handler, then destroy the socket instead of answering
//   { path, hang: true }                read the request, never answer
//   { path, body: { kind, afterBytes } } on a file download (resolve or LFS CDN):
//     'cut'   Content-Length of the whole file, afterBytes bytes, then the socket is destroyed (RST)
//     'short' Content-Length of the whole file, afterBytes bytes, then a clean close (FIN): a lying length
//     'stall' headers and afterBytes bytes, then nothing, ever
//     'swap'  the whole file, same size, every byte after afterBytes changed
//     'long'  Content-Length and body afterBytes longer than the file
//   { path, ignoreRange: true }         answer a download's Range request with 200 and the whole file
// A request with Range: bytes=0-0 (the client's size probe) is never faulted.
// `oversend` appends extra bytes to a file with no Content-Length. LFS files
// redirect to a "presigned" CDN URL whose query carries X-Amz-Signature.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRESIGNED_SIGNATURE } from './fake-hub-faults.js';

export { PRESIGNED_SIGNATURE, type BodyFault, type Fault } from './fake-hub-faults.js';
import { serveFaulty, type BodyFault, type Fault } from './fake-hub-faults.js';
import { commitFiles, gitBlob, lfsPointer, newRepo, resolveRev, sha256, treeEntries, type Commit, type Repo, type StoredFile } from './fake-hub-repo.js';

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

export class FakeHub {
  readonly repos = new Map<string, Repo>();
  /** token -> user name. */
  readonly tokens = new Map<string, string>();
  readonly faults: Fault[] = [];
  readonly requests: RequestRecord[] = [];
  /** Repo-relative paths whose full downloads get this many extra bytes appended. */
  readonly oversend = new Map<string, number>();
  /** Tree entries per page (the Hub pages with a Link header). */
  treePageSize = 1000;
  /** Body faults picked for requests being answered (see #serveBytes). */
  readonly #bodyFaults = new WeakMap<IncomingMessage, BodyFault>();
  /** Requests whose Range header is ignored (see #serveBytes). */
  readonly #rangeIgnored = new WeakSet<IncomingMessage>();
  #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => this.#send(req, res, 500, { error: String(e) }));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  addUser(name: string, token: string): void {
    this.tokens.set(token, name);
  }

  tip(repo: string, branch = 'main'): string | undefined {
    return this.repos.get(repo)?.branches.get(branch);
  }

  /** Seeds a repo directly (for listings the client could not upload, e.g. oversized). */
  seed(repo: string, owner: string, files: Record<string, Buffer | { bytes: Buffer; lfs: true }>, isPrivate = false): string {
    const r = this.repos.get(repo) ?? newRepo(owner, isPrivate);
    this.repos.set(repo, r);
    const map = new Map<string, StoredFile>();
    for (const [p, v] of Object.entries(files)) {
      if (Buffer.isBuffer(v)) map.set(p, { bytes: v });
      else {
        const oid = sha256(v.bytes);
        r.lfs.set(oid, v.bytes);
        map.set(p, { bytes: v.bytes, lfs: oid });
      }
    }
    return commitFiles(r, 'main', 'seed', map);
  }

  #send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.requests.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, status });
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': `req-${this.requests.length}`, ...headers });
    res.end(text);
  }

  #user(req: IncomingMessage): string | undefined | null {
    const auth = req.headers.authorization;
    if (!auth) return undefined;
    const token = auth.replace(/^Bearer\s+/i, '');
    return this.tokens.get(token) ?? null;
  }

  async #body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  #fault(method: string, path: string, range: string | undefined): Fault | undefined {
    const probe = range === 'bytes=0-0';
    if (probe) return undefined;
    const i = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path.test(path));
    if (i < 0) return undefined;
    const f = this.faults[i] as Fault;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(u.pathname);
    const fault = this.#fault(method, u.pathname, req.headers.range);
    if (fault?.reset === 'before') {
      this.requests.push({ method, path: u.pathname, status: 0 });
      if (req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)) req.socket.destroy();
      else req.once('data', () => req.socket.destroy());
      return;
    }
    if (fault?.hang) {
      this.requests.push({ method, path: u.pathname, status: 0 });
      return void (await this.#body(req));
    }
    if (fault?.body) this.#bodyFaults.set(req, fault.body);
    if (fault?.ignoreRange) this.#rangeIgnored.add(req);
    if (fault?.status !== undefined && !fault.afterHandling && !fault.reset && !fault.body) {
      await this.#body(req);
      return this.#send(req, res, fault.status, { error: `injected ${fault.status}` }, fault.headers);
    }
    const user = this.#user(req);
    if (user === null) return this.#send(req, res, 401, { error: 'Invalid credentials in Authorization header' });
    const send = fault?.reset === 'after'
      ? (s: number) => {
          this.requests.push({ method, path: u.pathname, status: s });
          req.socket.destroy();
        }
      : fault?.afterHandling && fault.status !== undefined
        ? (_s: number, _b: unknown, _h?: Record<string, string>) => this.#send(req, res, fault.status ?? 500, { error: `injected ${fault.status} after handling` }, fault.headers)
        : (s: number, b: unknown, h?: Record<string, string>) => this.#send(req, res, s, b, h);
    const route = (re: RegExp) => re.exec(path);
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/api/whoami-v2') {
      // The Hub's shape for a user token (huggingface_hub.whoami / @huggingface/hub whoAmI); every token here can write.
      if (!user) return send(401, { error: 'Invalid credentials in Authorization header' });
      return send(200, { type: 'user', id: `id-${user}`, name: user, fullname: user, email: `${user}@example.invalid`, emailVerified: true, isPro: false, canPay: false, avatarUrl: '', periodEnd: null, billingMode: 'prepaid', orgs: [], auth: { type: 'access_token', accessToken: { displayName: 'spec', role: 'write', createdAt: '2026-01-01T00:00:00.000Z' } } });
    }
    if (method === 'POST' && path === '/api/repos/create') {
      const body = JSON.parse((await this.#body(req)).toString()) as { name: string; organization: string; visibility?: string };
      if (!user) return send(401, { error: 'You must be authenticated' });
      if (body.organization !== user) return send(403, { error: `You don't have the rights to create a model under the namespace "${body.organization}"` });
      const id = `${body.organization}/${body.name}`;
      if (this.repos.has(id)) return send(409, { error: 'You already created this model repo', url: `${this.url}/${id}` });
      this.repos.set(id, newRepo(user, body.visibility === 'private'));
      return send(200, { url: `${this.url}/${id}`, name: id, id: `id-${id}` });
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)\/settings$/)) && method === 'PUT') {
      const r = this.#repo(m[1] as string, user, true, req, res);
      if (!r) return;
      const body = JSON.parse((await this.#body(req)).toString()) as { private?: boolean };
      if (typeof body.private === 'boolean') r.private = body.private;
      return send(200, { private: r.private });
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/)) && method === 'GET') {
      const r = this.#repo(m[1] as string, user, false, req, res);
      if (!r) return;
      const c = resolveRev(r, m[2] as string);
      if (!c) return send(404, { error: 'Invalid rev id' }, { 'X-Error-Code': 'RevisionNotFound' });
      return send(200, { _id: `id-${m[1]}`, id: m[1], private: r.private, sha: c.id, siblings: [...c.files.keys()].map((rfilename) => ({ rfilename })) });
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)$/)) && method === 'GET') {
      const r = this.#repo(m[1] as string, user, false, req, res);
      if (!r) return;
      return send(200, { _id: `id-${m[1]}`, id: m[1], private: r.private, sha: r.branches.get('main') });
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)\/preupload\/([^/]+)$/)) && method === 'POST') {
      const r = this.#repo(m[1] as string, user, true, req, res);
      if (!r) return;
      const body = JSON.parse((await this.#body(req)).toString()) as { files: { path: string; size: number; sample: string }[] };
      // Like the Hub: binary content (a NUL in the sample), *.bin or big files go to LFS.
      const files = body.files.map((f) => ({ path: f.path, uploadMode: f.path.endsWith('.bin') || f.size > 10_000 || Buffer.from(f.sample, 'base64').includes(0) ? 'lfs' : 'regular' }));
      return send(200, { files });
    }
    if ((m = route(/^\/([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/)) && method === 'POST') {
      const r = this.#repo(m[1] as string, user, true, req, res);
      if (!r) return;
      const body = JSON.parse((await this.#body(req)).toString()) as { objects: { oid: string; size: number }[] };
      const objects = body.objects.map((o) => (r.lfs.has(o.oid) ? { oid: o.oid, size: o.size } : { oid: o.oid, size: o.size, actions: { upload: { href: `${this.url}/lfs-upload/${m?.[1]}/${o.oid}` } } }));
      return send(200, { transfer: 'basic', objects }, { 'Content-Type': 'application/vnd.git-lfs+json' });
    }
    if ((m = route(/^\/lfs-upload\/([^/]+\/[^/]+)\/([0-9a-f]{64})$/)) && method === 'PUT') {
      const r = this.repos.get(m[1] as string);
      const bytes = await this.#body(req);
      if (!r) return send(404, { error: 'no repo' });
      if (sha256(bytes) !== m[2]) return send(400, { error: 'sha256 mismatch' });
      r.lfs.set(m[2] as string, bytes);
      return send(200, undefined);
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)\/commit\/([^/]+)$/)) && method === 'POST') {
      const r = this.#repo(m[1] as string, user, true, req, res);
      if (!r) return;
      const branch = m[2] as string;
      const lines = (await this.#body(req)).toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; value: Record<string, unknown> });
      const header = lines.find((l) => l.key === 'header')?.value as { summary: string; parentCommit?: string } | undefined;
      const tip = r.branches.get(branch);
      if (header?.parentCommit && header.parentCommit !== tip) return send(412, { error: 'A commit has happened since. Please refresh and try again.' });
      const files = new Map(tip ? (r.commits.get(tip) as Commit).files : []);
      for (const l of lines) {
        const v = l.value as { path: string; content?: string; oid?: string };
        if (l.key === 'file') files.set(v.path, { bytes: Buffer.from(v.content ?? '', 'base64') });
        else if (l.key === 'lfsFile') {
          const bytes = r.lfs.get(v.oid ?? '');
          if (!bytes) return send(422, { error: `LFS object ${v.oid} was never uploaded` });
          files.set(v.path, { bytes, lfs: v.oid as string });
        } else if (l.key === 'deletedFile') files.delete(v.path);
      }
      const id = commitFiles(r, branch, header?.summary ?? 'commit', files);
      return send(200, { commitOid: id, commitUrl: `${this.url}/${m[1]}/commit/${id}`, success: true });
    }
    if ((m = route(/^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.*))?$/)) && method === 'GET') {
      const r = this.#repo(m[1] as string, user, false, req, res);
      if (!r) return;
      const c = resolveRev(r, m[2] as string);
      if (!c) return send(404, { error: 'Invalid rev id' }, { 'X-Error-Code': 'RevisionNotFound' });
      const entries = treeEntries(c, m[3] ?? '', u.searchParams.get('recursive') === 'true');
      const cursor = Number(u.searchParams.get('cursor') ?? '0');
      const page = entries.slice(cursor, cursor + this.treePageSize);
      const headers: Record<string, string> = {};
      if (cursor + this.treePageSize < entries.length) {
        const next = new URL(u.href);
        next.searchParams.set('cursor', String(cursor + this.treePageSize));
        headers.Link = `<${next.href}>; rel="next"`;
      }
      return send(200, page, headers);
    }
    if ((m = route(/^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/)) && method === 'GET') {
      const r = this.#repo(m[1] as string, user, false, req, res);
      if (!r) return;
      const c = resolveRev(r, m[2] as string);
      if (!c) return send(404, { error: 'Invalid rev id' }, { 'X-Error-Code': 'RevisionNotFound' });
      const f = c.files.get(m[3] as string);
      if (!f) return send(404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound' });
      if (f.lfs) {
        this.requests.push({ method, path, status: 302 });
        res.writeHead(302, { Location: `/lfs-cdn/${f.lfs}?path=${encodeURIComponent(m[3] as string)}&X-Amz-Signature=${PRESIGNED_SIGNATURE}`, 'X-Repo-Commit': c.id, 'X-Linked-Size': String(f.bytes.length), 'X-Linked-ETag': `"${f.lfs}"`, ETag: `"${gitBlob(lfsPointer(f.lfs, f.bytes.length))}"` });
        return void res.end();
      }
      return this.#serveBytes(req, res, f.bytes, m[3] as string, { 'X-Repo-Commit': c.id, ETag: `"${gitBlob(f.bytes)}"` });
    }
    if ((m = route(/^\/lfs-cdn\/([0-9a-f]{64})$/)) && method === 'GET') {
      for (const r of this.repos.values()) {
        const bytes = r.lfs.get(m[1] as string);
        if (bytes) return this.#serveBytes(req, res, bytes, u.searchParams.get('path') ?? '', { ETag: `"${m[1]}"` });
      }
      return send(404, { error: 'no object' });
    }
    return send(404, { error: `fake hub: no route for ${method} ${path}` });
  }

  #serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Buffer, repoPath: string, headers: Record<string, string>): void {
    const range = this.#rangeIgnored.has(req) ? null : /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const fault = this.#bodyFaults.get(req);
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
      this.requests.push({ method: 'GET', path, status: 206 });
      const part = bytes.subarray(start, end + 1);
      const head = { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': String(part.length) };
      if (fault) return serveFaulty(req, res, 206, part, head, fault);
      res.writeHead(206, head);
      return void res.end(part);
    }
    this.requests.push({ method: 'GET', path, status: 200 });
    if (fault) return serveFaulty(req, res, 200, bytes, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) }, fault);
    const extra = this.oversend.get(repoPath);
    if (extra !== undefined) {
      // A lying server: no Content-Length (chunked), more bytes than the listing says.
      res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' });
      res.write(bytes);
      return void res.end(Buffer.alloc(extra, 7));
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) });
    res.end(bytes);
  }

  /** Sends 401/403/404 like the Hub and returns undefined when the user may not see (or write) the repo. */
  #repo(id: string, user: string | undefined, write: boolean, req: IncomingMessage, res: ServerResponse): Repo | undefined {
    const r = this.repos.get(id);
    const canRead = r && (!r.private || r.owner === user);
    if (!r || !canRead) {
      if (!user) this.#send(req, res, 401, { error: 'Invalid username or password.' }, { 'X-Error-Code': 'RepoNotFound' });
      else this.#send(req, res, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
      return undefined;
    }
    if (write && r.owner !== user) {
      this.#send(req, res, user ? 403 : 401, { error: 'You do not have write access to this repo' });
      return undefined;
    }
    return r;
  }
}
