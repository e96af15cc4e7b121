"""assets plugin (placeholder until its capability lands)."""


def register():
    pass
