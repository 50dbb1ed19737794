"""Unit tests of the caching helpers against the in-process store."""

import unittest

from caracal_runtime import state
from panther_detection_helpers import caching


class CachingTest(unittest.TestCase):
    def setUp(self):
        self.now = [1000.0]
        state.use(state.MemoryState(clock=lambda: self.now[0]))

    def test_counters_with_expiration(self):
        self.assertEqual(caching.get_counter("k"), 0)
        self.assertEqual(caching.increment_counter("k"), 1)
        self.assertEqual(caching.increment_counter("k", 5), 6)
        caching.set_key_expiration("k", 1010)
        self.assertEqual(caching.get_counter("k", force_ttl_check=True), 6)
        self.now[0] = 1010
        self.assertEqual(caching.get_counter("k"), 0)
        caching.increment_counter("k")
        caching.reset_counter("k")
        self.assertEqual(caching.get_counter("k"), 0)

    def test_string_sets(self):
        self.assertEqual(caching.get_string_set("s"), set())
        self.assertEqual(caching.add_to_string_set("s", "a"), {"a"})
        self.assertEqual(caching.add_to_string_set("s", ["b", "c"]), {"a", "b", "c"})
        self.assertEqual(caching.remove_from_string_set("s", "b"), {"a", "c"})
        caching.put_string_set("s", ["x"], epoch_seconds=1001)
        self.assertEqual(caching.get_string_set("s"), {"x"})
        self.now[0] = 1001
        self.assertEqual(caching.get_string_set("s"), set())
        caching.add_to_string_set("s", "y")
        caching.reset_string_set("s")
        self.assertEqual(caching.get_string_set("s"), set())

    def test_dictionaries(self):
        caching.put_dictionary("d", {"a": 1})
        self.assertEqual(caching.get_dictionary("d"), {"a": 1})
        with self.assertRaises(TypeError):
            caching.put_dictionary("d", ["not", "a", "dict"])


if __name__ == "__main__":
    unittest.main()
