// Lab 3's migration and rollback under live traffic (local/test.sh runs this
// with MIGRATE_TO=sqs, the rollback, and later MIGRATE_TO=sns, the migration):
// signed webhooks at 5 per second throughout scripts/migrate.ts; every 202 must
// end as exactly one completed submission and one reply, and no request may be
// refused because of the switch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeReport, migrateUnderTraffic } from '@streamlab/labs/migration-traffic';
import { loadTarget } from '@streamlab/kit/target';

const to = process.env['MIGRATE_TO'];
if (to !== 'sns' && to !== 'sqs') throw new Error('MIGRATE_TO must be sns or sqs');

test(`migrate to ${to} under 5 webhooks/s: 0 lost, 0 duplicated, 0 refused`, async () => {
  const report = await migrateUnderTraffic('local', to, { ratePerSecond: 5 });
  const lines = describeReport(report);
  console.log(lines.join('\n'));
  const stateDir = loadTarget('local').stateDir;
  writeFileSync(join(stateDir, `migration-to-${to}.json`), JSON.stringify({ ...report, migrateOutput: undefined }, null, 2));
  writeFileSync(join(stateDir, `migration-to-${to}.log`), report.migrateOutput);
  assert.ok(report.accepted > 100, `a steady stream was accepted (${report.accepted})`);
  assert.equal(report.refused, {}, `no request refused: ${lines[0]}`);
  assert.equal(report.lost, [], 'every accepted message completed');
  assert.equal(report.duplicated, [], 'no message replied to twice');
  assert.equal(report.withoutReply, [], 'every completed message replied to');
  assert.equal(report.steps.map((s) => s.name), ['expand', 'switch', 'drain', 'contract']);
  assert.is(loadTarget('local').lab3.delivery_mode, to);
  assert.equal(loadTarget('local').lab3.ingest_paths, [to]);
});

test.run();
