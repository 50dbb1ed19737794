"""`Policy`: an IAM or resource policy document."""

from policyuniverse.statement import Statement


class Policy:
    """Statements of a policy document and questions about who they allow."""

    def __init__(self, policy):
        self.policy = policy
        statements = policy.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        self.statements = [Statement(s) for s in statements]

    @property
    def principals(self):
        """Every principal named by the policy."""
        found = set()
        for statement in self.statements:
            found.update(statement.principals)
        return found

    def is_internet_accessible(self):
        """True when some statement allows anyone without a narrowing condition."""
        return any(s.is_internet_accessible() for s in self.statements)

    def internet_accessible_actions(self):
        """Actions allowed by the internet-accessible statements."""
        actions = set()
        for statement in self.statements:
            if statement.is_internet_accessible():
                actions.update(statement.actions)
        return actions

    def whos_allowed(self):
        """Principals and condition values of the Allow statements."""
        allowed = set()
        for statement in self.statements:
            if statement.effect == "Allow":
                allowed.update(statement.whos_allowed())
        return allowed
