// Downloads a dataset's official files into a folder (placeholder until the
// downloader lands).
import { NaschainError } from '../core/errors.js';
import type { DatasetDescriptor } from './descriptor.js';

export async function downloadDataset(d: DatasetDescriptor, _dir: string, _opts: object): Promise<void> {
  throw new NaschainError('NETWORK', `downloading ${d.name} is not implemented yet`);
}
