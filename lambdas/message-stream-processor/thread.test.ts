import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Message } from './message.ts';
import { chainLines, threadChain } from './thread.ts';

/** A thread of `depth` replies, each to the one before: m0 (the root) … m<depth>. */
function thread(depth: number): Message[] {
  return Array.from({ length: depth + 1 }, (_, i) => ({
    message_id: `m${i}`,
    author: `author${i}`,
    text: `text ${i}`,
    timestamp: `2026-12-04T10:00:0${i}Z`,
    thread_id: 'm0',
    ...(i > 0 ? { reply_to_message_id: `m${i - 1}` } : {}),
  }));
}

test('a root message has no chain', () => {
  assert.is(threadChain(thread(0)[0]!, thread(0)), undefined);
});

test('a direct reply shows the root', () => {
  const t = thread(1);
  assert.equal(threadChain(t[1]!, t), { thread_id: 'm0', depth: 1, chain: [{ message_id: 'm0', author: 'author0', text: 'text 0' }], elided: 0 });
});

test('a reply five deep shows the root, elides two, shows the last two, then the new one', () => {
  const t = thread(5);
  const chain = threadChain(t[5]!, [...t].reverse())!; // order of the query does not matter
  assert.is(chain.depth, 5);
  assert.equal(chain.chain.map((e) => e.message_id), ['m0', 'm3', 'm4']);
  assert.is(chain.elided, 2);
  assert.equal(chainLines(chain, t[5]!), ['Thread (reply 5 deep):', '  author0: text 0', '  … 2 more replies …', '  author3: text 3', '  author4: text 4', '  → author5: text 5']);
});

test('siblings in the thread are not in the chain: only the reply path', () => {
  const t = thread(2);
  const sibling: Message = { message_id: 'x', author: 'x', text: 'sibling', timestamp: '2026-12-04T10:00:09Z', thread_id: 'm0', reply_to_message_id: 'm0' };
  assert.equal(threadChain(t[2]!, [...t, sibling])!.chain.map((e) => e.message_id), ['m0', 'm1']);
});

test('a deleted message in the path breaks the chain, and says so', () => {
  const t = thread(3).filter((m) => m.message_id !== 'm1');
  const chain = threadChain(t[2]!, t)!;
  assert.is(chain.broken, true);
  assert.equal(chain.chain.map((e) => e.message_id), ['m2']);
  assert.ok(chainLines(chain, t[2]!).some((l) => l.includes('was deleted')));
});

test('long texts are cut in the chain', () => {
  const t = thread(1);
  t[0]!.text = 'y'.repeat(500);
  assert.is(threadChain(t[1]!, t)!.chain[0]!.text.length, 120);
});

test.run();
