// The committed submission fixtures and their round config, shared by the
// round specs; and the outcome every run of that round must reproduce.
import { join } from 'node:path';
import { repoRoot } from '../../../helpers/cli.js';

export const SUBMISSIONS = join(repoRoot, 'spec/fixtures/submissions');
export const CONFIG = join(repoRoot, 'spec/fixtures/submissions-config.json');

/**
 * What bittensor's convert_weights_and_uids_for_emit gives for this round's
 * rewards (honest-small 79%/2,000/10,000, honest-medium 81%/4,000/20,000,
 * honest-large 82%/8,000/50,000 rounded MACs as upstream counts them, issue 13;
 * min allowed 1, max limit 1.0), checked with numpy: rewards 0.25870132,
 * 0.4091196, 0.33217907.
 */
export const GOLDEN_WEIGHTS = { uids: [1, 2, 3], weights: [41440, 65535, 53210] };

/** Malformed fixture -> the reason it must be rejected with. */
export const EXPECTED_REJECTIONS: Record<string, string> = {
  'bad-custom-class': 'disallowed-layer',
  'bad-lambda-layer': 'disallowed-layer',
  'bad-non-finite': 'non-finite-weights',
  'bad-output-units': 'output-units',
  'bad-shard-size': 'shard-size-mismatch',
  'bad-submission-json': 'bad-submission',
  'bad-weights-path': 'bad-weights-path',
};
