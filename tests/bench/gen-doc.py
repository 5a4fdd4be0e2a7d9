#!/usr/bin/env python3
"""Writes the benchmark's generated HTML pages: a one-page note, or a long report of
SECTIONS sections (each about three A4 pages in briefpack: paragraphs, a nested list, an
inline SVG bar chart and a long table with a repeated header).

Usage: gen-doc.py note OUT.html
       gen-doc.py report SECTIONS OUT.html
       gen-doc.py styled OUT.html

styled is the cascade's case: about 2,000 elements under 500 rules written as
stylesheets are today (custom properties, nesting, :is(), :where(), a few :has(),
@layer, @media), about 35 A4 pages.

The text comes from a fixed word list and a fixed linear congruential generator, so the
same arguments always give the same bytes, whatever the Python version.
"""
import sys

WORDS = """
shared service council partnership audit procurement building control corporate
finance revenue benefits customer contact centre options appraisal business case
implementation plan joint board steering group officers members savings budget
capital programme review gateway outcome delivery performance target efficiency
authority borough district county consultation forum trade union employees staff
training accommodation transfer contract supplier framework tender evaluation risk
register mitigation milestone schedule quarter annual report recommendation
approval executive cabinet scrutiny committee policy strategy resources workforce
information technology systems migration data protection retention records legal
governance assurance compliance standards inspection monitoring baseline measure
""".split()

AUTHORITIES = ["Chesterfield", "Bolsover", "North East Derbyshire", "Amber Valley",
               "Erewash", "High Peak", "Derbyshire Dales", "South Derbyshire"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
STATUSES = ["Agreed", "Implementing", "Operational", "Business case",
            "Options appraisal", "Under consideration"]

CSS = """
@page {
  size: A4;
  margin: 20mm 16mm 22mm 16mm;
  @top-right {
    content: string(doc-title);
    font-family: "Liberation Sans", Arial, Helvetica, sans-serif;
    font-size: 9pt;
    color: #4a4a4a;
  }
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-family: "Liberation Sans", Arial, Helvetica, sans-serif;
    font-size: 9pt;
    color: #4a4a4a;
  }
}
@page :first { @top-right { content: none; } }
body {
  margin: 0;
  font-family: "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 12pt;
  line-height: 1.4;
  color: #1a1a1a;
}
h1 { font-size: 22pt; margin: 0 0 10pt 0; color: #1d3f6e; string-set: doc-title content(); }
h2 {
  font-size: 16pt;
  margin: 20pt 0 8pt 0;
  padding: 0 0 3pt 0;
  border-bottom: 1pt solid #1d3f6e;
  color: #1d3f6e;
  break-after: avoid;
  page-break-after: avoid;
}
h3 { font-size: 13pt; margin: 14pt 0 4pt 0; color: #1d3f6e; break-after: avoid; }
p { margin: 0 0 6pt 0; orphans: 2; widows: 2; text-align: justify; }
ul { margin: 0 0 8pt 0; padding: 0 0 0 1.6em; }
li { margin: 0 0 3pt 0; }
li ul { margin: 3pt 0 0 0; }
figure { margin: 6pt 0 10pt 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 10pt; color: #4a4a4a; margin: 2pt 0 0 0; }
svg { display: block; }
table { width: 100%; font-size: 10pt; margin: 6pt 0 12pt 0; border-collapse: collapse; }
caption { text-align: left; font-weight: bold; margin: 0 0 4pt 0; }
th, td {
  padding: 3pt 5pt;
  border-bottom: 1px solid #9fb0c8;
  text-align: left;
  vertical-align: top;
}
thead th { background-color: #e6edf6; border-bottom: 2px solid #1d3f6e; }
td.money, th.money { text-align: right; white-space: nowrap; }
"""


class Rand:
    """A 32-bit linear congruential generator (Numerical Recipes constants)."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self, n):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return (self.state >> 8) % n


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentence(r, lo, hi):
    words = [WORDS[r.next(len(WORDS))] for _ in range(lo + r.next(hi - lo + 1))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(r, sentences):
    return " ".join(sentence(r, 8, 18) for _ in range(sentences))


def money(r, top):
    return "£{:,}".format((1 + r.next(top)) * 1000)


def chart(r, n):
    """An inline SVG bar chart: axes, twelve bars and their labels."""
    w, h = 460, 170
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d">' % (w, h, w, h),
           '<rect x="0" y="0" width="%d" height="%d" fill="#f7f9fc"/>' % (w, h),
           '<line x1="40" y1="140" x2="450" y2="140" stroke="#1a1a1a" stroke-width="1"/>',
           '<line x1="40" y1="10" x2="40" y2="140" stroke="#1a1a1a" stroke-width="1"/>']
    for k in range(5):
        y = 140 - k * 30
        out.append('<line x1="36" y1="%d" x2="450" y2="%d" stroke="#c8d2e0" '
                   'stroke-width="0.5"/>' % (y, y))
        out.append('<text x="32" y="%d" font-family="Liberation Sans" font-size="9" '
                   'text-anchor="end">%d</text>' % (y + 3, k * 25))
    for k in range(12):
        bar = 10 + r.next(120)
        x = 48 + k * 33
        out.append('<rect x="%d" y="%d" width="24" height="%d" fill="%s"/>'
                   % (x, 140 - bar, bar, "#1d3f6e" if k % 2 == 0 else "#6b8cba"))
        out.append('<text x="%d" y="155" font-family="Liberation Sans" font-size="9" '
                   'text-anchor="middle">%s</text>' % (x + 12, MONTHS[k][:3]))
    out.append('<text x="245" y="167" font-family="Liberation Sans" font-size="9" '
               'text-anchor="middle">Section %d: monthly savings (£000)</text>' % n)
    out.append("</svg>")
    return "\n".join(out)


def section(r, n):
    title = " ".join(WORDS[r.next(len(WORDS))] for _ in range(3)).capitalize()
    out = ['<section id="s%d">' % n, "<h2>%d. %s</h2>" % (n, esc(title))]
    for _ in range(3):
        out.append("<p>%s</p>" % paragraph(r, 5))
    out.append("<ul>")
    for k in range(6):
        item = sentence(r, 8, 16)
        if k == 2:
            sub = "".join("<li>%s</li>" % sentence(r, 4, 8) for _ in range(3))
            out.append("<li>%s<ul>%s</ul></li>" % (item, sub))
        else:
            out.append("<li><strong>%s.</strong> %s</li>"
                       % (WORDS[r.next(len(WORDS))].capitalize(), item))
    out.append("</ul>")
    out.append('<figure>%s<figcaption>Figure %d. Savings by month, section %d.'
               '</figcaption></figure>' % (chart(r, n), n, n))
    out.append("<h3>%d.1 Projects and figures</h3>" % n)
    out.append("<p>%s</p>" % paragraph(r, 2))
    out.append("<table>")
    out.append("<caption>Table %d. Projects in section %d</caption>" % (n, n))
    out.append('<thead><tr><th>Ref</th><th>Project</th><th>Lead authority</th>'
               '<th>Status</th><th>Target</th><th class="money">Budget</th>'
               '<th class="money">Annual savings</th></tr></thead>')
    out.append("<tbody>")
    for k in range(26):
        project = " ".join(WORDS[r.next(len(WORDS))] for _ in range(2 + r.next(3)))
        out.append('<tr><td>%d.%02d</td><td>%s</td><td>%s</td><td>%s</td><td>%s %d</td>'
                   '<td class="money">%s</td><td class="money">%s</td></tr>'
                   % (n, k + 1, esc(project.capitalize()),
                      AUTHORITIES[r.next(len(AUTHORITIES))],
                      STATUSES[r.next(len(STATUSES))],
                      MONTHS[r.next(12)], 2007 + r.next(4),
                      money(r, 900), money(r, 300)))
    out.append("</tbody></table>")
    for _ in range(2):
        out.append("<p>%s</p>" % paragraph(r, 4))
    out.append("</section>")
    return "\n".join(out)


def page(title, body):
    return ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="UTF-8"/>\n'
            "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n%s\n</body>\n</html>\n"
            % (esc(title), CSS, body))


def note():
    r = Rand(1)
    body = ["<h1>Note to the Officer Steering Group</h1>",
            "<p><strong>From:</strong> Programme Manager, RCE Shared Services Project. "
            "<strong>Date:</strong> 12 February 2007.</p>"]
    for _ in range(4):
        body.append("<p>%s</p>" % paragraph(r, 5))
    return page("Note to the Officer Steering Group", "\n".join(body))


def report(sections):
    r = Rand(2007)
    body = ["<h1>Shared services programme: workstream report</h1>",
            "<p>%s</p>" % paragraph(r, 4)]
    body += [section(r, n) for n in range(1, sections + 1)]
    return page("Shared services programme: workstream report", "\n".join(body))


def styled_css(r):
    """500 rules: custom properties, nesting, :is()/:where(), :has(), layers, media."""
    rules = [":root { %s --gap: 6pt; --body: \"Liberation Sans\", Arial, sans-serif; }"
             % " ".join("--c%d: #%02x%02x%02x;" % (i, 20 + 9 * i, 60 + 5 * i, 110 + 4 * i)
                        for i in range(20)),
        "@layer base, theme;",
        "@layer base { body { margin: 0; font: 10pt/1.4 var(--body); } "
        "h2 { margin: 0 0 4pt; } p { margin: 0 0 4pt; } }"]
    n = len(rules)
    for i in range(100):  # a card style each, with 3 nested rules: 400
        rules.append(".card-%d { margin: var(--gap) 0; padding: calc(var(--gap) / 2) 8pt; "
                     "border-left: 2pt solid var(--c%d); "
                     "& h2 { color: var(--c%d); font-size: %dpt; } "
                     "& p:is(.lead, .note) { font-style: italic; } "
                     "& li:where(.done) { color: #555; } }"
                     % (i, i % 20, (i + 7) % 20, 11 + i % 4))
    for i in range(60):  # words, tags and attributes: 60
        rules.append(".w%d { letter-spacing: 0.0%dem; }" % (i, i % 5) if i % 3 else
                     "[data-k=\"%d\"] span { text-decoration: underline; }" % i)
    for i in range(20):  # a few :has(): 20
        rules.append(".card-%d:has(.flag) { background-color: #f2f5fa; }" % (i * 5))
    for i in range(15):
        rules.append("@media print and (width < %dmm) { .m%d { color: var(--c%d); } }"
                     % (150 + i * 5, i, i))
    rules.append("@layer theme { .flag { color: #a4262c; font-weight: bold; } }")
    while len(rules) - n < 497:
        i = len(rules)
        rules.append("section > .card-%d ul li + li span { word-spacing: %dpt; }" % (i % 100, i % 3))
    return "\n".join(rules)


def styled():
    r = Rand(500)
    body = ["<h1>Workstream cards</h1>"]
    for i in range(125):
        items = "".join('<li class="%s" data-k="%d"><span class="w%d">%s</span></li>'
                        % ("done" if (i + k) % 3 == 0 else "todo", (i * 4 + k) % 60,
                           (i + k) % 60, esc(sentence(r, 4, 9))) for k in range(4))
        flag = ' <span class="flag">late</span>' if i % 7 == 0 else ""
        body.append('<section><div class="card-%d m%d" data-k="%d"><h2>%s%s</h2>'
                    '<p class="lead"><em>%s</em> %s</p><p>%s</p><p class="note">%s</p>'
                    '<ul>%s</ul></div></section>'
                    % (i % 100, i % 15, i % 60, esc(sentence(r, 3, 6)), flag,
                       esc(sentence(r, 2, 4)), paragraph(r, 2), paragraph(r, 1),
                       esc(sentence(r, 5, 10)), items))
    text = page("Workstream cards", "\n".join(body))
    return text.replace("<style>%s</style>" % CSS, "<style>%s</style>" % styled_css(r))


def main(argv):
    if len(argv) == 3 and argv[1] == "note":
        text, out = note(), argv[2]
    elif len(argv) == 3 and argv[1] == "styled":
        text, out = styled(), argv[2]
    elif len(argv) == 4 and argv[1] == "report" and argv[2].isdigit():
        text, out = report(int(argv[2])), argv[3]
    else:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
