// The lab's event source mappings, found by function and changed for a
// measurement: lab 4's consumers switched off, lab 1's ParallelizationFactor raised.
import { type EventSourceMappingConfiguration, ListEventSourceMappingsCommand, type UpdateEventSourceMappingRequest, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { type Bench, sleep } from './context.ts';

/** The mappings of the named functions (DynamoDB streams only, with `streamsOnly`). */
export async function mappingsOf({ clients }: Bench, functionNames: string[], streamsOnly = false): Promise<EventSourceMappingConfiguration[]> {
  const { EventSourceMappings = [] } = await clients.lambda.send(new ListEventSourceMappingsCommand({}));
  return EventSourceMappings.filter(
    (m) => functionNames.some((n) => m.FunctionArn?.endsWith(`:function:${n}`)) && (!streamsOnly || m.EventSourceArn?.includes(':dynamodb:')),
  );
}

/** Applies `change` to each mapping, then waits for the runtime to see it. */
export async function updateMappings({ clients }: Bench, uuids: string[], change: Omit<UpdateEventSourceMappingRequest, 'UUID'>): Promise<void> {
  for (const UUID of uuids) await clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID, ...change }));
  // The runtime sees the change on its next discovery (a nudge, or its safety-net interval).
  await sleep(3000);
}
