// The shapes the console's server answers with (console/server/*.ts).
export type { Hop, Pipeline } from '../server/pipelines.ts';
export type { Timeline, Attempt } from '../server/timeline.ts';
export type { Chart } from '../server/metrics.ts';
