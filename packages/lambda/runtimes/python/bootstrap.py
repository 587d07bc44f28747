"""
The sandbox's Lambda runtime for Python: runs one function in this process, talking to
the sandbox through the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API), as AWS's Python
runtime (awslambdaric) does on Lambda: the same handler loading and its errors, the
same context object, error documents, log format and JSON encoding.

Usage: python3 bootstrap.py [layer path ...]   (standard library only)
"""

import decimal
import http.client
import importlib
import importlib.abc
import importlib.util
import json
import logging
import os
import sys
import time
import traceback

API_PREFIX = "/2018-06-01/runtime"
ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"
UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, "
    "a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates "
    "can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, "
    "check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
    "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

_request_id = None


class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


class RuntimeClient:
    """Keeps one connection to the Runtime API and re-opens it if the sandbox closed it."""

    def __init__(self, address):
        self.address = address
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.address)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response, response.read()
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    # The sandbox is gone: so is this environment.
                    os._exit(0)
        raise AssertionError("unreachable")

    def next(self):
        return self.request("GET", API_PREFIX + "/invocation/next")

    def post_result(self, request_id, body, content_type):
        self.request("POST", "%s/invocation/%s/response" % (API_PREFIX, request_id), body, {"Content-Type": content_type})

    def post_error(self, request_id, error):
        self.request("POST", "%s/invocation/%s/error" % (API_PREFIX, request_id), to_json(error).encode("utf-8"),
                     {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]})

    def post_init_error(self, error):
        self.request("POST", API_PREFIX + "/init/error", to_json(error).encode("utf-8"),
                     {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]})


# --- JSON, as the runtime's marshaller: Decimal as a number, ensure_ascii off on python3.12.

class Encoder(json.JSONEncoder):
    def __init__(self):
        super().__init__(ensure_ascii=os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12")

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def to_json(obj):
    return Encoder().encode(obj)


# --- The handler.

def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException("Runtime.BuiltInModuleConflict",
                                 "Cannot use built-in module {} as a handler module".format(modname))
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(modname, str(e)), trace)
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname))


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


# Code uploaded through the Lambda API (a zip the sandbox unpacked) is shown where Lambda keeps
# it, /var/task, in stack traces; a template's code keeps its real, clickable paths.
_SHOWN_TASK_ROOT = os.environ.pop("_SANDBOX_TASK_ROOT_SHOWN_AS", None)


def user_traceback(tb):
    """The frames of the user's code: the runtime's own are dropped."""
    frames = traceback.extract_tb(tb)
    for i, frame in enumerate(frames):
        if not frame.filename.endswith("/bootstrap.py"):
            lines = traceback.format_list(frames[i:])
            if _SHOWN_TASK_ROOT:
                task_root = 'File "' + os.environ.get("LAMBDA_TASK_ROOT", "").rstrip("/") + "/"
                lines = [line.replace(task_root, 'File "' + _SHOWN_TASK_ROOT + "/", 1) for line in lines]
            return lines
    return []


def log_error(error):
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    if error.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for element in error["stackTrace"]:
            for line in element.splitlines() or [""]:
                stripped = line.lstrip(" ")
                lines.append(ERROR_LOG_IDENT * (len(line) - len(stripped)) + stripped)
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


# --- The context object.

class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext:
    __slots__ = ["custom", "env", "client"]


def obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class LambdaContext:
    def __init__(self, request_id, client_context, cognito_identity, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = obj_from_dict(Client, self.client_context.client)
        self.identity = obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return "LambdaContext([aws_request_id={},log_group_name={},log_stream_name={},function_name={},memory_limit_in_mb={},function_version={},invoked_function_arn={},client_context={},identity={}])".format(
            self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
            self.memory_limit_in_mb, self.function_version, self.invoked_function_arn, self.client_context, self.identity)


def parse_json_header(value, name):
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException("Runtime.LambdaContextUnmarshalError", "Unable to parse {} JSON: {}".format(name, str(e)))


# --- Logging: "[LEVEL]\t<UTC time>\t<request id>\t<message>" from the logging module.

class Unbuffered:
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


class LambdaLoggerHandler(logging.Handler):
    """One record, one line: on Lambda the runtime sends the formatted record as one telemetry
    frame, inner newlines kept (awslambdaric FramedTelemetryLogSink), so CloudWatch keeps it as
    one event. Over stdout its inner newlines go as \\r, which the sandbox turns back (as for
    the Node.js runtime's console lines)."""

    def emit(self, record):
        msg = self.format(record)
        body, end = (msg[:-1], "\n") if msg.endswith("\n") else (msg, "")
        sys.stdout.write(body.replace("\n", "\r") + end)


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs,
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", ""),
        }
        if record.exc_info:
            etype, value, tb = record.exc_info
            entry.update(errorType=etype.__name__, errorMessage=str(value), stackTrace=traceback.format_tb(tb))
        return to_json(entry) + "\n"


def setup_logging():
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    if os.environ.get("AWS_LAMBDA_LOG_FORMAT") == "JSON":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(LambdaLoggerFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


# --- boto3 older than 1.28 ignores AWS_ENDPOINT_URL: give its clients the sandbox's edge.

class EndpointUrlHook(importlib.abc.MetaPathFinder):
    def __init__(self, url):
        self.url = url

    def find_spec(self, name, path=None, target=None):
        if name != "botocore.session":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        botocore = sys.modules.get("botocore")
        version = tuple(int(p) for p in getattr(botocore, "__version__", "0.0").split(".")[:2] if p.isdigit())
        if spec is None or spec.loader is None or version >= (1, 31):
            return spec
        exec_module = spec.loader.exec_module
        url = self.url

        def patched(module):
            exec_module(module)
            create_client = module.Session.create_client

            def with_endpoint(session, *args, **kwargs):
                if len(args) < 6 and kwargs.get("endpoint_url") is None:
                    kwargs["endpoint_url"] = url
                return create_client(session, *args, **kwargs)

            module.Session.create_client = with_endpoint

        spec.loader.exec_module = patched
        return spec


# --- The loop.

def handle(client, request_handler, request_id, headers, body):
    try:
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            request_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(identity, "Cognito Identity") if identity else None,
            int(headers.get("Lambda-Runtime-Deadline-Ms") or 0),
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
        )
        try:
            event = json.loads(body)
        except Exception as e:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(str(e)))
        response = request_handler(event, context)
        if isinstance(response, bytes):
            result, content_type = response, "application/unknown"
        else:
            try:
                result, content_type = to_json(response).encode("utf-8"), "application/json"
            except Exception as e:
                raise FaultException("Runtime.MarshalError", "Unable to marshal response: {}".format(str(e)))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        error = make_error(str(value), etype.__name__, user_traceback(tb), request_id)
    else:
        client.post_result(request_id, result, content_type)
        return
    # The runtime warns before every failed invocation's [ERROR] line (awslambdaric lambda_literals.py;
    # localstack test_dead_letter_queue's LogResult, recorded on AWS).
    sys.stdout.write(UNHANDLED_EXCEPTION_WARNING + "\n")
    log_error(error)
    client.post_error(request_id, error)


def main():
    global _request_id
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    # As on Lambda: /var/task first, then the layers (/opt/python), then the standard library.
    sys.path[0:1] = [task_root] + sys.argv[1:]
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        sys.meta_path.insert(0, EndpointUrlHook(endpoint))
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    setup_logging()
    try:
        request_handler = get_handler(os.environ["_HANDLER"])
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace)
        log_error(error)
        client.post_init_error(error)
        sys.exit(1)
    except Exception:
        etype, value, tb = sys.exc_info()
        error = make_error(str(value), etype.__name__, user_traceback(tb))
        log_error(error)
        client.post_init_error(error)
        sys.exit(1)
    while True:
        response, body = client.next()
        headers = response.headers
        _request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle(client, request_handler, _request_id, headers, body)


if __name__ == "__main__":
    main()
