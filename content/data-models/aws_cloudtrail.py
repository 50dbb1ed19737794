"""Methods of the AWS.CloudTrail data model."""


def get_actor_user(event):
    """Who acted: the IAM user's name, the assumed role's name, else the last part of the ARN."""
    identity = event.get("userIdentity") or {}
    if identity.get("type") == "Root":
        return "root"
    if identity.get("userName"):
        return identity.get("userName")
    issuer = (identity.get("sessionContext") or {}).get("sessionIssuer") or {}
    if issuer.get("userName"):
        return issuer.get("userName")
    arn = identity.get("arn") or ""
    return arn.split("/")[-1] or identity.get("invokedBy")


def get_event_type(event):
    """Panther's standard event types for console sign-ins; the API call's name otherwise."""
    if event.get("eventName") == "ConsoleLogin":
        result = (event.get("responseElements") or {}).get("ConsoleLogin")
        if result == "Failure":
            return "failed_login"
        if result == "Success":
            return "successful_login"
    return event.get("eventName")
