"""`tortodelova` command line: dev, serve, worker, db, create-admin, models."""

from __future__ import annotations

import argparse
import asyncio
import sys

from tortodelova.entrypoints.config.settings import Settings


def _settings() -> Settings:
    from tortodelova.entrypoints.config.dotenv import load_dotenv

    load_dotenv()
    return Settings.from_env()


def _refuse_unsafe_secrets(
    settings: Settings, *, need_jwt: bool = False, admin_password: str | None = None
) -> bool:
    """True (after saying which variable and why) when a secret is a placeholder or weak."""
    from tortodelova.entrypoints.config.secret_policy import refusal, secret_problems

    problems = secret_problems(settings, need_jwt=need_jwt, admin_password=admin_password)
    if problems:
        print(refusal(problems), file=sys.stderr)
    return bool(problems)


def cmd_dev(args: argparse.Namespace) -> int:
    from tortodelova.devstack.supervisor import run_dev

    # No ./.env here: that file configures the docker-compose deployment (S3_ENDPOINT=http://minio:9000,
    # ...), while dev runs on embedded defaults. Real environment variables still apply.
    return run_dev(Settings.from_env())


def cmd_serve(args: argparse.Namespace) -> int:
    from tortodelova.entrypoints.cli.serve import serve
    from tortodelova.entrypoints.config.payment_settings import payment_problems

    settings = _settings()
    if _refuse_unsafe_secrets(settings, need_jwt=True):
        return 2
    problems = payment_problems(settings)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        print(
            f"настройки оплаты, запуск отменён / payment settings, refusing to start:\n{lines}",
            file=sys.stderr,
        )
        return 2
    port = settings.port if args.port is None else args.port  # 0: any free port, logged once bound
    serve(settings, host=args.host or settings.host, port=port)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import dataclasses

    from tortodelova.entrypoints.worker.run_worker import run_worker

    settings = _settings()
    if _refuse_unsafe_secrets(settings):
        return 2
    if args.pull:
        settings = dataclasses.replace(settings, ml_auto_pull=True)
    return asyncio.run(run_worker(settings, worker_id=args.id))


def cmd_db(args: argparse.Namespace) -> int:
    from tortodelova.adapters.db.migrate import downgrade, upgrade

    settings = _settings()
    if not settings.database_url:
        print("DATABASE_URL не задан / DATABASE_URL is not set", file=sys.stderr)
        return 2
    if args.action == "upgrade":
        upgrade(settings.database_url, args.revision or "head")
    else:
        downgrade(settings.database_url, args.revision or "-1")
    print(f"db {args.action}: ok")
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from tortodelova.domain.errors import PromotionRefused
    from tortodelova.entrypoints.cli.admin_account import create_admin

    settings = _settings()
    email = args.email or settings.admin_email
    if not email:
        print("укажите --email или ADMIN_EMAIL / pass --email or set ADMIN_EMAIL", file=sys.stderr)
        return 2
    password = args.password or settings.admin_password or None
    if _refuse_unsafe_secrets(settings, admin_password=password):
        return 2
    try:
        created, generated = asyncio.run(create_admin(settings, email, password, promote=args.promote))
    except PromotionRefused:
        print(
            f"{email} уже зарегистрирован как обычный пользователь; если это ваша учётная запись, повторите с "
            f"--promote (её сеансы будут завершены) / {email} is already registered as a regular user; if it "
            "is yours, run again with --promote (its sessions will be ended)",
            file=sys.stderr,
        )
        return 2
    state = "создан / created" if created else "обновлён / updated"
    print(f"admin {email}: {state}")
    if generated:
        print(f"пароль / password: {generated}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tortodelova", description="Генератор дизайнов тортов / cake designs"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("dev", help="всё сразу: встроенные PostgreSQL и S3, API, воркер, SPA").set_defaults(
        fn=cmd_dev
    )

    serve = sub.add_parser("serve", help="HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int, help="0: любой свободный порт (см. журнал)")
    serve.set_defaults(fn=cmd_serve)

    worker = sub.add_parser("worker", help="GPU worker")
    worker.add_argument("--id", help="worker id (default: host-pid)")
    worker.add_argument(
        "--pull",
        action="store_true",
        help="fetch missing model weights first if the hub answers (ML_AUTO_PULL)",
    )
    worker.set_defaults(fn=cmd_worker)

    db = sub.add_parser("db", help="migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?")
    db.set_defaults(fn=cmd_db)

    admin = sub.add_parser("create-admin", help="create the admin account (or promote one with --promote)")
    admin.add_argument("--email")
    admin.add_argument("--password")
    admin.add_argument(
        "--promote",
        action="store_true",
        help="make an existing regular account the admin (ends its sessions)",
    )
    admin.set_defaults(fn=cmd_create_admin)

    from tortodelova.entrypoints.cli import models as cli_models

    cli_models.register(sub, _settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.fn(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
