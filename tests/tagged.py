#!/usr/bin/env python3
"""Checks the structure tree of a tagged PDF against the HTML it was made from.

Usage: tagged.py PDF HTML [--spans[=ROLE]] [--footers] [--repeated-header]

Reads the PDF's objects with `qpdf --json` and its structure as poppler shows it with
`pdfinfo -struct-text`, and checks: the catalog says Marked, has the HTML's language and
shows the title in the window; one Document; headings in the order and with the text
of the HTML's; one L per ul/ol, one LI per li (with an LBody), one Table, TR and TH per
table, tr and th, each TH with the Scope of its scope attribute; one Figure per img and
svg, each with alt text; every structure element's parent is the element whose /K
holds it; every marked-content id of every page is claimed by exactly one element;
every link annotation is in one Link element (an OBJR naming its page, which has /Tabs
/S), and the parent tree agrees. In every page's content, everything drawn is either
marked content of the tree or an /Artifact, never both and never neither; every
marked-content id drawn is claimed by the tree and every one claimed is drawn; every
paragraph of the HTML reads whole, words apart, in the structure's text.
With --footers, every page has a running footer artifact (/Pagination /Footer); with
--repeated-header, some page has a table header repeated as a /Pagination artifact.
With --spans, at least one element (--spans=ROLE: an element of that role) holds
marked content on two pages or more: an element that spans pages is one element. Prints what is wrong and exits 1.
"""
import html.parser
import json
import re
import subprocess
import sys

problems = []


def problem(msg):
    problems.append(msg)


class Html(html.parser.HTMLParser):
    """The parts of the HTML the structure tree must show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.headings = []        # (level, text)
        self.counts = {}          # element name -> count
        self.scopes = []          # scope of each th
        self.in_heading = None
        self.skip = 0             # inside <style>, <head>, <svg> text
        self.paragraphs = []      # the text of each p
        self.in_p = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("head", "style", "script"):
            self.skip += 1
            return
        if self.skip:
            return
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if re.fullmatch(r"h[1-6]", tag):
            self.in_heading = [int(tag[1]), ""]
        if tag == "th":
            self.scopes.append(a.get("scope"))
        if tag == "p":
            self.in_p = []
        elif self.in_p is not None:
            self.in_p.append("")          # an element starts: a new piece

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script"):
            self.skip -= 1
            return
        if tag == "p" and self.in_p is not None:
            self.paragraphs.append(self.in_p)
            self.in_p = None
        elif self.in_p is not None:
            self.in_p.append("")          # an element ends: a new piece
        if self.in_heading and re.fullmatch(r"h[1-6]", tag):
            self.headings.append((self.in_heading[0], " ".join(self.in_heading[1].split())))
            self.in_heading = None

    def handle_data(self, data):
        if self.in_heading and not self.skip:
            self.in_heading[1] += data
        if self.in_p is not None and not self.skip:
            if not self.in_p:
                self.in_p.append("")
            self.in_p[-1] += data


def load_pdf(pdf):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["qpdf"][1]


PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "EI"}
TOKEN = re.compile(rb"""\s*(?:(\()|(<<|>>|\[|\])|(<[0-9A-Fa-f\s]*>)|(/[^\s/<>\[\]()%]*)|"""
                   rb"""([^\s/<>\[\]()%]+)|(%[^\r\n]*))""")


def content_tokens(data):
    """The tokens of a content stream: (kind, text) with kind in op, name, other; a
    dictionary after BDC comes as one 'dict' token."""
    i, n = 0, len(data)
    while i < n:
        m = TOKEN.match(data, i)
        if not m or m.end() == i:
            i += 1
            continue
        if m.group(1):                       # a string: skip to its end
            depth, j = 1, m.end()
            while j < n and depth:
                c = data[j:j + 1]
                if c == b"\\":
                    j += 1
                elif c == b"(":
                    depth += 1
                elif c == b")":
                    depth -= 1
                j += 1
            yield ("other", b"()")
            i = j
            continue
        i = m.end()
        if m.group(2):
            yield ("other", m.group(2))
        elif m.group(3):
            yield ("other", b"<>")
        elif m.group(4):
            yield ("name", m.group(4))
        elif m.group(5):
            word = m.group(5)
            yield ("op" if re.match(rb"[A-Za-z'\"]", word) else "other", word)
            if word == b"ID":                # inline image data, to EI
                end = data.find(b"EI", i)
                i = n if end < 0 else end


def check_content(page_no, data, claimed_here, want_footer, stats):
    """Marked content and artifacts of one page's content."""
    stack = []        # per open sequence: ("mcid", n) / ("artifact", props) / ("other",)
    pending = []      # tokens since the last operator
    drawn = set()
    untagged = 0
    for kind, tok in content_tokens(data):
        if kind != "op":
            pending.append(tok)
            continue
        op = tok.decode("latin1")
        if op in ("BDC", "BMC"):
            tag = pending[0].decode("latin1") if pending else "?"
            props = b" ".join(pending[1:]).decode("latin1")
            mcid = re.search(r"/MCID (\d+)", props)
            inside = [e[0] for e in stack]
            if tag == "/Artifact":
                if "mcid" in inside:
                    problem("page %d: an artifact inside marked content" % page_no)
                stack.append(("artifact", props))
                stats["artifacts"].add((page_no, props))
            elif mcid:
                if "artifact" in inside:
                    problem("page %d: marked content %s inside an artifact" % (page_no, mcid.group(1)))
                if int(mcid.group(1)) in drawn:
                    problem("page %d: marked content %s twice" % (page_no, mcid.group(1)))
                drawn.add(int(mcid.group(1)))
                stack.append(("mcid", int(mcid.group(1))))
            else:
                stack.append(("other",))
        elif op == "EMC":
            if not stack:
                problem("page %d: EMC without BDC" % page_no)
            else:
                stack.pop()
        elif op in PAINT:
            if not any(e[0] in ("mcid", "artifact") for e in stack):
                untagged += 1
        pending = []
    if stack:
        problem("page %d: %d marked-content sequences left open" % (page_no, len(stack)))
    if untagged:
        problem("page %d: %d painting operators neither content nor artifact" % (page_no, untagged))
    if drawn != claimed_here:
        problem("page %d: marked content drawn %s, claimed by the tree %s"
                % (page_no, sorted(drawn - claimed_here), sorted(claimed_here - drawn)))
    if want_footer and not any(p == page_no and "/Footer" in props for p, props in stats["artifacts"]):
        problem("page %d: no running footer artifact" % page_no)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    spans = next((a[len("--spans"):].lstrip("=") or "*" for a in sys.argv
                  if a.startswith("--spans")), None)
    pdf, page = args
    h = Html()
    with open(page, encoding="utf-8") as f:
        h.feed(f.read())
    objs = load_pdf(pdf)

    def get(ref):
        if isinstance(ref, str) and ref.endswith(" R"):
            return objs.get("obj:" + ref, {}).get("value")
        return ref

    root = get(objs["trailer"]["value"]["/Root"])
    if get(root.get("/MarkInfo", {})).get("/Marked") is not True:
        problem("catalog: /MarkInfo /Marked is not true")
    lang = root.get("/Lang", "")
    if h.lang and lang != "u:" + h.lang:
        problem("catalog: /Lang is %r, the HTML's lang is %r" % (lang, h.lang))
    if get(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is not True:
        problem("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    tree = get(root.get("/StructTreeRoot"))
    if not tree:
        problem("no StructTreeRoot")
        return
    pages = [p for p in (get(r) for r in [])]  # filled below
    # Walk the tree: roles, parents, marked content per page.
    roles = {}
    claimed = {}   # (page ref, mcid) -> element ref
    annots = {}    # annotation ref -> [(element ref, its role, the OBJR's /Pg)]
    multi_page = []
    figures = []
    ths = []
    kids = get(tree["/K"])
    kids = kids if isinstance(kids, list) else [kids]
    docs = [k for k in kids if get(k).get("/S") == "/Document"]
    if len(kids) != 1 or len(docs) != 1:
        problem("the StructTreeRoot holds %d elements, not one Document" % len(kids))
    stack = [(k, tree["/K"] if False else None) for k in reversed(kids)]
    order = []
    page_sets = {}
    parents = {}
    while stack:
        ref, parent = stack.pop()
        el = get(ref)
        role = el.get("/S", "?")[1:]
        order.append((ref, role))
        roles[role] = roles.get(role, 0) + 1
        p = el.get("/P")
        if parent is not None and p != parent:
            problem("%s %s: /P is %s, held by %s" % (role, ref, p, parent))
        pg = el.get("/Pg")
        k = el.get("/K", [])
        k = k if isinstance(k, list) else [k]
        on_pages = set()
        children = []
        for item in k:
            item_v = get(item)
            if isinstance(item_v, int):
                claimed.setdefault((pg, item_v), []).append(ref)
                on_pages.add(pg)
            elif isinstance(item_v, dict) and "/MCID" in item_v:
                ipg = item_v.get("/Pg", pg)
                claimed.setdefault((ipg, item_v["/MCID"]), []).append(ref)
                on_pages.add(ipg)
            elif isinstance(item_v, dict) and item_v.get("/Type") == "/OBJR":
                annots.setdefault(item_v.get("/Obj"), []).append((ref, role, item_v.get("/Pg")))
            elif isinstance(item_v, dict) and item_v.get("/S"):
                children.append(item)
        page_sets[ref] = on_pages
        parents[ref] = parent
        if role == "Figure":
            figures.append(el)
        if role == "TH":
            ths.append(get(el.get("/A", {})) or {})
        for c in reversed(children):
            stack.append((c, ref))

    # An element whose content (its own or its descendants') is on several pages.
    for ref, _ in reversed(order):
        p = parents.get(ref)
        if p is not None and p in page_sets:
            page_sets[p] |= page_sets[ref]
    for ref, role in order:
        if role not in ("Document", "Sect", "Art", "Div") and len(page_sets[ref]) > 1:
            multi_page.append(role)

    # Every page's marked content belongs to exactly one element, and the parent tree
    # says the same.
    for key, owners in claimed.items():
        if len(owners) > 1:
            problem("marked content %s is claimed by %d elements" % (key, len(owners)))
    nums = get(get(tree["/ParentTree"]).get("/Nums", []))
    pages = {}
    for r in get(get(root["/Pages"])["/Kids"]):
        pages[r] = get(r)
    for ref, page in pages.items():
        sp = page.get("/StructParents")
        if sp is None:
            continue
        try:
            arr = get(nums[nums.index(sp) + 1])
        except (ValueError, IndexError):
            problem("page %s: StructParents %s not in the parent tree" % (ref, sp))
            continue
        for mcid, owner in enumerate(arr):
            if (ref, mcid) in claimed and claimed[(ref, mcid)][0] != owner:
                problem("page %s MCID %d: the parent tree says %s, the tree %s"
                        % (ref, mcid, owner, claimed[(ref, mcid)][0]))

    # Each page's content: content or artifact, as the tree says.
    import base64
    stats = {"artifacts": set()}
    for page_no, (ref, page) in enumerate(pages.items(), 1):
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b""
        for c in refs:
            stream = objs.get("obj:" + c, {}).get("stream", {})
            data += base64.b64decode(stream.get("data", "")) + b"\n"
        here = {m for (pg, m) in claimed if pg == ref}
        check_content(page_no, data, here, "--footers" in sys.argv, stats)
    if "--repeated-header" in sys.argv and not any(
            props.strip() == "<< /Type /Pagination >>" for _, props in stats["artifacts"]):
        problem("no table header repeated as a /Pagination artifact")

    # Every link annotation is in one Link element, on its own page, and the parent
    # tree says so.
    for ref, page in pages.items():
        for a in get(page.get("/Annots", [])) or []:
            annot = get(a)
            if annot.get("/Subtype") != "/Link":
                continue
            owners = annots.get(a, [])
            if len(owners) != 1 or owners[0][1] != "Link":
                problem("link annotation %s is in %d elements (%s), not one Link"
                        % (a, len(owners), [o[1] for o in owners]))
                continue
            if owners[0][2] != ref:
                problem("link annotation %s: its OBJR says page %s, it is on %s" % (a, owners[0][2], ref))
            if page.get("/Tabs") != "/S":
                problem("page %s has link annotations and no /Tabs /S" % ref)
            sp = annot.get("/StructParent")
            try:
                owner = nums[nums.index(sp) + 1] if sp is not None else None
            except (ValueError, IndexError):
                owner = None
            if owner != owners[0][0]:
                problem("link annotation %s: the parent tree says %s, the tree %s"
                        % (a, owner, owners[0][0]))

    # One element per HTML element.
    def count(*tags):
        return sum(h.counts.get(t, 0) for t in tags)
    for role, tags in (("L", ("ul", "ol")), ("LI", ("li",)), ("Table", ("table",)),
                       ("TR", ("tr",)), ("TH", ("th",)), ("Figure", ("img", "svg"))):
        if roles.get(role, 0) != count(*tags):
            problem("%d %s elements for %d <%s>" % (roles.get(role, 0), role, count(*tags),
                                                  ">, <".join(tags)))
    if roles.get("LBody", 0) != roles.get("LI", 0):
        problem("%d LBody for %d LI" % (roles.get("LBody", 0), roles.get("LI", 0)))
    for el in figures:
        alt = el.get("/Alt", "")
        if not (isinstance(alt, str) and len(alt) > 3 and alt.strip("ub:")):
            problem("a Figure without alt text: %r" % (alt,))
    want = [{"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}.get(s)
            for s in h.scopes]
    got = [a.get("/Scope") for a in ths]
    if want != got:
        problem("TH scopes %s, the HTML's %s" % (got, want))
    if spans and not [r for r in multi_page if spans in ("*", r)]:
        problem("no %s holds marked content on more than one page"
                % ("element" if spans == "*" else spans))

    # Headings in order, with their text, as poppler reads the tree.
    text = subprocess.run(["pdfinfo", "-struct-text", pdf], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    found = []
    for i, line in enumerate(text):
        m = re.fullmatch(r"\s*H([1-6])( \(block\))?", line)
        if m:
            first = text[i + 1].strip() if i + 1 < len(text) else ""
            found.append((int(m.group(1)), first.strip('"')))
    if [lv for lv, _ in found] != [lv for lv, _ in h.headings]:
        problem("heading levels %s, the HTML's %s" % ([lv for lv, _ in found],
                                                     [lv for lv, _ in h.headings]))
    norm = lambda s: " ".join(s.replace("\u00a0", " ").split())
    for (lv, got_text), (_, want_text) in zip(found, h.headings):
        # poppler shows the first line of a heading's text, with its generated number
        # ("5.2 " from ::before) when the stylesheet gives one
        got_text, want_text = norm(got_text), norm(want_text)
        first = want_text.split(" ")[0] if want_text else ""
        at = got_text.find(first) if first else -1
        if at < 0 or not want_text.startswith(got_text[at:]):
            problem("H%d reads %r, the HTML's heading %r" % (lv, got_text, want_text))
    # Every paragraph reads whole, words apart, in the structure's text: a screen
    # reader's reading order. Hyphens and case aside (lines break at hyphens, styles
    # change case); between the pieces of inline elements a space may come or not
    # (a span may be a block).
    said = " ".join(m.group(1) for m in (re.match(r'\s*"(.*)"$', line) for line in text) if m)
    simple = lambda s: norm(s.replace("\u00ad", "").replace("-", "")).lower()
    said = simple(said)
    for pieces in h.paragraphs:
        parts = [simple(x) for x in pieces if simple(x)]
        if sum(len(x.split()) for x in parts) < 4:
            continue
        if not re.search(" ?".join(re.escape(x) for x in parts), said):
            problem("a paragraph does not read whole in the structure's text: %r" % " ".join(parts)[:80])
    n_li = sum(1 for line in text if line.strip() in ("LI", "LI (block)"))
    n_th = sum(1 for line in text if re.fullmatch(r"\s*TH:?( \(block\))?", line))
    if n_li != count("li"):
        problem("pdfinfo -struct-text shows %d LI for %d <li>" % (n_li, count("li")))
    if n_th != count("th"):
        problem("pdfinfo -struct-text shows %d TH for %d <th>" % (n_th, count("th")))


main()
for p in problems[:20]:
    print("  " + p)
if len(problems) > 20:
    print("  ... and %d more" % (len(problems) - 20))
sys.exit(1 if problems else 0)
