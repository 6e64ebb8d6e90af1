// Stream checkpoints: the only state the runtime keeps (the emulator holds the
// rest), written atomically so a restart resumes after the last processed record.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Checkpoints {
  private readonly file: string;
  private readonly values: Record<string, string>;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'checkpoints.json');
    this.values = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  get(key: string): string | undefined {
    return this.values[key];
  }

  set(key: string, sequenceNumber: string): void {
    this.values[key] = sequenceNumber;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values, null, 2));
    renameSync(tmp, this.file);
  }
}
