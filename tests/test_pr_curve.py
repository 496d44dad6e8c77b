"""The precision-recall picture of ``newslit evaluate --curve``: drawn from a template, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from newslit.instructor.pr_curve import curve, svg
from newslit.text.loaded import DEFAULT_CAUTION

SVG = "{http://www.w3.org/2000/svg}"


def test_one_line_per_group_and_the_shipped_caution_marked():
    points = {"dev": [(0.0, 0.5, 0.9), (DEFAULT_CAUTION, 0.9, 0.8), (1.0, 1.0, 0.1)],
              "heldout": [(0.0, 0.4, 0.5), (DEFAULT_CAUTION, 0.8, 0.3)]}
    root = ET.fromstring(svg(points, "Finder", [("before", 0.75, 0.18)]))
    assert len(root.findall(f"{SVG}path")) == 2
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 5
    assert sum(c.get("r") == "5" for c in circles) == 2, "the shipped caution stands out on each line"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "held-out texts" in texts and "dev texts (tuned on)" in texts and "before" in texts
    # recall 0.8 at precision 0.9 sits right of and above recall 0.3 at precision 0.8
    dev, held = (c for c in circles if c.get("r") == "5")
    assert float(dev.get("cx")) > float(held.get("cx")) and float(dev.get("cy")) < float(held.get("cy"))


def test_labels_are_escaped():
    picture = svg({"dev": [(0.5, 0.5, 0.5)]}, "<script>alert(1)</script> & co")
    assert "<script>" not in picture and "&lt;script&gt;" in picture
    ET.fromstring(picture)  # well-formed XML


def test_curve_points_come_from_the_finder_at_each_caution():
    points = curve("dev", cautions=(0.0, 0.9))
    assert [c for c, _, _ in points] == [0.0, 0.9]
    (_, p_low, r_low), (_, p_high, r_high) = points
    assert r_low >= r_high, "a more cautious finder never finds more"
    assert 0 <= p_low <= 1 and 0 <= p_high <= 1


def test_evaluate_draws_the_curve(monkeypatch, tmp_path, capsys):
    import newslit.instructor.pr_curve as pr_curve
    from newslit.cli import main

    monkeypatch.setattr(pr_curve, "CAUTIONS", (0.0, DEFAULT_CAUTION))
    out = tmp_path / "curve.svg"
    assert main(["evaluate", "--curve", str(out), "--before", "0.75", "0.18"]) == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert len(root.findall(f"{SVG}path")) == 2, "dev and held-out"
    printed = capsys.readouterr().out
    assert "heldout" in printed and f"Wrote the precision-recall curve to {out}" in printed


def test_evaluate_curve_to_a_folder_that_is_not_there_is_one_line(monkeypatch, tmp_path, capsys):
    import newslit.instructor.pr_curve as pr_curve
    from newslit.cli import main

    monkeypatch.setattr(pr_curve, "CAUTIONS", (DEFAULT_CAUTION,))
    assert main(["evaluate", "--curve", str(tmp_path / "missing" / "curve.svg")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Could not write the curve" in err[0] and "folder you can write to" in err[0]


def test_a_caution_that_finds_no_key_word_is_not_drawn(monkeypatch):
    import newslit.instructor.pr_curve as pr_curve

    monkeypatch.setattr(pr_curve, "find_loaded", lambda text, caution: [])
    assert curve("dev", cautions=(0.5,)) == []
