"""Render deploy/nginx/*.conf.template into a run directory (no root needed).

    .venv/bin/python deploy/render.py --run-dir /tmp/oe --listen 127.0.0.1:8000 \
        --upstream 127.0.0.1:8101 --upstream 127.0.0.1:8102 [--test]

Only ``${OE_*}`` names are placeholders (the same rule as the nginx image's envsubst, which
fills site.conf.template from the environment in deploy/compose.yaml); nginx's own ``$name``
variables are left alone. A placeholder without a value is an error, never an empty string.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "deploy" / "nginx"
WEB_ROOT = ROOT / "frontend" / "dist" / "frontend" / "browser"
PLACEHOLDER = re.compile(r"\$\{(OE_[A-Z0-9_]+)\}")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# An instance that refused a connection or failed is skipped for this long.
UPSTREAM_FAIL_TIMEOUT = "5s"


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill(text: str, values: dict[str, str]) -> str:
    missing = placeholders(text) - values.keys()
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def upstream_servers(addresses: list[str]) -> str:
    """The upstream block's server lines for `addresses` (host:port or unix:/path)."""
    return " ".join(
        f"server {a} max_fails=1 fail_timeout={UPSTREAM_FAIL_TIMEOUT};" for a in addresses
    )


def max_package_bytes() -> int:
    """The app's limit for QTI package uploads (banks/qti_package.py)."""
    sys.path.insert(0, str(ROOT / "backend" / "src"))
    from online_exam.banks.qti_package import MAX_PACKAGE_BYTES

    return int(MAX_PACKAGE_BYTES)


def content_security_policy() -> str:
    """The app's own policy for the web app (headers.py), with the OIDC issuer if set."""
    sys.path.insert(0, str(ROOT / "backend" / "src"))
    from online_exam.headers import SPA_CSP, _with_issuer

    issuer = os.environ.get("OIDC_ISSUER", "").strip()
    return str(_with_issuer(SPA_CSP, issuer) if issuer else SPA_CSP)


def framed_content_security_policy() -> str:
    """The policy for web-app pages loaded in a frame (LTI: a learning platform's iframe): the
    origins in LTI_FRAME_ANCESTORS (space-separated, the registered platforms) may frame it and
    receive its forms (the deep-linking answer); empty keeps it unframeable like every page."""
    csp = content_security_policy()
    origins = " ".join(os.environ.get("LTI_FRAME_ANCESTORS", "").split())
    if not origins:
        return csp
    csp = csp.replace("frame-ancestors 'none'", f"frame-ancestors {origins}")
    return csp.replace("form-action 'self'", f"form-action 'self' {origins}")


def values(
    run_dir: Path,
    listen: str,
    upstreams: list[str],
    web_root: Path = WEB_ROOT,
    max_body: int | None = None,
    nginx_workers: str = "auto",
    access_log: str = "off",
) -> dict[str, str]:
    body = max_body if max_body is not None else int(os.environ.get("MAX_CONTENT_LENGTH", 1 << 20))
    return {
        "OE_RUN_DIR": str(run_dir),
        "OE_LISTEN": listen,
        "OE_UPSTREAM_SERVERS": upstream_servers(upstreams),
        "OE_WEB_ROOT": str(web_root),
        "OE_MAX_BODY": str(body),
        "OE_MAX_PACKAGE": str(max_package_bytes()),
        "OE_CSP": content_security_policy(),
        "OE_CSP_FRAMED": framed_content_security_policy(),
        "OE_NGINX_WORKERS": nginx_workers,
        "OE_ACCESS_LOG": access_log,
        "OE_USER": f"{pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name}",
    }


def render(run_dir: Path, settings: dict[str, str]) -> Path:
    """nginx.conf and site.conf in `run_dir` (plus its temp dirs); returns nginx.conf."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    for name in ("site.conf", "nginx.conf"):
        template = (TEMPLATES / f"{name}.template").read_text()
        (run_dir / name).write_text(fill(template, settings))
    return run_dir / "nginx.conf"


def nginx_test(conf: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a rendered configuration, with its own prefix (no root, no /var/log)."""
    return subprocess.run(
        [
            NGINX,
            "-t",
            "-q",
            "-p",
            str(conf.parent),
            "-e",
            str(conf.parent / "nginx-test.log"),
            "-c",
            str(conf),
        ],
        capture_output=True,
        text=True,
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--run-dir", type=Path, required=True)
    p.add_argument("--listen", default="127.0.0.1:8000")
    p.add_argument("--upstream", action="append", required=True, help="host:port; repeatable")
    p.add_argument("--web-root", type=Path, default=WEB_ROOT)
    p.add_argument("--test", action="store_true", help="run nginx -t on the result")
    args = p.parse_args()
    conf = render(
        args.run_dir.resolve(),
        values(args.run_dir.resolve(), args.listen, args.upstream, args.web_root),
    )
    print(conf)
    if args.test:
        result = nginx_test(conf)
        sys.stderr.write(result.stderr)
        return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
