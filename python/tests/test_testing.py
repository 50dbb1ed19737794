"""Unit tests of `caracal_runtime.testing`: one detection test with mocks, outputs and errors."""

import array
import unittest

from caracal_runtime.content import load_module
from caracal_runtime.functions import Detection
from caracal_runtime.testing import run_test

CODE = """
from unittest.mock import MagicMock

def lookup(name):
    return "real"

def rule(event):
    return lookup(event.get("user")) == "mocked"

def title(event):
    return f"user {event.get('user')} ({type(lookup).__name__})"

def severity(event):
    return "DEFAULT"

def dedup(event):
    if event.get("user") == "boom":
        raise KeyError("no dedup")
    return 42
"""


class FakeWorker:
    """What `run_test` reads from a worker: detections by index, data models, the marker."""

    def __init__(self, code):
        module = load_module("Test.Rule", "/content/test_rule.py", code)
        spec = {"index": 0, "id": "Test.Rule", "severity": "HIGH", "logTypes": ["L"]}
        self.by_index = {0: Detection(spec, module)}
        self.models = {}
        self.slots = array.array("i", [0, 0, 0, 0])


def request(log, mocks=()):
    return {"detection": 0, "test": 0, "log": log, "mocks": list(mocks), "logType": "L"}


class RunTestTest(unittest.TestCase):
    def setUp(self):
        self.worker = FakeWorker(CODE)

    def test_mock_is_a_magicmock_patched_for_the_whole_test(self):
        result = run_test(self.worker, request({"user": "ann"}, [mock("lookup", "mocked")]))
        self.assertEqual(result["rule"], {"output": True})
        self.assertEqual(result["functions"]["title"], {"output": "user ann (MagicMock)"})
        # DEFAULT resolves to the detection's own severity.
        self.assertEqual(result["functions"]["severity"], {"output": "HIGH"})
        self.assertEqual(
            result["functions"]["dedup"],
            {"output": 42, "error": "TypeError: dedup() returned int, not str"},
        )

    def test_mock_is_removed_after_the_test(self):
        run_test(self.worker, request({"user": "ann"}, [mock("lookup", "mocked")]))
        result = run_test(self.worker, request({"user": "ann"}))
        self.assertEqual(result, {"rule": {"output": False}, "functions": {}})

    def test_raising_function_is_reported_with_its_type(self):
        result = run_test(self.worker, request({"user": "boom"}, [mock("lookup", "mocked")]))
        self.assertTrue(result["functions"]["dedup"]["error"].startswith("KeyError: 'no dedup'"))

    def test_unknown_mock_target_is_an_error(self):
        result = run_test(self.worker, request({}, [mock("lookupp", 1)]))
        self.assertIn("'lookupp' is not defined", result["mockError"])

    def test_non_bool_rule_is_reported(self):
        worker = FakeWorker("def rule(event):\n    return 'yes'\n")
        result = run_test(worker, request({}))
        self.assertEqual(result["rule"]["output"], "yes")
        self.assertIn("returned str, not bool", result["rule"]["error"])


POLICY = """
def policy(resource):
    return resource.get("encrypted") is True

def title(resource):
    return f"{resource.get('NAME')} is not encrypted"
"""


class PolicyTest(unittest.TestCase):
    def setUp(self):
        self.worker = FakeWorker(POLICY)
        # What the worker records for content without rule(): policies are still testable.
        self.worker.by_index[0].load_error = ("AttributeError", "no rule() function")

    def test_compliant_resource_returns_true_without_alert_functions(self):
        result = run_test(self.worker, request({"Encrypted": True}))
        self.assertEqual(result, {"rule": {"output": True}, "functions": {}})

    def test_non_compliant_resource_runs_the_alert_functions(self):
        result = run_test(self.worker, request({"Name": "bucket-a", "encrypted": False}))
        self.assertEqual(result["rule"], {"output": False})
        self.assertEqual(result["functions"]["title"], {"output": "bucket-a is not encrypted"})

    def test_non_bool_policy_is_reported(self):
        worker = FakeWorker("def policy(resource):\n    return 'yes'\n")
        worker.by_index[0].load_error = ("AttributeError", "no rule() function")
        result = run_test(worker, request({}))
        self.assertIn("policy() returned str, not bool", result["rule"]["error"])

    def test_content_with_neither_rule_nor_policy_is_a_load_error(self):
        worker = FakeWorker("X = 1\n")
        worker.by_index[0].load_error = ("AttributeError", "no rule() function")
        self.assertIn("no rule() function", run_test(worker, request({}))["loadError"])


def mock(name, value):
    return {"objectName": name, "returnValue": value}


if __name__ == "__main__":
    unittest.main()
