#!/usr/bin/env python3
"""Writes COUNT programme descriptions made from the seed, for the benchmark's batch:
each with its own partner councils (names in the text follow), title, short title,
version, money figures scaled by its own factor, and a few of the lessons left out.
Ids and references are the seed's, so every file is as valid as the seed.

Usage: gen-programmes.py SEED.xml COUNT OUTDIR

Writes OUTDIR/programme-001.xml ... The same arguments always give the same bytes.
"""
import os
import re
import sys

PLACES = ["Ashford Vale", "Brampton", "Calderbrook", "Dunmore", "Eastwick", "Fernley",
          "Greyhaven", "Holmbury", "Ivydale", "Kingsmere", "Longdale", "Marston",
          "Northfield", "Oakham Vale", "Penwood", "Queensbury", "Ravensworth", "Stanmore",
          "Thornbury", "Upwell", "Westbrook", "Yarrowdale"]


class Rand:
    """A 32-bit linear congruential generator (Numerical Recipes constants)."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self, n):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return (self.state >> 8) % n


def make(seed, i):
    r = Rand(i * 7919)
    text = re.sub(r"<!--.*?-->\s*", "", seed, flags=re.S)

    # Partners: new councils in the seed's order; their old names in the text follow.
    partners = re.findall(r'<partner\b[^>]*>.*?</partner>', text, flags=re.S)
    places = []
    while len(places) < len(partners):
        place = PLACES[r.next(len(PLACES))]
        if place not in places:
            places.append(place)
    renames = []
    for old, place in zip(partners, places):
        kind = re.search(r'kind="([a-z-]+)"', old)
        kind = (kind.group(1) if kind else "district").replace("-", " ").title()
        name = "%s %s Council" % (place, kind)
        old_name = re.search(r"<name>(.*?)</name>", old, flags=re.S).group(1)
        old_short = re.search(r"<short-name>(.*?)</short-name>", old, flags=re.S)
        new = old.replace("<name>%s</name>" % old_name, "<name>%s</name>" % name)
        if old_short:
            new = new.replace("<short-name>%s</short-name>" % old_short.group(1),
                              "<short-name>%s</short-name>" % place)
            renames.append((old_short.group(1), place))
        renames.append((old_name, name))
        text = text.replace(old, new, 1)
    # Longest first, so "North East Derbyshire District Council" goes before its short name.
    for old, new in sorted(renames, key=lambda p: -len(p[0])):
        pattern = re.compile(r"(>[^<]*?)\b%s\b" % re.escape(old))
        before = None
        while before != text:  # one replacement per text node per pass
            before = text
            text = pattern.sub(lambda m: m.group(1) + new, text)

    joined = ", ".join(places[:-1]) + " and " + places[-1] if len(places) > 1 else places[0]
    text = re.sub(r"<title>.*?</title>",
                  "<title>%s Shared Services Programme</title>" % joined, text, count=1,
                  flags=re.S)
    text = re.sub(r"<short-title>.*?</short-title>",
                  "<short-title>%s Shared Services %03d</short-title>" % (places[0], i),
                  text, count=1, flags=re.S)
    text = re.sub(r"<version>.*?</version>", "<version>1.%d</version>" % (i % 10), text,
                  count=1, flags=re.S)

    # Money: every amount scaled by this file's factor (0.5 to 3.0), in whole thousands.
    factor = 0.5 + r.next(251) / 100.0

    def scale(m):
        amount = max(1000, int(float(m.group(1)) * factor / 1000 + 0.5) * 1000)
        return 'amount="%d"' % amount
    text = re.sub(r'amount="([0-9]+(?:\.[0-9]+)?)"', scale, text)

    # Lessons: leave out up to three, keeping at least four.
    lessons = re.findall(r"[ \t]*<lesson>.*?</lesson>\n", text, flags=re.S)
    drop = min(r.next(4), max(0, len(lessons) - 4))
    for lesson in lessons[len(lessons) - drop:]:
        text = text.replace(lesson, "", 1)
    return text


def main(argv):
    if len(argv) != 4 or not argv[2].isdigit():
        sys.stderr.write("usage: gen-programmes.py SEED.xml COUNT OUTDIR\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        seed = f.read()
    os.makedirs(argv[3], exist_ok=True)
    for i in range(1, int(argv[2]) + 1):
        with open(os.path.join(argv[3], "programme-%03d.xml" % i), "w",
                  encoding="utf-8") as f:
            f.write(make(seed, i))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
