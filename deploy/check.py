"""Keep the container recipe honest where no container engine runs (`make lint` runs this).

1. The nginx configuration renders (deploy/render.py) and `nginx -t` accepts it.
2. compose.yaml's proxy fills exactly the placeholders of site.conf.template (and nothing
   else: NGINX_ENVSUBST_FILTER=^OE_), with the app's own values (CSP, body limit), mounts that
   very file, and the result parses for nginx too (with the service names as hosts).
3. Every file the Dockerfile copies exists; its RUN steps are deploy/build.sh, whose make
   targets exist in the Makefile; every stage compose builds is a Dockerfile stage.
4. Every setting the Dockerfile and compose.yaml give the app is one the app, its server
   launcher (app_server.py) or gunicorn.conf.py reads, and both app instances get the same ones.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render

ROOT = render.ROOT
DEPLOY = ROOT / "deploy"
SETTINGS_READERS = [
    ROOT / "backend" / "src" / "online_exam" / "config.py",
    ROOT / "backend" / "src" / "online_exam" / "__init__.py",
    ROOT / "backend" / "src" / "online_exam" / "app_server.py",
    ROOT / "backend" / "gunicorn.conf.py",
]
# Read by tools, not by the app: Flask's CLI and the Python runtime.
TOOL_SETTINGS = {"FLASK_APP", "PATH"}


def app_settings() -> set[str]:
    names: set[str] = set()
    for path in SETTINGS_READERS:
        text = path.read_text()
        names |= set(
            re.findall(
                r"""(?:environ(?:\.get)?|_int|_bool|_env_int|_list)\(\s*["']([A-Z_0-9]+)["']""",
                text,
            )
        )
        names |= set(re.findall(r"""environ\[["']([A-Z_0-9]+)["']\]""", text))
    return names


def check_nginx(problems: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="oe-nginx-check-") as tmp:
        run_dir = Path(tmp)
        settings = render.values(run_dir, "127.0.0.1:8000", ["127.0.0.1:8101", "127.0.0.1:8102"])
        result = render.nginx_test(render.render(run_dir, settings))
        if result.returncode != 0:
            problems.append(f"nginx -t on the rendered configuration failed:\n{result.stderr}")


def check_compose(compose: dict[str, Any], problems: list[str]) -> None:
    services = compose["services"]
    proxy = services["proxy"]
    env = {k: str(v) for k, v in proxy["environment"].items()}
    template = DEPLOY / "nginx" / "site.conf.template"
    wanted = render.placeholders(template.read_text())
    given = {k for k in env if k.startswith("OE_")}
    if wanted != given:
        problems.append(
            f"compose proxy: OE_* values {sorted(given)} != the template's placeholders "
            f"{sorted(wanted)}"
        )
    if env.get("NGINX_ENVSUBST_FILTER") != "^OE_":
        problems.append("compose proxy: NGINX_ENVSUBST_FILTER must be ^OE_ (as render.py)")
    mounts = [str(v).split(":") for v in proxy.get("volumes", [])]
    if not any(
        (DEPLOY / m[0]).resolve() == template and m[1] == "/etc/nginx/templates/site.conf.template"
        for m in mounts
    ):
        problems.append("compose proxy does not mount deploy/nginx/site.conf.template")
    if env.get("OE_CSP") != render.content_security_policy():
        problems.append("compose proxy: OE_CSP differs from the app's (headers.SPA_CSP)")
    if env.get("OE_CSP_FRAMED") != render.content_security_policy():
        problems.append("compose proxy: OE_CSP_FRAMED must default to the app's OE_CSP")
    if env.get("OE_MAX_BODY") != str(1 << 20):
        problems.append("compose proxy: OE_MAX_BODY differs from MAX_CONTENT_LENGTH's default")
    if env.get("OE_MAX_PACKAGE") != str(render.max_package_bytes()):
        problems.append("compose proxy: OE_MAX_PACKAGE differs from the app's MAX_PACKAGE_BYTES")
    # The compose values parse for nginx too (service names resolved as loopback for -t).
    with tempfile.TemporaryDirectory(prefix="oe-nginx-compose-") as tmp:
        run_dir = Path(tmp)
        local = render.values(run_dir, "127.0.0.1:8000", ["127.0.0.1:1"])
        values = {**local, **{k: v for k, v in env.items() if k in wanted}}
        values["OE_LISTEN"] = "127.0.0.1:8000"
        values["OE_UPSTREAM_SERVERS"] = re.sub(
            r"server [a-z0-9_-]+:", "server 127.0.0.1:", values["OE_UPSTREAM_SERVERS"]
        )
        result = render.nginx_test(render.render(run_dir, values))
        if result.returncode != 0:
            problems.append(f"nginx -t with compose's values failed:\n{result.stderr}")
    apps = {name: s for name, s in services.items() if s.get("build", {}).get("target") == "app"}
    if sorted(apps) != ["app1", "app2", "migrate"]:
        problems.append(
            f"compose: expected app1, app2 and migrate from the app image: {sorted(apps)}"
        )
    envs = {name: dict(s.get("environment", {})) for name, s in apps.items()}
    if len({tuple(sorted(e.items())) for e in envs.values()}) != 1:
        problems.append("compose: the app services do not share one environment")
    known = app_settings() | TOOL_SETTINGS
    for name in sorted(set().union(*(e.keys() for e in envs.values())) - known):
        problems.append(f"compose: {name} is not a setting the app or its server reads")
    upstreams = env.get("OE_UPSTREAM_SERVERS", "")
    for name in ("app1", "app2"):
        if f"server {name}:8000" not in upstreams:
            problems.append(f"compose proxy: {name} is not an upstream")


def check_dockerfile(compose: dict[str, Any], problems: list[str]) -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    stages = set(re.findall(r"^FROM \S+ AS (\S+)$", text, re.MULTILINE))
    for service in compose["services"].values():
        target = service.get("build", {}).get("target")
        if target and target not in stages:
            problems.append(f"compose builds stage {target!r}, not in the Dockerfile")
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.MULTILINE):
        for source in line.split()[:-1]:
            if not (ROOT / source).exists():
                problems.append(f"Dockerfile copies {source}, which does not exist")
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.MULTILINE))
    build = (DEPLOY / "build.sh").read_text()
    for line in re.findall(r"^RUN (deploy/\S+)", text, re.MULTILINE):
        if not (ROOT / line).exists():
            problems.append(f"Dockerfile runs {line}, which does not exist")
    for used in re.findall(r"make --no-print-directory ([a-z -]+)", build):
        for target in used.split():
            if target not in targets:
                problems.append(f"deploy/build.sh uses make {target}, not a Makefile target")
    env_block = re.findall(r"^ENV (.+?)(?<!\\)$", text, re.MULTILINE | re.DOTALL)
    names = set(re.findall(r"([A-Z_][A-Z0-9_]*)=", " ".join(env_block)))
    known = app_settings() | TOOL_SETTINGS | {"NGINX_ENVSUBST_FILTER"}
    for name in sorted(names - known):
        problems.append(f"Dockerfile: {name} is not a setting the app or its server reads")


def main() -> int:
    problems: list[str] = []
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    check_nginx(problems)
    check_compose(compose, problems)
    check_dockerfile(compose, problems)
    if problems:
        print("deploy/ check failed:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print("deploy/: nginx -t passed; Dockerfile and compose.yaml agree with the repository.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
