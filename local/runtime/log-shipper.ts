// Ships function log lines to the emulator's CloudWatch Logs, batched, so that
// `aws logs tail` and the console show them as on AWS. As Lambda does, it acts
// with the function's execution role: the log group (LoggingConfig's, or
// /aws/lambda/<name>) is created on first use when the role allows
// logs:CreateLogGroup, and without it, or without logs:CreateLogStream /
// logs:PutLogEvents, the lines are dropped (the trace keeps them).
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export class LogShipper {
  private buffer: { timestamp: number; message: string }[] = [];
  private created = false;
  private timer: NodeJS.Timeout | undefined;
  /** The last reason lines were dropped, reported once until it changes. */
  private lastProblem = '';
  private shipping: Promise<void> = Promise.resolve();

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly group: string,
    readonly stream: string,
    private readonly onProblem: (message: string) => void = (message) => console.error(message),
  ) {}

  push(message: string): void {
    this.buffer.push({ timestamp: Date.now(), message });
    this.timer ??= setTimeout(() => void this.flush(), 250);
  }

  private async createStream(): Promise<void> {
    const alreadyThere = (e: Error) => {
      if (e.name !== 'ResourceAlreadyExistsException') throw e;
    };
    try {
      await this.logs.send(new CreateLogStreamCommand({ logGroupName: this.group, logStreamName: this.stream })).catch(alreadyThere);
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      // No group yet: Lambda creates it, with the role's logs:CreateLogGroup.
      await this.logs.send(new CreateLogGroupCommand({ logGroupName: this.group })).catch(alreadyThere);
      await this.logs.send(new CreateLogStreamCommand({ logGroupName: this.group, logStreamName: this.stream })).catch(alreadyThere);
    }
  }

  /** Ships what is buffered, after any shipping still under way (one stream, in order). */
  flush(): Promise<void> {
    this.timer = undefined;
    this.shipping = this.shipping.then(() => this.ship());
    return this.shipping;
  }

  private async ship(): Promise<void> {
    const events = this.buffer;
    this.buffer = [];
    if (events.length === 0) return;
    try {
      if (!this.created) {
        await this.createStream();
        this.created = true;
      }
      await this.logs.send(new PutLogEventsCommand({ logGroupName: this.group, logStreamName: this.stream, logEvents: events }));
      this.lastProblem = '';
    } catch (error) {
      const problem = `${(error as Error).name}: ${(error as Error).message}`;
      if (problem !== this.lastProblem) this.onProblem(`log lines to ${this.group} dropped, as on AWS: ${problem}`);
      this.lastProblem = problem;
    }
  }
}
