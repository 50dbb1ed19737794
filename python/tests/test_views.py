"""The event views' lookups, run with the C fast path and without it (CARACAL_PURE_PYTHON=1)."""

import copy
import gc
import pickle
import unittest

from panther_core import ImmutableCaseInsensitiveDict, ImmutableList, PantherEvent


def event():
    return PantherEvent(
        {
            "eventName": "Login",
            "User": {"Name": "root", "Tags": ["a", {"K": "v"}]},
            "count": 0,
            "none": None,
            "list": [1, 2],
            1: "int key",
        }
    )


class ViewLookupTest(unittest.TestCase):
    def test_exact_and_other_spellings(self):
        e = event()
        self.assertEqual(e.get("eventName"), "Login")
        self.assertEqual(e.get("EVENTNAME"), "Login")
        self.assertEqual(e["eventname"], "Login")
        self.assertEqual(e.get("user").get("name"), "root")
        self.assertEqual(e["USER"]["NAME"], "root")
        self.assertEqual(e.get(1), "int key")

    def test_another_spelling_finds_the_first_matching_key(self):
        e = PantherEvent({"user": 1, "USER": 2, "Nested": {"a": {"B": "deep"}}})
        self.assertEqual(e.get("User"), 1)
        self.assertEqual(e["uSeR"], 1)
        self.assertEqual(e.get("USER"), 2)
        self.assertIs(e.get("NESTED"), e.get("nested"))
        self.assertEqual(e.deep_get("nested", "A", "b"), "deep")

    def test_keys_beyond_ascii(self):
        # U+212A KELVIN SIGN lower-cases to an ASCII "k": Python's rules decide, not a byte compare.
        e = PantherEvent({"\u212a": "kelvin", "Ünïcode": "u", "é": "e"})
        self.assertEqual(e.get("k"), "kelvin")
        self.assertEqual(e.get("üNÏCODE"), "u")
        self.assertEqual(e["É"], "e")
        self.assertIsNone(e.get("x"))

    def test_misses_defaults_and_falsy_values(self):
        e = event()
        self.assertIsNone(e.get("missing"))
        self.assertEqual(e.get("missing", "d"), "d")
        self.assertEqual(e.get("count", 5), 0)
        self.assertIsNone(e.get("none", "d"))
        with self.assertRaises(KeyError):
            e["missing"]  # noqa: B018 - the lookup is the test
        self.assertEqual(e.get(["unhashable"], "d"), "d")
        with self.assertRaises(KeyError):
            e[["unhashable"]]  # noqa: B018
        self.assertNotIn("missing", e)
        self.assertIn("EventName", e)

    def test_nested_values_are_views_built_once(self):
        e = event()
        user = e.get("User")
        self.assertIsInstance(user, ImmutableCaseInsensitiveDict)
        self.assertIs(e.get("User"), user)
        self.assertIs(e["user"], user)
        tags = user.get("tags")
        self.assertIsInstance(tags, ImmutableList)
        self.assertIs(user.get("Tags"), tags)
        self.assertEqual(tags[1].get("k"), "v")
        self.assertEqual(list(e.get("list")), [1, 2])
        self.assertEqual(user.to_dict(), {"Name": "root", "Tags": ["a", {"K": "v"}]})

    def test_views_are_read_only(self):
        e = event()
        with self.assertRaises(TypeError):
            e["eventName"] = "x"  # type: ignore[index]
        self.assertEqual(e.deep_get("user", "tags"), ["a", {"K": "v"}])

    def test_copy_deepcopy_and_pickle(self):
        model = object()
        e = PantherEvent({"a": {"b": [1, {"c": 2}]}}, model)
        shallow = copy.copy(e)
        self.assertIsInstance(shallow, PantherEvent)
        self.assertIs(shallow._data, e._data)
        deep = copy.deepcopy(e)
        self.assertEqual(deep, e)
        self.assertIsNot(deep._data["a"], e._data["a"])
        self.assertIs(deep.data_model, model)
        self.assertEqual(deep.get("A").get("B")[1].get("C"), 2)
        nested = copy.deepcopy(e.get("a"))
        self.assertEqual(nested.deep_get("b"), [1, {"c": 2}])
        restored = pickle.loads(pickle.dumps(PantherEvent({"x": 1})))
        self.assertEqual(restored.get("X"), 1)

    def test_argument_errors_match_dict_get(self):
        e = event()
        with self.assertRaises(TypeError):
            e.get()  # type: ignore[call-arg]
        with self.assertRaises(TypeError):
            e.get("a", 1, 2)  # type: ignore[call-arg]

    def test_views_are_freed(self):
        # Views hold their data and caches; a cycle through user data must still be collected.
        before = len(gc.get_objects())
        for _ in range(2000):
            data = {"a": {"b": {}}}
            data["a"]["b"]["self"] = data
            e = PantherEvent(data)
            e.get("a").get("b").get("self").get("a")
        del e, data
        gc.collect()
        self.assertLess(len(gc.get_objects()) - before, 500)


if __name__ == "__main__":
    unittest.main()
