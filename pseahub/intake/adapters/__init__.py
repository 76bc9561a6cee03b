"""Channel adapters: each turns a provider's input into an ``InboundInput`` for ``intake.pipeline``.

``mailbox`` polls the network's neutral IMAP mailbox (``mailbox_poll``); ``mail_parse`` reads one e-mail.
"""
