#!/usr/bin/env python3
# Makes broken variants of a good PDF (through qpdf's QDF form) for pdfcheck.sh's negative checks.
"""Usage: pdfbreak.py [--pdfa] GOOD.pdf OUT_DIR VARIANT...
       pdfbreak.py --list

Writes OUT_DIR/VARIANT.pdf for each VARIANT: GOOD.pdf with one thing broken, and
prints one line per variant, "VARIANT CONDITION", the condition tests/pdfcheck.py
must then report (a Matterhorn 1.1 failure condition or a PDF/A-2 clause). With
--pdfa, GOOD.pdf is first made to claim PDF/A-2u when it does not already: the
pdfaid properties and an extension schema for pdfuaid in its XMP, and an sRGB
output intent (Debian's colord-data profile, or a bare ICC header without it); that
base is written as OUT_DIR/base.pdf. Edits are made on `qpdf --qdf` text and
repaired with fix-qdf. A variant whose target is not in GOOD.pdf is an error: the
suite must know when a base stops exercising a check.
"""
import json
import os
import re
import subprocess
import sys

# variant -> (condition pdfcheck must report, what is broken)
VARIANTS = {
    "figure-no-alt": ("Matterhorn 13-004", "a Figure element loses its Alt"),
    "no-lang": ("Matterhorn 11-001", "the catalog loses Lang"),
    "uaid-part-2": ("Matterhorn 06-002", "pdfuaid:part says 2"),
    "no-uaid": ("Matterhorn 06-002", "the XMP loses pdfuaid:part"),
    "no-dc-title": ("Matterhorn 06-003", "the XMP loses dc:title"),
    "no-metadata": ("Matterhorn 06-001", "the catalog loses Metadata"),
    "drop-mcid": ("Matterhorn 01-005", "an element's /K loses an MCID it claimed"),
    "untagged-drawing": ("Matterhorn 01-005", "a page draws a line outside marked content"),
    "artifact-in-tagged": ("Matterhorn 01-003", "an /Artifact sequence inside an MCID sequence"),
    "tagged-in-artifact": ("Matterhorn 01-004", "an MCID sequence inside an /Artifact"),
    "no-tabs": ("Matterhorn 28-008", "a page with links loses /Tabs"),
    "tabs-row": ("Matterhorn 28-009", "a page with links has /Tabs /R"),
    "no-tounicode": ("Matterhorn 31-027", "a Type0 font loses its ToUnicode"),
    "unmapped-code": ("Matterhorn 10-001", "a ToUnicode CMap loses its first entry"),
    "not-embedded": ("Matterhorn 31-009", "a font descriptor loses its FontFile2"),
    "notdef": ("Matterhorn 31-030", "the first string shown with a Type0 font starts with CID 0 (.notdef)"),
    "wrong-width": ("Matterhorn 31-016", "a CIDFont's W gives its first CIDs 100 more"),
    "no-cidtogidmap": ("Matterhorn 31-005", "a CIDFontType2 loses CIDToGIDMap"),
    "display-title-false": ("Matterhorn 07-002", "DisplayDocTitle false"),
    "no-display-title": ("Matterhorn 07-001", "ViewerPreferences loses DisplayDocTitle"),
    "suspects": ("Matterhorn 01-007", "MarkInfo Suspects true"),
    "not-marked": ("PDF/UA-1 7.1", "MarkInfo Marked false"),
    "heading-skip": ("Matterhorn 14-003", "the first H2 becomes H4 (after H1)"),
    "first-heading-h2": ("Matterhorn 14-002", "the H1 becomes H2"),
    "rolemap-circle": ("Matterhorn 02-003", "a RoleMap Foo -> Bar -> Foo"),
    "rolemap-standard": ("Matterhorn 02-004", "a RoleMap remaps P"),
    "nonstandard-type": ("Matterhorn 02-001", "a P element becomes Para, mapped nowhere"),
    "link-no-contents": ("Matterhorn 28-012", "a link annotation loses Contents"),
    "link-not-in-link": ("Matterhorn 28-011", "a Link element becomes Span"),
    "table-broken": ("Matterhorn 09-004", "a TR becomes Div"),
    "list-broken": ("Matterhorn 09-005", "an LI becomes P"),
    "parent-tree-swap": ("ISO 32000-1 14.7.4.4", "two entries of a page's parent tree array swap"),
    "wrong-parent": ("ISO 32000-1 14.7.2", "an element's P names another element"),
    "reference-xobject": ("Matterhorn 30-001", "a form XObject gets a Ref (reference XObject)"),
    # PDF/A-2 (with --pdfa)
    "pdfa-conformance": ("PDF/A-2 6.6.4", "pdfaid:conformance says X"),
    "pdfa-no-extension": ("PDF/A-2 6.6.2.3", "the XMP loses the extension schema describing pdfuaid"),
    "pdfa-no-output-intent": ("PDF/A-2 6.2.3", "the catalog loses OutputIntents"),
    "pdfa-icc-n": ("PDF/A-2 6.2.3", "the output profile's N says 4"),
    "pdfa-info-title": ("PDF/A Info/XMP", "the Info dictionary's Title differs from dc:title"),
    "pdfa-interpolate": ("PDF/A-2 6.2.8", "an image gets Interpolate true"),
    "pdfa-lzw": ("PDF/A-2 6.1.7", "a stream says LZWDecode"),
    "pdfa-no-id": ("PDF/A-2 6.1.3", "the trailer loses ID"),
    "pdfa-annot-hidden": ("PDF/A-2 6.3.2", "a link annotation's F sets Hidden"),
    "pdfa-javascript": ("PDF/A-2 6.5.1", "the catalog gets a JavaScript OpenAction"),
    "pdfa-catalog-aa": ("PDF/A-2 6.5.2", "the catalog gets AA"),
    "pdfa-blend-mode": ("PDF/A-2 6.2.10", "an ExtGState gets blend mode /Dodgy"),
    "pdfa-xpacket-bytes": ("PDF/A-2 6.6.2.1", "the xpacket header gets a bytes attribute"),
    "pdfa-operator": ("PDF/A-2 6.2.2", "a page's content uses an undefined operator"),
    "pdfa-unicode": ("PDF/A-2 6.2.11.7.2", "a ToUnicode CMap loses its first entry"),
    "pdfa-not-embedded": ("PDF/A-2 6.2.11.4.1", "a font descriptor loses its FontFile2"),
}

SRGB = "/usr/share/color/icc/colord/sRGB.icc"


class Broken(Exception):
    """A variant's target is not in the base PDF."""


class Qdf:
    """A PDF in qpdf's QDF form: objects as text that can be edited, and the objects as
    qpdf's JSON gives them (the same numbers) to find what to edit."""

    def __init__(self, path, work):
        self.path = os.path.join(work, "base.qdf.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, self.path], check=True)
        with open(self.path, "rb") as f:
            self.text = f.read()
        out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", self.path], check=True,
                             capture_output=True).stdout
        top = json.loads(out)["qpdf"][1]
        self.trailer = top["trailer"]["value"]
        self.objects = {}
        for key, entry in top.items():
            if key.startswith("obj:"):
                num = int(key[4:].split()[0])
                self.objects[num] = entry.get("value", entry.get("stream", {}).get("dict"))

    def span(self, text, num):
        m = re.search(rb"\n%d 0 obj\n" % num, text)
        if not m:
            raise Broken("object %d is not in the QDF" % num)
        end = text.index(b"\nendobj\n", m.end())
        return m.end(), end

    def edit(self, text, num, old, new, count=1):
        """Replaces old (a regex) by new in object num, count times (0: all)."""
        start, end = self.span(text, num)
        body, n = re.subn(old, new, text[start:end], count=count)
        if n == 0:
            raise Broken("object %d has no %r" % (num, old))
        return text[:start] + body + text[end:]

    def find(self, test):
        """The object numbers whose values pass test, in order."""
        return [n for n, v in sorted(self.objects.items()) if isinstance(v, dict) and test(v)]

    def first(self, test, what):
        found = self.find(test)
        if not found:
            raise Broken("no %s in the base PDF" % what)
        return found[0]

    @staticmethod
    def array(v):
        return v if isinstance(v, list) else [] if v is None else [v]

    def root(self):
        return int(self.trailer["/Root"].split()[0])

    def info(self):
        return int(self.trailer["/Info"].split()[0])

    def metadata(self):
        return int(self.objects[self.root()]["/Metadata"].split()[0])

    @staticmethod
    def is_element(v):
        """A structure element (its /Type StructElem is optional)."""
        return v.get("/Type", "/StructElem") == "/StructElem" and "/S" in v and "/P" in v

    def struct_type(self, name):
        return lambda v: self.is_element(v) and v.get("/S") == name

    def page_with_annots(self):
        return self.first(lambda v: v.get("/Type") == "/Page" and v.get("/Annots"), "page with annotations")

    def pages(self):
        return self.find(lambda v: v.get("/Type") == "/Page")

    def content_of(self, page):
        c = self.objects[page]["/Contents"]
        c = c[0] if isinstance(c, list) else c
        return int(c.split()[0])

    def type0_font(self):
        return self.first(lambda v: v.get("/Subtype") == "/Type0" and "/ToUnicode" in v, "Type0 font")

    def add_object(self, text, body, stream=None):
        """Appends a new object before the xref (a stream's length in an object of its
        own after it, as fix-qdf wants); returns (text, its number)."""
        num = max(int(m.group(1)) for m in re.finditer(rb"\n(\d+) 0 obj\n", text)) + 1
        at = text.rindex(b"\nxref\n")
        if stream is None:
            new = b"\n%d 0 obj\n" % num + body + b"\nendobj\n"
        else:
            new = (b"\n%d 0 obj\n" % num + body[:-2] + b"  /Length %d 0 R\n>>\nstream\n" % (num + 1)
                   + stream + b"\nendstream\nendobj\n\n%d 0 obj\n%d\nendobj\n" % (num + 1, len(stream)))
        return text[:at] + new + text[at:], num


def write(qdf, text, out):
    """Repairs edited QDF text with fix-qdf and writes it to out."""
    fixed = subprocess.run(["fix-qdf"], input=text, capture_output=True, check=True).stdout
    with open(out, "wb") as f:
        f.write(fixed)


def make_pdfa(q, text):
    """The QDF text made to claim PDF/A-2u: XMP identification and extension schema, an
    output intent."""
    meta = q.metadata()
    ident = (b"   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>\n")
    extension = b"""  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""
    start, end = q.span(text, meta)
    xmp = text[start:end]
    if b'xmlns:pdfaid="' not in xmp:
        xmp = re.sub(rb'(<rdf:Description rdf:about="")', rb'\1 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
                     xmp, count=1)
    xmp = re.sub(rb"(\n  </rdf:Description>)", b"\n" + ident.rstrip(b"\n") + rb"\1", xmp, count=1)
    if b"pdfaExtension:schemas" not in xmp:
        xmp = re.sub(rb"( </rdf:RDF>)", extension + rb"\1", xmp, count=1)
    text = text[:start] + xmp + text[end:]
    if os.path.exists(SRGB):
        with open(SRGB, "rb") as f:
            icc = f.read()
    else:  # a bare ICC header: a monitor RGB profile of version 2.1
        icc = bytearray(132)
        icc[0:4] = (132).to_bytes(4, "big")
        icc[8] = 2
        icc[9] = 0x10
        icc[12:16], icc[16:20], icc[20:24], icc[36:40] = b"mntr", b"RGB ", b"XYZ ", b"acsp"
        icc = bytes(icc)
    text, prof = q.add_object(text, b"<<\n  /N 3\n>>", stream=icc)
    text, intent = q.add_object(text, b"<<\n  /Type /OutputIntent\n  /S /GTS_PDFA1\n"
                                b"  /OutputConditionIdentifier (sRGB)\n  /DestOutputProfile %d 0 R\n>>" % prof)
    text = q.edit(text, q.root(), rb"\n  /Type /Catalog", b"\n  /OutputIntents [ %d 0 R ]\n  /Type /Catalog" % intent)
    return text


def break_variant(q, text, name):
    """The QDF text with the variant's thing broken."""
    objs = q.objects
    if name == "figure-no-alt":
        n = q.first(lambda v: q.struct_type("/Figure")(v) and "/Alt" in v, "Figure with Alt")
        return q.edit(text, n, rb"\n  /Alt [^\n]*", b"")
    if name == "no-lang":
        return q.edit(text, q.root(), rb"\n  /Lang [^\n]*", b"")
    if name == "uaid-part-2":
        return q.edit(text, q.metadata(), rb"<pdfuaid:part>1</pdfuaid:part>", b"<pdfuaid:part>2</pdfuaid:part>")
    if name == "no-uaid":
        return q.edit(text, q.metadata(), rb"\s*<pdfuaid:part>1</pdfuaid:part>", b"")
    if name == "no-dc-title":
        return q.edit(text, q.metadata(), rb"\s*<dc:title>.*?</dc:title>", b"")
    if name == "no-metadata":
        return q.edit(text, q.root(), rb"\n  /Metadata [^\n]*", b"")
    if name == "drop-mcid":
        n = q.first(lambda v: q.is_element(v) and any(isinstance(k, int) for k in q.array(v.get("/K"))),
                    "element claiming an MCID")
        if isinstance(objs[n]["/K"], int):
            return q.edit(text, n, rb"\n  /K \d+\n", b"\n  /K [ ]\n")
        mcid = next(k for k in objs[n]["/K"] if isinstance(k, int))
        return q.edit(text, n, rb"\n    %d\n" % mcid, b"\n")
    if name == "untagged-drawing":
        return q.edit(text, q.content_of(q.pages()[0]), rb"\nendstream", b"\n0 0 m 10 10 l S\nendstream")
    if name == "artifact-in-tagged":
        return q.edit(text, q.content_of(q.pages()[0]), rb"(<< /MCID \d+ >> BDC\n)",
                      rb"\1/Artifact BMC\n0 0 m 1 1 l S\nEMC\n")
    if name == "tagged-in-artifact":
        return q.edit(text, q.content_of(q.pages()[0]), rb"(/Artifact << [^\n]*>> BDC\n)",
                      rb"\1/Span << /MCID 9999 >> BDC\nEMC\n")
    if name == "no-tabs":
        return q.edit(text, q.page_with_annots(), rb"\n  /Tabs /S", b"")
    if name == "tabs-row":
        return q.edit(text, q.page_with_annots(), rb"\n  /Tabs /S", b"\n  /Tabs /R")
    if name == "no-tounicode":
        return q.edit(text, q.type0_font(), rb"\n  /ToUnicode [^\n]*", b"")
    if name in ("unmapped-code", "pdfa-unicode"):
        # A subset font's codes are all drawn: its first bfchar entry goes.
        tu = int(objs[q.type0_font()]["/ToUnicode"].split()[0])
        return q.edit(text, tu, rb"(beginbfchar\s*\n)<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\n", rb"\1")
    if name in ("not-embedded", "pdfa-not-embedded"):
        n = q.first(lambda v: v.get("/Type") == "/FontDescriptor" and "/FontFile2" in v, "embedded TrueType")
        return q.edit(text, n, rb"\n  /FontFile2 [^\n]*", b"")
    if name == "notdef":
        page = q.pages()[0]
        fonts = q.objects[page]["/Resources"]
        fonts = q.objects[int(fonts.split()[0])] if isinstance(fonts, str) else fonts
        fonts = fonts["/Font"]
        fonts = q.objects[int(fonts.split()[0])] if isinstance(fonts, str) else fonts
        type0 = [k[1:].encode() for k, v in fonts.items() if q.objects[int(v.split()[0])].get("/Subtype") == "/Type0"]
        if not type0:
            raise Broken("page %d uses no Type0 font" % page)
        # The first string shown with a Type0 font starts with code 0 (CID 0).
        return q.edit(text, q.content_of(page),
                      rb"(/(?:%s) [\d.]+ Tf\b(?:(?!Tf\b)[^(<])*)([(<])" % b"|".join(type0),
                      lambda m: m.group(1) + m.group(2) + (b"0000" if m.group(2) == b"<" else b"\\000\\000"))
    if name == "wrong-width":
        # Every width of the first run of W (its first CIDs, drawn in a subset font)
        # grows by 100.
        font = q.type0_font()
        cid = int(objs[font]["/DescendantFonts"][0].split()[0])
        return q.edit(text, cid, rb"(/W \[\s*\d+\s*\[)([\d.\s]*)(\])",
                      lambda m: m.group(1) + re.sub(rb"\d+(\.\d+)?", lambda w: b"%g" % (float(w.group(0)) + 100),
                                                    m.group(2)) + m.group(3))
    if name == "no-cidtogidmap":
        n = q.first(lambda v: v.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" in v, "CIDFontType2")
        return q.edit(text, n, rb"\n  /CIDToGIDMap [^\n]*", b"")
    if name == "display-title-false":
        return q.edit(text, q.root(), rb"/DisplayDocTitle true", b"/DisplayDocTitle false")
    if name == "no-display-title":
        return q.edit(text, q.root(), rb"\n    /DisplayDocTitle true", b"")
    if name == "suspects":
        return q.edit(text, q.root(), rb"(/MarkInfo <<\n)", rb"\1    /Suspects true\n")
    if name == "not-marked":
        return q.edit(text, q.root(), rb"/Marked true", b"/Marked false")
    if name == "heading-skip":
        return q.edit(text, q.first(q.struct_type("/H2"), "H2"), rb"/S /H2", b"/S /H4")
    if name == "first-heading-h2":
        return q.edit(text, q.first(q.struct_type("/H1"), "H1"), rb"/S /H1", b"/S /H2")
    if name in ("rolemap-circle", "rolemap-standard"):
        tree = int(objs[q.root()]["/StructTreeRoot"].split()[0])
        rolemap = (b"/RoleMap << /Foo /Bar /Bar /Foo >>" if name == "rolemap-circle"
                   else b"/RoleMap << /P /Span >>")
        return q.edit(text, tree, rb"(\n  /Type /StructTreeRoot)", b"\n  " + rolemap + rb"\1")
    if name == "nonstandard-type":
        return q.edit(text, q.first(q.struct_type("/P"), "P"), rb"/S /P\b", b"/S /Para")
    if name == "link-no-contents":
        n = q.first(lambda v: v.get("/Subtype") == "/Link" and "/Contents" in v, "link annotation")
        return q.edit(text, n, rb"\n  /Contents [^\n]*", b"")
    if name == "link-not-in-link":
        return q.edit(text, q.first(q.struct_type("/Link"), "Link element"), rb"/S /Link", b"/S /Span")
    if name == "table-broken":
        return q.edit(text, q.first(q.struct_type("/TR"), "TR"), rb"/S /TR", b"/S /Div")
    if name == "list-broken":
        return q.edit(text, q.first(q.struct_type("/LI"), "LI"), rb"/S /LI", b"/S /P")
    if name == "parent-tree-swap":
        tree = int(objs[q.root()]["/StructTreeRoot"].split()[0])
        pt = int(objs[tree]["/ParentTree"].split()[0])
        return q.edit(text, pt, rb"\[\n      (\d+ 0 R)\n      (?!\1\n)(\d+ 0 R)\n", rb"[\n      \2\n      \1\n")
    if name == "wrong-parent":
        n = q.first(lambda v: q.struct_type("/P")(v) and v.get("/P"), "P element")
        other = q.first(q.struct_type("/Document"), "Document")
        if objs[n]["/P"] == "%d 0 R" % other:
            other = q.first(q.struct_type("/H1"), "H1")
        return q.edit(text, n, rb"\n  /P \d+ 0 R", b"\n  /P %d 0 R" % other)
    if name == "reference-xobject":
        n = q.first(lambda v: v.get("/Subtype") == "/Form", "form XObject")
        return q.edit(text, n, rb"(\n  /Subtype /Form)", rb"\n  /Ref << /F (other.pdf) /Page 0 >>\1")
    if name == "pdfa-conformance":
        return q.edit(text, q.metadata(), rb"<pdfaid:conformance>\w</pdfaid:conformance>",
                      b"<pdfaid:conformance>X</pdfaid:conformance>")
    if name == "pdfa-no-extension":
        return q.edit(text, q.metadata(), rb"(?s)<pdfaExtension:schemas>.*</pdfaExtension:schemas>", b"")
    if name == "pdfa-no-output-intent":
        return q.edit(text, q.root(), rb"\n  /OutputIntents \[[^\]]*\]", b"")
    if name == "pdfa-icc-n":
        intent = objs[q.root()]["/OutputIntents"][0]
        prof = int(objs[int(intent.split()[0])]["/DestOutputProfile"].split()[0])
        return q.edit(text, prof, rb"\n  /N 3", b"\n  /N 4")
    if name == "pdfa-info-title":
        return q.edit(text, q.info(), rb"\n  /Title \(", b"\n  /Title (Not the title: ")
    if name == "pdfa-interpolate":
        n = q.first(lambda v: v.get("/Subtype") == "/Image", "image XObject")
        return q.edit(text, n, rb"(\n  /Subtype /Image)", rb"\n  /Interpolate true\1")
    if name == "pdfa-lzw":
        n = q.first(lambda v: v.get("/Subtype") == "/Form", "form XObject")
        return q.edit(text, n, rb"(\n  /Subtype /Form)", rb"\n  /Filter /LZWDecode\1")
    if name == "pdfa-no-id":
        return re.sub(rb"\n  /ID \[[^\]]*\]", b"", text)
    if name == "pdfa-annot-hidden":
        n = q.first(lambda v: v.get("/Subtype") == "/Link" and v.get("/F") == 4, "link annotation with F 4")
        return q.edit(text, n, rb"\n  /F 4", b"\n  /F 6")
    if name == "pdfa-javascript":
        return q.edit(text, q.root(), rb"(\n  /Type /Catalog)",
                      rb"\n  /OpenAction << /S /JavaScript /JS (app.alert\(1\)) >>\1")
    if name == "pdfa-catalog-aa":
        return q.edit(text, q.root(), rb"(\n  /Type /Catalog)", rb"\n  /AA << /WC << /S /GoTo /D [ 0 /Fit ] >> >>\1")
    if name == "pdfa-blend-mode":
        n = q.first(lambda v: v.get("/Subtype") == "/Form" and "/ExtGState" in v.get("/Resources", {}),
                    "form XObject with an ExtGState")
        return q.edit(text, n, rb"(\n        /CA )", rb"\n        /BM /Dodgy\1")
    if name == "pdfa-xpacket-bytes":
        return q.edit(text, q.metadata(), rb'(<\?xpacket begin="[^"]*")', rb'\1 bytes="2000"')
    if name == "pdfa-operator":
        return q.edit(text, q.content_of(q.pages()[0]), rb"\nendstream", b"\n1 2 frobnicate\nendstream")
    raise Broken("unknown variant %s" % name)


def main(argv):
    if argv[:1] == ["--list"]:
        for name, (code, what) in VARIANTS.items():
            print("%-22s %-22s %s" % (name, code, what))
        return 0
    pdfa = False
    if argv[:1] == ["--pdfa"]:
        pdfa = True
        argv = argv[1:]
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    good, out_dir, names = argv[0], argv[1], argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    q = Qdf(good, out_dir)
    text = q.text
    if pdfa:
        if b"<pdfaid:part>" not in text:
            text = make_pdfa(q, text)
            write(q, text, os.path.join(out_dir, "base.pdf"))
            q = Qdf(os.path.join(out_dir, "base.pdf"), out_dir)
            text = q.text
        else:
            write(q, text, os.path.join(out_dir, "base.pdf"))
    status = 0
    for name in names:
        if name not in VARIANTS:
            print("pdfbreak: unknown variant %s" % name, file=sys.stderr)
            return 2
        try:
            write(q, break_variant(q, text, name), os.path.join(out_dir, name + ".pdf"))
            print("%s %s" % (name, VARIANTS[name][0]))
        except (Broken, subprocess.CalledProcessError) as e:
            print("pdfbreak: %s: %s" % (name, e), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
