// What every measurement of the bench gets: the target, its clients, how many
// runs to make, where to log and the report its rows go to.
import type { ScriptClients } from '@streamlab/kit/clients';
import type { Target } from '@streamlab/kit/target';
import type { Report } from './report.ts';

export interface Bench {
  target: Target;
  clients: ScriptClients;
  runs: number;
  report: Report;
  log: (line: string) => void;
}

export { sleep } from '@streamlab/kit/wait';
