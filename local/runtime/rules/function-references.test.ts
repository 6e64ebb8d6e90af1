// References to a function and alias routing, as the Lambda developer guide describes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { referenceOf, versionFor, withQualifier } from './function-references.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders';

test('a name, "name:qualifier" and an ARN, qualified or not, name the function and its qualifier', () => {
  assert.equal(referenceOf('orders'), { name: 'orders' });
  assert.equal(referenceOf('orders:live'), { name: 'orders', qualifier: 'live' });
  assert.equal(referenceOf(ARN), { name: 'orders' });
  assert.equal(referenceOf(`${ARN}:7`), { name: 'orders', qualifier: '7' });
  assert.equal(referenceOf(`${ARN}:$LATEST`), { name: 'orders', qualifier: '$LATEST' });
});

test("an invocation record's functionArn keeps a qualifier and adds $LATEST to an unqualified ARN", () => {
  assert.is(withQualifier(ARN), `${ARN}:$LATEST`);
  assert.is(withQualifier(`${ARN}:live`), `${ARN}:live`);
});

test("an alias sends an event to an additional version with that version's weight as its probability", () => {
  const route = { version: '2', weights: [['3', 0.1]] as [string, number][] };
  assert.is(versionFor(route, 0), '3');
  assert.is(versionFor(route, 0.0999), '3');
  assert.is(versionFor(route, 0.1), '2');
  assert.is(versionFor(route, 0.99), '2');
  const draws = Array.from({ length: 1000 }, (_, i) => versionFor(route, i / 1000));
  assert.is(draws.filter((v) => v === '3').length, 100);
  assert.is(versionFor({ version: '$LATEST', weights: [] }, 0.5), '$LATEST');
});

test.run();
