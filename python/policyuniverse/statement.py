"""`Statement`: one statement of an IAM/resource policy, and what restricts who it allows."""

import ipaddress
from collections import namedtuple

from policyuniverse.arn import ARN

#: A condition value that narrows who a statement allows.
ConditionTuple = namedtuple("ConditionTuple", ["category", "value"])
#: A principal a statement allows.
PrincipalTuple = namedtuple("PrincipalTuple", ["category", "value"])

#: Condition keys (lower case) and the category of restriction they express.
_CONDITION_KEYS = {
    "aws:sourcearn": "arn",
    "aws:principalarn": "arn",
    "aws:sourceowner": "account",
    "aws:sourceaccount": "account",
    "aws:principalaccount": "account",
    "kms:calleraccount": "account",
    "aws:principalorgid": "org-id",
    "aws:principalorgpaths": "org-path",
    "aws:sourcevpc": "vpc",
    "aws:sourcevpce": "vpce",
    "aws:sourceip": "cidr",
    "aws:userid": "userid",
    "aws:username": "username",
}


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


class Statement:
    """Effect, actions, principals and conditions of one statement."""

    def __init__(self, statement):
        self.statement = statement
        self.effect = statement.get("Effect")
        self.actions = {a.lower() for a in _as_list(statement.get("Action"))}
        self.not_actions = {a.lower() for a in _as_list(statement.get("NotAction"))}
        self.principals = self._principals()
        self.condition_entries = self._conditions()

    def uses_not_principal(self):
        """True when the statement names who it does not apply to."""
        return "NotPrincipal" in self.statement

    def _principals(self):
        principal = self.statement.get("Principal")
        if principal is None:
            return set()
        if isinstance(principal, str):
            return {principal}
        found = set()
        for key in ("AWS", "Service", "Federated", "CanonicalUser"):
            found.update(str(p) for p in _as_list(principal.get(key)))
        return found

    def _conditions(self):
        entries = set()
        for operator, mapping in (self.statement.get("Condition") or {}).items():
            if operator.lower().endswith("ifexists") or not isinstance(mapping, dict):
                continue  # an ...IfExists condition does not restrict requests without the key
            for key, values in mapping.items():
                category = _CONDITION_KEYS.get(key.lower())
                if category is not None:
                    entries.update(ConditionTuple(category, str(v)) for v in _as_list(values))
        return entries

    def whos_allowed(self):
        """Principals and condition values, as tuples."""
        allowed = {PrincipalTuple("principal", p) for p in self.principals}
        return allowed | set(self.condition_entries)

    def is_internet_accessible(self):
        """True for an Allow statement open to anyone that no condition narrows."""
        if self.effect != "Allow":
            return False
        if not self.uses_not_principal() and not any(_is_public(p) for p in self.principals):
            return False
        restricting = [c for c in self.condition_entries if not _is_wildcard(c)]
        return not restricting


def _is_public(principal):
    if principal == "*":
        return True
    arn = ARN(principal)
    return arn.error and "*" in principal


def _is_wildcard(condition):
    value = condition.value
    if condition.category == "cidr":
        try:
            return ipaddress.ip_network(value, strict=False).prefixlen == 0
        except ValueError:
            return False
    return value.strip() == "*"
