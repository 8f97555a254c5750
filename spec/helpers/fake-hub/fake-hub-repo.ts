// The stand-in Hub's storage: repos as chains of commits whose ids are sha1
// over their content (git-like), LFS objects by sha256, and the tree listing
// in the Hub's JSON shape (LFS files with their real size and a pointer oid).
import { createHash } from 'node:crypto';

export interface StoredFile {
  bytes: Buffer;
  /** sha256 hex when stored in LFS. */
  lfs?: string;
}

export interface Commit {
  id: string;
  parent?: string;
  title: string;
  files: Map<string, StoredFile>;
}

export interface Repo {
  owner: string;
  private: boolean;
  commits: Map<string, Commit>;
  branches: Map<string, string>;
  lfs: Map<string, Buffer>;
}

export const sha1 = (...parts: (string | Buffer)[]): string => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
export const gitBlob = (b: Buffer): string => sha1(`blob ${b.length}\0`, b);
export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
export const lfsPointer = (oid: string, size: number): Buffer => Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`);

export function newRepo(owner: string, isPrivate: boolean): Repo {
  const r: Repo = { owner, private: isPrivate, commits: new Map(), branches: new Map(), lfs: new Map() };
  commitFiles(r, 'main', 'initial commit', new Map([['.gitattributes', { bytes: Buffer.from('*.bin filter=lfs diff=lfs merge=lfs -text\n') }]]));
  return r;
}

/** Adds a commit on branch with exactly these files; returns its id. */
export function commitFiles(r: Repo, branch: string, title: string, files: Map<string, StoredFile>): string {
  const parent = r.branches.get(branch);
  const manifest = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, f]) => `${p}\0${f.lfs ?? gitBlob(f.bytes)}`).join('\n');
  const id = sha1(`tree\0${manifest}\nparent ${parent ?? ''}\ntitle ${title}`);
  r.commits.set(id, { id, title, files, ...(parent ? { parent } : {}) });
  r.branches.set(branch, id);
  return id;
}

export function resolveRev(r: Repo, rev: string): Commit | undefined {
  return r.commits.get(r.branches.get(rev) ?? rev);
}

/** Tree entries under a folder, directories included, like GET /api/models/{id}/tree/{rev}/{path}. */
export function treeEntries(c: Commit, under: string, recursive: boolean): object[] {
    const prefix = under ? `${under.replace(/\/+$/, '')}/` : '';
    const out = new Map<string, object>();
    for (const [p, f] of [...c.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length).split('/');
      // Directories first appear as entries of their own, as on the Hub.
      for (let i = 1; i < rest.length; i++) {
        if (!recursive && i > 1) break;
        const d = prefix + rest.slice(0, i).join('/');
        if (!out.has(d)) out.set(d, { type: 'directory', path: d, size: 0, oid: sha1(`dir ${d}`) });
      }
      if (!recursive && rest.length > 1) continue;
      out.set(p, f.lfs
        ? { type: 'file', path: p, size: f.bytes.length, oid: gitBlob(lfsPointer(f.lfs, f.bytes.length)), lfs: { oid: f.lfs, size: f.bytes.length, pointerSize: lfsPointer(f.lfs, f.bytes.length).length } }
        : { type: 'file', path: p, size: f.bytes.length, oid: gitBlob(f.bytes) });
    }
    return [...out.values()];
}
