"""A local stand-in for an OAuth2 authorization server (Microsoft's or Google's cannot be
reached from the test machines): the device authorization endpoint of RFC 8628 and the token
endpoint of RFC 6749 for the device_code and refresh_token grants.

  python3 oauth.py --port P --log FILE --client-id ID --access-token TOKEN
                   [--polls pending,slow_down,ok] [--interval S] [--expires-in S]
                   [--rotate] [--refresh-prefix R] [--refresh-delay S]

--polls is what each poll of the device_code grant answers, in turn (the last repeats):
"pending" (authorization_pending), "slow_down", "denied" (access_denied), "expired"
(expired_token), "ok" (the tokens). A poll that comes sooner than the interval in force
(RFC 8628 §3.5: the interval, 5 s more after each slow_down) is answered slow_down and
logged as "too_fast". Tokens: the access token is TOKEN; refresh tokens are R-1, R-2, …;
with --rotate each refresh answers a new one and revokes the one used (RFC 6749 §10.4), so
a client that reuses an old one gets invalid_grant. Every request is appended to FILE as one
JSON line (no token values). Prints READY once it listens; runs until killed.
"""
import argparse
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.polls = args.polls.split(",")
        self.poll_index = 0
        self.interval = args.interval
        self.last_poll = None
        self.device_code = "device-code-0001"
        self.refresh_serial = 0
        self.valid_refresh = set()

    def new_refresh(self):
        self.refresh_serial += 1
        token = "%s-%d" % (self.args.refresh_prefix, self.refresh_serial)
        self.valid_refresh.add(token)
        return token

    def log(self, entry):
        entry["at"] = time.time()
        with open(self.args.log, "a") as f:
            f.write(json.dumps(entry) + "\n")


def handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def error(self, code, description=None):
            body = {"error": code}
            if description:
                body["error_description"] = description
            self.answer(400, body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
                return self.error("invalid_request", "form encoding required")
            if form.get("client_id") != state.args.client_id:
                state.log({"path": self.path, "outcome": "invalid_client"})
                return self.error("invalid_client", "unknown client")
            with state.lock:
                if self.path == "/devicecode":
                    return self.device_authorization(form)
                if self.path == "/token":
                    grant = form.get("grant_type")
                    if grant == "urn:ietf:params:oauth:grant-type:device_code":
                        return self.poll(form)
                    if grant == "refresh_token":
                        return self.refresh(form)
                    return self.error("unsupported_grant_type")
            self.send_response(404)
            self.end_headers()

        def device_authorization(self, form):
            state.log({"path": "/devicecode", "scope": form.get("scope", "")})
            self.answer(200, {
                "device_code": state.device_code,
                "user_code": "WDJB-MJHT",
                "verification_uri": "https://login.stand-in.test/device",
                "verification_uri_complete": "https://login.stand-in.test/device?user_code=WDJB-MJHT",
                "expires_in": state.args.expires_in,
                "interval": state.interval,
            })

        def poll(self, form):
            now = time.monotonic()
            if form.get("device_code") != state.device_code:
                return self.error("invalid_grant", "unknown device code")
            if state.last_poll is not None and now - state.last_poll < state.interval - 0.05:
                state.log({"path": "/token", "grant": "device_code", "outcome": "too_fast",
                           "gap": now - state.last_poll, "interval": state.interval})
                state.last_poll = now
                state.interval += 5
                return self.error("slow_down")
            gap = None if state.last_poll is None else now - state.last_poll
            state.last_poll = now
            outcome = state.polls[min(state.poll_index, len(state.polls) - 1)]
            state.poll_index += 1
            state.log({"path": "/token", "grant": "device_code", "outcome": outcome,
                       "gap": gap, "interval": state.interval})
            if outcome == "pending":
                return self.error("authorization_pending")
            if outcome == "slow_down":
                state.interval += 5
                return self.error("slow_down")
            if outcome == "denied":
                return self.error("access_denied", "The user declined.")
            if outcome == "expired":
                return self.error("expired_token")
            self.answer(200, {
                "access_token": state.args.access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": state.new_refresh(),
                "scope": "https://outlook.office.com/SMTP.Send offline_access",
            })

        def refresh(self, form):
            used = form.get("refresh_token", "")
            if used not in state.valid_refresh:
                state.log({"path": "/token", "grant": "refresh_token", "outcome": "invalid_grant",
                           "serial": used.rsplit("-", 1)[-1]})
                return self.error("invalid_grant", "AADSTS70000: the refresh token was revoked.")
            if state.args.refresh_delay:
                # Held under the lock: a second client's refresh waits behind this one.
                time.sleep(state.args.refresh_delay)
            body = {"access_token": state.args.access_token, "token_type": "Bearer",
                    "expires_in": 3600}
            if state.args.rotate:
                state.valid_refresh.discard(used)
                body["refresh_token"] = state.new_refresh()
            state.log({"path": "/token", "grant": "refresh_token", "outcome": "ok",
                       "serial": used.rsplit("-", 1)[-1], "rotated": state.args.rotate})
            self.answer(200, body)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--client-id", required=True)
    ap.add_argument("--access-token", required=True)
    ap.add_argument("--polls", default="ok")
    ap.add_argument("--interval", type=int, default=1)
    ap.add_argument("--expires-in", type=int, default=600)
    ap.add_argument("--rotate", action="store_true")
    ap.add_argument("--refresh-prefix", default="refresh")
    ap.add_argument("--refresh-delay", type=float, default=0.0)
    args = ap.parse_args()
    state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(state))
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
