// Whether an account can reserve `requested` concurrent executions for one
// function. Lambda keeps min(100, the account's concurrency quota) unreserved
// for every other function ("Configuring reserved concurrency", Lambda
// developer guide), so a new account whose quota is 10 can reserve nothing.

export interface QuotaInput {
  /** AccountLimit.ConcurrentExecutions */
  quota: number;
  /** AccountLimit.UnreservedConcurrentExecutions */
  unreserved: number;
  /** What the function reserves now (it is given back before the new value applies). */
  current: number;
  requested: number;
}

/** Undefined when the reservation fits; otherwise why not, and what to do. */
export function concurrencyProblem({ quota, unreserved, current, requested }: QuotaInput): string | undefined {
  if (requested < 0) return undefined; // unreserved: nothing to check
  const minimum = Math.min(100, quota);
  const reservable = unreserved + current - minimum;
  if (requested <= reservable) return undefined;
  return (
    `lab 3 reserves ${requested} concurrent executions for the background processor, but this account can reserve ${Math.max(0, reservable)} ` +
    `(its concurrency quota is ${quota}, and Lambda keeps ${minimum} unreserved). ` +
    'Set processor_reserved_concurrency = -1 in terraform/terraform.tfvars to run it unreserved, ' +
    'or ask for a higher "Concurrent executions" quota in Service Quotas and apply again.'
  );
}
