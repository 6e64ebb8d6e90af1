// Lab 3: reads submissions (one per message_id) and waits for them to complete.
import { BatchGetItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Submission } from '../../../lambdas/commons/submission.ts';
import type { ScriptClients } from '@streamlab/kit/clients';

export type { Submission } from '../../../lambdas/commons/submission.ts';

export async function getSubmission(clients: ScriptClients, table: string, messageId: string): Promise<Submission | undefined> {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: { message_id: { S: messageId } }, ConsistentRead: true }));
  return Item ? (unmarshall(Item) as Submission) : undefined;
}

/** Every submission of the table (a lab-sized table: a Scan is fine here). */
export async function allSubmissions(clients: ScriptClients, table: string): Promise<Submission[]> {
  const out: Submission[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await clients.dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(page.Items ?? []).map((item) => unmarshall(item) as Submission));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * Waits until every id is completed; returns the completed submissions by id
 * (missing ones absent). One BatchGetItem per 100 pending ids and round, so
 * that waiting on a burst does not load the target it measures.
 */
export async function waitForCompleted(clients: ScriptClients, table: string, ids: string[], timeoutMs: number): Promise<Map<string, Submission>> {
  const done = new Map<string, Submission>();
  const deadline = Date.now() + timeoutMs;
  let pending = [...ids];
  while (pending.length > 0 && Date.now() < deadline) {
    for (let i = 0; i < pending.length; i += 100) {
      const Keys = pending.slice(i, i + 100).map((id) => ({ message_id: { S: id } }));
      const page = await clients.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys, ConsistentRead: true } } }));
      for (const item of page.Responses?.[table] ?? []) {
        const s = unmarshall(item) as Submission;
        if (s.status === 'completed') done.set(s.message_id, s);
      }
    }
    pending = pending.filter((id) => !done.has(id));
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 50));
  }
  return done;
}
