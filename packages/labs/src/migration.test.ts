import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrationSteps } from './migration.ts';

const names = (steps: ReturnType<typeof migrationSteps>) => steps.map((s) => s.name);

test('sqs → sns: expand, switch, drain sqs, contract to sns alone', () => {
  const steps = migrationSteps({ delivery_mode: 'sqs', ingest_paths: ['sqs'] }, 'sns');
  assert.equal(names(steps), ['expand', 'switch', 'drain', 'contract']);
  assert.equal(steps[0], { name: 'expand', vars: { delivery_mode: 'sqs', ingest_paths: ['sqs', 'sns'] }, why: steps[0]!.why });
  assert.equal((steps[1] as { vars: unknown }).vars, { delivery_mode: 'sns', ingest_paths: ['sqs', 'sns'] });
  assert.equal((steps[2] as { path: string }).path, 'sqs');
  assert.equal((steps[3] as { vars: unknown }).vars, { delivery_mode: 'sns' });
});

test('the rollback is the same steps towards sqs', () => {
  const steps = migrationSteps({ delivery_mode: 'sns', ingest_paths: ['sns'] }, 'sqs');
  assert.equal(names(steps), ['expand', 'switch', 'drain', 'contract']);
  assert.equal((steps[2] as { path: string }).path, 'sns');
});

test('a migration stopped half way resumes where it stopped', () => {
  assert.equal(names(migrationSteps({ delivery_mode: 'sqs', ingest_paths: ['sqs', 'sns'] }, 'sns')), ['switch', 'drain', 'contract']);
  assert.equal(names(migrationSteps({ delivery_mode: 'sns', ingest_paths: ['sqs', 'sns'] }, 'sns')), ['drain', 'contract']);
});

test('nothing to do when only the target path is deployed', () => {
  assert.equal(migrationSteps({ delivery_mode: 'sns', ingest_paths: ['sns'] }, 'sns'), []);
});

test.run();
