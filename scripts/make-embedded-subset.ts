// Regenerates datasets/fashion-mnist-small/ (the embedded default dataset) from
// the full Fashion-MNIST files, byte for byte: a stratified, seeded subset of
// 1,000 train and 200 test images per class, written as IDX gzip (level 9,
// mtime 0), plus its descriptor and PROVENANCE.md.
//
//   npm run build && node dist/scripts/make-embedded-subset.js [sourceDir] [--check]
//
// --check regenerates in memory and exits 1 if any committed file differs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rngFor, shuffleInPlace } from '../lib/core/rng.js';
import { encodeIdx, readIdxPair } from '../lib/data/idx.js';
import { getDescriptor, packageDatasetsDir } from '../lib/data/registry.js';

const SEED = 0;
const PER_CLASS = { train: 1000, test: 200 } as const;
const NAME = 'fashion-mnist-small';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Per class: the class's indices in file order, shuffled with a labelled Rng, first k; then all sorted ascending. */
export function stratifiedIndices(labels: Uint8Array, numClasses: number, perClass: number, label: string): number[] {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((l, i) => byClass[l]!.push(i));
  const picked: number[] = [];
  byClass.forEach((idx, c) => {
    if (idx.length < perClass) throw new Error(`${label}: class ${c} has ${idx.length} images, need ${perClass}`);
    picked.push(...shuffleInPlace(idx, rngFor(SEED, `${label}/class${c}`)).slice(0, perClass));
  });
  return picked.sort((a, b) => a - b);
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const source = args.find((a) => !a.startsWith('--')) ?? '/usr/share/datasets/fashion-mnist';
  const full = getDescriptor('fashion-mnist');
  const outDir = join(packageDatasetsDir(), NAME);
  const outputs: { path: string; bytes: Uint8Array }[] = [];
  const fileRows: { name: string; sha256: string; contentSha256: string }[] = [];
  let mean = 0, std = 0;
  for (const split of ['train', 'test'] as const) {
    const [imgName = '', labName = ''] = full[split].files;
    const src = readIdxPair(readFileSync(join(source, imgName)), readFileSync(join(source, labName)),
      { images: join(source, imgName), labels: join(source, labName) }, { height: 28, width: 28, numClasses: 10, count: full[split].count });
    const pick = stratifiedIndices(src.labels, 10, PER_CLASS[split], `${NAME}/${split}`);
    const px = 28 * 28;
    const images = new Uint8Array(pick.length * px);
    const labels = new Uint8Array(pick.length);
    pick.forEach((from, i) => {
      images.set(src.images.subarray(from * px, (from + 1) * px), i * px);
      labels[i] = src.labels[from]!;
    });
    if (split === 'train') {
      let s = 0, q = 0;
      for (const v of images) { s += v; q += v * v; }
      mean = s / images.length / 255;
      std = Math.sqrt(q / images.length / 65025 - mean * mean);
    }
    for (const [name, raw] of [[imgName, encodeIdx([pick.length, 28, 28], images)], [labName, encodeIdx([pick.length], labels)]] as const) {
      // Node's gzip header carries mtime 0 and no file name, so the bytes depend only on the content and zlib.
      const gz = gzipSync(raw, { level: 9 });
      outputs.push({ path: join(outDir, name), bytes: gz });
      fileRows.push({ name, sha256: sha256(gz), contentSha256: sha256(raw) });
    }
  }
  const round = (x: number) => Math.round(x * 1e8) / 1e8;
  const descriptor = {
    kind: 'naschain/dataset', version: 1, name: NAME, title: 'Fashion-MNIST, embedded stratified subset', format: 'idx',
    height: 28, width: 28, channels: 1, numClasses: 10, classNames: full.classNames,
    mean: [round(mean)], std: [round(std)],
    train: { files: full.train.files, count: 10 * PER_CLASS.train },
    test: { files: full.test.files, count: 10 * PER_CLASS.test },
    files: fileRows, embedded: true,
    licence: full.licence, homepage: full.homepage,
    notes: 'Ships inside the package (datasets/fashion-mnist-small/); see PROVENANCE.md there. sha256: of the committed gzip files; contentSha256: of their decompressed IDX bytes. mean/std: over the 10,000 train images of this subset.',
  };
  outputs.push({ path: join(packageDatasetsDir(), `${NAME}.json`), bytes: Buffer.from(`${JSON.stringify(descriptor, null, 2)}\n`) });
  outputs.push({ path: join(outDir, 'PROVENANCE.md'), bytes: Buffer.from(provenance(fileRows, mean, std)) });
  if (check) {
    const bad = outputs.filter((o) => !existsSync(o.path) || sha256(readFileSync(o.path)) !== sha256(o.bytes));
    for (const o of bad) console.error(`differs: ${o.path}`);
    process.exit(bad.length === 0 ? 0 : 1);
  }
  mkdirSync(outDir, { recursive: true });
  for (const o of outputs) writeFileSync(o.path, o.bytes);
  console.log(JSON.stringify({ files: fileRows, mean, std }, null, 2));
}

function provenance(rows: { name: string; sha256: string; contentSha256: string }[], mean: number, std: number): string {
  return `# fashion-mnist-small: provenance

The embedded default dataset of naschain: a stratified subset of
[Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist) (Xiao, Rasul,
Vollgraf 2017, Zalando SE), which is released under the **MIT licence**;
its copyright notice and licence apply to these files.

- Source: the four official IDX files as Debian's \`dataset-fashion-mnist\`
  package installs them in \`/usr/share/datasets/fashion-mnist/\` (decompressed
  content identical to the official download; see datasets/fashion-mnist.json).
- Selection: for each class c of each split, the indices of that class in file
  order are shuffled (Fisher-Yates, \`shuffleInPlace\`) with
  \`rngFor(${SEED}, "${NAME}/<split>/class<c>")\` from lib/core/rng.ts (seed ${SEED});
  the first ${PER_CLASS.train} (train) or ${PER_CLASS.test} (test) are kept. The kept indices
  of all classes are then sorted ascending, so images keep their original
  relative order. Result: ${10 * PER_CLASS.train} train images (${PER_CLASS.train} per class) and ${10 * PER_CLASS.test} test
  images (${PER_CLASS.test} per class), 28x28, one channel.
- Format: IDX (magic 0x00000803 images, 0x00000801 labels), gzip level 9 with
  mtime 0 and no file name, written by Node's zlib.
- Train statistics ([0,1]-scaled): mean ${mean.toFixed(8)}, std ${std.toFixed(8)}.
- Regenerate: \`npm run build && node dist/scripts/make-embedded-subset.js\`
  (\`--check\` compares instead of writing). The decompressed bytes are fully
  determined by the rule above; the gzip bytes also depend on the zlib build,
  so if \`--check\` reports a difference, compare contentSha256 first.

| file | sha256 (gzip file) | sha256 (decompressed IDX) |
| --- | --- | --- |
${rows.map((r) => `| ${r.name} | ${r.sha256} | ${r.contentSha256} |`).join('\n')}
`;
}

main();
