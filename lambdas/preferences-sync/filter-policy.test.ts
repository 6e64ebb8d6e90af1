import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Preferences } from '../commons/preferences.ts';
import { EVERYTHING, filterPolicyFor, NOTHING } from './filter-policy.ts';

const base: Preferences = { subscriber: 'ann@example.com', authors: [], muted_keywords: [], kinds: [], mode: 'instant' };

test('no preferences, or none set: everything', () => {
  assert.equal(filterPolicyFor(undefined), EVERYTHING);
  assert.equal(filterPolicyFor(base), EVERYTHING);
  assert.equal(filterPolicyFor({ ...base, kinds: ['message', 'reply'] }), EVERYTHING);
});

test('digest: nothing instantly', () => {
  assert.equal(filterPolicyFor({ ...base, mode: 'digest', authors: ['alice'] }), NOTHING);
});

test('authors, one kind and muted keywords, together', () => {
  assert.equal(filterPolicyFor({ ...base, authors: ['alice', 'bob'], kinds: ['reply'], muted_keywords: ['spoiler'] }), {
    author: ['alice', 'bob'],
    kind: ['reply'],
    $or: [{ keywords: [{ exists: false }] }, { keywords: [{ 'anything-but': ['spoiler'] }] }],
  });
});

test.run();
