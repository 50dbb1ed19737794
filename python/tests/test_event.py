"""Unit tests of the event types detections receive."""

import json
import unittest

from panther_core import DataModel, ImmutableList, PantherEvent
from panther_core.data_model import parse_path
from panther_core.immutable import json_default

RAW = {
    "eventName": "ConsoleLogin",
    "userIdentity": {"Type": "Root", "sessionContext": {"attributes": {"mfa": "true"}}},
    "resources": [{"ARN": "a1"}, {"arn": "a2"}, {"arn": "a1"}],
    "p_event_time": "2026-11-28 12:00:00.000",
    "p_udm": {"user": "root-udm"},
    "p_enrichment": {"ipinfo": {"sourceIPAddress": {"country": "FR"}}},
}


class EventTest(unittest.TestCase):
    def setUp(self):
        self.event = PantherEvent(json.loads(json.dumps(RAW)))

    def test_keys_match_in_any_case_at_every_level(self):
        self.assertEqual(self.event["EVENTNAME"], "ConsoleLogin")
        self.assertEqual(self.event.get("useridentity").get("TYPE"), "Root")
        self.assertEqual(self.event["resources"][0]["arn"], "a1")
        self.assertIn("EventName", self.event)
        self.assertIsNone(self.event.get("missing"))
        self.assertEqual(self.event.get("missing", "d"), "d")
        self.assertEqual(list(self.event.keys())[0], "eventName")

    def test_is_immutable_and_copies_are_mutable(self):
        with self.assertRaises(TypeError):
            self.event["eventName"] = "x"  # type: ignore[index]
        copy = self.event.copy()
        copy["userIdentity"]["Type"] = "IAMUser"
        self.assertEqual(self.event.deep_get("userIdentity", "type"), "Root")
        self.assertEqual(self.event.to_dict(), RAW)
        self.assertIsInstance(self.event["resources"], ImmutableList)
        self.assertEqual(self.event["resources"][1:], [{"arn": "a2"}, {"arn": "a1"}])

    def test_deep_get_and_deep_walk(self):
        e = self.event
        self.assertEqual(e.deep_get("USERIDENTITY", "sessioncontext", "Attributes", "MFA"), "true")
        self.assertEqual(e.deep_get("userIdentity", "nope", default="d"), "d")
        self.assertEqual(e.deep_get("eventName", "deeper", default="d"), "d")
        self.assertEqual(e.deep_walk("resources", "arn"), ["a1", "a2"])
        self.assertEqual(e.deep_walk("resources", "arn", return_val="last"), "a1")
        self.assertEqual(e.deep_walk("resources", "nope", default="d"), "d")
        self.assertEqual(e.deep_walk("userIdentity", "type"), "Root")

    def test_udm_without_data_model_falls_back_and_never_raises(self):
        self.assertEqual(self.event.udm("user"), "root-udm")
        self.assertEqual(self.event.udm("eventName"), "ConsoleLogin")
        self.assertIsNone(self.event.udm("nothing"))
        self.assertEqual(self.event.udm("nothing", default="d"), "d")
        self.assertIsNone(self.event.udm_path("user"))

    def test_udm_with_path_and_method_mappings(self):
        def mfa(ev):
            return ev.deep_get("userIdentity", "Type")

        module = type("M", (), {"mfa": staticmethod(mfa)})
        mappings = [
            {"name": "who", "path": "$.userIdentity.sessionContext"},
            {"name": "kind", "method": "mfa"},
        ]
        model = DataModel("M", mappings, module)
        event = PantherEvent(RAW, model)
        self.assertEqual(event.udm("who", "attributes", "MFA"), "true")
        self.assertEqual(event.udm("kind"), "Root")
        self.assertEqual(event.udm_path("who"), "$.userIdentity.sessionContext")

    def test_paths_and_time_and_lookup(self):
        self.assertEqual(parse_path("$.a.b[0]['c d']"), ("a", "b", 0, "c d"))
        with self.assertRaises(ValueError):
            parse_path("$..a[*]")
        self.assertEqual(self.event.event_time_epoch(), 1795867200)
        self.assertEqual(self.event.lookup("IPINFO", "sourceIPAddress", "country"), "FR")

    def test_serializes_to_json(self):
        self.assertEqual(json.loads(json.dumps(self.event, default=json_default)), RAW)


if __name__ == "__main__":
    unittest.main()
