// Scans and queries read page after page with the SDK's own paginators
// (LastEvaluatedKey handed back as ExclusiveStartKey), items unmarshalled.
import { paginateQuery, paginateScan, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from './clients.ts';

type Row = Record<string, unknown>;

/** Every item a query matches, page by page, as plain objects. */
export async function* queryItems(input: QueryCommandInput): AsyncGenerator<Row> {
  for await (const page of paginateQuery({ client: dynamodb }, input)) for (const item of page.Items ?? []) yield unmarshall(item);
}

/** Every item a scan returns, page by page, as plain objects. */
export async function* scanItems(input: ScanCommandInput): AsyncGenerator<Row> {
  for await (const page of paginateScan({ client: dynamodb }, input)) for (const item of page.Items ?? []) yield unmarshall(item);
}

/**
 * The first `max` items (all of them by default); no page is read past the
 * one that reaches `max`, so a bounded read stays bounded on a large table.
 */
export async function collect(items: AsyncGenerator<Row>, max = Number.POSITIVE_INFINITY): Promise<Row[]> {
  const rows: Row[] = [];
  if (max <= 0) return rows;
  for await (const row of items) {
    rows.push(row);
    if (rows.length >= max) break;
  }
  return rows;
}
