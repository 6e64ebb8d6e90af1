// A subscriber's preferences as the SNS filter policy of their email
// subscription to message-notifications (lab 4). Pure; the policy matches the
// message attributes the stream processor publishes (author, kind, keywords).

import type { Preferences } from '../commons/preferences.ts';

export type FilterPolicy = Record<string, unknown>;

/** Matches every notification: each has an event_type. (A subscription without a policy gets everything too; this keeps one shape.) */
export const EVERYTHING: FilterPolicy = { event_type: [{ exists: true }] };
/** Matches none: a digest subscriber gets no instant email. */
export const NOTHING: FilterPolicy = { event_type: [{ exists: false }] };

export function filterPolicyFor(preferences: Preferences | undefined): FilterPolicy {
  if (!preferences) return EVERYTHING;
  if (preferences.mode === 'digest') return NOTHING;
  const policy: FilterPolicy = {};
  if (preferences.authors.length > 0) policy['author'] = preferences.authors;
  if (preferences.kinds.length === 1) policy['kind'] = preferences.kinds;
  if (preferences.muted_keywords.length > 0) {
    // anything-but passes a message none of whose keywords is muted; a message
    // with no keywords has no attribute at all, which anything-but does not
    // match, so "or it has none" is spelled out.
    policy['$or'] = [{ keywords: [{ exists: false }] }, { keywords: [{ 'anything-but': preferences.muted_keywords }] }];
  }
  return Object.keys(policy).length > 0 ? policy : EVERYTHING;
}
