"""Regenerate docs/view.png, the README's screenshot of the sample's view.

    python tests/tools/view_screenshot.py [--out docs/view.png]

Builds seeds/ into a temporary folder, opens its graph.html in Debian's chromium
(Playwright, headless, offline), clicks 沙洲村 so the panel shows its relations and
highlighted mentions, and saves a 1400x860 PNG.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "view.png")
    parser.add_argument("--select", default="湖南省委", help="entity whose panel is shown")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from kg.pipeline import BuildOptions, build

    folder = Path(tempfile.mkdtemp(prefix="kg-shot-"))
    build(BuildOptions(inputs=[ROOT / "seeds"], out=folder / "out", validate=False))
    with sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(folder / "profile"), executable_path="/usr/bin/chromium", args=ARGS, headless=True,
            viewport={"width": 1400, "height": 860})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
        page = context.new_page()
        page.goto((folder / "out" / "graph.html").as_uri())
        page.wait_for_selector("body[data-ready='1']")
        page.fill("#search", args.select)
        page.press("#search", "Enter")
        page.click("#btn-fit")
        page.wait_for_timeout(300)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        context.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
