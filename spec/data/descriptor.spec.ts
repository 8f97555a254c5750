import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASET_DESCRIPTOR_KIND, DATASET_DESCRIPTOR_VERSION, parseDatasetDescriptor } from '../../lib/data/descriptor.js';
import { DATASET_NAMES, getDescriptor } from '../../lib/data/registry.js';

test('every registered descriptor is versioned and survives a JSON round trip unchanged', () => {
  for (const name of DATASET_NAMES) {
    const d = getDescriptor(name);
    assert.equal(d.kind, DATASET_DESCRIPTOR_KIND);
    assert.equal(d.version, DATASET_DESCRIPTOR_VERSION);
    assert.deepEqual(parseDatasetDescriptor(JSON.parse(JSON.stringify(d)), name), d);
    assert.equal(d.train.count + d.test.count > 0, true);
  }
  assert.equal(getDescriptor('cifar10').archive?.md5, 'c32a1d4ab5d03f1284b67883e8d87530');
  assert.equal(getDescriptor('cifar100').archive?.md5, '03b5dce01913d631647c71ecec9e9cb8');
  assert.deepEqual(getDescriptor('cifar100').mean, [0.50707516, 0.48654887, 0.44091785]);
});

test('bad descriptors are rejected with the field, the value and what was expected', () => {
  const good = JSON.parse(JSON.stringify(getDescriptor('fashion-mnist'))) as Record<string, unknown>;
  const bad = (patch: Record<string, unknown>) => () => parseDatasetDescriptor({ ...good, ...patch }, 'd.json');
  assert.throws(bad({ kind: 'other' }), /^NaschainError: d\.json\.kind: got "other", expected "naschain\/dataset"$/);
  assert.throws(bad({ version: 2 }), /d\.json\.version: got 2, expected 1/);
  assert.throws(bad({ format: 'png' }), /d\.json\.format: got "png", expected one of idx, cifar10-binary, cifar100-binary/);
  assert.throws(bad({ classNames: ['a'] }), /d\.json\.classNames: got \["a"\], expected 10 strings/);
  assert.throws(bad({ mean: [0.1, 0.2] }), /d\.json\.mean: got \[0\.1,0\.2\], expected 1 numbers in \[0, 1\]/);
  assert.throws(bad({ std: [0] }), /d\.json\.std: got \[0\], expected no zero entries/);
  assert.throws(bad({ train: { files: ['x.gz', 'y.gz'], count: 5 } }), /d\.json\.train\.files: got "x\.gz", expected a name listed in files/);
  assert.throws(bad({ test: { files: [(good.test as { files: string[] }).files[0]], count: 5 } }), /d\.json\.test\.files: .*expected an images file and a labels file/);
  assert.throws(bad({ files: [{ name: '../etc/passwd' }] }), /d\.json\.files\[0\]\.name: got "\.\.\/etc\/passwd", expected a plain file name/);
  assert.throws(bad({ files: (good.files as object[]).map((f) => ({ ...f, md5: 'XYZ' })) }), /d\.json\.files\[0\]\.md5: got "XYZ", expected lower-case hex/);
  assert.throws(bad({ files: (good.files as object[]).map((f) => ({ ...f, url: undefined })) }), /every file needs a url when there is no archive/);
});
