"""What a login may look like: the one rule for everyone who acts (staff, administrators, auditors).

A login names the same person in the trail, on the command line (WORKFLOW_USER) and, on PostgreSQL, as
a database role, so it is kept to what every one of them reads the same way and a person can type:
lowercase ASCII letters, digits, `.`, `_` and `-`, beginning with a letter, a digit or `_`, at most 63
characters (PostgreSQL's limit for a role name). `ana`, `jefe.atencion`, `p_gomez-2` are logins;
`Pedro Gómez`, `Ana`, `-x` are not: a person's full name goes in `--name`.
"""

from __future__ import annotations

import re

from workflow.errors import Refused

LOGIN_PATTERN = r"[a-z0-9_][a-z0-9._-]{0,62}"
_LOGIN = re.compile(LOGIN_PATTERN)


def is_login(text: str) -> bool:
    return _LOGIN.fullmatch(text) is not None


def checked_login(text: str) -> str:
    """`text` as a login (surrounding spaces dropped), or Refused saying the rule."""
    login = text.strip()
    if not is_login(login):
        raise Refused("login.invalid", login=login)
    return login
