"""`ARN`: an Amazon Resource Name split into its parts."""


class ARN:
    """Parses `arn:partition:service:region:account:resource`; also accepts account ids and
    service principals (`ec2.amazonaws.com`), as policy principals may be either."""

    def __init__(self, input_arn):
        self.arn = input_arn
        self.error = False
        self.partition = None
        self.tech = None
        self.region = None
        self.account_number = None
        self.name = None
        self.resource_type = None
        self.resource = None
        self.root = False
        self.service = False
        self._parse(str(input_arn))

    def _parse(self, text):
        if text.isdigit() and len(text) == 12:
            self.account_number = text
            self.root = True
            return
        if text.endswith(".amazonaws.com") and ":" not in text:
            self.service = True
            self.tech = text.split(".")[0]
            return
        parts = text.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn":
            self.error = True
            return
        _, self.partition, self.tech, self.region, self.account_number, self.name = parts
        if self.name == "root":
            self.root = True
        for sep in ("/", ":"):
            if sep in self.name:
                self.resource_type, self.resource = self.name.split(sep, 1)
                break
        else:
            self.resource = self.name

    def __repr__(self):
        return f"ARN({self.arn!r})"
