"""Start moto's server as streamlab's local AWS emulator.

moto holds all AWS state. These patches make it usable as a target for
Terraform and for streamlab's local Lambda runtime (local/runtime/):

1. moto's own Lambda invocation is switched off. Without Docker it still "invokes"
   functions, and in doing so it wipes DynamoDB stream records and receives SQS
   messages itself (raising their receive count). Our runtime reads streams and
   queues through the public APIs instead; the launcher only nudges it (a UDP
   datagram) when a record or message arrives, so it can read at once.
2. Email subscriptions behave like AWS: they start pending, a confirmation email
   and every notification land as .eml files in the outbox, and ConfirmSubscription
   checks the token.
3. Three moto bugs that keep Terraform plans from settling are fixed
   (DeadLetterConfig, redrive policy whitespace, lost queue policy).
4. Asynchronous invocations (SNS -> Lambda, Invoke with InvocationType=Event)
   are written to an inbox folder, one JSON file each, which the runtime
   processes with Lambda's retry rules: a stopped runtime loses nothing.
   Synchronous Invoke calls are forwarded to the runtime over HTTP.
5. DynamoDB writes are atomic, as on AWS: moto's server is threaded, and
   without a lock two concurrent conditional puts on one key could both pass
   their condition (lab 3's idempotency depends on this).
6. SNS -> Lambda delivery checks that the function exists and that its
   resource policy lets this topic invoke it; a delivery that fails counts in
   AWS/SNS NumberOfNotificationsFailed (NumberOfNotificationsDelivered else),
   and the message goes to the subscription's dead-letter queue if it has one.
7. Speed: moto lists its own package folder on every request to route it, and
   the methods of the service's response class to dispatch it, and werkzeug
   logs every request line; the first two are cached, the third is off.
8. SQS DLQ redrive: StartMessageMoveTask, ListMessageMoveTasks and
   CancelMessageMoveTask, which moto lacks (local/sqs_message_move.py).

See ../shared/notes/terraform-on-moto.md and docs/local-runtime.md.

Configuration (environment):
  STREAMLAB_PORT          port to listen on (default 4566)
  STREAMLAB_OUTBOX        folder for .eml files (default ./outbox)
  STREAMLAB_INBOX         folder for asynchronous invocations (default ./inbox)
  STREAMLAB_NUDGE_PORT    UDP port of the local runtime (default: port + 1)
  STREAMLAB_RUNTIME_PORT  HTTP port of the local runtime (default: port + 2)
  STREAMLAB_CONSOLE_URL   the lab console, for confirmation links (default: port + 3)
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import os
import socket
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

import iam_enforcement  # noqa: E402  (local/iam_enforcement.py, beside this file)
import iam_policy  # noqa: E402
import sqs_message_move  # noqa: E402  (local/sqs_message_move.py: StartMessageMoveTask)
import trace_file  # noqa: E402
from moto import backends as moto_backends  # noqa: E402
from moto import server  # noqa: E402
from moto.core import responses as moto_responses  # noqa: E402
from moto.core import utils as moto_utils  # noqa: E402
from moto.moto_server.werkzeug_app import MotoRequestHandler  # noqa: E402
from moto.core.exceptions import JsonRESTError  # noqa: E402
from moto.awslambda import models as lambda_models  # noqa: E402
from moto.awslambda import responses as lambda_responses  # noqa: E402
from moto.awslambda import urls as lambda_urls  # noqa: E402
from moto.cloudwatch import models as cloudwatch_models  # noqa: E402
from moto.cloudwatch.models import cloudwatch_backends  # noqa: E402
from moto.dynamodb import models as ddb_models  # noqa: E402
from moto.dynamodb.models import table as ddb_table  # noqa: E402
from moto.dynamodb import responses as ddb_responses  # noqa: E402
from moto.sns import models as sns_models  # noqa: E402
from moto.sns import responses as sns_responses  # noqa: E402
from moto.sns.exceptions import SNSInvalidParameter  # noqa: E402
from moto.sqs import models as sqs_models  # noqa: E402

log = logging.getLogger("streamlab.emulator")

PORT = int(os.environ.get("STREAMLAB_PORT", "4566"))
OUTBOX = Path(os.environ.get("STREAMLAB_OUTBOX", "outbox")).resolve()
NUDGE_PORT = int(os.environ.get("STREAMLAB_NUDGE_PORT", str(PORT + 1)))
INBOX = Path(os.environ.get("STREAMLAB_INBOX", "inbox")).resolve()
RUNTIME_PORT = int(os.environ.get("STREAMLAB_RUNTIME_PORT", str(PORT + 2)))
# The lab console, whose /confirmation.html a confirmation email links to, as AWS links to its own page.
CONSOLE_URL = os.environ.get("STREAMLAB_CONSOLE_URL", f"http://127.0.0.1:{PORT + 3}")


def patch(owner: Any, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Replace owner.name by the decorated function, which receives the original first."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        original = getattr(owner, name)

        @functools.wraps(original)
        def patched(*args: Any, **kwargs: Any) -> Any:
            return fn(original, *args, **kwargs)

        setattr(owner, name, patched)
        return patched

    return wrap


# ---------------------------------------------------------------- nudges --
_nudge_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
_nudge_socket.setblocking(False)


def nudge(kind: str, arn: str) -> None:
    """Tell the runtime that `arn` has new data. Fire and forget: a lost nudge
    only means the runtime's slow safety-net poll picks the data up instead."""
    try:
        _nudge_socket.sendto(f"{kind} {arn}".encode(), ("127.0.0.1", NUDGE_PORT))
    except OSError:
        pass


class _HiddenMappings:
    """Hide an owner's event source mappings while moto runs `fn`, so moto does
    not try to invoke Lambda (and consume the data) itself."""

    _lock = threading.RLock()

    def __init__(self, owner: Any) -> None:
        self.owner = owner

    def __enter__(self) -> None:
        self._lock.acquire()
        self.saved = self.owner.lambda_event_source_mappings
        self.owner.lambda_event_source_mappings = {}

    def __exit__(self, *exc: object) -> None:
        self.owner.lambda_event_source_mappings = self.saved
        self._lock.release()


@patch(sqs_models.Queue, "add_message")
def _queue_add_message(original: Any, self: Any, message: Any) -> None:
    with _HiddenMappings(self):
        original(self, message)
    nudge("sqs", self.queue_arn)


# One write request is one nudge: the records of a BatchWriteItem or
# TransactWriteItems reach the stream together, and Lambda (which polls a
# shard about four times a second) reads them as one batch. Nudging per record
# would let the poller read the first record alone.
_deferred = threading.local()


@patch(ddb_table.StreamShard, "add")
def _shard_add(original: Any, self: Any, old: Any, new: Any) -> None:
    with _HiddenMappings(self.table):
        original(self, old, new)
    pending = getattr(_deferred, "tables", None)
    if pending is None:
        nudge("ddb", self.table.table_arn)
    else:
        pending.add(self.table.table_arn)


def _one_nudge_per_request(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _deferred.tables = set()
    try:
        return original(self, *args, **kwargs)
    finally:
        tables, _deferred.tables = _deferred.tables, None
        for arn in tables:
            nudge("ddb", arn)


for _name in ("batch_write_item", "transact_write_items"):
    patch(ddb_responses.DynamoHandler, _name)(_one_nudge_per_request)


# A change to what the runtime runs (a function, a mapping, a schedule, an
# alarm) is nudged as "config <service>", so the runtime re-reads it at once
# instead of listing everything every two seconds while the lab sits idle.
_CONFIG_SERVICES = {"awslambda", "events", "scheduler"}  # moto names Lambda "awslambda"
_ALARM_ACTIONS = {"PutMetricAlarm", "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions"}
_READS = ("Get", "List", "Describe", "Invoke")


def _changes_config(service: str, action: str) -> bool:
    if service == "cloudwatch":
        return action in _ALARM_ACTIONS
    return service in _CONFIG_SERVICES and not action.startswith(_READS)


@patch(moto_responses.BaseResponse, "call_action")
def _call_action(original: Any, self: Any) -> Any:
    result = original(self)
    service = getattr(self, "service_name", "")
    if service != "cloudwatch" and service not in _CONFIG_SERVICES:
        return result  # the hot path (DynamoDB, SQS, SNS): no action name to work out
    try:
        if int(result[0]) < 400 and _changes_config(service, self._get_action()):
            nudge("config", service)
    except Exception:  # noqa: BLE001  (a nudge is best effort; the runtime's slow re-read catches up)
        pass
    return result


# ------------------------------------------------------ IAM enforcement --
iam_enforcement.install()
sqs_message_move.install()

# ------------------------------------------------------------ routing --
_moto_modules = tuple(moto_backends.list_of_moto_modules())
moto_backends.list_of_moto_modules = lambda: _moto_modules  # type: ignore[assignment]


# ------------------------------------------- atomic DynamoDB writes --
_ddb_write_lock = threading.RLock()


def _atomic(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    with _ddb_write_lock:
        return original(self, *args, **kwargs)


for _name in ("put_item", "update_item", "delete_item", "transact_write_items"):
    patch(ddb_models.DynamoDBBackend, _name)(_atomic)


# moto's remaining invocation paths become no-ops: the runtime does this work.
def _not_here(what: str) -> Callable[..., Any]:
    def noop(*args: Any, **kwargs: Any) -> bool:
        log.debug("moto's own %s is switched off; the streamlab runtime handles it", what)
        return False

    return noop


for _name in ("send_sqs_batch", "send_dynamodb_items", "send_sns_message", "send_kinesis_message", "send_log_event"):
    setattr(lambda_models.LambdaBackend, _name, _not_here(_name))


@patch(lambda_models.LambdaBackend, "create_event_source_mapping")
def _create_event_source_mapping(original: Any, self: Any, spec: dict[str, Any]) -> Any:
    """Refuses an SQS mapping whose function timeout exceeds the queue's visibility timeout, as Lambda does, and keeps LastModified's milliseconds."""
    from moto.awslambda.exceptions import InvalidParameterValueException

    source = spec.get("EventSourceArn", "")
    func = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec.get("FunctionName", ""))
    if ":sqs:" in source:
        for queue in sqs_models.sqs_backends[self.account_id][self.region_name].queues.values():
            if queue.queue_arn == source and int(func.timeout) > int(queue.visibility_timeout):
                raise InvalidParameterValueException(
                    f"Queue visibility timeout: {queue.visibility_timeout} seconds is less than Function timeout: {func.timeout} seconds"
                )
    # Lambda checks at creation that the execution role can read the source (its pollers use the role).
    if ":sqs:" in source:
        for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
            if not iam_enforcement.role_may(func.role, action, source).allowed:
                raise InvalidParameterValueException(f"The provided execution role does not have permissions to call {action.split(':')[1]} on SQS")
    elif ":dynamodb:" in source:
        for action in ("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"):
            if not iam_enforcement.role_may(func.role, action, source).allowed:
                raise InvalidParameterValueException(
                    f"Cannot access stream {source}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."
                )
    mapping = original(self, spec)
    # moto truncates LastModified to the second; AWS keeps milliseconds, and the
    # runtime's StartingPosition LATEST cut-off is measured from it.
    mapping.last_modified = time.time()
    return mapping


# ------------------------------------------------ Lambda concurrency quota --
# An account's Lambda concurrency quota (AWS: 1,000 by default, 10 on some new
# accounts). Reserving concurrency must leave at least min(100, quota)
# unreserved, or Lambda refuses, as below. GetAccountSettings reports it.
ACCOUNT_CONCURRENCY = int(os.environ.get("STREAMLAB_ACCOUNT_CONCURRENCY", "1000"))


def _unreserved(backend: Any, except_function: str | None = None) -> int:
    reserved = sum(int(f.reserved_concurrency) for f in backend.list_functions() if f.reserved_concurrency and f.function_name != except_function)
    return ACCOUNT_CONCURRENCY - reserved


@patch(lambda_models.LambdaBackend, "put_function_concurrency")
def _put_function_concurrency(original: Any, self: Any, function_name: str, reserved_concurrency: str) -> Any:
    from moto.awslambda.exceptions import InvalidParameterValueException

    name = self.get_function(function_name).function_name
    minimum = min(100, ACCOUNT_CONCURRENCY)
    if _unreserved(self, name) - int(reserved_concurrency) < minimum:
        raise InvalidParameterValueException(
            f"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{minimum}]."
        )
    return original(self, function_name, reserved_concurrency)


def _get_account_settings(self: Any) -> Any:
    backend = lambda_models.lambda_backends[self.current_account][self.region]
    limit = {"TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800, "ConcurrentExecutions": ACCOUNT_CONCURRENCY, "UnreservedConcurrentExecutions": _unreserved(backend)}
    usage = {"TotalCodeSize": 0, "FunctionCount": len(list(backend.list_functions()))}
    return 200, {}, json.dumps({"AccountLimit": limit, "AccountUsage": usage})


lambda_responses.LambdaResponse.get_account_settings = _get_account_settings  # type: ignore[attr-defined]
lambda_urls.url_paths[r"{0}/(?P<api_version>[^/]+)/account-settings/?$"] = lambda_responses.LambdaResponse.dispatch


# ------------------------------------------------ Lambda invocations --
def enqueue_async(function_arn: str, event: Any, source: str) -> str:
    """Writes an asynchronous invocation to the inbox (atomically) and nudges the runtime."""
    INBOX.mkdir(parents=True, exist_ok=True)
    request_id = str(uuid.uuid4())
    now_ms = int(datetime.now(timezone.utc).timestamp() * 1000)
    item = {"id": request_id, "functionArn": function_arn, "event": event, "source": source, "enqueuedAt": now_ms, "attempts": 0, "notBefore": now_ms}
    path = INBOX / f"{now_ms:015d}-{request_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(item))
    tmp.rename(path)
    nudge("async", function_arn)
    return request_id


class _ReservedConcurrencyExceeded(JsonRESTError):
    """Lambda's answer to a synchronous Invoke beyond the function's reserved concurrency (HTTP 429)."""

    code = 429

    def __init__(self) -> None:
        super().__init__("TooManyRequestsException", "Rate Exceeded.")
        self.description = json.dumps({"__type": "TooManyRequestsException", "message": "Rate Exceeded.", "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded", "Type": "User"})


@patch(lambda_models.LambdaFunction, "invoke")
def _function_invoke(original: Any, self: Any, body: Any, request_headers: Any, response_headers: Any) -> Any:
    invocation_type = (request_headers or {}).get("X-Amz-Invocation-Type", "RequestResponse")
    event = json.loads(body) if body else {}
    if invocation_type == "DryRun":
        return b""
    if invocation_type == "Event":
        response_headers["x-amzn-requestid"] = enqueue_async(self.function_arn, event, "invoke")
        return b""
    # RequestResponse: the runtime runs it now and answers.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{RUNTIME_PORT}/invoke",
        data=json.dumps({"functionName": self.function_name, "event": event}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=self.timeout + 30) as response:
            result = json.loads(response.read())
    except (urllib.error.URLError, OSError) as error:
        result = {"ok": False, "error": {"errorType": "Runtime.Unavailable", "errorMessage": f"the streamlab runtime is not running ({error}); run make up"}}
    if result.get("throttled"):
        raise _ReservedConcurrencyExceeded()
    if result.get("ok"):
        return json.dumps(result.get("payload")).encode()
    response_headers["x-amz-function-error"] = "Unhandled"
    return json.dumps(result.get("error")).encode()


# ------------------------------------------------- email like the real SNS --
EMAIL_PROTOCOLS = ("email", "email-json")


def _write_eml(to: str, subject: str, body: str, headers: dict[str, str]) -> Path:
    OUTBOX.mkdir(parents=True, exist_ok=True)
    msg = EmailMessage()
    msg["From"] = "AWS Notifications <no-reply@sns.amazonaws.com>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain="sns.streamlab.local")
    for key, value in headers.items():
        msg[key] = value
    msg.set_content(body)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
    path = OUTBOX / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(msg))
    tmp.rename(path)  # readers never see a half-written email
    return path


@patch(sns_models.SNSBackend, "subscribe")
def _subscribe(original: Any, self: Any, topic_arn: str, endpoint: str, protocol: str) -> Any:
    known = self._find_subscription(topic_arn, endpoint, protocol)
    subscription = original(self, topic_arn, endpoint, protocol)
    if protocol in EMAIL_PROTOCOLS and known is None:
        subscription.token = uuid.uuid4().hex + uuid.uuid4().hex
        subscription.attributes["PendingConfirmation"] = "true"
        subscription.attributes["ConfirmationWasAuthenticated"] = "false"
        topic_name = topic_arn.split(":")[-1]
        _write_eml(
            endpoint,
            "AWS Notification - Subscription Confirmation",
            (
                f"You have chosen to subscribe to the topic:\n{topic_arn}\n\n"
                "To confirm this subscription, click or visit the link below "
                "(If this was in error no action is necessary):\n"
                f"{CONSOLE_URL}/confirmation.html?{urlencode({'TopicArn': topic_arn, 'Token': subscription.token, 'Endpoint': endpoint})}\n\n"
                "The link opens the lab console (make console). Or confirm from a terminal:\n"
                f"  make confirm EMAIL={endpoint}\n"
            ),
            {
                "X-Streamlab-Kind": "SubscriptionConfirmation",
                "X-Streamlab-Topic-Arn": topic_arn,
                "X-Streamlab-Topic-Name": topic_name,
                "X-Streamlab-Token": subscription.token,
            },
        )
    return subscription


@patch(sns_models.SNSBackend, "unsubscribe")
def _unsubscribe(original: Any, self: Any, subscription_arn: str) -> None:
    subscription = self.subscriptions.get(subscription_arn)
    if subscription is not None and subscription.attributes.get("PendingConfirmation") == "true":
        # AWS cannot delete a pending subscription; it expires after 48 hours.
        # It disappears here with its topic, or when the emulator restarts.
        raise SNSInvalidParameter(
            "Invalid parameter: Cannot unsubscribe a subscription that is pending confirmation"
        )
    original(self, subscription_arn)


@patch(sns_responses.SNSResponse, "confirm_subscription")
def _confirm_subscription(original: Any, self: Any) -> Any:
    from moto.core.responses import ActionResult

    topic_arn = self._get_param("TopicArn")
    token = self._get_param("Token")
    for subscription in self.backend.subscriptions.values():
        if subscription.topic_arn == topic_arn and getattr(subscription, "token", None) == token:
            subscription.attributes["PendingConfirmation"] = "false"
            subscription.attributes["ConfirmationWasAuthenticated"] = "true"
            return ActionResult({"SubscriptionArn": subscription.arn})
    raise SNSInvalidParameter("Invalid token")


def _sns_lambda_event(subscription: Any, message: str, message_id: str, kw: dict[str, Any]) -> dict[str, Any]:
    """The event SNS gives Lambda, with the real topic, ids, subject and attributes."""
    attributes = {
        key: {"Type": value["Type"], "Value": value["Value"]}
        for key, value in (kw.get("message_attributes") or {}).items()
    }
    region = subscription.topic_arn.split(":")[3]
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription.arn,
                "Sns": {
                    "Type": "Notification",
                    "MessageId": message_id,
                    "TopicArn": subscription.topic_arn,
                    "Subject": kw.get("subject"),
                    "Message": message,
                    "Timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                    "SignatureVersion": "1",
                    "Signature": "EXAMPLE-local-emulator",
                    "SigningCertUrl": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-local.pem",
                    "UnsubscribeUrl": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription.arn}",
                    "MessageAttributes": attributes,
                },
            }
        ]
    }


def _sns_metric(topic_arn: str, name: str) -> None:
    # No Timestamp: moto then stamps it with its own (naive UTC) clock, as GetMetricStatistics expects.
    _, _, _, region, account, topic = topic_arn.split(":", 5)
    cloudwatch_backends[account][region].put_metric_data(
        "AWS/SNS",
        [{"MetricName": name, "Value": 1.0, "Unit": "Count", "Dimensions": [{"Name": "TopicName", "Value": topic}]}],
    )


def _lambda_refusal(function_arn: str, topic_arn: str) -> str | None:
    """Why Lambda would refuse this topic's invocation (its resource policy), or None if it accepts it.
    Checked even with STREAMLAB_IAM=off, as it was before IAM enforcement existed."""
    _, _, _, region, account, rest = function_arn.split(":", 5)
    try:
        function = lambda_models.lambda_backends[account][region].get_function(function_arn)
    except Exception:
        return f"function {rest} does not exist"
    decision = iam_policy.evaluate(
        [iam_enforcement.function_policy(function)], "lambda:InvokeFunction", function.function_arn, {"aws:SourceArn": topic_arn, "aws:SourceAccount": account}, caller={"service": "sns.amazonaws.com"}
    )
    if decision.allowed:
        return None
    return f"the resource policy of {function.function_name} does not allow {topic_arn} to invoke it (aws_lambda_permission)"


def _to_subscription_dlq(subscription: Any, message: str, message_id: str, kw: dict[str, Any]) -> None:
    """Like SNS, keep an undeliverable message in the subscription's dead-letter queue (if it has one)."""
    policy = subscription.attributes.get("RedrivePolicy")
    if not policy:
        log.warning("the subscription %s has no dead-letter queue: message %s is lost", subscription.arn, message_id)
        trace_file.emit("error", source=subscription.topic_arn, reason=f"message {message_id} is lost: the subscription has no dead-letter queue")
        return
    dlq_arn = json.loads(policy)["deadLetterTargetArn"]
    refusal = _queue_refusal(dlq_arn, subscription.topic_arn)
    if refusal is not None:  # SNS needs the DLQ's queue policy too
        log.warning("the dead-letter queue of %s refuses SNS: %s; message %s is lost", subscription.arn, refusal, message_id)
        trace_file.emit("error", source=subscription.topic_arn, reason=f"message {message_id} is lost: its dead-letter queue refuses SNS: {refusal}")
        return
    _, _, _, region, account, name = dlq_arn.split(":", 5)
    body = json.dumps(subscription.get_post_data(message, message_id, kw.get("subject"), kw.get("message_attributes")))
    sqs_models.sqs_backends[account][region].send_message(name, body)
    trace_file.emit("on-failure", source=subscription.topic_arn, condition="SNS could not deliver", dlq=dlq_arn)


def _queue_refusal(queue_arn: str, topic_arn: str) -> str | None:
    """Why SQS would refuse SNS's SendMessage for this topic (the queue policy), or None."""
    _, _, _, region, account, name = queue_arn.split(":", 5)
    try:
        queue = sqs_models.sqs_backends[account][region].get_queue(name)
    except Exception:
        return f"queue {name} does not exist"
    decision = iam_enforcement.service_may(
        getattr(queue, "policy", None), "sns.amazonaws.com", "sqs:SendMessage", queue_arn, {"aws:SourceArn": topic_arn, "aws:SourceAccount": topic_arn.split(":")[4]}
    )
    if decision.allowed:
        return None
    return f"the queue policy of {name} does not allow sns.amazonaws.com to send messages from {topic_arn} (aws_sqs_queue_policy)"


@patch(sns_models.Subscription, "publish")
def _subscription_publish(original: Any, self: Any, message: str, message_id: str, **kw: Any) -> None:
    if self.protocol in ("sqs", "lambda"):
        matcher = self._filter_policy_matcher
        if matcher is not None and not matcher.matches(kw.get("message_attributes"), message):
            return None
        refusal = (_queue_refusal if self.protocol == "sqs" else _lambda_refusal)(self.endpoint, self.topic_arn)
        if refusal is not None:
            log.warning("SNS could not deliver %s to %s: %s", message_id, self.endpoint, refusal)
            trace_file.emit(
                "refused",
                source=self.topic_arn,
                function=self.endpoint if self.protocol == "lambda" else None,
                destination=self.endpoint,
                reason=f"SNS could not deliver {message_id}: {refusal}",
            )
            _sns_metric(self.topic_arn, "NumberOfNotificationsFailed")
            _to_subscription_dlq(self, message, message_id, kw)
            return None
    if self.protocol == "sqs":
        _sns_metric(self.topic_arn, "NumberOfNotificationsDelivered")
        return original(self, message, message_id, **kw)
    if self.protocol == "lambda":
        if kw.get("message_structure") == "json":
            message = self._parse_message_structure(message, self.protocol)
        enqueue_async(self.endpoint, _sns_lambda_event(self, message, message_id, kw), "sns")
        _sns_metric(self.topic_arn, "NumberOfNotificationsDelivered")
        return None
    if self.protocol not in EMAIL_PROTOCOLS:
        return original(self, message, message_id, **kw)
    if self.attributes.get("PendingConfirmation") == "true":
        return None  # AWS does not deliver to a pending subscription
    matcher = self._filter_policy_matcher
    if matcher is not None and not matcher.matches(kw.get("message_attributes"), message):
        return None
    if kw.get("message_structure") == "json":
        message = self._parse_message_structure(message, self.protocol)
    subject = kw.get("subject") or "AWS Notification Message"
    if self.protocol == "email-json":
        body = json.dumps(self.get_post_data(message, message_id, kw.get("subject"), kw.get("message_attributes")), indent=2)
    else:
        body = message + f"\n\n--\nYou are subscribed to {self.topic_arn}.\n"
    _write_eml(
        self.endpoint,
        subject,
        body,
        {
            "X-Streamlab-Kind": "Notification",
            "X-Streamlab-Topic-Arn": self.topic_arn,
            "X-Streamlab-Message-Id": message_id,
        },
    )
    return None


# ------------------------------------------------------------ speed --
# For every request moto lists the methods of the service's response class
# (inspect.getmembers over hundreds of attributes) to see whether the action
# is one of them. A class's methods do not change while the server runs.
_method_names = functools.lru_cache(maxsize=None)(lambda cls: frozenset(moto_utils.method_names_from_class(cls)))
moto_responses.method_names_from_class = _method_names  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1)
def _signing_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# moto generates a new 2048-bit RSA key for every message it delivers to SQS
# (to sign the SNS envelope), which costs tens of milliseconds per message.
# SNS signs with one certificate too; one key per emulator run is enough.
sns_models.Subscription.private_key = lambda self: _signing_key()  # type: ignore[method-assign]


# On every send, moto reads queue.attributes just for ContentBasedDeduplication,
# and that property counts every message in the queue (three O(n) scans): a
# burst of n messages costs O(n^2). While a send runs, the queue answers with
# its configuration only; GetQueueAttributes still gets the full, counted set.
_send_path = threading.local()


def _queue_configuration(queue: Any) -> dict[str, Any]:
    if not queue.fifo_queue:
        return {}  # moto lists the FIFO attributes for FIFO queues only
    return {"FifoQueue": "true", "ContentBasedDeduplication": str(bool(queue.content_based_deduplication)).lower()}


@patch(sqs_models.SQSBackend, "send_message")
def _send_message(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _send_path.active = True
    try:
        return original(self, *args, **kwargs)
    finally:
        _send_path.active = False


# moto keeps every CloudWatch datapoint in one list and scans all of it (a copy
# included) for each GetMetricStatistics. The runtime publishes three datapoints
# per invocation and evaluates alarms every few seconds, so each evaluation cost
# more the longer an instance ran. The datapoints are also indexed by metric,
# in time order; a query reads only its metric's datapoints in its time window.
class _IndexedMetricData(list):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()
        self.by_metric: dict[tuple[str, str], list[Any]] = {}

    def append(self, datum: Any) -> None:
        super().append(datum)
        series = self.by_metric.setdefault((datum.namespace, datum.name), [])
        if series and series[-1].timestamp > datum.timestamp:
            bisect.insort(series, datum, key=lambda d: d.timestamp)  # a datapoint sent late
        else:
            series.append(datum)

    def window(self, namespace: str, name: str, start: datetime, end: datetime) -> list[Any]:
        series = self.by_metric.get((namespace, name), [])
        low = bisect.bisect_left(series, start, key=lambda d: d.timestamp)
        high = bisect.bisect_left(series, end, key=lambda d: d.timestamp)
        return series[low:high]


_metric_window = threading.local()


@patch(cloudwatch_models.CloudWatchBackend, "__init__")
def _cloudwatch_init(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    original(self, *args, **kwargs)
    self.metric_data = _IndexedMetricData()


@patch(cloudwatch_models.CloudWatchBackend, "get_all_metrics")
def _cloudwatch_all_metrics(original: Any, self: Any) -> Any:
    window = getattr(_metric_window, "data", None)
    return window if window is not None else original(self)


@patch(cloudwatch_models.CloudWatchBackend, "get_metric_statistics")
def _cloudwatch_statistics(original: Any, self: Any, namespace: str, metric_name: str, start_time: datetime, end_time: datetime, *args: Any, **kwargs: Any) -> Any:
    # moto compares whole seconds (it drops the microseconds of both ends); so does the window.
    window = self.metric_data.window(namespace, metric_name, start_time.replace(microsecond=0), end_time.replace(microsecond=0))
    _metric_window.data = window + self.aws_metric_data
    try:
        return original(self, namespace, metric_name, start_time, end_time, *args, **kwargs)
    finally:
        _metric_window.data = None


# For every message it receives, moto checks the retention period by computing
# all of the queue's attributes, three of which count every message in the
# queue: a receive from a queue with n messages cost O(n) per message. The
# retention period is read directly instead.
@patch(sqs_models.SQSBackend, "is_message_valid_based_on_retention_period")
def _retention_check(original: Any, self: Any, queue_name: str, message: Any) -> bool:
    retention = int(self.get_queue(queue_name).message_retention_period)
    return retention + message.sent_timestamp / 1000 > time.time()


# moto's ReceiveMessage is not atomic: two concurrent receives (threads of the
# server) can both see a message visible and both take it, so one message went
# to two pollers at once, a duplicate SQS never makes. Each queue's receives
# take turns; a long poll waits outside that turn, so it blocks nobody.
_receive_turns: dict[int, threading.Lock] = {}
_receive_turns_lock = threading.Lock()


def _receive_turn(queue: Any) -> threading.Lock:
    with _receive_turns_lock:
        return _receive_turns.setdefault(id(queue), threading.Lock())


@patch(sqs_models.SQSBackend, "receive_message")
def _receive_message(original: Any, self: Any, queue_name: str, count: int, wait_seconds_timeout: int, *args: Any, **kwargs: Any) -> Any:
    queue = self.get_queue(queue_name)
    turn = _receive_turn(queue)
    deadline = time.monotonic() + (wait_seconds_timeout or 0)
    while True:
        with turn:
            result = original(self, queue_name, count, 0, *args, **kwargs)
        left = deadline - time.monotonic()
        if result or left <= 0:
            return result
        started = time.monotonic()
        queue.wait_for_messages(min(1.0, left))  # woken by a new message; visibility expiry is seen within 1 s
        if time.monotonic() - started < 0.005:
            time.sleep(0.01)  # visible messages, but others took them: do not spin


# ------------------------------------- moto bugs that unsettle Terraform --
@patch(lambda_models.LambdaFunction, "__init__")
def _function_init(original: Any, self: Any, account_id: str, spec: dict[str, Any], *a: Any, **k: Any) -> None:
    original(self, account_id, spec, *a, **k)
    self.dead_letter_config = spec.get("DeadLetterConfig") or None


@patch(lambda_models.LambdaFunction, "get_configuration")
def _function_configuration(original: Any, self: Any, *a: Any, **k: Any) -> dict[str, Any]:
    config = original(self, *a, **k)
    dlc = getattr(self, "dead_letter_config", None)
    if dlc and dlc.get("TargetArn"):
        config["DeadLetterConfig"] = {"TargetArn": dlc["TargetArn"]}
    return config


@patch(lambda_models.LambdaFunction, "update_configuration")
def _function_update(original: Any, self: Any, updates: dict[str, Any]) -> dict[str, Any]:
    if "DeadLetterConfig" in updates:
        self.dead_letter_config = updates["DeadLetterConfig"] or None
    return original(self, updates)


def _queue_attributes(self: Any) -> dict[str, Any]:
    if getattr(_send_path, "active", False):
        return _queue_configuration(self)
    result = _original_queue_attributes(self)
    if self.redrive_policy:  # AWS returns compact JSON; moto adds spaces
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


_original_queue_attributes = sqs_models.Queue.attributes.fget  # type: ignore[attr-defined]
sqs_models.Queue.attributes = property(_queue_attributes)  # type: ignore[assignment]


@patch(sqs_models.Queue, "_set_attributes")
def _queue_set_attributes(original: Any, self: Any, attributes: dict[str, Any], *a: Any, **k: Any) -> None:
    # moto erases the queue policy on any SetQueueAttributes without Policy.
    previous = getattr(self, "policy", None)
    original(self, attributes, *a, **k)
    if "Policy" not in attributes:
        self.policy = previous


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request (errors still show)
    OUTBOX.mkdir(parents=True, exist_ok=True)
    print(f"streamlab emulator: moto on http://127.0.0.1:{PORT}, outbox {OUTBOX}", flush=True)
    # A response is two writes (headers, then body): with Nagle's algorithm the
    # body may wait for the client's delayed ACK of the headers. (Production
    # WSGI servers were tried instead of werkzeug's, waitress and cheroot, and
    # made no measurable difference to the lab's bursts: docs/local-runtime.md.)
    MotoRequestHandler.disable_nagle_algorithm = True
    server.main(["-H", "127.0.0.1", "-p", str(PORT)])


if __name__ == "__main__":
    sys.exit(main())
