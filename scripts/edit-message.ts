// Lab 1, step 6: edits or deletes a message, as the lab's app would; the
// stream processor then announces message_edited (with the previous text) or
// message_deleted. The same on both targets.
import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ifConditionHolds } from '../lambdas/commons/conditional-write.ts';
import { parseCli, run, textOption } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'edit the text of a lab 1 message, or delete it (each change becomes a notification)',
    usage: ['  --id MESSAGE_ID      the message (insert-messages.ts prints the ids)', '  --text TEXT          its new text', '  --delete             delete it instead'],
    examples: ['npx tsx scripts/edit-message.ts --id 6f1c… --text "edited text"', 'npx tsx scripts/edit-message.ts --id 6f1c… --delete'],
    options: { id: { type: 'string' }, text: { type: 'string' }, delete: { type: 'boolean', default: false } },
  });
  const target = loadTarget(args.target);
  const text = textOption('text', args.text, 1000);
  if (!args.id) throw new UsageError('--id is required');
  if ((text === undefined) === !args.delete) throw new UsageError('give either --text or --delete');
  const { dynamodb } = clientsFor(target);
  const table = target.lab1.messages_table;
  const key = marshall({ message_id: args.id });
  const missing = () => new SetupError(`no such message: ${args.id} (npx tsx scripts/table.ts --table messages lists them)`);
  if (args.delete) {
    const deleted = await ifConditionHolds(dynamodb.send(new DeleteItemCommand({ TableName: table, Key: key, ConditionExpression: 'attribute_exists(message_id)', ReturnValues: 'ALL_OLD' })));
    if (!deleted) throw missing();
    console.log(`✓ deleted ${args.id} ("${String(unmarshall(deleted.Attributes!)['text'] ?? '')}"): expect a message_deleted notification.`);
  } else {
    const edited = await ifConditionHolds(
      dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET #t = :t',
          ConditionExpression: 'attribute_exists(message_id)',
          ExpressionAttributeNames: { '#t': 'text' },
          ExpressionAttributeValues: marshall({ ':t': text }),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    if (!edited) throw missing();
    console.log(`✓ edited ${args.id}: "${String(unmarshall(edited.Attributes!)['text'] ?? '')}" → "${text}": expect a message_edited notification.`);
  }
});
