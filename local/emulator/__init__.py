"""streamlab's local AWS emulator: moto's server, patched.

moto holds all AWS state. Each module here is one change that makes moto a
faithful target for Terraform and for the local Lambda runtime
(local/runtime/), and docs/local-runtime.md's table of rules names the module
of each row. `python -m emulator` (local/up.sh, with local/ on PYTHONPATH)
checks moto against every patch (patching.py; it refuses to start on a
mismatch), then serves app.py with granian, which installs them.

  patching          the registry's machinery: Patch, wrap/replace/add, check, install
  registry/         where each change goes: one module per service, one Patch
                    per moto attribute, its layers outermost first
  contract          the wire formats shared with the runtime: ports, nudges,
                    the async inbox (local/runtime/protocol.ts is the spec)

Behaviour, as on AWS:
  invocations_off   moto's own Lambda invocation is switched off: the runtime
                    reads streams and queues through the public APIs instead
  nudges            a stream record, a queue message or a config change
                    nudges the runtime (one UDP datagram)
  lambda_api        Lambda's API rules moto lacks: mapping checks at creation,
                    the account's concurrency quota, GetAccountSettings
  lambda_invoke     Invoke: Event to the inbox, RequestResponse forwarded to
                    the runtime, TooManyRequestsException when throttled
  sns_email         email subscriptions start pending; the confirmation and
                    every notification land as .eml files in the outbox
  sns_delivery      SNS -> SQS/Lambda checks the queue or function policy,
                    counts delivered/failed, and keeps a refused message in
                    the subscription's DLQ
  sns_signing       one signing certificate per region for SNS envelopes
  sqs_message_move  DLQ redrive: StartMessageMoveTask, List-, Cancel-
  hop_counts        counts of every hop a message makes (published, delivered,
                    sent, received, deleted, to a DLQ, ...), served at
                    contract.HOP_COUNTS_PATH for `make hops` and the console
  atomic            DynamoDB writes and SQS queue changes are atomic, as on AWS
  terraform_fixes   moto bugs that keep Terraform plans from settling
  iam_enforcement   a role's calls are checked against its policies
                    (iam_policy.py evaluates them; trace_file.py records
                    the denials in the instance's trace)

Speed only, with moto's answers unchanged:
  speed_dispatch    routing, dispatch, backend lookups and request ids done once
  speed_sqs         sends and receives that do not count the whole queue
  speed_cloudwatch  metric datapoints indexed by metric and time
  direct_dispatch   a request for a response class's dispatch skips Flask's
                    per-request machinery (app.py wraps moto's app in it)

Configuration (environment; local/up.sh sets all of it):
  STREAMLAB_PORT          port to listen on (default 4566)
  STREAMLAB_NUDGE_PORT    UDP port of the local runtime
  STREAMLAB_RUNTIME_PORT  HTTP port of the local runtime
  STREAMLAB_CONSOLE_URL   the lab console, for confirmation links
  STREAMLAB_OUTBOX        folder for .eml files (default ./outbox)
  STREAMLAB_INBOX         folder for asynchronous invocations (default ./inbox)
  STREAMLAB_TRACE         the instance's trace.jsonl (unset: no trace lines)
  STREAMLAB_IAM           off: no IAM enforcement
  STREAMLAB_ACCOUNT_CONCURRENCY  the account's Lambda concurrency quota (1000)
"""

import os

# Before moto is imported anywhere: IAM enforcement needs AWS's managed policies.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
