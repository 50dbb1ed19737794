"""Methods of the Microsoft.EntraID.SignIn data model."""


def get_event_type(event):
    """Panther's standard event types: error code 0 is a sign-in, anything else a failure."""
    code = (event.get("status") or {}).get("errorCode")
    if code is None:
        return None
    return "successful_login" if code == 0 else "failed_login"
