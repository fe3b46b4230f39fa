"""Cheap, structural accessibility checks on the main pages (not a full audit)."""

import pytest

from .helpers import LOGIN_PATH, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Returns a list of problems found on the current page.
CHECKS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("html has no lang");
  if (!document.title.trim()) problems.push("empty title");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  }
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`))
      || el.closest("label") || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!labelled) problems.push(`unlabelled field: ${el.name || el.id}`);
  }
  for (const el of document.querySelectorAll("a, button")) {
    const name = (el.innerText || el.getAttribute("aria-label") || el.title || "").trim();
    if (!name && el.offsetParent !== null) problems.push(`control without a name: ${el.outerHTML.slice(0, 80)}`);
  }
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`duplicate ids: ${dup}`);
  if (!document.querySelector("main#main")) problems.push("no main landmark");
  return problems;
}"""


def test_login_page_structure(page):
    page.goto(LOGIN_PATH)
    assert page.evaluate(CHECKS) == []


@pytest.mark.parametrize("username", ["admin.jatim", "pegawai.surabaya"])
def test_signed_in_pages_structure(page, username):
    login(page, username)
    for path in (
        "/beranda/",
        "/instansi/",
        "/instansi/35/",
        "/instansi/35.78/",
        "/instansi/tidak-ada/",
    ):
        page.goto(path)
        assert page.evaluate(CHECKS) == [], path
