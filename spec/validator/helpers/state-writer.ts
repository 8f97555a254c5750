// Child process for the kill -9 spec: writes results in a loop and prints the
// index of each put after it has returned (committed), until it is killed.
// Usage: node state-writer.js <stateDir> <keys>
import { writeSync } from 'node:fs';
import { StateStore } from '../../../lib/validator/state-store.js';
import { writerKey, writerKind, writerMetrics, writerRetrain } from './state-writer-data.js';

const [stateDir, keysArg] = process.argv.slice(2);
if (!stateDir || !keysArg) throw new Error('usage: state-writer <stateDir> <keys>');
const keys = Number(keysArg);
const store = StateStore.open(stateDir);
for (let i = 0; ; i++) {
  const key = writerKey(i % keys);
  // Rounds over the keys cycle evaluation, retrain, rejection: every put kind is exercised.
  const kind = writerKind(i, keys);
  if (kind === 'evaluation') store.putEvaluation(key, writerMetrics(i));
  else if (kind === 'retrain') store.putRetrain(key, writerRetrain(i));
  else store.putRejection(key, 'load-failed', `write ${i}`);
  writeSync(1, `${i}\n`);
}
