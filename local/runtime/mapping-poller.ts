// What every event source mapping poller shares: its mapping (refreshed by
// discovery), its function, and a stop that wakes it from its sleep.
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { nameOf } from '@streamlab/kit/arn';
import type { Wakeups } from './wakeups.ts';

export abstract class MappingPoller {
  protected stopped = false;
  /** Settles when the poller has stopped. */
  abstract readonly done: Promise<void>;

  constructor(
    protected mapping: EventSourceMappingConfiguration,
    private readonly wakeupsOfPoller: Wakeups,
  ) {}

  get uuid(): string {
    return this.mapping.UUID!;
  }

  /** Takes the mapping as discovery last read it (state, batch size, filters ...). */
  update(mapping: EventSourceMappingConfiguration): void {
    const changedState = mapping.State !== this.mapping.State;
    this.mapping = mapping;
    if (changedState) this.wakeupsOfPoller.wake(this.sourceArn); // enabled or disabled: act now, not at the next safety-net poll
  }

  stop(): void {
    this.stopped = true;
    this.wakeupsOfPoller.wake(this.sourceArn);
  }

  protected get sourceArn(): string {
    return this.mapping.EventSourceArn!;
  }

  protected get functionName(): string {
    return nameOf(this.mapping.FunctionArn!);
  }

  /** The function as the mapping names it: its ARN, qualified when the mapping is for a version or an alias. */
  protected get functionArn(): string {
    return this.mapping.FunctionArn!;
  }
}
