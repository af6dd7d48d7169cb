#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for hrpass's tests, on loopback.

Each accepted message is parsed with Python's email package and saved as JSON in --out:
{"to": [...], "subject", "message_id", "text", "html", "peer_port", "received_at"}.
Behaviours for failure tests:
--reject ADDR answers 550 to RCPT TO:<ADDR>; --tempfail N answers 451 to the first N DATA;
--slowdown N answers Microsoft 365's "432 4.3.2 … sender thread limit exceeded" to the first N;
--delay S waits S seconds before answering DATA; --tls-cert/--tls-key offer STARTTLS and
require it before MAIL; with --implicit-tls as well, TLS starts at connect instead (SMTPS).
--auth USER:PASSWORD requires AUTH (PLAIN or LOGIN, over TLS) before MAIL; each saved
message then records "auth_user". --xoauth2 USER:TOKEN offers only XOAUTH2 (also without TLS,
as loopback tests run) and takes only that bearer token; a wrong one gets what Google and
Microsoft send, a 334 error challenge, then 535 after the client's empty line.
Prints READY once it listens; runs until killed.
"""
import argparse
import asyncio
import base64
import email
import json
import logging
import os
import ssl
import threading
import time
import warnings
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, out, reject, tempfail, delay, slowdown=0):
        self.out = out
        self.delay = delay
        self.slowdown = slowdown
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
            if self.slowdown > 0:
                self.slowdown -= 1
                with open(os.path.join(self.out, "slowdowns.txt"), "a") as f:
                    f.write("%f\n" % time.time())
                return "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"
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


class XoauthHandler(Handler):
    """Handler plus the XOAUTH2 mechanism (aiosmtpd offers each handler's auth_* method)."""

    def __init__(self, user, token, *args):
        super().__init__(*args)
        self.user, self.token = user, token

    async def auth_XOAUTH2(self, server, args):
        blob = args[1] if len(args) > 1 else await server.challenge_auth("", encode_to_b64=False)
        try:
            fields = base64.b64decode(blob).decode().split("\x01")
            given = dict(f.split("=", 1) for f in fields if f)
        except Exception:
            return AuthResult(success=False, handled=False, message="501 5.5.2 bad XOAUTH2")
        if given.get("user") == self.user and given.get("auth") == "Bearer " + self.token:
            return AuthResult(success=True, auth_data=LoginPassword(self.user.encode(), b""))
        error = json.dumps({"status": "401", "schemes": "bearer", "scope": "https://mail.google.com/"})
        await server.challenge_auth(error)
        return AuthResult(success=False, handled=False, message="535 5.7.8 Username and Password not accepted")


def main():
    # The TLS tests make handshakes fail on purpose; aiosmtpd would log each with a
    # traceback, which a passing run must not print.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL + 1)
    # --xoauth2 without TLS is for loopback tests; aiosmtpd rightly warns about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--tempfail", type=int, default=0)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--slowdown", type=int, default=0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--auth")
    ap.add_argument("--xoauth2")
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
    handler = Handler(args.out, args.reject, args.tempfail, args.delay, args.slowdown)
    if args.xoauth2:
        user, token = args.xoauth2.split(":", 1)
        handler = XoauthHandler(user, token, args.out, args.reject, args.tempfail, args.delay)
        tls.update(auth_required=True, auth_require_tls=bool(args.tls_cert))
    controller = Controller(handler, hostname="127.0.0.1", port=args.port, **tls)
    controller.start()
    print("READY", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
