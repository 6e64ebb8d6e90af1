// Ships function log lines to the emulator's CloudWatch Logs, batched, so that
// `aws logs tail` and the Terraform-created log group show them as on AWS.
import { CreateLogStreamCommand, PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export class LogShipper {
  private buffer: { timestamp: number; message: string }[] = [];
  private created = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly group: string,
    readonly stream: string,
  ) {}

  push(message: string): void {
    this.buffer.push({ timestamp: Date.now(), message });
    this.timer ??= setTimeout(() => void this.flush(), 250);
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    const events = this.buffer;
    this.buffer = [];
    if (events.length === 0) return;
    try {
      if (!this.created) {
        await this.logs.send(new CreateLogStreamCommand({ logGroupName: this.group, logStreamName: this.stream }));
        this.created = true;
      }
      await this.logs.send(new PutLogEventsCommand({ logGroupName: this.group, logStreamName: this.stream, logEvents: events }));
    } catch (error) {
      // Logs are best effort (the group may be gone after `make destroy`); the console still has them.
      console.error(`log shipping to ${this.group} failed: ${(error as Error).message}`);
    }
  }
}
