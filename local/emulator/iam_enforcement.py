"""IAM enforcement: a role's calls are checked against its policies, as AWS does.

Who is checked: callers that sign with credentials from sts:AssumeRole, which is
what the local runtime gives each function and each event source poller (the
function's execution role, as Lambda does). Every other caller (Terraform, the
scripts, the AWS CLI, the runtime's own bookkeeping) acts as the account's
administrator, as a learner's admin credentials do on AWS.

How: moto calls `_authenticate_and_authorize_normal_action` before every action;
moto's own check matches actions only (it passes resource "*"). Here the
request's resource ARN is worked out per service, the role's inline and attached
policies are collected, and iam_policy.py decides. A denial answers with
the service's error code and AWS's message ("User: arn:aws:sts::…:assumed-role/
ROLE/SESSION is not authorized to perform: ACTION on resource: ARN because no
identity-based policy allows the ACTION action") and is logged.

Resource-based policies (queue, topic, key and function policies) are checked
where the emulator or the runtime acts for an AWS service: see
`service_may()` and its callers. STREAMLAB_IAM=off switches all of it off.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from typing import Any
from urllib.parse import unquote, urlparse

from moto.core import DEFAULT_ACCOUNT_ID

from . import trace_file
from .arns import parse_arn
from .iam_policy import EXPLICIT_DENY, Decision, evaluate

log = logging.getLogger("streamlab.iam")

ENABLED = os.environ.get("STREAMLAB_IAM", "on").lower() not in ("off", "0", "false")

# The IAM namespace of each moto service name, where they differ.
_NAMESPACE = {"dynamodbstreams": "dynamodb", "monitoring": "cloudwatch", "awslambda": "lambda"}
# Batch actions are authorized as their single action (SQS and SNS API references).
_ACTION_ALIASES = {
    "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
    "sqs:SendMessageBatch": "sqs:SendMessage",
    "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    "sns:PublishBatch": "sns:Publish",
    # moto names Lambda's Invoke action after its API call; IAM's action is InvokeFunction.
    "lambda:Invoke": "lambda:InvokeFunction",
    "lambda:InvokeAsync": "lambda:InvokeFunction",
}
_CREDENTIAL = re.compile(r"Credential=([A-Za-z0-9]+)/\d{8}/([a-z0-9-]+)/")


@functools.lru_cache(maxsize=512)
def _document(text: str) -> dict[str, Any]:
    return json.loads(unquote(text)) if text.lstrip().startswith(("%7B", "%7b")) else json.loads(text)


def managed_documents(policies: Any) -> list[dict[str, Any]]:
    """The default versions of attached managed policies (a role's, a user's or a group's)."""
    documents = []
    for policy in policies.values():
        version = next((v for v in policy.versions if v.is_default), None)
        if version is not None and version.document:
            documents.append(_document(version.document) if isinstance(version.document, str) else version.document)
    return documents


def _role_documents(account: str, role_arn: str) -> list[dict[str, Any]]:
    from moto.iam.models import iam_backends

    role = iam_backends[account]["aws"].get_role_by_arn(role_arn)
    return [_document(text) for text in role.policies.values()] + managed_documents(role.managed_policies)


def _assumed_role(access_key: str) -> Any:
    if not access_key.startswith("ASIA"):
        return None
    from moto.sts.models import sts_backends

    for account in list(sts_backends.keys()):
        role = sts_backends[account]["aws"].get_assumed_role_from_access_key(access_key)
        if role is not None:
            return role
    return None


def _param(response: Any, name: str) -> Any:
    try:
        value = response._get_param(name)
    except Exception:
        value = None
    if value is None and response.body:
        try:
            value = json.loads(response.body).get(name)
        except (ValueError, AttributeError, TypeError):
            value = None
    return value


def _queue_arn(url: str, region: str, account: str) -> str:
    parts = urlparse(url).path.strip("/").split("/")
    return f"arn:aws:sqs:{region}:{parts[-2] if len(parts) >= 2 else account}:{parts[-1]}"


def resources_of(namespace: str, action: str, response: Any, region: str, account: str) -> list[str]:
    """The ARNs a request acts on (["*"] where the action has no resource, or is not mapped)."""
    p = functools.partial(_param, response)
    if namespace == "dynamodb":
        if p("StreamArn"):
            return [p("StreamArn")]
        if p("ShardIterator"):
            return [str(p("ShardIterator")).split("|", 1)[0]]
        if action == "ListStreams":
            return [f"arn:aws:dynamodb:{region}:{account}:table/{p('TableName')}/stream/*"] if p("TableName") else ["*"]
        if isinstance(p("RequestItems"), dict):
            return [f"arn:aws:dynamodb:{region}:{account}:table/{t}" for t in p("RequestItems")]
        if isinstance(p("TransactItems"), list):
            tables = {op.get("TableName") for item in p("TransactItems") for op in item.values() if isinstance(op, dict)}
            return [f"arn:aws:dynamodb:{region}:{account}:table/{t}" for t in sorted(t for t in tables if t)]
        table = p("TableName")
        if not table:
            return ["*"]
        arn = table if str(table).startswith("arn:") else f"arn:aws:dynamodb:{region}:{account}:table/{table}"
        return [f"{arn}/index/{p('IndexName')}"] if p("IndexName") else [arn]
    if namespace == "sqs":
        if p("QueueUrl"):
            return [_queue_arn(p("QueueUrl"), region, account)]
        if p("QueueName"):
            return [f"arn:aws:sqs:{region}:{account}:{p('QueueName')}"]
        return ["*"]
    if namespace == "sns":
        # A subscription's actions (SetSubscriptionAttributes, GetSubscriptionAttributes, Unsubscribe) are authorized on its topic.
        subscription = p("SubscriptionArn")
        topic = str(subscription).rsplit(":", 1)[0] if subscription and str(subscription).count(":") == 6 else None
        return [p("TopicArn") or p("TargetArn") or topic or "*"]
    if namespace == "ssm":
        names = p("Names") or ([p("Name")] if p("Name") else [])
        return [f"arn:aws:ssm:{region}:{account}:parameter{n if str(n).startswith('/') else '/' + str(n)}" for n in names] or ["*"]
    if namespace == "logs":
        group, stream = p("logGroupName"), p("logStreamName")
        if not group:
            return ["*"]
        base = f"arn:aws:logs:{region}:{account}:log-group:{group}"
        return [f"{base}:log-stream:{stream}" if stream else f"{base}:*"]
    if namespace == "lambda":
        name = p("FunctionName") or (getattr(response, "uri_match", None) or {}).get("function_name")
        if not name:
            return ["*"]
        name = unquote(str(name))
        return [name if name.startswith("arn:") else f"arn:aws:lambda:{region}:{account}:function:{name}"]
    if namespace == "kms":
        key = p("KeyId")
        return [key if key and str(key).startswith("arn:") else f"arn:aws:kms:{region}:{account}:key/{key}"] if key else ["*"]
    return ["*"]


def _deny_body(namespace: str, json_protocol: bool, message: str) -> tuple[str, int]:
    if json_protocol:
        code = "AccessDenied" if namespace == "sqs" else "AccessDeniedException"
        return json.dumps({"__type": code, "message": message, "Message": message}), 400 if namespace in ("dynamodb", "ssm", "logs") else 403
    code = "AuthorizationError" if namespace == "sns" else "AccessDenied"
    body = f'<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>streamlab-iam</RequestId></ErrorResponse>'
    return body, 403


def denial_message(caller_arn: str, action: str, resource: str, decision: Decision) -> str:
    reason = "with an explicit deny in an identity-based policy" if decision.effect == EXPLICIT_DENY else f"because no identity-based policy allows the {action} action"
    return f"User: {caller_arn} is not authorized to perform: {action} on resource: {resource} {reason}"


def _http_error(body: str, status: int) -> Exception:
    from werkzeug.exceptions import HTTPException

    error = HTTPException(description=body)
    error.code = status
    return error


def _service_request_refusal(response: Any, principal: str, source_arn: str, region: str, account: str) -> tuple[str, str] | None:
    """For a request the runtime makes as an AWS service (local/runtime/as-service.ts): the
    target's resource-based policy must allow that service from that source. (namespace, message) if not."""
    service = getattr(response, "service_name", "")
    namespace = _NAMESPACE.get(service, service)
    action = response._get_action()
    context = {"aws:SourceArn": source_arn, "aws:SourceAccount": account, "AWS:SourceOwner": account}
    if namespace == "sns" and action == "Publish":
        from moto.sns.models import sns_backends

        topic_arn = _param(response, "TopicArn")
        topic = sns_backends[account][region].get_topic(topic_arn)
        if not service_may(topic.policy, principal, "sns:Publish", topic_arn, context).allowed:
            return namespace, f"{principal} is not authorized to perform: SNS:Publish on resource: {topic_arn} for {source_arn}: no statement of the topic policy allows it (aws_sns_topic_policy)"
        if topic.kms_master_key_id:
            from moto.kms.models import kms_backends

            key = kms_backends[account][region].describe_key(topic.kms_master_key_id)
            for key_action in ("kms:GenerateDataKey", "kms:Decrypt"):
                if not service_may(key.policy or None, principal, key_action, key.arn, context).allowed:
                    return namespace, f"{principal} is not authorized to perform: {key_action} on resource: {key.arn}, the key of {topic_arn}: no statement of the key policy allows it (aws_kms_key policy)"
        return None
    if namespace == "sqs" and action == "SendMessage":
        from moto.sqs.models import sqs_backends

        queue_arn = _queue_arn(_param(response, "QueueUrl") or "", region, account)
        queue = sqs_backends[account][region].get_queue(queue_arn.rsplit(":", 1)[-1])
        if not service_may(getattr(queue, "policy", None), principal, "sqs:SendMessage", queue_arn, context).allowed:
            return namespace, f"{principal} is not authorized to perform: sqs:SendMessage on resource: {queue_arn} for {source_arn}: no statement of the queue policy allows it (aws_sqs_queue_policy)"
        return None
    if namespace == "lambda" and action == "Invoke":
        from moto.awslambda.models import lambda_backends

        match = re.search(r"/functions/([^/]+)/invocations", unquote(getattr(response, "path", "") or ""))
        from .lambda_versions import policy_resource

        name = match.group(1) if match else ""
        qualifier = (getattr(response, "querystring", None) or {}).get("Qualifier", [None])[0]
        function = lambda_backends[account][region].get_function(name, qualifier)
        if not service_may_invoke(function, name, principal, context, qualifier).allowed:
            return namespace, f"{principal} is not authorized to perform: lambda:InvokeFunction on resource: {policy_resource(function, name, qualifier)} for {source_arn}: no statement of the function policy allows it (aws_lambda_permission)"
    return None


def check_request(response: Any) -> None:
    """Raises an HTTPException (moto turns it into the error response) when the request's role may not do it."""
    if not ENABLED:
        return
    match = _CREDENTIAL.search(response.headers.get("Authorization", "") or "")
    if not match:
        return
    role = _assumed_role(match.group(1))
    if role is None:
        principal = response.headers.get("x-streamlab-service-principal")
        if principal:  # the runtime acting for CloudWatch or EventBridge
            refusal = _service_request_refusal(response, principal, response.headers.get("x-streamlab-source-arn", ""), match.group(2), DEFAULT_ACCOUNT_ID)
            if refusal is not None:
                namespace, message = refusal
                log.warning("resource policy refused: %s", message)
                trace_file.emit("refused", source=response.headers.get("x-streamlab-source-arn", "") or None, reason=message)
                raise _http_error(*_deny_body(namespace, namespace == "lambda", message))
        return  # the account's administrator
    region = match.group(2)
    namespace = _NAMESPACE.get(getattr(response, "service_name", ""), getattr(response, "service_name", ""))
    raw_action = response._get_action()
    if namespace == "sts" and raw_action == "GetCallerIdentity":
        return  # needs no permission
    action = f"{namespace}:{raw_action}"
    action = _ACTION_ALIASES.get(action, action)
    documents = _role_documents(role.account_id, role.role_arn)
    context = {"aws:RequestedRegion": region, "aws:PrincipalArn": role.role_arn, "aws:PrincipalAccount": role.account_id}
    for resource in resources_of(namespace, raw_action, response, region, role.account_id):
        decision = evaluate(documents, action, resource, context)
        if decision.allowed:
            continue
        message = denial_message(role.arn, action, resource, decision)
        log.warning("IAM denied: %s", message)
        # The runtime's sessions are named after the function (role-credentials.ts).
        trace_file.emit("refused", function=role.arn.rsplit("/", 1)[-1], source="iam", reason=message)
        content_type = response.headers.get("Content-Type", "") or ""
        json_protocol = "json" in content_type or bool(response.headers.get("X-Amz-Target")) or namespace in ("lambda",)
        raise _http_error(*_deny_body(namespace, json_protocol, message))


def role_may(role_arn: str, action: str, resource: str) -> Decision:
    """Whether a role's identity policies allow an action (for Lambda's own checks, e.g. CreateEventSourceMapping)."""
    account = parse_arn(role_arn).account
    if not ENABLED:
        return Decision("Allow")
    try:
        documents = _role_documents(account, role_arn)
    except Exception:
        documents = []
    return evaluate(documents, action, resource, {"aws:PrincipalArn": role_arn})


def function_policy(function: Any) -> dict[str, Any]:
    """A moto Lambda function's resource policy as a policy document."""
    return {"Statement": list(getattr(function.policy, "statements", None) or [])}


def service_may(policy_text: str | dict[str, Any] | None, service: str, action: str, resource: str, context: dict[str, Any]) -> Decision:
    """Whether a resource-based policy lets an AWS service principal (sns.amazonaws.com …) act on the resource."""
    if not ENABLED:
        return Decision("Allow")
    if isinstance(policy_text, dict):
        documents = [policy_text]
    else:
        documents = [_document(policy_text)] if policy_text else []
    return evaluate(documents, action, resource, context, caller={"service": service})


def service_may_invoke(function: Any, invoked: str, service: str, context: dict[str, Any], qualifier: str | None = None) -> Decision:
    """Whether a function's resource policy lets an AWS service invoke it as the caller named it
    (`invoked`, and the Invoke's `qualifier`): an alias's or a version's statement names it."""
    from .lambda_versions import policy_resource

    return service_may(function_policy(function), service, "lambda:InvokeFunction", policy_resource(function, invoked, qualifier), context)


def authorize(original: Any, self: Any, resource: str = "*") -> None:
    """Every moto action: the caller's policies are checked first, then moto's own check."""
    check_request(self)
    original(self, resource)
