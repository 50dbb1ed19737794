"""Methods of the Okta.SystemLog data model."""


def get_event_type(event):
    """Panther's standard event types for sign-ins and admin grants; the eventType otherwise."""
    name = event.get("eventType")
    result = (event.get("outcome") or {}).get("result")
    if name == "user.session.start":
        if result == "SUCCESS":
            return "successful_login"
        if result == "FAILURE":
            return "failed_login"
    if name == "user.account.privilege.grant":
        return "admin_role_assigned"
    if name == "user.mfa.factor.deactivate":
        return "mfa_disabled"
    return name
