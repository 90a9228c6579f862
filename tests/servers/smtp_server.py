#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd), with the modes channels meet.

  smtp_server.py --mode starttls|ssl|plain --cert C --key K --out DIR [--user U --password P]

Prints "READY <port>" once listening. Each accepted message is written to DIR as JSON
(mail_from, rcpt_tos, subject, text, html, raw), parsed with Python's email package so the tests
check what a mail client would show. Runs until killed.
"""
import argparse, asyncio, email, email.policy, json, os, ssl, sys, time, uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class UpperCaseAuthSMTP(SMTP):
    # aiosmtpd 1.4 matches the AUTH mechanism case-sensitively; .NET's SmtpClient sends "AUTH login".
    async def smtp_AUTH(self, arg):
        if arg:
            head, _, rest = arg.partition(" ")
            arg = head.upper() + ((" " + rest) if rest else "")
        return await super().smtp_AUTH(arg)


class SaveAsJson:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # As a real server answers for a mailbox that does not exist (a person's address gone).
        if address.lower().startswith("refused@"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
            "raw": envelope.content.decode("utf-8", "replace"),
        }
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:6]}.json"
        tmp = os.path.join(self.out, name + ".tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.out, name))
        return "250 Message accepted for delivery"


class TestController(Controller):
    def factory(self):
        return UpperCaseAuthSMTP(self.handler, **self.SMTP_kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["starttls", "ssl", "plain"], required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--out", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False)

    tls = None
    if args.mode in ("starttls", "ssl"):
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)

    kwargs = {}
    if args.user:
        # auth_require_tls only recognises STARTTLS sessions in aiosmtpd 1.4; an implicit-TLS
        # session is encrypted from the first byte, so requiring it again would refuse AUTH.
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        kwargs.update(tls_context=tls, require_starttls=True)

    controller = TestController(
        SaveAsJson(args.out), hostname="127.0.0.1", port=find_port(),
        ssl_context=tls if args.mode == "ssl" else None, server_kwargs=kwargs)
    controller.start()
    print(f"READY {controller.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


def find_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
