// Downloads a dataset's official files into a folder (the cache): each file
// on its own with its hash checked, or the official archive, checked by the
// md5 its authors publish, then unpacked (only the files the readers need).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { DatasetDescriptor } from './descriptor.js';
import { downloadFile, type DownloadOptions } from './download.js';
import { requiredFiles } from './locate.js';
import { extractTarGz } from './tar.js';

export interface DownloadDatasetOptions extends DownloadOptions {
  /** Rewrites each official URL before fetching (tests point it at 127.0.0.1). */
  urlOverride?: (url: string) => string;
}

export async function downloadDataset(d: DatasetDescriptor, dir: string, opts: DownloadDatasetOptions = {}): Promise<void> {
  const rewrite = opts.urlOverride ?? ((u: string) => u);
  mkdirSync(dir, { recursive: true });
  if (!d.archive) {
    for (const f of d.files) {
      const dest = join(dir, f.name);
      if (existsSync(dest)) continue; // renamed into place only after its check passed
      if (!f.url) throw new NaschainError('INVALID', `dataset ${d.name}: file ${f.name} has no download URL`);
      // The decompressed content's hash holds for every faithful copy; else the file's own hashes.
      const expect = f.contentSha256 !== undefined ? { contentSha256: f.contentSha256 } : { md5: f.md5, sha256: f.sha256 };
      opts.log?.info(`dataset ${d.name}: downloading ${f.url} to ${dir}`);
      await downloadFile(rewrite(f.url), dest, expect, opts);
    }
    return;
  }
  const { archive } = d;
  const url = rewrite(archive.url);
  const archivePath = join(dir, basename(new URL(archive.url).pathname));
  opts.log?.info(`dataset ${d.name}: downloading ${archive.url} to ${dir}`);
  await downloadFile(url, archivePath, { md5: archive.md5 }, opts);
  try {
    const wanted = new Set(requiredFiles(d));
    const written = await extractTarGz(archivePath, (member) => {
      const [folder, file, ...rest] = member.split('/');
      return folder === archive.folder && file !== undefined && rest.length === 0 && wanted.has(file) ? join(dir, file) : undefined;
    });
    const missing = [...wanted].filter((f) => !written.includes(`${archive.folder}/${f}`));
    if (missing.length > 0) throw new NaschainError('CORRUPT', `${archive.url}: archive lacks ${missing.map((f) => `${archive.folder}/${f}`).join(', ')}`);
  } finally {
    rmSync(archivePath, { force: true });
  }
}
