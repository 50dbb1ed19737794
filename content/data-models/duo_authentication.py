"""Methods of the Duo.Authentication data model."""


def get_event_type(event):
    """Panther's standard event types: a Duo authentication either signs in or fails to."""
    result = event.get("result")
    if result == "success":
        return "successful_login"
    if result in ("denied", "failure", "fraud"):
        return "failed_login"
    return result
