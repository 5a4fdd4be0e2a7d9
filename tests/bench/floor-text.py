#!/usr/bin/env python3
"""Cuts an HTML page into the paragraphs that the floor program lays out: one line per
block of text (headings, paragraphs, list items, captions, table cells), with the x
offset and width it has on an A4 page with 16 mm side margins, and its font.

Usage: floor-text.py PAGE.html OUT.txt

Output lines: FLAG TAB X TAB WIDTH TAB FONT TAB TEXT (see floor.c). The widths and
sizes come from a few declarations of the page's own <style> (font-size of body, h1,
h2, h3, table, figcaption, caption, footer; the body's side padding; list padding in
em); everything else is ignored. Table columns share the table's width in proportion
to their text. This approximates the page's layout, which is all a lower bound on
the work needs.
"""
import html.parser
import re
import sys

CONTENT_WIDTH = 595.276 - 2 * 45.354  # A4 less 16 mm each side, points
BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "caption", "th", "td", "figcaption", "dt",
          "dd"}
SKIP = {"head", "style", "script", "title", "svg"}
FAMILY = "Liberation Sans"


def declarations(css, selector):
    """The declarations of the rules whose selector lists name selector, in order."""
    decls = {}
    for m in re.finditer(r"([^{}@]+)\{([^{}]*)\}", css):
        if selector in [s.strip() for s in m.group(1).split(",")]:
            for d in m.group(2).split(";"):
                if ":" in d:
                    k, v = d.split(":", 1)
                    decls[k.strip()] = v.strip()
    return decls


def length(value, em):
    m = re.match(r"(-?[\d.]+)(pt|px|em|mm)?", value or "")
    if not m:
        return 0.0
    n = float(m.group(1))
    return n * {"pt": 1, "px": 0.75, "em": em, "mm": 72 / 25.4, None: 1}[m.group(2)]


class Extract(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.css = ""
        self.in_style = False  # inside <style>: its text goes to css
        self.skip = 0          # depth of elements whose text is not laid out
        self.text = []         # text of the current block
        self.block = None      # (tag, x, width, size, bold) of the current block
        self.out = []
        self.row = []          # cells of the current table row: (font, text)
        self.rows = []         # rows of the current table, written at its end
        self.list_depth = 0
        self.in_table = 0
        self.in_footer = 0
        self.sizes = {}
        self.body_pad = 0.0
        self.list_pad = 0.0

    def configure(self):
        base = length(declarations(self.css, "body").get("font-size", "12pt"), 12) or 12
        for tag in ("h1", "h2", "h3", "table", "figcaption", "caption", "footer"):
            size = declarations(self.css, tag).get("font-size")
            self.sizes[tag] = length(size, base) if size else None
        self.sizes["body"] = base
        pad = declarations(self.css, "body").get("padding", "0").split()
        right = pad[1] if len(pad) > 1 else pad[0]
        left = pad[3] if len(pad) > 3 else right
        self.body_pad = length(left, base) + length(right, base)
        pad = declarations(self.css, "ul").get("padding", "0 0 0 1.6em").split()
        self.list_pad = length(pad[3] if len(pad) > 3 else pad[0], base)

    def size_for(self, tag):
        if tag in ("h1", "h2", "h3") and self.sizes.get(tag):
            return self.sizes[tag]
        if self.in_table:
            inner = self.sizes.get("caption") if tag == "caption" else None
            return inner or self.sizes.get("table") or self.sizes["body"]
        if tag == "figcaption" and self.sizes.get("figcaption"):
            return self.sizes["figcaption"]
        if self.in_footer and self.sizes.get("footer"):
            return self.sizes["footer"]
        return self.sizes["body"]

    def flush(self):
        text = " ".join("".join(self.text).split())
        self.text = []
        if self.block and text:
            tag, x, width, size, bold = self.block
            font = "%s%s %g" % (FAMILY, " Bold" if bold else "", round(size, 2))
            if tag in ("th", "td"):
                self.row.append((font, text))
            else:
                self.out.append(".\t%.1f\t%.1f\t%s\t%s" % (x, width, font, text))

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.in_style = True
        if tag in SKIP:
            self.skip += 1
            return
        if tag == "body":
            self.configure()
        if tag in ("ul", "ol"):
            self.flush()
            self.list_depth += 1
        if tag == "table":
            self.flush()
            self.in_table += 1
        if tag == "footer":
            self.in_footer += 1
        if tag == "tr":
            self.row = []
        if tag in BLOCKS:
            self.flush()
            x = self.list_depth * self.list_pad
            width = CONTENT_WIDTH - self.body_pad - x
            bold = tag in ("h1", "h2", "h3", "h4", "th", "caption")
            self.block = (tag, x, width, self.size_for(tag), bold)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in BLOCKS:
            self.flush()
            self.block = None
        if tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
        if tag == "table":
            self.in_table = max(0, self.in_table - 1)
            self.write_table()
        if tag == "footer":
            self.in_footer = max(0, self.in_footer - 1)
        if tag == "tr" and self.row:
            self.rows.append(self.row)
            self.row = []

    def write_table(self):
        """Columns get widths as an automatic table layout gives them: each at least its
        longest word, the rest shared in proportion to what the longest text asks for
        (characters taken as 0.6 of the font size wide)."""
        if not self.rows:
            return
        ncols = max(len(row) for row in self.rows)
        least = [0.0] * ncols
        most = [0.0] * ncols
        for row in self.rows:
            for k, (font, text) in enumerate(row):
                char = float(font.rsplit(" ", 1)[1]) * 0.6
                least[k] = max(least[k], max(len(w) for w in text.split()) * char + 10)
                most[k] = max(most[k], len(text) * char + 10)
        total = CONTENT_WIDTH - self.body_pad
        if sum(most) <= total:
            widths = [w * total / sum(most) for w in most]
        else:
            spare = max(0.0, total - sum(least))
            asked = sum(m - l for m, l in zip(most, least)) or 1.0
            widths = [l + spare * (m - l) / asked for m, l in zip(most, least)]
        for row in self.rows:
            x = 0.0
            for k, (font, text) in enumerate(row):
                self.out.append("%s\t%.1f\t%.1f\t%s\t%s"
                                % ("+" if k else ".", x, widths[k] - 10, font, text))
                x += widths[k]
        self.rows = []

    def handle_data(self, data):
        if self.in_style:
            self.css += data
        elif not self.skip:
            self.text.append(data)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: floor-text.py PAGE.html OUT.txt\n")
        return 2
    p = Extract()
    with open(argv[1], encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    p.flush()
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(p.out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
