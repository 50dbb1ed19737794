"""Unit tests of the clean-room policyuniverse subset."""

import unittest

from policyuniverse.arn import ARN
from policyuniverse.policy import Policy


def statement(**fields):
    base = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    base.update(fields)
    return {"Version": "2012-10-17", "Statement": [base]}


class PolicyUniverseTest(unittest.TestCase):
    def test_arn(self):
        arn = ARN("arn:aws:iam::012345678910:role/testRole")
        self.assertEqual(
            (arn.tech, arn.account_number, arn.resource_type, arn.resource, arn.error),
            ("iam", "012345678910", "role", "testRole", False),
        )
        self.assertTrue(ARN("arn:aws:iam::012345678910:root").root)
        self.assertTrue(ARN("ec2.amazonaws.com").service)
        self.assertTrue(ARN("not an arn").error)

    def test_internet_accessible(self):
        self.assertTrue(Policy(statement(Principal="*")).is_internet_accessible())
        self.assertTrue(Policy(statement(Principal={"AWS": ["*"]})).is_internet_accessible())
        self.assertFalse(
            Policy(statement(Principal={"AWS": "arn:aws:iam::012345678910:root"}))
            .is_internet_accessible()
        )
        narrowed = statement(
            Principal="*", Condition={"StringEquals": {"aws:SourceVpc": "vpc-1234"}}
        )
        self.assertFalse(Policy(narrowed).is_internet_accessible())
        open_cidr = statement(Principal="*", Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})
        self.assertTrue(Policy(open_cidr).is_internet_accessible())
        self.assertFalse(Policy(statement(Principal="*", Effect="Deny")).is_internet_accessible())
        self.assertEqual(
            Policy(statement(Principal="*")).internet_accessible_actions(), {"s3:getobject"}
        )


if __name__ == "__main__":
    unittest.main()
