"""Methods of the GSuite.Reports data model."""

_STANDARD = {
    "login_failure": "failed_login",
    "login_success": "successful_login",
    "assign_role": "admin_role_assigned",
    "2sv_disable": "mfa_disabled",
}


def get_event_type(event):
    """Panther's standard event type of the first event, else that event's own name."""
    events = event.get("events") or []
    first = events[0] if events else {}
    name = first.get("name") if hasattr(first, "get") else None
    return _STANDARD.get(name, name)
