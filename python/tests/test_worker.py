"""Unit tests of the worker's batch loop: events decoded one at a time, results and skips."""

import json
import os
import tempfile
import unittest

from caracal_runtime.worker import Worker, iter_json_array

RULE = """
def rule(event):
    if event.get("kind") == "raise":
        raise ValueError("boom")
    if event.get("kind") == "text":
        return "yes"
    return event.get("User", {}).get("NAME") == "root"


def title(event):
    return f"root {event.deep_get('user', 'name')}"
"""


class Recorder:
    """Stands in for the protocol channel: keeps what the worker sends."""

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(json.loads(json.dumps(message)))


class IterJsonArrayTest(unittest.TestCase):
    def test_decodes_items_in_order_with_any_spacing(self):
        items = [{"a": "x\ny\u2028é"}, [1, 2], "s", 3.5, None, True, {}]
        # Node's JSON.stringify leaves non-ASCII (U+2028 too) unescaped, as ensure_ascii=False.
        raw = json.dumps(items, ensure_ascii=False)
        for text in (json.dumps(items), raw, json.dumps(items, indent=2), " [ 1 , 2 ] "):
            expected = json.loads(text)
            self.assertEqual(list(iter_json_array(text)), expected)
        self.assertEqual(list(iter_json_array("[]")), [])
        self.assertEqual(list(iter_json_array(" [ ] ")), [])

    def test_rejects_what_is_not_an_array_of_json(self):
        for text in ("", "{}", "[1,", "[1 2]", "[1,]", "[tru]"):
            with self.assertRaises(ValueError, msg=text):
                list(iter_json_array(text))


class WorkerRunTest(unittest.TestCase):
    def setUp(self):
        fd, self.marker = tempfile.mkstemp()
        os.write(fd, b"\0" * 16)
        os.close(fd)
        self.channel = Recorder()
        spec = {"index": 0, "id": "Root", "name": "Root", "file": "root.py", "code": RULE}
        init = {
            "progressFile": self.marker,
            "detections": [{**spec, "severity": "HIGH", "logTypes": ["T"]}],
        }
        self.worker = Worker(self.channel, init)

    def tearDown(self):
        self.worker.slots.release()
        self.worker.marker.close()
        os.unlink(self.marker)

    def run_batch(self, events, start=0, skips=()):
        request = {"logType": "T", "start": start, "skips": list(skips)}
        self.worker.run(request, json.dumps(events))
        sent = self.channel.sent
        self.assertEqual(sent[-1], {"type": "done"})
        matches = [m for r in sent[:-1] for m in r["matches"]]
        errors = [e for r in sent[:-1] for e in r["errors"]]
        return sent[-2]["upTo"], matches, errors

    def test_matches_errors_and_case_insensitive_keys(self):
        events = [
            {"user": {"name": "root"}},
            {"user": {"name": "alice"}},
            {"kind": "raise"},
            {"kind": "text"},
        ]
        up_to, matches, errors = self.run_batch(events)
        self.assertEqual(up_to, 4)
        self.assertEqual([(m["event"], m["title"]) for m in matches], [(0, "root root")])
        self.assertEqual(
            [(e["event"], e["errorType"]) for e in errors], [(2, "ValueError"), (3, "TypeError")]
        )
        self.assertIn("returned str, not bool", errors[1]["message"])

    def test_resumes_from_start_and_leaves_out_skipped_calls(self):
        events = [{"user": {"name": "root"}}] * 4
        # Event 1: rule() skipped; event 2: title() skipped, so the title falls back to the name.
        up_to, matches, errors = self.run_batch(events, start=1, skips=[[1, 0, 0], [2, 0, 1]])
        self.assertEqual(up_to, 4)
        titles = [(m["event"], m["title"]) for m in matches]
        self.assertEqual(titles, [(2, "Root"), (3, "root root")])
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
