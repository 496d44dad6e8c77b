"""Colours in the widgets' CSS meet WCAG 2.1 AA, and no state is shown by colour alone.

Every ``newslit/widgets/static/*.css`` file is parsed. The model:

* Each rule belongs to an element: the first class of its last compound
  selector (``.nl-w[data-status="found"]::after`` belongs to ``nl-w``).
  States of one element combine (a marked word can be found, flagged and
  hovered), so a colour is checked against **every** background any rule
  gives that element, plus the card it sits on.
* The card: the first single-class rule declaring both ``color`` and
  ``background`` (``.nl-hl``); without one, JupyterLab's white page.
* Text (``color``): at least 4.5:1 (SC 1.4.3). A rule that declares its own
  ``color`` and ``background`` together is checked as that pair only. The
  card's text colour is inherited by every element without its own.
* Non-text indicators (borders, outlines, underlines, box shadows): at least
  3:1 against the element's backgrounds and the card (SC 1.4.11), decorative
  or not.
* Theme variables (``var(--jp-...)``) follow the JupyterLab theme and are not
  checked here.
* ``<style>`` blocks inside the widget modules (``newslit/widgets/*.py``) and
  the templates (``newslit/render/templates/**/*.html``) are
  held to the text rule too. Their table-cell borders are decorative (the
  table's structure is in its markup) and are not held to 3:1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newslit"
WIDGETS = PACKAGE / "widgets" / "static"
CSS_FILES = sorted(WIDGETS.glob("*.css"))
# <style> blocks in widget modules and in the templates that widgets and reports render.
INLINE_STYLES = sorted(p for p in [*(PACKAGE / "widgets").glob("*.py"), *(PACKAGE / "render" / "templates").rglob("*.html")]
                       if "<style>" in p.read_text(encoding="utf-8"))

TEXT_AA, NON_TEXT_AA = 4.5, 3.0
NAMED = {"white": "#ffffff", "black": "#000000"}
INDICATOR = re.compile(r"(border|outline)(-(top|right|bottom|left))?(-color)?|box-shadow|text-decoration(-color)?")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|\b(?:white|black)\b")


def colours_in(value: str) -> list[tuple[float, float, float]]:
    out = []
    for token in COLOUR.findall(value):
        token = NAMED.get(token, token)
        if token.startswith("#"):
            h = token[1:]
            if len(h) in (3, 4):
                h = "".join(c * 2 for c in h[:3])
            out.append(tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))
        else:
            parts = [float(p) for p in re.findall(r"[\d.]+", token)[:3]]
            out.append(tuple(p / 255 for p in parts))
    return out


def luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hexed(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def parse(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = {}
        for decl in body.split(";"):
            if ":" in decl:
                prop, value = decl.split(":", 1)
                decls[prop.strip().lower()] = value.strip()
        for selector in selectors.split(","):
            rules.append((" ".join(selector.split()), decls))
    return rules


def element_of(selector: str) -> str:
    """The element a rule styles: the first class of the last compound selector, else its tag name."""
    last = re.split(r"[\s>+~]+", selector.strip())[-1]
    classes = re.findall(r"\.([\w-]+)", last)
    return classes[0] if classes else re.match(r"[\w-]*", last).group(0) or last


def background_of(decls: dict) -> tuple | None:
    for prop in ("background-color", "background"):
        found = colours_in(decls.get(prop, ""))
        if found:
            return found[0]
    return None


class Sheet:
    def __init__(self, path: Path):
        self.path = path
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".py", ".html"):
            text = "\n".join(re.findall(r"<style>(.*?)</style>", text, flags=re.S))
        self.rules = parse(text)
        self.card_bg, self.card_text = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
        for selector, decls in self.rules:
            if re.fullmatch(r"\.[\w-]+", selector) and background_of(decls) and colours_in(decls.get("color", "")):
                self.card_bg, self.card_text = background_of(decls), colours_in(decls["color"])[0]
                break
        self.backgrounds: dict[str, set] = {}
        for selector, decls in self.rules:
            bg = background_of(decls)
            if bg:
                self.backgrounds.setdefault(element_of(selector), set()).add(bg)

    def behind(self, element: str) -> set:
        return self.backgrounds.get(element, set()) | {self.card_bg}

    def text_pairs(self):
        """(where, foreground, background) for every text colour and every background it can sit on."""
        seen_elements, coloured_backgrounds = set(), set()
        for selector, decls in self.rules:
            element = element_of(selector)
            seen_elements.add(element)
            own_bg = background_of(decls)
            for fg in colours_in(decls.get("color", "")):
                if own_bg:  # this background always comes with its own text colour
                    coloured_backgrounds.add((element, own_bg))
                for bg in ({own_bg} if own_bg else self.behind(element)):
                    yield selector, fg, bg
        uncoloured = {(e, bg) for selector, decls in self.rules if (bg := background_of(decls))
                      and not colours_in(decls.get("color", "")) for e in [element_of(selector)]}
        for element in seen_elements:  # the card's text, inherited, on every background that sets no colour of its own
            for bg in self.behind(element):
                if (element, bg) in coloured_backgrounds and (element, bg) not in uncoloured:
                    continue
                yield f"(card text on .{element})", self.card_text, bg

    def indicator_pairs(self):
        for selector, decls in self.rules:
            element = element_of(selector)
            for prop in [p for p in decls if INDICATOR.fullmatch(p)]:
                for fg in colours_in(decls[prop]):
                    for bg in self.behind(element):
                        yield f"{selector} {{{prop}}}", fg, bg


def test_there_is_css_to_check():
    assert CSS_FILES, "no CSS under newslit/widgets"


def test_ratio_matches_wcag_examples():
    assert ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert ratio(colours_in("#767676")[0], (1, 1, 1)) == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_inline_styles_are_found():
    assert INLINE_STYLES, "no <style> block found in widget modules or templates: the inline-style check would check nothing"


@pytest.mark.parametrize("path", CSS_FILES + INLINE_STYLES, ids=lambda p: p.name)
def test_text_colours_meet_aa(path):
    sheet = Sheet(path)
    failures = sorted({f"{where}: {hexed(fg)} on {hexed(bg)} is {ratio(fg, bg):.2f}:1"
                       for where, fg, bg in sheet.text_pairs() if ratio(fg, bg) < TEXT_AA})
    assert not failures, f"text below {TEXT_AA}:1 in {path.name}:\n" + "\n".join(failures)
    assert list(sheet.text_pairs()), "found no text colours to check"


@pytest.mark.parametrize("path", CSS_FILES, ids=lambda p: p.name)
def test_indicators_meet_aa(path):
    sheet = Sheet(path)
    failures = sorted({f"{where}: {hexed(fg)} on {hexed(bg)} is {ratio(fg, bg):.2f}:1"
                       for where, fg, bg in sheet.indicator_pairs() if ratio(fg, bg) < NON_TEXT_AA})
    assert not failures, f"non-text indicators below {NON_TEXT_AA}:1 in {path.name}:\n" + "\n".join(failures)


def test_highlighter_states_are_not_colour_alone():
    """Marked words get brackets and an underline; every check status gets a symbol or a dashed outline."""
    rules = parse((WIDGETS / "highlighter.css").read_text(encoding="utf-8"))
    by_selector = {selector: decls for selector, decls in rules}
    on = by_selector[".nl-w.nl-on"]
    assert "underline" in on.get("text-decoration", "")
    assert by_selector[".nl-w.nl-on::before"]["content"].strip('"') == "["
    assert by_selector[".nl-w.nl-on::after"]["content"].strip('"') == "]"
    statuses = re.findall(r"^\s*(\w+): \"", (WIDGETS / "highlighter.js").read_text(encoding="utf-8").split("STATUS_TEXT")[1]
                          .split("};")[0], flags=re.M)
    assert set(statuses) == {"found", "near", "missed", "extra", "defensible", "edge"}
    for status in statuses:
        after = by_selector.get(f'.nl-w[data-status="{status}"]::after', {})
        symbol = after.get("content", "").strip('"').replace("]", "").strip()
        assert symbol, f"status {status} has no symbol of its own"
    assert "dashed" in by_selector['.nl-w[data-status="missed"]']["outline"]
    assert "dotted" in by_selector[".nl-w.nl-machine"]["border-bottom"]  # machine marks: a dotted line, not a hue
