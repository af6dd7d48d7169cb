#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for hrpass's tests, on loopback.

Each accepted message is parsed with Python's email package and saved as JSON in --out:
{"to": [...], "subject", "message_id", "text", "html", "peer_port", "received_at"}.
Behaviours for failure tests:
--reject ADDR answers 550 to RCPT TO:<ADDR>; --tempfail N answers 451 to the first N DATA;
--delay S waits S seconds before answering DATA; --tls-cert/--tls-key offer STARTTLS and
require it before MAIL; with --implicit-tls as well, TLS starts at connect instead (SMTPS).
--auth USER:PASSWORD requires AUTH (PLAIN or LOGIN, over TLS) before MAIL; each saved
message then records "auth_user".
Prints READY once it listens; runs until killed.
"""
import argparse
import asyncio
import email
import json
import logging
import os
import ssl
import threading
import time
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, out, reject, tempfail, delay):
        self.out = out
        self.delay = delay
        self.reject = set(reject)
        self.tempfail = tempfail
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.tempfail > 0:
                self.tempfail -= 1
                return "451 4.3.0 try again later"
            msg = email.message_from_bytes(envelope.content, policy=policy.default)
            text = msg.get_body(preferencelist=("plain",))
            html = msg.get_body(preferencelist=("html",))
            record = {
                "to": envelope.rcpt_tos,
                "subject": str(msg["subject"]),
                "message_id": str(msg["message-id"]),
                "text": text.get_content() if text else None,
                "html": html.get_content() if html else None,
                "peer_port": session.peer[1],
                "auth_user": session.auth_data.login.decode()
                if isinstance(session.auth_data, LoginPassword)
                else None,
                "received_at": time.time(),
                "headers": {
                    name.lower(): str(msg[name])
                    for name in (
                        "Auto-Submitted",
                        "X-Auto-Response-Suppress",
                        "List-Unsubscribe",
                    )
                    if msg[name] is not None
                },
            }
            n = len([name for name in os.listdir(self.out) if name.endswith(".json")])
            # Written aside and renamed, so a reader never sees half a file.
            partial = os.path.join(self.out, "%04d.partial" % n)
            with open(partial, "w") as f:
                json.dump(record, f)
            os.rename(partial, os.path.join(self.out, "%04d.json" % n))
        return "250 2.0.0 OK queued as %04d" % n


def main():
    # The TLS tests make handshakes fail on purpose; aiosmtpd would log each with a
    # traceback, which a passing run must not print.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL + 1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--tempfail", type=int, default=0)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--auth")
    args = ap.parse_args()
    tls = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.implicit_tls:
            tls = {"ssl_context": context}
        else:
            tls = {"tls_context": context, "require_starttls": True}
    if args.auth:
        user, password = args.auth.encode().split(b":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (
                auth_data.login,
                auth_data.password,
            ) == (user, password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        tls.update(authenticator=authenticator, auth_required=True)
    handler = Handler(args.out, args.reject, args.tempfail, args.delay)
    controller = Controller(handler, hostname="127.0.0.1", port=args.port, **tls)
    controller.start()
    print("READY", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
