"""Methods of the OneLogin.Events data model."""

# OneLogin event type ids: 5 user logged in, 6 user failed authentication, 72 role assigned.
_STANDARD = {5: "successful_login", 6: "failed_login", 72: "admin_role_assigned"}


def get_event_type(event):
    """Panther's standard event type, else OneLogin's numeric event type id."""
    type_id = event.get("event_type_id")
    return _STANDARD.get(type_id, type_id)
