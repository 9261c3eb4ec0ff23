"""The `[mail]` settings' types, where the mail services import them from; config.toml's
[mail] section is read and checked with the rest of the file by acctcli.config."""

from __future__ import annotations

from acctcli.config.mail import ImapAccount, MailSettings

__all__ = ["ImapAccount", "MailSettings"]
