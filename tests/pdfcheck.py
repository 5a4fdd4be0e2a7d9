#!/usr/bin/env python3
# Checks PDFs against the machine-checkable conditions of PDF/UA-1 (Matterhorn Protocol 1.1) and PDF/A-2 (b, u, a).
"""Usage: pdfcheck.py [--expect-tagged] [--pdfa=auto|off|2b|2u|2a] [--qpdf=PATH] PDF...
       pdfcheck.py --list

Reads each PDF's objects with `qpdf --json=2 --json-stream-data=inline
--decode-level=generalized` (qpdf 11 and 12) and its content streams with a tokenizer
of its own, and prints one line per failed condition:

    FILE: Matterhorn 06-002: the XMP metadata has no pdfuaid:part
    FILE: PDF/A-2 6.2.11.4.1: font F1 (ABCDEF+Liberation) is used but not embedded

The id is the Matterhorn Protocol 1.1 failure condition for PDF/UA-1, the clause of
ISO 19005-2 for PDF/A-2, or the clause of ISO 32000-1 for conditions of tagged PDF the
protocol has no number for. Lines "FILE: note: ..." are informational and do not fail.

PDF/UA checks run when the file claims PDF/UA-1 (pdfuaid:part) or --expect-tagged is
given; otherwise (an untagged file, such as briefpack's --no-tags output, or a tagged
one that does not claim PDF/UA) only what needs no tags is checked: fonts, character
maps, XObjects, encryption, forms, optional content, embedded files, annotation types.
PDF/A-2 checks run when the XMP claims pdfaid:part 2 (--pdfa=auto, the default), or
for the level given with --pdfa=2b|2u|2a; --pdfa=off never.

Exit status: 0 when nothing failed, 1 when something failed, 2 for a usage error or a
file qpdf cannot read. --list prints the conditions checked.
"""
import base64
import datetime
import json
import re
import subprocess
import sys
import traceback
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------- checks

# Every condition this checker reports, by the id printed in its messages.
CONDITIONS = [
    ("Matterhorn 01-003", "content marked as Artifact is inside tagged content"),
    ("Matterhorn 01-004", "tagged content is inside content marked as Artifact"),
    ("Matterhorn 01-005", "content is neither marked as Artifact nor tagged as real content "
                          "(drawn outside marked content, or its MCID claimed by no element)"),
    ("Matterhorn 01-007", "the MarkInfo Suspects entry is true"),
    ("Matterhorn 02-001", "a non-standard structure type's role mapping does not end in a standard type"),
    ("Matterhorn 02-003", "a circular role mapping exists"),
    ("Matterhorn 02-004", "a standard structure type is remapped"),
    ("Matterhorn 06-001", "no XMP metadata stream in the catalog"),
    ("Matterhorn 06-002", "the XMP has no PDF/UA identifier (pdfuaid:part = 1)"),
    ("Matterhorn 06-003", "the XMP has no dc:title, or it is empty"),
    ("Matterhorn 07-001", "ViewerPreferences has no DisplayDocTitle"),
    ("Matterhorn 07-002", "ViewerPreferences DisplayDocTitle is false"),
    ("Matterhorn 09-004", "table elements nested against ISO 32000-1 Table 337"),
    ("Matterhorn 09-005", "list elements nested against ISO 32000-1 Table 336"),
    ("Matterhorn 09-006", "TOC elements nested against ISO 32000-1 Table 333"),
    ("Matterhorn 09-007", "Ruby elements nested against ISO 32000-1 Table 338"),
    ("Matterhorn 09-008", "Warichu elements nested against ISO 32000-1 Table 338"),
    ("Matterhorn 10-001", "a character code drawn cannot be mapped to Unicode (no ToUnicode entry, "
                          "no standard encoding, not inside ActualText)"),
    ("Matterhorn 11-001", "the natural language of page content cannot be determined"),
    ("Matterhorn 11-002", "the natural language of Alt, ActualText or E cannot be determined"),
    ("Matterhorn 11-003", "the natural language of the outline cannot be determined"),
    ("Matterhorn 11-004", "the natural language of annotations' Contents cannot be determined"),
    ("Matterhorn 11-006", "the natural language of the metadata cannot be determined"),
    ("Matterhorn 13-004", "a Figure has neither Alt nor ActualText"),
    ("Matterhorn 14-002", "numbered headings are used, but the first is not H1"),
    ("Matterhorn 14-003", "numbered heading levels are skipped going down"),
    ("Matterhorn 14-006", "a node holds more than one H"),
    ("Matterhorn 14-007", "both H and Hn are used"),
    ("Matterhorn 15-003", "(note only) a TH has no Scope in a table without Headers"),
    ("Matterhorn 17-002", "a Formula has no Alt"),
    ("Matterhorn 20-001", "an optional content configuration in Configs has no Name"),
    ("Matterhorn 20-002", "the default optional content configuration (D) has no Name"),
    ("Matterhorn 20-003", "an optional content configuration has an AS entry"),
    ("Matterhorn 21-001", "an embedded file's file specification lacks F or UF"),
    ("Matterhorn 25-001", "XFA with dynamicRender required"),
    ("Matterhorn 26-001", "encrypted without a P entry"),
    ("Matterhorn 26-002", "encrypted with bit 10 of P (extract for accessibility) clear"),
    ("Matterhorn 28-002", "an annotation (not Widget, Link, PrinterMark or Popup) is not a direct "
                          "child of an Annot element"),
    ("Matterhorn 28-004", "an annotation (not Widget, Popup) has no Contents and its element no Alt"),
    ("Matterhorn 28-005", "a form field has no TU and its element no Alt"),
    ("Matterhorn 28-006", "an annotation subtype not defined in ISO 32000-1"),
    ("Matterhorn 28-007", "a TrapNet annotation"),
    ("Matterhorn 28-008", "a page with annotations has no Tabs"),
    ("Matterhorn 28-009", "a page with annotations has Tabs other than S"),
    ("Matterhorn 28-010", "a widget annotation is not within a Form element"),
    ("Matterhorn 28-011", "a link annotation is not within a Link element"),
    ("Matterhorn 28-012", "a link annotation has no Contents"),
    ("Matterhorn 28-014", "a media clip data dictionary has no CT"),
    ("Matterhorn 28-015", "a media clip data dictionary has no Alt"),
    ("Matterhorn 28-016", "a file attachment annotation's file specification lacks F or UF"),
    ("Matterhorn 28-017", "a PrinterMark annotation is in the structure tree"),
    ("Matterhorn 30-001", "a reference XObject"),
    ("Matterhorn 30-002", "a Form XObject holding MCIDs is drawn more than once"),
    ("Matterhorn 31-001/002/003", "a Type 0 font with a non-Identity CMap whose CIDSystemInfo "
                                  "disagrees with its CIDFont's"),
    ("Matterhorn 31-004", "a CIDFontType2's CIDToGIDMap is neither Identity nor a stream"),
    ("Matterhorn 31-005", "a CIDFontType2 has no CIDToGIDMap"),
    ("Matterhorn 31-006", "a CMap is neither predefined nor embedded"),
    ("Matterhorn 31-007", "an embedded CMap's WMode differs from its stream's"),
    ("Matterhorn 31-009", "a font used for rendering is not embedded"),
    ("Matterhorn 31-011", "a glyph drawn is not in the embedded font program"),
    ("Matterhorn 31-014/015", "a CIDSet does not match the glyphs of the font program"),
    ("Matterhorn 31-016", "a glyph's width in the font dictionary differs from the font program's "
                          "by more than 1/1000"),
    ("Matterhorn 31-019/020/021", "a non-symbolic TrueType font's Encoding is missing or neither "
                                  "MacRoman nor WinAnsi"),
    ("Matterhorn 31-024", "a symbolic TrueType font has an Encoding"),
    ("Matterhorn 31-025", "a symbolic TrueType font program has no cmap"),
    ("Matterhorn 31-027", "a font has no ToUnicode and no other way to Unicode"),
    ("Matterhorn 31-028", "a ToUnicode CMap maps to U+0000"),
    ("Matterhorn 31-029", "a ToUnicode CMap maps to U+FEFF or U+FFFE"),
    ("Matterhorn 31-030", "a character drawn references the .notdef glyph"),
    ("PDF/UA-1 7.1", "a tagged file: MarkInfo Marked true and a StructTreeRoot"),
    ("ISO 32000-1 8.10", "no form XObject draws itself"),
    ("ISO 32000-1 14.6", "marked-content sequences are balanced within each content stream"),
    ("ISO 32000-1 14.7.2", "each structure element's P is the element that holds it, and no element "
                           "is reached twice"),
    ("ISO 32000-1 14.7.4.3", "an annotation is named by one OBJR, whose Pg is its page"),
    ("ISO 32000-1 14.7.4.2", "every MCID claimed by the tree is drawn, once, and by one element"),
    ("ISO 32000-1 14.7.4.4", "the ParentTree maps each page's (and form's) StructParents and each "
                             "annotation's StructParent to the elements that claim them"),
    ("PDF/A-2 6.1.2", "the file header %PDF-1.n and a binary comment"),
    ("PDF/A-2 6.1.3", "the trailer has an ID, no Encrypt; nothing after the last %%EOF"),
    ("PDF/A-2 6.1.7", "streams have no F, FFilter, FDecodeParms; no LZWDecode or Crypt filter"),
    ("PDF/A-2 6.1.10", "inline images: no LZW filter, no Interpolate true"),
    ("PDF/A-2 6.1.12", "Perms holds only UR3 and DocMDP"),
    ("PDF/A-2 6.1.13", "implementation limits: indirect objects, q nesting, names, strings"),
    ("PDF/A-2 6.2.2", "content streams use only operators of ISO 32000-1"),
    ("PDF/A-2 6.2.3", "a GTS_PDFA1 output intent whose DestOutputProfile is a valid ICC output "
                      "profile with the right N; all such profiles the same"),
    ("PDF/A-2 6.2.4.3", "device colour spaces only as the output intent allows"),
    ("PDF/A-2 6.2.5", "ExtGState: no TR, TR2 only Default, no HTP"),
    ("PDF/A-2 6.2.6", "rendering intents are standard"),
    ("PDF/A-2 6.2.8", "images: no Alternates, no OPI, Interpolate not true, valid BitsPerComponent"),
    ("PDF/A-2 6.2.9", "XObjects: no reference XObjects, no PostScript XObjects, no OPI"),
    ("PDF/A-2 6.2.10", "blend modes standard; transparency on a page without an output intent "
                       "needs a page group CS"),
    ("PDF/A-2 6.2.11.3", "composite fonts: CIDToGIDMap, CMaps embedded, CIDSystemInfo"),
    ("PDF/A-2 6.2.11.4.1", "every font used for rendering is embedded"),
    ("PDF/A-2 6.2.11.4.2", "a CIDSet matches the font program"),
    ("PDF/A-2 6.2.11.5", "widths agree with the font program"),
    ("PDF/A-2 6.2.11.6", "TrueType encodings"),
    ("PDF/A-2 6.2.11.7.2", "(levels U and A) every code drawn maps to Unicode, never to 0, FEFF, FFFE"),
    ("PDF/A-2 6.2.11.7.3", "(level A) codes mapping to the Private Use Area are inside ActualText"),
    ("PDF/A-2 6.2.11.8", "no .notdef glyph drawn"),
    ("PDF/A-2 6.3.1", "annotation types: no unknown, 3D, Sound, Screen or Movie"),
    ("PDF/A-2 6.3.2", "annotations (but Popup) have F with Print set and Hidden, Invisible, "
                      "ToggleNoView, NoView clear"),
    ("PDF/A-2 6.3.3", "annotations (but Popup, Link, zero-size) have an AP holding only N"),
    ("PDF/A-2 6.4.1", "forms: no NeedAppearances true; widgets and fields without A or AA"),
    ("PDF/A-2 6.4.2", "no XFA, no NeedsRendering"),
    ("PDF/A-2 6.5.1", "no Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, "
                      "Rendition, Trans, GoTo3DView or JavaScript actions; named actions only "
                      "NextPage, PrevPage, FirstPage, LastPage"),
    ("PDF/A-2 6.5.2", "no AA in the catalog or pages"),
    ("PDF/A-2 6.6.2.1", "a well-formed XMP metadata stream (Type Metadata, Subtype XML), no bytes "
                        "or encoding attribute in its xpacket header"),
    ("PDF/A-2 6.6.2.3", "every XMP property is in a predefined schema or in an extension schema "
                        "described with all its fields (pdfaExtension:schemas)"),
    ("PDF/A-2 6.6.4", "pdfaid:part 2 and pdfaid:conformance A, B or U"),
    ("PDF/A Info/XMP", "the Info dictionary and the XMP agree (Title, Author, Subject, Keywords, "
                       "Creator, Producer, CreationDate, ModDate) - ISO 19005-1 6.7.3's rule"),
    ("PDF/A-2 6.7.2.2", "(level A) MarkInfo Marked true"),
    ("PDF/A-2 6.7.3.3", "(level A) a structure tree"),
    ("PDF/A-2 6.7.3.4", "(level A) structure types standard or role mapped to standard ones"),
    ("PDF/A-2 6.7.4", "(level A) the natural language is declared (catalog Lang)"),
    ("PDF/A-2 6.8", "embedded files are PDF/A-1 or PDF/A-2 files"),
    ("PDF/A-2 6.9", "optional content configurations have a Name and no AS"),
    ("PDF/A-2 6.10", "no AlternatePresentations, no PresSteps"),
    ("PDF/A-2 6.11", "no Requirements in the catalog"),
]

# Structure types of ISO 32000-1, 14.8.4.
STANDARD_TYPES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())

# Annotation subtypes of ISO 32000-1, 12.5.6.
ANNOTATION_TYPES = set("""Text Link FreeText Line Square Circle Polygon PolyLine Highlight
Underline Squiggly StrikeOut Stamp Caret Ink Popup FileAttachment Sound Movie Widget Screen
PrinterMark TrapNet Watermark 3D""".split())

# Operators of ISO 32000-1, Annex A.
OPERATORS = set("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g
gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj TL Tm Tr
Ts Tw Tz v w W W* y ' \"""".split())

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "EI"}

# Predefined CMaps of ISO 32000-1, 9.7.5.2, Table 118.
PREDEFINED_CMAPS = set("""GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H
GBKp-EUC-V GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V B5pc-H B5pc-V
HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H
UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H
90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H
UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V
KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V
UniKS-UTF16-H UniKS-UTF16-V Identity-H Identity-V""".split())

FORBIDDEN_ACTIONS = {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide",
                     "SetOCGState", "Rendition", "Trans", "GoTo3DView", "JavaScript"}
ALLOWED_NAMED_ACTIONS = {"NextPage", "PrevPage", "FirstPage", "LastPage"}
BLEND_MODES = {"Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten",
               "ColorDodge", "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion",
               "Hue", "Saturation", "Color", "Luminosity"}
RENDERING_INTENTS = {"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"}

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_X = "adobe:ns:meta/"
NS_XML = "http://www.w3.org/XML/1998/namespace"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XMP = "http://ns.adobe.com/xap/1.0/"
NS_PDF = "http://ns.adobe.com/pdf/1.3/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
NS_PDFAEXT = "http://www.aiim.org/pdfa/ns/extension/"
NS_PDFASCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PDFAPROP = "http://www.aiim.org/pdfa/ns/property#"
NS_PDFATYPE = "http://www.aiim.org/pdfa/ns/type#"
NS_PDFAFIELD = "http://www.aiim.org/pdfa/ns/field#"

# Schemas predefined by the XMP Specification 2005 and ISO 19005 (PDF/A-2 6.6.2.3.1).
PREDEFINED_XMP_NAMESPACES = {
    NS_DC, NS_XMP, NS_PDF, NS_PDFAID,
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    NS_PDFAEXT, NS_PDFASCHEMA, NS_PDFAPROP, NS_PDFATYPE, NS_PDFAFIELD,
}


class Report:
    """The failures and notes found in one file."""

    PER_CODE = 12   # lines shown per condition; the rest are counted

    def __init__(self, label):
        self.label = label
        self.lines = []
        self.seen = set()
        self.failures = 0
        self.per_code = {}

    def fail(self, code, message):
        line = "%s: %s: %s" % (self.label, code, message)
        if line in self.seen:
            return
        self.seen.add(line)
        self.failures += 1
        shown = self.per_code.get(code, 0)
        self.per_code[code] = shown + 1
        if shown < self.PER_CODE:
            self.lines.append(line)

    def summary(self):
        """The lines, with a count of those left out for each condition."""
        out = list(self.lines)
        for code, count in self.per_code.items():
            if count > self.PER_CODE:
                out.append("%s: %s: ... and %d more" % (self.label, code, count - self.PER_CODE))
        return out

    def note(self, code, message):
        line = "%s: note: %s: %s" % (self.label, code, message)
        if line not in self.seen:
            self.seen.add(line)
            self.lines.append(line)


# ---------------------------------------------------------------------- PDF objects

REF = re.compile(r"^(\d+) (\d+) R$")


class Pdf:
    """The objects of a PDF as qpdf's JSON (version 2) gives them: values keep qpdf's
    encoding (names "/N", strings "u:text" or "b:hex", references "N G R")."""

    def __init__(self, path, qpdf="qpdf"):
        proc = subprocess.run([qpdf, "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                               "--decode-level=generalized", path],
                              capture_output=True)
        if proc.returncode not in (0, 3) or not proc.stdout:
            raise OSError("qpdf cannot read %s: %s" % (path, proc.stderr.decode("utf-8", "replace").strip()))
        top = json.loads(proc.stdout)
        if top.get("version") != 2:
            raise OSError("qpdf's JSON is version %s, not 2" % top.get("version"))
        objects = top["qpdf"][1]
        self.values = {}       # "N G R" -> value, or a stream's dictionary
        self.stream_data = {}  # "N G R" -> base64 text
        self.trailer = {}
        for key, entry in objects.items():
            if key == "trailer":
                self.trailer = entry.get("value", {})
                continue
            if not key.startswith("obj:"):
                continue
            ref = key[4:]
            if "stream" in entry:
                self.values[ref] = entry["stream"].get("dict", {})
                self.stream_data[ref] = entry["stream"].get("data")
            else:
                self.values[ref] = entry.get("value")
        self.decoded = {}
        with open(path, "rb") as f:
            self.raw = f.read()

    def get(self, value):
        """The value a reference points to (or the value itself)."""
        seen = 0
        while isinstance(value, str) and REF.match(value) and seen < 32:
            value = self.values.get(value)
            seen += 1
        return value

    def dict(self, value):
        v = self.get(value)
        return v if isinstance(v, dict) else {}

    def array(self, value):
        v = self.get(value)
        if v is None:
            return []
        return v if isinstance(v, list) else [v]

    def is_stream(self, value):
        return isinstance(value, str) and value in self.stream_data

    def data(self, ref):
        """A stream's data, decoded as far as qpdf's generalized level goes."""
        if ref not in self.decoded:
            text = self.stream_data.get(ref)
            self.decoded[ref] = base64.b64decode(text) if text else b""
        return self.decoded[ref]


def is_ref(value):
    return isinstance(value, str) and bool(REF.match(value))


def name_of(value):
    """A name without its slash ("/Figure" -> "Figure"), or None."""
    if isinstance(value, str):
        if value.startswith("/"):
            return value[1:]
        if value.startswith("n:/"):
            return value[3:]
    return None


def bytes_of(value):
    """The bytes of a PDF string in qpdf's encoding."""
    if isinstance(value, str):
        if value.startswith("b:"):
            try:
                return bytes.fromhex(value[2:])
            except ValueError:
                return b""
        if value.startswith("u:"):
            text = value[2:]
            try:
                text.encode("latin-1")
                return text.encode("latin-1")
            except UnicodeEncodeError:
                return b"\xfe\xff" + text.encode("utf-16-be")
    return None


def text_of(value):
    """A PDF text string as Python text, or None if it is not a string."""
    if isinstance(value, str) and value.startswith("u:"):
        return value[2:]
    raw = bytes_of(value)
    if raw is None:
        return None
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


def filters_of(pdf, stream_dict):
    return [name_of(f) for f in pdf.array(stream_dict.get("/Filter")) if name_of(f)]


# --------------------------------------------------------------- content streams

WHITESPACE = b" \t\r\n\f\x00"
DELIMITERS = b"()<>[]{}/%"
NUMBER = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)$")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
           ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


class Name(str):
    """A PDF name in a content stream (without its slash)."""


class Operator(str):
    """A content stream operator (or a bare keyword in a CMap)."""


class Lexer:
    """Tokens of a content stream or CMap: numbers, names, strings (with escapes and
    nested parentheses), hex strings, arrays, dictionaries, keywords."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def skip_space(self):
        data, n = self.data, len(self.data)
        while self.pos < n:
            c = data[self.pos]
            if c in WHITESPACE:
                self.pos += 1
            elif c == 0x25:  # % comment
                while self.pos < n and data[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                break

    def token(self):
        """The next token: (kind, value) with kind in num, name, str, op, [, ], <<, >>,
        {, }, eof."""
        self.skip_space()
        data, n = self.data, len(self.data)
        if self.pos >= n:
            return ("eof", None)
        c = data[self.pos]
        if c == 0x28:  # (
            return ("str", self.literal_string())
        if c == 0x3C:  # <
            if data[self.pos + 1:self.pos + 2] == b"<":
                self.pos += 2
                return ("<<", None)
            end = data.find(b">", self.pos)
            end = n if end < 0 else end
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", data[self.pos + 1:end])
            if len(digits) % 2:
                digits += b"0"
            self.pos = end + 1
            return ("str", bytes.fromhex(digits.decode()))
        if c == 0x3E:  # >
            if data[self.pos + 1:self.pos + 2] == b">":
                self.pos += 2
                return (">>", None)
            self.pos += 1
            return ("op", Operator(">"))
        if c in b"[]{}":
            self.pos += 1
            return (chr(c), None)
        if c == 0x2F:  # /name
            start = self.pos + 1
            end = start
            while end < n and data[end] not in WHITESPACE and data[end] not in DELIMITERS:
                end += 1
            self.pos = end
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data[start:end])
            return ("name", Name(raw.decode("latin-1")))
        if c == 0x29:  # a stray )
            self.pos += 1
            return ("op", Operator(")"))
        start = self.pos
        end = start
        while end < n and data[end] not in WHITESPACE and data[end] not in DELIMITERS:
            end += 1
        self.pos = end
        word = data[start:end]
        if NUMBER.match(word):
            return ("num", float(word) if b"." in word else int(word))
        return ("op", Operator(word.decode("latin-1")))

    def literal_string(self):
        data, n = self.data, len(self.data)
        i = self.pos + 1
        depth = 1
        out = bytearray()
        while i < n:
            c = data[i]
            if c == 0x5C:  # backslash
                i += 1
                if i >= n:
                    break
                e = data[i]
                if e in ESCAPES:
                    out += ESCAPES[e]
                    i += 1
                elif 0x30 <= e <= 0x37:
                    j = i
                    while j < n and j < i + 3 and 0x30 <= data[j] <= 0x37:
                        j += 1
                    out.append(int(data[i:j], 8) & 0xFF)
                    i = j
                elif e == 0x0D:  # line continuation
                    i += 2 if data[i + 1:i + 2] == b"\n" else 1
                elif e == 0x0A:
                    i += 1
                else:
                    out.append(e)
                    i += 1
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            out.append(c)
            i += 1
        self.pos = i
        return bytes(out)

    def value(self, kind, val):
        """A whole object starting with the token (kind, val): arrays and dicts read to
        their end."""
        if kind == "[":
            items = []
            while True:
                k, v = self.token()
                if k in ("]", "eof"):
                    return items
                items.append(self.value(k, v))
        if kind == "<<":
            d = {}
            while True:
                k, v = self.token()
                if k in (">>", "eof"):
                    return d
                if k != "name":
                    continue
                k2, v2 = self.token()
                if k2 in (">>", "eof"):
                    return d
                d[v] = self.value(k2, v2)
        if kind == "op":
            if val == "true":
                return True
            if val == "false":
                return False
            if val == "null":
                return None
        return val

    def skip_inline_image(self, params):
        """After ID: moves past the image data and its EI."""
        data = self.data
        start = self.pos + 1  # one white-space byte after ID
        length = params.get("L", params.get("Length"))
        if isinstance(length, int) and length >= 0:
            end = data.find(b"EI", start + length)
        else:
            end = -1
            for m in re.finditer(rb"[\s]EI(?=[\s]|$)", data[start:]):
                end = start + m.start() + 1
                break
        self.pos = len(data) if end < 0 else end + 2


def content_operations(data):
    """(operator, operands) of a content stream; an inline image comes as
    ("EI", [its parameter dictionary])."""
    lex = Lexer(data)
    operands = []
    while True:
        kind, val = lex.token()
        if kind == "eof":
            return
        if kind == "op" and val not in ("true", "false", "null"):
            if val == "BI":
                params = {}
                while True:
                    k, v = lex.token()
                    if k == "eof" or (k == "op" and v == "ID"):
                        break
                    if k == "name":
                        k2, v2 = lex.token()
                        params[v] = lex.value(k2, v2)
                lex.skip_inline_image(params)
                yield ("EI", [params])
            else:
                yield (str(val), operands)
            operands = []
        else:
            operands.append(lex.value(kind, val))


# ----------------------------------------------------------------------- CMaps

def parse_cmap(data):
    """A ToUnicode or encoding CMap: (codespace ranges [(low bytes, high bytes)],
    bf mappings {code bytes: text}, cid ranges [(low, high, first cid)], WMode)."""
    lex = Lexer(data)
    stack = []
    spaces, mapping, cids = [], {}, []
    wmode = None
    while True:
        kind, val = lex.token()
        if kind == "eof":
            break
        if kind in ("[", "<<"):
            stack.append(lex.value(kind, val))
            continue
        if kind != "op":
            stack.append(val)
            continue
        if val == "endcodespacerange":
            for low, high in zip(stack[0::2], stack[1::2]):
                if isinstance(low, bytes) and isinstance(high, bytes):
                    spaces.append((low, high))
        elif val == "endbfchar":
            for src, dst in zip(stack[0::2], stack[1::2]):
                if isinstance(src, bytes):
                    mapping[src] = unicode_of(dst)
        elif val == "endbfrange":
            for low, high, dst in zip(stack[0::3], stack[1::3], stack[2::3]):
                if not (isinstance(low, bytes) and isinstance(high, bytes)) or len(low) != len(high):
                    continue
                lo, hi = int.from_bytes(low, "big"), int.from_bytes(high, "big")
                if hi < lo or hi - lo > 0xFFFF:
                    continue
                for i, code in enumerate(range(lo, hi + 1)):
                    key = code.to_bytes(len(low), "big")
                    if isinstance(dst, list):
                        if i < len(dst):
                            mapping[key] = unicode_of(dst[i])
                    elif isinstance(dst, bytes) and dst:
                        last = int.from_bytes(dst[-2:] if len(dst) >= 2 else dst, "big") + i
                        width = 2 if len(dst) >= 2 else 1
                        mapping[key] = unicode_of(dst[:-width] + (last & (256 ** width - 1)).to_bytes(width, "big"))
        elif val in ("endcidrange", "endcidchar"):
            step = 3 if val == "endcidrange" else 2
            for group in zip(*[stack[i::step] for i in range(step)]):
                if step == 3:
                    low, high, cid = group
                else:
                    low, cid = group
                    high = low
                if isinstance(low, bytes) and isinstance(high, bytes) and isinstance(cid, int):
                    cids.append((low, high, cid))
        elif val == "def" and len(stack) >= 2 and stack[-2] == "WMode" and isinstance(stack[-1], int):
            wmode = stack[-1]
        if val.startswith(("begin", "end")) or val == "def":
            stack = []
    return spaces, mapping, cids, wmode


def unicode_of(dst):
    """The text a ToUnicode destination (UTF-16BE bytes) stands for, or None."""
    if isinstance(dst, bytes):
        if len(dst) % 2:
            return dst.decode("latin-1")
        return dst.decode("utf-16-be", "replace")
    return None  # a glyph name (or nothing): not Unicode


def split_codes(raw, spaces):
    """A string's codes, by the codespace ranges of a CMap."""
    codes, i, n = [], 0, len(raw)
    lengths = sorted({len(low) for low, _ in spaces}) or [1]
    while i < n:
        for size in lengths:
            chunk = raw[i:i + size]
            if len(chunk) == size and any(len(low) == size and len(high) == size and
                                          all(lo <= c <= hi for c, lo, hi in zip(chunk, low, high))
                                          for low, high in spaces):
                codes.append(chunk)
                i += size
                break
        else:
            size = lengths[0]
            codes.append(raw[i:i + size])
            i += size
    return codes


# ------------------------------------------------------------------ font programs

class FontProgram:
    """What an embedded TrueType/OpenType program says: glyph count, units per em,
    advance widths, cmap subtables."""

    def __init__(self, data):
        self.ok = False
        self.num_glyphs = None
        self.units = 1000
        self.advances = []
        self.cmaps = {}
        try:
            self.parse(data)
            self.ok = self.num_glyphs is not None
        except (IndexError, ValueError, KeyError):
            self.ok = False

    @staticmethod
    def u16(d, o):
        return int.from_bytes(d[o:o + 2], "big")

    @staticmethod
    def u32(d, o):
        return int.from_bytes(d[o:o + 4], "big")

    def parse(self, d):
        if d[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            return
        tables = {}
        for i in range(self.u16(d, 4)):
            rec = 12 + 16 * i
            tables[d[rec:rec + 4].decode("latin-1")] = (self.u32(d, rec + 8), self.u32(d, rec + 12))
        if "maxp" in tables:
            self.num_glyphs = self.u16(d, tables["maxp"][0] + 4)
        if "head" in tables:
            self.units = self.u16(d, tables["head"][0] + 18) or 1000
        if "hhea" in tables and "hmtx" in tables:
            count = self.u16(d, tables["hhea"][0] + 34)
            base = tables["hmtx"][0]
            self.advances = [self.u16(d, base + 4 * i) for i in range(count)]
        if "cmap" in tables:
            base = tables["cmap"][0]
            for i in range(self.u16(d, base + 2)):
                rec = base + 4 + 8 * i
                key = (self.u16(d, rec), self.u16(d, rec + 2))
                self.cmaps[key] = self.cmap_subtable(d, base + self.u32(d, rec + 4))

    def cmap_subtable(self, d, o):
        fmt = self.u16(d, o)
        table = {}
        if fmt == 0:
            for code in range(256):
                table[code] = d[o + 6 + code]
        elif fmt == 4:
            segs = self.u16(d, o + 6) // 2
            ends, starts = o + 14, o + 16 + 2 * segs
            deltas, offsets = starts + 2 * segs, starts + 4 * segs
            for s in range(segs):
                end, start = self.u16(d, ends + 2 * s), self.u16(d, starts + 2 * s)
                delta, ro = self.u16(d, deltas + 2 * s), self.u16(d, offsets + 2 * s)
                if start == 0xFFFF:
                    continue
                for c in range(start, end + 1):
                    if ro == 0:
                        gid = (c + delta) & 0xFFFF
                    else:
                        g = self.u16(d, offsets + 2 * s + ro + 2 * (c - start))
                        gid = (g + delta) & 0xFFFF if g else 0
                    table[c] = gid
        elif fmt == 6:
            first, count = self.u16(d, o + 6), self.u16(d, o + 8)
            for i in range(count):
                table[first + i] = self.u16(d, o + 10 + 2 * i)
        elif fmt == 12:
            for i in range(self.u32(d, o + 12)):
                rec = o + 16 + 12 * i
                start, end, gid = self.u32(d, rec), self.u32(d, rec + 4), self.u32(d, rec + 8)
                for c in range(start, min(end, start + 0x10000) + 1):
                    table[c] = gid + c - start
        return table

    def advance(self, gid):
        if not self.advances:
            return None
        w = self.advances[gid] if gid < len(self.advances) else self.advances[-1]
        return w * 1000.0 / self.units


class Font:
    """A font dictionary and how its codes go to glyphs and Unicode."""

    def __init__(self, pdf, ref):
        self.ref = ref
        d = pdf.dict(ref)
        self.dict = d
        self.subtype = name_of(d.get("/Subtype")) or "?"
        self.base = name_of(d.get("/BaseFont")) or "?"
        self.type0 = self.subtype == "Type0"
        descendants = pdf.array(d.get("/DescendantFonts")) if self.type0 else []
        self.descendant = pdf.dict(descendants[0]) if descendants else {}
        main = self.descendant if self.type0 else d
        self.descriptor = pdf.dict(main.get("/FontDescriptor"))
        self.program_ref = None
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in self.descriptor:
                self.program_ref = self.descriptor[key]
        self.embedded = self.program_ref is not None or self.subtype == "Type3"
        flags = self.descriptor.get("/Flags", 0)
        self.symbolic = bool(isinstance(flags, int) and flags & 4)
        self.program = None
        if self.program_ref and pdf.is_stream(self.program_ref):
            sub = name_of(pdf.dict(self.program_ref).get("/Subtype"))
            if "/FontFile2" in self.descriptor or sub == "OpenType":
                self.program = FontProgram(pdf.data(self.program_ref))
        # Codes: the codespace of the encoding CMap.
        enc = d.get("/Encoding")
        self.encoding_name = name_of(enc)
        self.cmap_embedded = None
        if self.type0:
            if pdf.is_stream(enc):
                self.cmap_embedded = parse_cmap(pdf.data(enc))
                self.spaces = self.cmap_embedded[0] or [(b"\x00\x00", b"\xff\xff")]
            else:
                self.spaces = [(b"\x00\x00", b"\xff\xff")]
        else:
            self.spaces = [(b"\x00", b"\xff")]
        # Unicode: the ToUnicode CMap.
        self.to_unicode = None
        tu = d.get("/ToUnicode")
        if pdf.is_stream(tu):
            self.to_unicode = parse_cmap(pdf.data(tu))[1]
        # Simple fonts: code -> text by a standard encoding and Differences.
        self.simple_encoding = None
        self.differences = {}
        if not self.type0:
            base_enc = self.encoding_name
            encd = pdf.dict(enc) if not self.encoding_name else {}
            if encd:
                base_enc = name_of(encd.get("/BaseEncoding"))
                code = 0
                for item in pdf.array(encd.get("/Differences")):
                    if isinstance(item, int):
                        code = item
                    elif name_of(item):
                        self.differences[code] = name_of(item)
                        code += 1
            self.simple_encoding = base_enc
        # CID -> GID.
        self.cid_to_gid = None
        self.cid_to_gid_identity = False
        if self.type0 and name_of(self.descendant.get("/Subtype")) == "CIDFontType2":
            m = self.descendant.get("/CIDToGIDMap")
            if name_of(m) == "Identity":
                self.cid_to_gid_identity = True
            elif pdf.is_stream(m):
                self.cid_to_gid = pdf.data(m)
        self.widths = self.read_widths(pdf)

    def read_widths(self, pdf):
        """code or CID -> width in the font dictionary."""
        widths = {}
        if self.type0:
            w = pdf.array(self.descendant.get("/W"))
            i = 0
            while i < len(w):
                first = pdf.get(w[i])
                nxt = pdf.get(w[i + 1]) if i + 1 < len(w) else None
                if isinstance(nxt, list):
                    for j, width in enumerate(nxt):
                        widths[first + j] = pdf.get(width)
                    i += 2
                else:
                    last = nxt
                    width = pdf.get(w[i + 2]) if i + 2 < len(w) else None
                    if isinstance(first, int) and isinstance(last, int) and last - first < 0x10000:
                        for cid in range(first, last + 1):
                            widths[cid] = width
                    i += 3
        else:
            first = self.dict.get("/FirstChar")
            for j, width in enumerate(pdf.array(self.dict.get("/Widths"))):
                if isinstance(first, int):
                    widths[first + j] = pdf.get(width)
        return widths

    def codes(self, raw):
        return split_codes(raw, self.spaces)

    def cid(self, code):
        if not self.type0:
            return int.from_bytes(code, "big")
        if self.cmap_embedded is not None:
            for low, high, first in self.cmap_embedded[2]:
                if len(low) == len(code) and low <= code <= high:
                    return first + int.from_bytes(code, "big") - int.from_bytes(low, "big")
            return 0
        if self.encoding_name in ("Identity-H", "Identity-V"):
            return int.from_bytes(code, "big")
        return None

    def standard_text(self, code):
        """The text of a simple font's code by its encoding (MacRoman, WinAnsi, or
        Differences with glyph names that say their Unicode), or None."""
        c = code[0] if code else 0
        if c in self.differences:
            return glyph_name_text(self.differences[c])
        codec = {"WinAnsiEncoding": "cp1252", "MacRomanEncoding": "mac_roman"}.get(self.simple_encoding or "")
        if codec is None:
            return None
        if codec == "cp1252" and c < 0x20:
            return None
        try:
            return bytes([c]).decode(codec)
        except UnicodeDecodeError:
            return None

    def unicode(self, code):
        """(text or None, how): the Unicode of a code."""
        if self.to_unicode is not None and code in self.to_unicode:
            return self.to_unicode[code], "ToUnicode"
        if not self.type0 and self.standard_encoding_allows_unicode():
            return self.standard_text(code), "encoding"
        return None, "none"

    def standard_encoding_allows_unicode(self):
        """31-027's exceptions for simple fonts: a standard encoding, or a non-symbolic
        TrueType font."""
        if self.simple_encoding in ("WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding"):
            return True
        return self.subtype == "TrueType" and not self.symbolic

    def gid(self, code):
        """The glyph id a code draws, when it can be told (TrueType programs), else None."""
        if self.program is None or not self.program.ok:
            return None
        if self.type0:
            cid = self.cid(code)
            if cid is None:
                return None
            if self.cid_to_gid_identity:
                return cid
            if self.cid_to_gid is not None:
                if 2 * cid + 2 <= len(self.cid_to_gid):
                    return int.from_bytes(self.cid_to_gid[2 * cid:2 * cid + 2], "big")
                return 0
            return None
        c = code[0] if code else 0
        cmaps = self.program.cmaps
        if self.symbolic or not self.simple_encoding and not self.differences:
            if (3, 0) in cmaps:
                t = cmaps[(3, 0)]
                return t.get(c) or t.get(0xF000 + c) or t.get(0xF100 + c) or t.get(0xF200 + c) or 0
            if (1, 0) in cmaps:
                return cmaps[(1, 0)].get(c, 0)
            return None
        text = self.standard_text(code)
        if (3, 1) in cmaps and text:
            return cmaps[(3, 1)].get(ord(text[0]), 0) if len(text) == 1 else None
        if (1, 0) in cmaps and self.simple_encoding == "MacRomanEncoding":
            return cmaps[(1, 0)].get(c, 0)
        return None

    def width(self, code):
        key = self.cid(code) if self.type0 else int.from_bytes(code, "big")
        if key in self.widths and isinstance(self.widths[key], (int, float)):
            return self.widths[key]
        if self.type0:
            dw = self.descendant.get("/DW", 1000)
            return dw if isinstance(dw, (int, float)) else 1000
        mw = self.descriptor.get("/MissingWidth", 0)
        return mw if isinstance(mw, (int, float)) else 0


def glyph_name_text(gname):
    """The Unicode a glyph name says by the Adobe Glyph List conventions that need no
    list (uniXXXX, uXXXX, single letters and digits names), or None."""
    m = re.fullmatch(r"uni([0-9A-F]{4})+", gname.split(".")[0])
    if m:
        hexes = gname.split(".")[0][3:]
        return "".join(chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4))
    m = re.fullmatch(r"u([0-9A-F]{4,6})", gname.split(".")[0])
    if m:
        return chr(int(m.group(1), 16))
    base = gname.split(".")[0]
    if re.fullmatch(r"[A-Za-z]", base):
        return base
    common = {"space": " ", "period": ".", "comma": ",", "hyphen": "-", "colon": ":",
              "semicolon": ";", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
              "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
              "parenleft": "(", "parenright": ")", "slash": "/", "quoteright": "\u2019",
              "quoteleft": "\u2018", "endash": "\u2013", "emdash": "\u2014", "bullet": "\u2022"}
    return common.get(base)


# ------------------------------------------------------------------------ the checker

class Checker:
    """Runs every check on one PDF."""

    def __init__(self, path, label, options):
        self.path = path
        self.report = Report(label)
        self.options = options
        self.pdf = Pdf(path, options.get("qpdf", "qpdf"))
        pdf = self.pdf
        self.root = pdf.dict(pdf.trailer.get("/Root"))
        self.info = pdf.dict(pdf.trailer.get("/Info"))
        self.pages = self.page_list()
        self.fonts = {}
        self.font_use = {}        # font ref -> {code: usage}
        self.drawn = {}           # (owner ref, mcid) -> count
        self.form_draws = {}      # form ref -> times drawn
        self.forms_with_mcids = set()
        self.device_spaces = set()
        self.transparency_pages = set()
        self.xmp = None
        self.ua = False
        self.pdfa = None

    # -- helpers
    def fail(self, code, msg):
        # A PDF/A file that neither is tagged nor claims PDF/UA answers to PDF/A only.
        if code.startswith("Matterhorn") and not self.ua and self.pdfa:
            return
        self.report.fail(code, msg)

    def note(self, code, msg):
        self.report.note(code, msg)

    def page_list(self):
        """[(page ref, page dict, inherited resources)] in document order."""
        pdf = self.pdf
        out = []

        def walk(ref, resources, seen):
            if not is_ref(ref) or ref in seen:
                return
            seen.add(ref)
            node = pdf.dict(ref)
            res = node.get("/Resources", resources)
            if name_of(node.get("/Type")) == "Pages" or "/Kids" in node:
                for kid in pdf.array(node.get("/Kids")):
                    walk(kid, res, seen)
            else:
                out.append((ref, node, res))

        walk(self.root.get("/Pages"), None, set())
        return out

    def run(self):
        self.read_metadata()
        tagged = "/StructTreeRoot" in self.root
        claims_ua = self.xmp_value(NS_PDFUAID, "part") is not None
        # A tagged file that does not claim PDF/UA-1 (briefpack says why it cannot) is
        # held to what needs no tags, like an untagged one.
        self.ua = claims_ua or self.options.get("expect_tagged")
        self.pdfa = self.pdfa_level()
        self.walk_all_content()
        self.check_fonts()
        self.check_xobjects_and_files()
        self.check_annotation_types()
        if self.ua:
            self.check_ua_document()
            self.check_structure()
            self.check_annotations_tagged()
        else:
            self.note("PDF/UA-1", "untagged and not claiming PDF/UA: structure checks skipped")
        if self.pdfa:
            self.check_pdfa()
        return self.report

    # ------------------------------------------------------------------ metadata
    def read_metadata(self):
        pdf = self.pdf
        ref = self.root.get("/Metadata")
        self.xmp_text = None
        if pdf.is_stream(ref):
            raw = pdf.data(ref)
            self.xmp_raw = raw
            self.xmp_stream = pdf.dict(ref)
            try:
                self.xmp = ET.fromstring(raw)
            except ET.ParseError as e:
                self.xmp = None
                self.xmp_error = str(e)

    def xmp_descriptions(self):
        if self.xmp is None:
            return []
        return list(self.xmp.iter("{%s}Description" % NS_RDF))

    def xmp_value(self, ns, local):
        """A property of the XMP: text, list (Bag/Seq) or {lang: text} (Alt)."""
        for desc in self.xmp_descriptions():
            attr = desc.get("{%s}%s" % (ns, local))
            if attr is not None:
                return attr
            el = desc.find("{%s}%s" % (ns, local))
            if el is not None:
                return xmp_element_value(el)
        return None

    # -------------------------------------------------------------------- content
    def walk_all_content(self):
        for index, (ref, page, resources) in enumerate(self.pages, 1):
            where = "page %d (%s)" % (index, ref)
            self.page_state = {"untagged": 0, "first": None, "where": where}
            contents = page.get("/Contents")
            if not self.pdf.is_stream(contents):
                contents = self.pdf.get(contents)
            contents = contents if isinstance(contents, list) else [contents]
            data = b"".join(self.pdf.data(c) + b"\n" for c in contents if self.pdf.is_stream(c))
            self.walk_content(data, self.pdf.dict(resources), ref, [], where, set(), ref)
            if self.page_state["untagged"] and self.ua:
                self.fail("Matterhorn 01-005", "%s: %d painting operators outside both tagged "
                          "content and artifacts (the first: %s)"
                          % (where, self.page_state["untagged"], self.page_state["first"]))
            group = self.pdf.dict(page.get("/Group"))
            if name_of(group.get("/S")) == "Transparency":
                self.transparency_pages.add(ref)

    def walk_content(self, data, resources, owner, stack, where, forms_open, page_ref):
        """Interprets one content stream. owner: the page or form whose MCIDs these are;
        stack: the marked-content sequences open around this stream."""
        pdf = self.pdf
        stack = list(stack)
        base = len(stack)   # sequences opened outside this stream
        font = None
        render_mode = 0
        gstate = []
        depth = 0
        max_depth = 0
        for op, args in content_operations(data):
            if self.pdfa and op not in OPERATORS:
                self.fail("PDF/A-2 6.2.2", "%s: operator %r is not defined in ISO 32000-1" % (where, op))
            if op in ("BDC", "BMC"):
                tag = args[0] if args and isinstance(args[0], Name) else "?"
                props = args[1] if len(args) > 1 else None
                if isinstance(props, Name):
                    props = self.resource_properties(resources, props)
                props = props if isinstance(props, dict) else {}
                mcid = props.get("MCID")
                tagged = any(e["mcid"] is not None for e in stack)
                artifact = any(e["artifact"] for e in stack)
                entry = {"tag": tag, "mcid": mcid if isinstance(mcid, int) else None,
                         "artifact": tag == "Artifact", "actual": "ActualText" in props,
                         "lang": "Lang" in props}
                if self.ua and entry["artifact"] and tagged:
                    self.fail("Matterhorn 01-003", "%s: an /Artifact sequence inside marked content "
                              "MCID %s" % (where, next(e["mcid"] for e in stack if e["mcid"] is not None)))
                if self.ua and entry["mcid"] is not None and artifact:
                    self.fail("Matterhorn 01-004", "%s: marked content MCID %d inside an /Artifact"
                              % (where, entry["mcid"]))
                if entry["mcid"] is not None:
                    key = (owner, entry["mcid"])
                    self.drawn[key] = self.drawn.get(key, 0) + 1
                    if owner != page_ref:
                        self.forms_with_mcids.add(owner)
                stack.append(entry)
            elif op == "EMC":
                if len(stack) > base:
                    stack.pop()
                elif self.ua:
                    self.fail("ISO 32000-1 14.6", "%s: EMC without a marked-content sequence open in this "
                              "stream" % where)
            elif op == "q":
                gstate.append((font, render_mode))
                depth += 1
                max_depth = max(max_depth, depth)
            elif op == "Q":
                if gstate:
                    font, render_mode = gstate.pop()
                depth -= 1
            elif op == "Tf" and args and isinstance(args[0], Name):
                font = pdf.dict(resources.get("/Font")).get("/" + args[0])
            elif op == "Tr" and args and isinstance(args[0], int):
                render_mode = args[0]
            elif op in ("Tj", "'", '"', "TJ"):
                strings = []
                if op == "TJ" and args and isinstance(args[0], list):
                    strings = [s for s in args[0] if isinstance(s, bytes)]
                elif args and isinstance(args[-1], bytes):
                    strings = [args[-1]]
                self.record_text(font, strings, stack, render_mode, where)
            elif op == "Do" and args and isinstance(args[0], Name):
                self.draw_xobject(resources, args[0], owner, stack, where, forms_open, page_ref)
            elif op == "EI":
                self.check_inline_image(args[0] if args else {}, resources, where)
            elif op == "gs" and args and isinstance(args[0], Name):
                self.check_extgstate(pdf.dict(resources.get("/ExtGState")).get("/" + args[0]), where, page_ref)
            elif op == "ri" and args and isinstance(args[0], Name):
                if self.pdfa and args[0] not in RENDERING_INTENTS:
                    self.fail("PDF/A-2 6.2.6", "%s: rendering intent /%s" % (where, args[0]))
            elif op in ("rg", "RG"):
                self.device_spaces.add(("DeviceRGB", where))
            elif op in ("k", "K"):
                self.device_spaces.add(("DeviceCMYK", where))
            elif op in ("g", "G"):
                self.device_spaces.add(("DeviceGray", where))
            elif op in ("cs", "CS") and args and isinstance(args[0], Name):
                if args[0] in ("DeviceRGB", "DeviceCMYK", "DeviceGray"):
                    self.device_spaces.add((str(args[0]), where))
            elif op == "sh" and args and isinstance(args[0], Name):
                sh = pdf.dict(pdf.dict(resources.get("/Shading")).get("/" + args[0]))
                self.note_colour_space(sh.get("/ColorSpace"), where)
            if op in PAINTING and not any(e["mcid"] is not None or e["artifact"] for e in stack):
                self.page_state["untagged"] += 1
                if self.page_state["first"] is None:
                    self.page_state["first"] = op
        if self.pdfa and max_depth > 28:
            self.fail("PDF/A-2 6.1.13", "%s: q nesting %d deep (the limit is 28)" % (where, max_depth))
        if len(stack) > base and self.ua:
            self.fail("ISO 32000-1 14.6", "%s: %d marked-content sequences left open" % (where, len(stack) - base))

    def resource_properties(self, resources, name):
        props = self.pdf.dict(self.pdf.dict(resources.get("/Properties")).get("/" + name))
        return {k[1:]: v for k, v in props.items()}

    def draw_xobject(self, resources, name, owner, stack, where, forms_open, page_ref):
        pdf = self.pdf
        ref = pdf.dict(resources.get("/XObject")).get("/" + name)
        xo = pdf.dict(ref)
        sub = name_of(xo.get("/Subtype"))
        inside = any(e["mcid"] is not None or e["artifact"] for e in stack)
        if "/Ref" in xo:
            self.fail("Matterhorn 30-001", "%s: XObject /%s (%s) is a reference XObject" % (where, name, ref))
            if self.pdfa:
                self.fail("PDF/A-2 6.2.9", "%s: XObject /%s (%s) is a reference XObject" % (where, name, ref))
        if sub == "Image":
            if not inside:
                self.page_state["untagged"] += 1
                self.page_state["first"] = self.page_state["first"] or "Do /%s" % name
            self.check_image(ref, xo, where)
        elif sub == "Form":
            if self.pdfa:
                if name_of(xo.get("/Subtype2")) == "PS" or "/PS" in xo:
                    self.fail("PDF/A-2 6.2.9", "%s: form XObject %s is a PostScript XObject" % (where, ref))
                if "/OPI" in xo:
                    self.fail("PDF/A-2 6.2.9", "%s: form XObject %s has OPI" % (where, ref))
                group = pdf.dict(xo.get("/Group"))
                if name_of(group.get("/S")) == "Transparency":
                    self.transparency_pages.add(page_ref)
            self.form_draws[ref] = self.form_draws.get(ref, 0) + 1
            if ref in forms_open:
                self.fail("ISO 32000-1 8.10", "%s: form XObject %s draws itself" % (where, ref))
                return
            res = pdf.dict(xo.get("/Resources")) or resources
            self.walk_content(pdf.data(ref) if pdf.is_stream(ref) else b"", res, ref, stack,
                              "%s, form %s" % (where, ref), forms_open | {ref}, page_ref)
        elif sub == "PS":
            if self.pdfa:
                self.fail("PDF/A-2 6.2.9", "%s: PostScript XObject %s" % (where, ref))

    def record_text(self, font_ref, strings, stack, render_mode, where):
        if font_ref is None:
            return
        if font_ref not in self.fonts:
            self.fonts[font_ref] = Font(self.pdf, font_ref)
        font = self.fonts[font_ref]
        use = self.font_use.setdefault(font_ref, {})
        actual = any(e["actual"] for e in stack)
        mcids = [e["mcid"] for e in stack if e["mcid"] is not None]
        for raw in strings:
            for code in font.codes(raw):
                u = use.setdefault(code, {"rendered": False, "bare": False, "where": where,
                                          "mcids": set()})
                if render_mode != 3:
                    u["rendered"] = True
                if not actual:
                    u["bare"] = True
                    if mcids:
                        u["mcids"].add((where, mcids[-1]))

    # ---------------------------------------------------------------- colour, images
    def note_colour_space(self, cs, where):
        cs = self.pdf.get(cs)
        if isinstance(cs, list) and cs:
            cs = cs[0]
        n = name_of(cs)
        if n in ("DeviceRGB", "DeviceCMYK", "DeviceGray", "RGB", "CMYK", "G"):
            n = {"RGB": "DeviceRGB", "CMYK": "DeviceCMYK", "G": "DeviceGray"}.get(n, n)
            self.device_spaces.add((n, where))

    def check_image(self, ref, xo, where):
        self.note_colour_space(xo.get("/ColorSpace"), where)
        if not self.pdfa:
            return
        if "/Alternates" in xo:
            self.fail("PDF/A-2 6.2.8", "%s: image %s has Alternates" % (where, ref))
        if "/OPI" in xo:
            self.fail("PDF/A-2 6.2.8", "%s: image %s has OPI" % (where, ref))
        if xo.get("/Interpolate") is True:
            self.fail("PDF/A-2 6.2.8", "%s: image %s has Interpolate true" % (where, ref))
        bpc = xo.get("/BitsPerComponent")
        if bpc is not None and bpc not in (1, 2, 4, 8, 16):
            self.fail("PDF/A-2 6.2.8", "%s: image %s has BitsPerComponent %s" % (where, ref, bpc))
        smask = xo.get("/SMask")
        if is_ref(smask):
            self.check_image(smask, self.pdf.dict(smask), where)

    def check_inline_image(self, params, resources, where):
        cs = params.get("CS", params.get("ColorSpace"))
        if isinstance(cs, Name):
            self.note_colour_space("/" + cs, where)
        if not self.pdfa:
            return
        filters = params.get("F", params.get("Filter"))
        filters = filters if isinstance(filters, list) else [filters]
        if any(f in ("LZW", "LZWDecode") for f in filters):
            self.fail("PDF/A-2 6.1.10", "%s: an inline image uses the LZW filter" % where)
        if params.get("I", params.get("Interpolate")) is True:
            self.fail("PDF/A-2 6.1.10", "%s: an inline image has Interpolate true" % where)

    def check_extgstate(self, ref, where, page_ref):
        gs = self.pdf.dict(ref)
        smask = gs.get("/SMask")
        alpha = [gs.get(k) for k in ("/CA", "/ca") if isinstance(gs.get(k), (int, float))]
        if (smask is not None and name_of(smask) != "None") or any(a < 1 for a in alpha) or \
                any(name_of(b) not in (None, "Normal", "Compatible") for b in self.pdf.array(gs.get("/BM"))):
            self.transparency_pages.add(page_ref)
        if not self.pdfa:
            return
        if "/TR" in gs:
            self.fail("PDF/A-2 6.2.5", "%s: ExtGState %s has TR" % (where, ref))
        if "/TR2" in gs and name_of(gs.get("/TR2")) != "Default":
            self.fail("PDF/A-2 6.2.5", "%s: ExtGState %s has TR2 other than /Default" % (where, ref))
        if "/HTP" in gs:
            self.fail("PDF/A-2 6.2.5", "%s: ExtGState %s has HTP" % (where, ref))
        for bm in self.pdf.array(gs.get("/BM")):
            if name_of(bm) not in BLEND_MODES:
                self.fail("PDF/A-2 6.2.10", "%s: ExtGState %s has blend mode %s" % (where, ref, bm))
        ri = name_of(gs.get("/RI"))
        if ri is not None and ri not in RENDERING_INTENTS:
            self.fail("PDF/A-2 6.2.6", "%s: ExtGState %s has rendering intent /%s" % (where, ref, ri))

    # ----------------------------------------------------------------------- fonts
    def check_fonts(self):
        pdfa_unicode = self.pdfa in ("2u", "2a")
        for ref, font in self.fonts.items():
            use = self.font_use.get(ref, {})
            label = "font %s (%s %s)" % (ref, font.subtype, font.base)
            rendered = [c for c, u in use.items() if u["rendered"]]
            if rendered and not font.embedded:
                self.fail("Matterhorn 31-009", "%s is used for rendering but not embedded" % label)
                if self.pdfa:
                    self.fail("PDF/A-2 6.2.11.4.1", "%s is used for rendering but not embedded" % label)
            self.check_font_dictionary(ref, font, label)
            # Unicode.
            if font.to_unicode is None and not (not font.type0 and font.standard_encoding_allows_unicode()):
                if not self.cjk_collection(font) and font.subtype != "Type3":
                    self.fail("Matterhorn 31-027", "%s has no ToUnicode and no standard encoding" % label)
                    if pdfa_unicode:
                        self.fail("PDF/A-2 6.2.11.7.2", "%s has no ToUnicode CMap" % label)
            if font.to_unicode:
                for code, text in sorted(font.to_unicode.items()):
                    if text is None:
                        continue
                    if "\x00" in text:
                        self.fail("Matterhorn 31-028", "%s: its ToUnicode maps <%s> to U+0000" % (label, code.hex()))
                        if pdfa_unicode:
                            self.fail("PDF/A-2 6.2.11.7.2", "%s: ToUnicode maps <%s> to U+0000" % (label, code.hex()))
                    if "\ufeff" in text or "\ufffe" in text:
                        self.fail("Matterhorn 31-029", "%s: its ToUnicode maps <%s> to U+%04X"
                                  % (label, code.hex(), ord("\ufeff" if "\ufeff" in text else "\ufffe")))
                        if pdfa_unicode:
                            self.fail("PDF/A-2 6.2.11.7.2", "%s: ToUnicode maps <%s> to FEFF/FFFE"
                                      % (label, code.hex()))
            unmapped, unmapped_all, pua, notdef, missing, widths = [], [], [], [], [], []
            for code, u in sorted(use.items()):
                text, how = font.unicode(code)
                if not text:
                    unmapped_all.append((code, u))
                    if u["bare"]:
                        unmapped.append((code, u))
                elif u["bare"] and any(0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000 for ch in text):
                    pua.append((code, u))
                gid = font.gid(code)
                if gid is not None:
                    if gid == 0:
                        notdef.append((code, u))
                    elif font.program.num_glyphs is not None and gid >= font.program.num_glyphs:
                        missing.append((code, u, gid))
                    else:
                        adv = font.program.advance(gid)
                        w = font.width(code)
                        if adv is not None and u["rendered"] and abs(adv - w) > 1:
                            widths.append((code, gid, w, adv))
                elif font.type0 and font.cid(code) == 0:
                    notdef.append((code, u))
            if unmapped:
                self.fail("Matterhorn 10-001", "%s: %d codes drawn map to no Unicode (%s)"
                          % (label, len(unmapped), describe_codes(unmapped, font)))
            if unmapped_all and pdfa_unicode:
                self.fail("PDF/A-2 6.2.11.7.2", "%s: %d codes drawn map to no Unicode (%s)"
                          % (label, len(unmapped_all), describe_codes(unmapped_all, font)))
            if pua and self.pdfa == "2a":
                self.fail("PDF/A-2 6.2.11.7.3", "%s: %d codes map to the Private Use Area outside "
                          "ActualText (%s)" % (label, len(pua), describe_codes(pua)))
            if notdef:
                self.fail("Matterhorn 31-030", "%s: %d codes drawn reference .notdef (%s)"
                          % (label, len(notdef), describe_codes(notdef)))
                if self.pdfa:
                    self.fail("PDF/A-2 6.2.11.8", "%s: %d codes drawn reference .notdef (%s)"
                              % (label, len(notdef), describe_codes(notdef)))
            if missing:
                self.fail("Matterhorn 31-011", "%s: glyphs %s drawn are not in the font program (%d glyphs)"
                          % (label, sorted({g for _, _, g in missing})[:8], font.program.num_glyphs))
            if widths:
                sample = ", ".join("<%s> %s vs %.1f" % (c.hex(), w, a) for c, _, w, a in widths[:4])
                self.fail("Matterhorn 31-016", "%s: %d glyph widths differ from the font program's (%s)"
                          % (label, len(widths), sample))
                if self.pdfa:
                    self.fail("PDF/A-2 6.2.11.5", "%s: %d glyph widths differ from the font program's (%s)"
                              % (label, len(widths), sample))
            self.check_cidset(font, label)

    def cjk_collection(self, font):
        if not font.type0:
            return False
        info = self.pdf.dict(font.descendant.get("/CIDSystemInfo"))
        return (text_of(info.get("/Registry")) == "Adobe" and text_of(info.get("/Ordering"))
                in ("GB1", "CNS1", "Japan1", "Korea1"))

    def check_font_dictionary(self, ref, font, label):
        pdf = self.pdf
        if font.type0:
            desc_sub = name_of(font.descendant.get("/Subtype"))
            enc = font.dict.get("/Encoding")
            if not pdf.is_stream(enc) and name_of(enc) not in PREDEFINED_CMAPS:
                self.fail("Matterhorn 31-006", "%s: CMap %s is neither predefined nor embedded" % (label, enc))
                if self.pdfa:
                    self.fail("PDF/A-2 6.2.11.3", "%s: CMap %s is not embedded" % (label, enc))
            if pdf.is_stream(enc):
                cmap = pdf.dict(enc)
                wmode_dict = cmap.get("/WMode", 0)
                wmode_stream = font.cmap_embedded[3] if font.cmap_embedded[3] is not None else 0
                if wmode_dict != wmode_stream:
                    self.fail("Matterhorn 31-007", "%s: the CMap's WMode %s differs from its stream's %s"
                              % (label, wmode_dict, wmode_stream))
            if name_of(enc) not in ("Identity-H", "Identity-V"):
                a = pdf.dict(font.descendant.get("/CIDSystemInfo"))
                b = pdf.dict(pdf.dict(enc).get("/CIDSystemInfo")) if pdf.is_stream(enc) else {}
                if a and b:
                    if text_of(a.get("/Registry")) != text_of(b.get("/Registry")) or \
                            text_of(a.get("/Ordering")) != text_of(b.get("/Ordering")) or \
                            (a.get("/Supplement") or 0) < (b.get("/Supplement") or 0):
                        self.fail("Matterhorn 31-001/002/003", "%s: the CIDFont's CIDSystemInfo does not "
                                  "match its CMap's" % label)
                        if self.pdfa:
                            self.fail("PDF/A-2 6.2.11.3", "%s: CIDSystemInfo of CIDFont and CMap differ" % label)
            if desc_sub == "CIDFontType2":
                m = font.descendant.get("/CIDToGIDMap")
                if m is None:
                    self.fail("Matterhorn 31-005", "%s: its CIDFontType2 has no CIDToGIDMap" % label)
                    if self.pdfa:
                        self.fail("PDF/A-2 6.2.11.3", "%s: its CIDFontType2 has no CIDToGIDMap" % label)
                elif name_of(m) != "Identity" and not pdf.is_stream(m):
                    self.fail("Matterhorn 31-004", "%s: CIDToGIDMap %s is neither Identity nor a stream" % (label, m))
                    if self.pdfa:
                        self.fail("PDF/A-2 6.2.11.3", "%s: CIDToGIDMap is neither Identity nor a stream" % label)
        if font.subtype == "TrueType":
            enc = font.dict.get("/Encoding")
            if not font.symbolic:
                encd = pdf.dict(enc) if not name_of(enc) else {}
                base = name_of(enc) if name_of(enc) else name_of(encd.get("/BaseEncoding"))
                problem = None
                if enc is None:
                    problem = "Matterhorn 31-019", "has no Encoding"
                elif encd and "/BaseEncoding" not in encd:
                    problem = "Matterhorn 31-020", "has an Encoding dictionary without BaseEncoding"
                elif base not in ("MacRomanEncoding", "WinAnsiEncoding"):
                    problem = "Matterhorn 31-021", "has Encoding %s, neither MacRoman nor WinAnsi" % base
                if problem:
                    self.fail(problem[0], "%s: a non-symbolic TrueType font %s" % (label, problem[1]))
                    if self.pdfa:
                        self.fail("PDF/A-2 6.2.11.6", "%s: non-symbolic TrueType %s" % (label, problem[1]))
            else:
                if enc is not None:
                    self.fail("Matterhorn 31-024", "%s: a symbolic TrueType font has an Encoding" % label)
                    if self.pdfa:
                        self.fail("PDF/A-2 6.2.11.6", "%s: a symbolic TrueType font has an Encoding" % label)
                if font.program is not None and font.program.ok and not font.program.cmaps:
                    self.fail("Matterhorn 31-025", "%s: a symbolic TrueType program has no cmap" % label)
                    if self.pdfa:
                        self.fail("PDF/A-2 6.2.11.6", "%s: a symbolic TrueType program has no cmap" % label)

    def check_cidset(self, font, label):
        pdf = self.pdf
        cidset = font.descriptor.get("/CIDSet")
        if cidset is None or not font.type0:
            return
        if not pdf.is_stream(cidset):
            self.fail("Matterhorn 31-014/015", "%s: CIDSet is not a stream" % label)
            return
        if not (font.cid_to_gid_identity and font.program and font.program.ok):
            return
        bits = pdf.data(cidset)
        listed = {i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> (i % 8))}
        present = set(range(font.program.num_glyphs))
        if listed != present:
            msg = "%s: CIDSet lists %d CIDs, the program holds %d glyphs" % (label, len(listed), len(present))
            self.fail("Matterhorn 31-014/015", msg)
            if self.pdfa:
                self.fail("PDF/A-2 6.2.11.4.2", msg)

    # ------------------------------------------------------ xobjects, files, forms
    def check_xobjects_and_files(self):
        pdf = self.pdf
        for ref, times in sorted(self.form_draws.items()):
            if ref in self.forms_with_mcids and times > 1:
                self.fail("Matterhorn 30-002", "form XObject %s holds MCIDs and is drawn %d times" % (ref, times))
        # Embedded files.
        names = pdf.dict(self.root.get("/Names"))
        for spec_ref, spec in self.name_tree_items(names.get("/EmbeddedFiles")):
            spec = pdf.dict(spec)
            if "/F" not in spec or "/UF" not in spec:
                self.fail("Matterhorn 21-001", "embedded file %s: its file specification lacks %s"
                          % (spec_ref, " and ".join(k for k in ("F", "UF") if "/" + k not in spec)))
            if self.pdfa:
                self.check_embedded_pdfa(spec_ref, spec)
        # Optional content.
        oc = pdf.dict(self.root.get("/OCProperties"))
        if oc:
            d = pdf.dict(oc.get("/D"))
            if not text_of(d.get("/Name")):
                self.fail("Matterhorn 20-002", "the default optional content configuration (D) has no Name")
                if self.pdfa:
                    self.fail("PDF/A-2 6.9", "the default optional content configuration has no Name")
            for i, c in enumerate(pdf.array(oc.get("/Configs"))):
                if not text_of(pdf.dict(c).get("/Name")):
                    self.fail("Matterhorn 20-001", "optional content configuration %d in Configs has no Name" % i)
                    if self.pdfa:
                        self.fail("PDF/A-2 6.9", "optional content configuration %d has no Name" % i)
            for c in [d] + [pdf.dict(c) for c in pdf.array(oc.get("/Configs"))]:
                if "/AS" in c:
                    self.fail("Matterhorn 20-003", "an optional content configuration has an AS entry")
                    if self.pdfa:
                        self.fail("PDF/A-2 6.9", "an optional content configuration has an AS entry")
        # XFA and encryption.
        acro = pdf.dict(self.root.get("/AcroForm"))
        xfa = acro.get("/XFA")
        if xfa is not None:
            packets = [x for x in pdf.array(xfa) if pdf.is_stream(x)] if not pdf.is_stream(xfa) else [xfa]
            text = b"".join(pdf.data(p) for p in packets)
            if re.search(rb"<dynamicRender>\s*required\s*</dynamicRender>", text):
                self.fail("Matterhorn 25-001", "the XFA form has dynamicRender required")
        enc = pdf.trailer.get("/Encrypt")
        if enc is not None:
            e = pdf.dict(enc)
            p = e.get("/P")
            if p is None:
                self.fail("Matterhorn 26-001", "the file is encrypted and its encryption dictionary has no P")
            elif isinstance(p, int) and not p & (1 << 9):
                self.fail("Matterhorn 26-002", "the file is encrypted with bit 10 of P (%d) clear: assistive "
                          "technology may not extract the text" % p)

    def name_tree_items(self, node, seen=None):
        seen = seen if seen is not None else set()
        pdf = self.pdf
        if node is None or (is_ref(node) and node in seen):
            return []
        if is_ref(node):
            seen.add(node)
        d = pdf.dict(node)
        out = []
        names = pdf.array(d.get("/Names"))
        for i in range(0, len(names) - 1, 2):
            out.append((names[i + 1] if is_ref(names[i + 1]) else text_of(names[i]), names[i + 1]))
        for kid in pdf.array(d.get("/Kids")):
            out.extend(self.name_tree_items(kid, seen))
        return out

    def number_tree(self, node, seen=None):
        """A number tree as {key: value}."""
        seen = seen if seen is not None else set()
        pdf = self.pdf
        out = {}
        if node is None or (is_ref(node) and node in seen):
            return out
        if is_ref(node):
            seen.add(node)
        d = pdf.dict(node)
        nums = pdf.array(d.get("/Nums"))
        for i in range(0, len(nums) - 1, 2):
            if isinstance(nums[i], int):
                out[nums[i]] = nums[i + 1]
        for kid in pdf.array(d.get("/Kids")):
            out.update(self.number_tree(kid, seen))
        return out

    def check_embedded_pdfa(self, spec_ref, spec):
        pdf = self.pdf
        ef = pdf.dict(spec.get("/EF"))
        stream = ef.get("/F") or ef.get("/UF")
        data = pdf.data(stream) if pdf.is_stream(stream) else b""
        if not data.startswith(b"%PDF") or not re.search(rb"pdfaid:part\s*(=\s*[\"']|>)\s*[12]\b", data):
            self.fail("PDF/A-2 6.8", "embedded file %s is not a PDF/A-1 or PDF/A-2 file" % spec_ref)

    def check_annotation_types(self):
        for index, (ref, page, _) in enumerate(self.pages, 1):
            for a in self.pdf.array(page.get("/Annots")):
                annot = self.pdf.dict(a)
                sub = name_of(annot.get("/Subtype")) or "?"
                if sub not in ANNOTATION_TYPES:
                    self.fail("Matterhorn 28-006", "page %d: annotation %s has subtype /%s, not defined in "
                              "ISO 32000-1" % (index, a, sub))
                if sub == "TrapNet":
                    self.fail("Matterhorn 28-007", "page %d: annotation %s is a TrapNet" % (index, a))
                if sub == "FileAttachment":
                    fs = self.pdf.dict(annot.get("/FS"))
                    if "/F" not in fs or "/UF" not in fs:
                        self.fail("Matterhorn 28-016", "page %d: file attachment %s: its file specification "
                                  "lacks F or UF" % (index, a))
        for ref, value in self.pdf.values.items():
            if isinstance(value, dict) and name_of(value.get("/S")) == "MCD":
                if "/CT" not in value:
                    self.fail("Matterhorn 28-014", "media clip data %s has no CT" % ref)
                if "/Alt" not in value:
                    self.fail("Matterhorn 28-015", "media clip data %s has no Alt" % ref)

    # ------------------------------------------------------------------ PDF/UA
    def check_ua_document(self):
        pdf = self.pdf
        mark = pdf.dict(self.root.get("/MarkInfo"))
        if mark.get("/Marked") is not True:
            self.fail("PDF/UA-1 7.1", "the catalog's MarkInfo Marked is not true")
        if mark.get("/Suspects") is True:
            self.fail("Matterhorn 01-007", "the catalog's MarkInfo Suspects is true")
        if "/StructTreeRoot" not in self.root:
            self.fail("PDF/UA-1 7.1", "the catalog has no StructTreeRoot: the file is not tagged")
        # Metadata.
        meta = self.root.get("/Metadata")
        if not pdf.is_stream(meta):
            self.fail("Matterhorn 06-001", "the catalog has no Metadata stream")
        else:
            md = pdf.dict(meta)
            if name_of(md.get("/Type")) != "Metadata" or name_of(md.get("/Subtype")) != "XML":
                self.fail("Matterhorn 06-001", "the catalog's Metadata %s is not /Type /Metadata /Subtype /XML" % meta)
            if self.xmp is None:
                self.fail("Matterhorn 06-001", "the XMP metadata is not well-formed XML (%s)"
                          % getattr(self, "xmp_error", "?"))
            part = self.xmp_value(NS_PDFUAID, "part")
            if part is None:
                self.fail("Matterhorn 06-002", "the XMP metadata has no pdfuaid:part (PDF/UA identifier)")
            elif str(part).strip() != "1":
                self.fail("Matterhorn 06-002", "the XMP metadata's pdfuaid:part is %r, not 1" % part)
            title = self.xmp_value(NS_DC, "title")
            title_text = alt_text(title)
            if title is None:
                self.fail("Matterhorn 06-003", "the XMP metadata has no dc:title")
            elif not (title_text or "").strip():
                self.fail("Matterhorn 06-003", "the XMP metadata's dc:title is empty")
        vp = pdf.dict(self.root.get("/ViewerPreferences"))
        if "/DisplayDocTitle" not in vp:
            self.fail("Matterhorn 07-001", "the catalog's ViewerPreferences has no DisplayDocTitle")
        elif vp.get("/DisplayDocTitle") is not True:
            self.fail("Matterhorn 07-002", "the catalog's ViewerPreferences DisplayDocTitle is %s"
                      % vp.get("/DisplayDocTitle"))
        # Language.
        lang = text_of(self.root.get("/Lang"))
        self.catalog_lang = bool(lang and lang.strip())
        if lang is not None and lang.strip() and not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", lang.strip()):
            self.fail("Matterhorn 11-001", "the catalog's Lang %r is not a language tag" % lang)
        if not self.catalog_lang:
            if self.root.get("/Outlines") and pdf.dict(self.root.get("/Outlines")).get("/First"):
                self.fail("Matterhorn 11-003", "the outline's language cannot be determined: no catalog Lang")
            title = self.xmp_value(NS_DC, "title")
            if isinstance(title, dict) and not [k for k in title if k != "x-default"]:
                self.fail("Matterhorn 11-006", "the metadata's language cannot be determined: no catalog "
                          "Lang and dc:title has only x-default")

    # ---------------------------------------------------------- structure tree
    def check_structure(self):
        pdf = self.pdf
        tree_ref = self.root.get("/StructTreeRoot")
        tree = pdf.dict(tree_ref)
        if not tree:
            return
        role_map = {name_of(k) or k[1:]: name_of(v) for k, v in pdf.dict(tree.get("/RoleMap")).items()}
        self.check_role_map(role_map)
        self.elements = []
        self.claims = {}     # (owner, mcid) -> [element]
        self.objr = {}       # annotation ref -> [(element, OBJR /Pg)]
        kids = pdf.array(tree.get("/K"))
        seen = set()
        stack = [(k, tree_ref, None, None, 0) for k in reversed(kids)]
        order = 0
        while stack:
            ref, parent, pg, lang, depth = stack.pop()
            el = pdf.dict(ref)
            if not el:
                continue
            key = ref if is_ref(ref) else "direct %d" % id(el)
            if key in seen:
                self.fail("ISO 32000-1 14.7.2", "structure element %s is reached twice (a cycle or a "
                          "shared kid)" % key)
                continue
            seen.add(key)
            raw = name_of(el.get("/S")) or "?"
            std = self.standard_type(raw, role_map)
            pg = el.get("/Pg", pg)
            lang = text_of(el.get("/Lang")) or lang
            record = {"ref": key, "raw": raw, "type": std, "parent": parent, "kids": [], "dict": el,
                      "mcids": [], "objrs": [], "lang": lang, "order": order}
            order += 1
            self.elements.append(record)
            p = el.get("/P")
            if p is None:
                self.fail("ISO 32000-1 14.7.2", "%s element %s has no P" % (raw, key))
            elif is_ref(ref) and p != parent:
                self.fail("ISO 32000-1 14.7.2", "%s element %s: its P is %s, but %s holds it" % (raw, key, p, parent))
            children = []
            for item in pdf.array(el.get("/K")):
                v = pdf.get(item)
                if isinstance(v, int):
                    record["mcids"].append((pg, v))
                elif isinstance(v, dict) and (name_of(v.get("/Type")) == "MCR" or "/MCID" in v and "/S" not in v):
                    owner = v.get("/Stm") or v.get("/Pg", pg)
                    record["mcids"].append((owner, v.get("/MCID")))
                elif isinstance(v, dict) and name_of(v.get("/Type")) == "OBJR":
                    record["objrs"].append((v.get("/Obj"), v.get("/Pg", pg)))
                    self.objr.setdefault(v.get("/Obj"), []).append((record, v.get("/Pg", pg)))
                elif isinstance(v, dict) and "/S" in v:
                    children.append(item)
            for owner_mcid in record["mcids"]:
                self.claims.setdefault(owner_mcid, []).append(record)
            record["child_refs"] = children
            for c in reversed(children):
                stack.append((c, key, pg, lang, depth + 1))
        by_ref = {e["ref"]: e for e in self.elements}
        for e in self.elements:
            e["kids"] = [by_ref[c] for c in e["child_refs"] if c in by_ref]
            e["parent_el"] = by_ref.get(e["parent"])
        self.by_ref = by_ref
        self.check_marked_content_claims(tree)
        self.check_element_rules()
        self.check_headings()
        self.check_languages()

    def standard_type(self, raw, role_map):
        seen = []
        t = raw
        while t not in STANDARD_TYPES:
            if t in seen or t not in role_map or role_map.get(t) is None:
                return None
            seen.append(t)
            t = role_map[t]
        return t

    def check_role_map(self, role_map):
        for src, dst in sorted(role_map.items()):
            if src in STANDARD_TYPES:
                self.fail("Matterhorn 02-004", "the RoleMap remaps the standard type %s to %s" % (src, dst))
                continue
            chain, t = [src], dst
            while t is not None and t not in STANDARD_TYPES:
                if t in chain:
                    self.fail("Matterhorn 02-003", "the RoleMap maps in a circle: %s" % " -> ".join(chain + [t]))
                    break
                chain.append(t)
                t = role_map.get(t)
            else:
                if t is None:
                    self.fail("Matterhorn 02-001", "the RoleMap maps %s to %s, which ends in no standard type"
                              % (src, " -> ".join(chain[1:]) or dst))

    def check_marked_content_claims(self, tree):
        pdf = self.pdf
        pages = {ref: i for i, (ref, _, _) in enumerate(self.pages, 1)}

        def where(owner):
            return "page %d (%s)" % (pages[owner], owner) if owner in pages else "form %s" % owner

        for (owner, mcid), els in sorted(self.claims.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            if len(els) > 1:
                self.fail("ISO 32000-1 14.7.4.2", "%s MCID %s is claimed by %d elements (%s)"
                          % (where(owner), mcid, len(els), ", ".join(e["raw"] + " " + e["ref"] for e in els)))
            if owner is None:
                self.fail("ISO 32000-1 14.7.4.2", "%s element %s claims MCID %s with no page (Pg)"
                          % (els[0]["raw"], els[0]["ref"], mcid))
            elif (owner, mcid) not in self.drawn:
                self.fail("ISO 32000-1 14.7.4.2", "%s element %s claims MCID %s on %s, which its content "
                          "does not draw" % (els[0]["raw"], els[0]["ref"], mcid, where(owner)))
        for (owner, mcid), count in sorted(self.drawn.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            if count > 1:
                self.fail("ISO 32000-1 14.7.4.2", "%s draws marked content MCID %d %d times"
                          % (where(owner), mcid, count))
            if (owner, mcid) not in self.claims:
                self.fail("Matterhorn 01-005", "%s: marked content MCID %d is claimed by no structure "
                          "element (so it is neither real content nor an artifact)" % (where(owner), mcid))
        # The parent tree.
        parent_tree = self.number_tree(tree.get("/ParentTree"))
        if not tree.get("/ParentTree"):
            self.fail("ISO 32000-1 14.7.4.4", "the StructTreeRoot has no ParentTree")
        next_key = tree.get("/ParentTreeNextKey")
        if parent_tree and isinstance(next_key, int) and next_key <= max(parent_tree):
            self.fail("ISO 32000-1 14.7.4.4", "ParentTreeNextKey %d is not above the parent tree's keys "
                      "(up to %d)" % (next_key, max(parent_tree)))
        owners = {ref: page for ref, page, _ in self.pages}
        for form in self.forms_with_mcids:
            owners[form] = pdf.dict(form)
        for owner, d in owners.items():
            mine = sorted(m for (o, m) in self.drawn if o == owner)
            if not mine:
                continue
            sp = d.get("/StructParents")
            if not isinstance(sp, int):
                self.fail("ISO 32000-1 14.7.4.4", "%s draws marked content but has no StructParents" % where(owner))
                continue
            arr = pdf.array(parent_tree.get(sp))
            if sp not in parent_tree:
                self.fail("ISO 32000-1 14.7.4.4", "%s: StructParents %d is not in the parent tree" % (where(owner), sp))
                continue
            for mcid in mine:
                claimed = self.claims.get((owner, mcid))
                listed = arr[mcid] if mcid < len(arr) else None
                if claimed and listed != claimed[0]["ref"]:
                    self.fail("ISO 32000-1 14.7.4.4", "%s MCID %d: the parent tree says %s, the structure "
                              "tree %s %s" % (where(owner), mcid, listed, claimed[0]["raw"], claimed[0]["ref"]))
        self.parent_tree = parent_tree

    def check_element_rules(self):
        pdf = self.pdf
        for e in self.elements:
            t, kids = e["type"], e["kids"]
            parent = e["parent_el"]
            ptype = parent["type"] if parent else None
            kid_types = [k["type"] for k in kids]
            label = "%s element %s" % (e["raw"], e["ref"])
            if t is None and e["raw"] not in STANDARD_TYPES:
                self.fail("Matterhorn 02-001", "%s: the type %s is not standard and not role mapped to a "
                          "standard type" % (label, e["raw"]))
            d = e["dict"]
            alt = text_of(d.get("/Alt"))
            actual = text_of(d.get("/ActualText"))
            if t == "Figure" and not (alt and alt.strip()) and not (actual and actual.strip()):
                self.fail("Matterhorn 13-004", "%s has neither Alt nor ActualText" % label)
            if t == "Formula" and not (alt and alt.strip()):
                self.fail("Matterhorn 17-002", "%s has no Alt" % label)
            # Tables (ISO 32000-1 Table 337).
            if t == "Table":
                bad = [k for k in kid_types if k not in ("TR", "THead", "TBody", "TFoot", "Caption")]
                if bad:
                    self.fail("Matterhorn 09-004", "%s holds %s (a Table holds TR, THead, TBody, TFoot, Caption)"
                              % (label, ", ".join(sorted(set(map(str, bad))))))
                if kid_types.count("THead") > 1 or kid_types.count("TFoot") > 1:
                    self.fail("Matterhorn 09-004", "%s has more than one THead or TFoot" % label)
                if ("THead" in kid_types or "TFoot" in kid_types) and "TBody" not in kid_types:
                    self.fail("Matterhorn 09-004", "%s has a THead or TFoot but no TBody" % label)
                if "Caption" in kid_types[1:-1]:
                    self.fail("Matterhorn 09-004", "%s has a Caption that is neither its first nor its last kid"
                              % label)
                self.check_table_scopes(e)
            if t == "TR":
                if ptype not in ("Table", "THead", "TBody", "TFoot"):
                    self.fail("Matterhorn 09-004", "%s is in %s, not in Table, THead, TBody or TFoot" % (label, ptype))
                self.check_kids(label, kid_types, ("TH", "TD"),
                                "Matterhorn 09-004", "a TR holds TH and TD")
            if t in ("TH", "TD") and ptype != "TR":
                self.fail("Matterhorn 09-004", "%s is in %s, not in a TR" % (label, ptype))
            if t in ("THead", "TBody", "TFoot") and ptype != "Table":
                self.fail("Matterhorn 09-004", "%s is in %s, not in a Table" % (label, ptype))
            # Lists (Table 336).
            if t == "L":
                self.check_kids(label, kid_types, ("L", "LI", "Caption"),
                                "Matterhorn 09-005", "an L holds LI, L, Caption")
            if t == "LI":
                if ptype != "L":
                    self.fail("Matterhorn 09-005", "%s is in %s, not in an L" % (label, ptype))
                self.check_kids(label, kid_types, ("Lbl", "LBody"),
                                "Matterhorn 09-005", "an LI holds Lbl and LBody")
            if t == "LBody" and ptype != "LI":
                self.fail("Matterhorn 09-005", "%s is in %s, not in an LI" % (label, ptype))
            # TOC (Table 333).
            if t == "TOCI" and ptype != "TOC":
                self.fail("Matterhorn 09-006", "%s is in %s, not in a TOC" % (label, ptype))
            if t == "TOC":
                self.check_kids(label, kid_types, ("TOC", "TOCI", "Caption"),
                                "Matterhorn 09-006", "a TOC holds TOC, TOCI, Caption")
            if t in ("RB", "RT", "RP") and ptype != "Ruby":
                self.fail("Matterhorn 09-007", "%s is in %s, not in a Ruby" % (label, ptype))
            if t in ("WT", "WP") and ptype != "Warichu":
                self.fail("Matterhorn 09-008", "%s is in %s, not in a Warichu" % (label, ptype))
            if kid_types.count("H") > 1:
                self.fail("Matterhorn 14-006", "%s holds %d H elements" % (label, kid_types.count("H")))

    def check_kids(self, label, kid_types, allowed, code, rule):
        """An element holds only the types allowed."""
        bad = sorted({str(k) for k in kid_types if k not in allowed})
        if bad:
            self.fail(code, "%s holds %s (%s)" % (label, ", ".join(bad), rule))

    def check_table_scopes(self, table):
        """15-003, as a note: a TH without Scope in a table whose cells have no Headers."""
        cells = []
        todo = list(table["kids"])
        while todo:
            k = todo.pop()
            if k["type"] in ("TH", "TD"):
                cells.append(k)
            elif k["type"] in ("TR", "THead", "TBody", "TFoot"):
                todo.extend(k["kids"])
        if any(self.attribute(c, "Headers") is not None for c in cells):
            return
        for c in cells:
            if c["type"] == "TH" and self.attribute(c, "Scope") is None:
                self.note("Matterhorn 15-003", "TH element %s in Table %s has no Scope" % (c["ref"], table["ref"]))

    def attribute(self, e, key):
        for a in self.pdf.array(e["dict"].get("/A")):
            a = self.pdf.dict(a)
            if "/" + key in a:
                return a["/" + key]
        return None

    def check_headings(self):
        ordered = sorted(self.elements, key=lambda e: e["order"])
        heads = [e for e in ordered if e["type"] and re.fullmatch(r"H[1-6]", e["type"])]
        plain = [e for e in ordered if e["type"] == "H"]
        if heads and plain:
            self.fail("Matterhorn 14-007", "the document uses both H (%s) and numbered headings (%s)"
                      % (plain[0]["ref"], heads[0]["ref"]))
        if heads and heads[0]["type"] != "H1":
            self.fail("Matterhorn 14-002", "the first heading is %s (element %s), not H1"
                      % (heads[0]["type"], heads[0]["ref"]))
        for prev, cur in zip(heads, heads[1:]):
            a, b = int(prev["type"][1]), int(cur["type"][1])
            if b > a + 1:
                self.fail("Matterhorn 14-003", "heading %s (element %s) follows %s (element %s): level %d skipped"
                          % (cur["type"], cur["ref"], prev["type"], prev["ref"], a + 1))

    def check_languages(self):
        if self.catalog_lang:
            return
        missing = [e for e in self.elements if (e["mcids"]) and not e["lang"]]
        if missing:
            self.fail("Matterhorn 11-001", "no catalog Lang, and %d elements with content have no Lang "
                      "(the first: %s %s)" % (len(missing), missing[0]["raw"], missing[0]["ref"]))
        texts = [e for e in self.elements
                 if not e["lang"] and any(k in e["dict"] for k in ("/Alt", "/ActualText", "/E"))]
        if texts:
            self.fail("Matterhorn 11-002", "no catalog Lang, and %d elements with Alt, ActualText or E have "
                      "no Lang (the first: %s %s)" % (len(texts), texts[0]["raw"], texts[0]["ref"]))

    def check_annotations_tagged(self):
        pdf = self.pdf
        objr = getattr(self, "objr", {})
        parent_tree = getattr(self, "parent_tree", {})
        for index, (ref, page, _) in enumerate(self.pages, 1):
            annots = pdf.array(page.get("/Annots"))
            if not annots:
                continue
            tabs = name_of(page.get("/Tabs"))
            if tabs is None:
                self.fail("Matterhorn 28-008", "page %d (%s) has annotations and no Tabs" % (index, ref))
            elif tabs != "S":
                self.fail("Matterhorn 28-009", "page %d (%s) has annotations and Tabs /%s, not /S" % (index, ref, tabs))
            for a in annots:
                annot = pdf.dict(a)
                sub = name_of(annot.get("/Subtype")) or "?"
                where = "page %d: %s annotation %s" % (index, sub, a)
                owners = objr.get(a, [])
                if sub == "Popup":
                    continue
                if sub == "PrinterMark":
                    if owners:
                        self.fail("Matterhorn 28-017", "%s is in the structure tree" % where)
                    continue
                wants = {"Link": ("Link", "Matterhorn 28-011"), "Widget": ("Form", "Matterhorn 28-010")}.get(
                    sub, ("Annot", "Matterhorn 28-002"))
                if not owners:
                    self.fail(wants[1], "%s is not in the structure tree (no OBJR names it; it must be in a %s "
                              "element)" % (where, wants[0]))
                else:
                    el, pg = owners[0]
                    if len(owners) > 1:
                        self.fail("ISO 32000-1 14.7.4.3", "%s is named by %d OBJRs" % (where, len(owners)))
                    if el["type"] != wants[0]:
                        self.fail(wants[1], "%s is in a %s element (%s), not a %s"
                                  % (where, el["raw"], el["ref"], wants[0]))
                    if pg is not None and pg != ref:
                        self.fail("ISO 32000-1 14.7.4.3", "%s: its OBJR's Pg is %s, it is on %s" % (where, pg, ref))
                    sp = annot.get("/StructParent")
                    if not isinstance(sp, int):
                        self.fail("ISO 32000-1 14.7.4.4", "%s is tagged but has no StructParent" % where)
                    elif parent_tree.get(sp) != el["ref"]:
                        self.fail("ISO 32000-1 14.7.4.4", "%s: the parent tree says %s for StructParent %d, the "
                                  "structure tree %s" % (where, parent_tree.get(sp), sp, el["ref"]))
                alt = text_of(owners[0][0]["dict"].get("/Alt")) if owners else None
                contents = text_of(annot.get("/Contents"))
                if sub == "Link" and not (contents and contents.strip()):
                    self.fail("Matterhorn 28-012", "%s has no Contents (alternate description)" % where)
                elif sub not in ("Widget", "Link") and not (contents and contents.strip()) and not alt:
                    self.fail("Matterhorn 28-004", "%s has no Contents and its element no Alt" % where)
                if sub == "Widget":
                    field = annot if "/FT" in annot or "/T" in annot else pdf.dict(annot.get("/Parent"))
                    if not text_of(field.get("/TU")) and not alt:
                        self.fail("Matterhorn 28-005", "%s: its form field has no TU and its element no Alt" % where)
                if contents and not self.catalog_lang and not text_of(annot.get("/Lang")):
                    self.fail("Matterhorn 11-004", "%s: the language of its Contents cannot be determined" % where)

    # ------------------------------------------------------------------ PDF/A-2
    def pdfa_level(self):
        wanted = self.options.get("pdfa", "auto")
        if wanted == "off":
            return None
        if wanted in ("2b", "2u", "2a"):
            return wanted
        part = self.xmp_value(NS_PDFAID, "part")
        if part is None:
            return None
        conf = (self.xmp_value(NS_PDFAID, "conformance") or "").strip()
        if str(part).strip() != "2":
            self.note("PDF/A", "the XMP claims PDF/A-%s%s: only PDF/A-2 is checked" % (part, conf.lower()))
            return None
        return "2" + (conf.lower() if conf.lower() in ("a", "b", "u") else "b")

    def check_pdfa(self):
        pdf = self.pdf
        level = self.pdfa
        raw = pdf.raw
        # 6.1.2 header.
        m = re.match(rb"%PDF-1\.([0-7])(\r\n|\r|\n)", raw)
        if not m:
            self.fail("PDF/A-2 6.1.2", "the file does not start with %%PDF-1.n (n 0 to 7) and an end of "
                      "line: %r" % raw[:10])
        else:
            rest = raw[m.end():m.end() + 64]
            m2 = re.match(rb"%([^\r\n]*)", rest)
            if not m2 or sum(1 for b in m2.group(1)[:4] if b > 127) < 4:
                self.fail("PDF/A-2 6.1.2", "the header is not followed by a comment of four bytes above 127")
        # 6.1.3 trailer.
        if not pdf.array(pdf.trailer.get("/ID")):
            self.fail("PDF/A-2 6.1.3", "the trailer has no ID")
        if "/Encrypt" in pdf.trailer:
            self.fail("PDF/A-2 6.1.3", "the trailer has an Encrypt entry")
        tail = raw[raw.rfind(b"%%EOF") + 5:] if b"%%EOF" in raw else b"?"
        if tail not in (b"", b"\n", b"\r", b"\r\n"):
            self.fail("PDF/A-2 6.1.3", "%d bytes follow the last %%%%EOF" % len(tail))
        # 6.1.7 streams, 6.1.13 limits.
        if len(pdf.values) > 8388607:
            self.fail("PDF/A-2 6.1.13", "%d indirect objects (the limit is 8388607)" % len(pdf.values))
        for ref in sorted(pdf.stream_data, key=lambda r: int(r.split()[0])):
            d = pdf.values[ref]
            for key in ("/F", "/FFilter", "/FDecodeParms"):
                if key in d:
                    self.fail("PDF/A-2 6.1.7", "stream %s has %s" % (ref, key[1:]))
            for f in filters_of(pdf, d):
                if f in ("LZWDecode", "Crypt"):
                    self.fail("PDF/A-2 6.1.7", "stream %s uses the %s filter" % (ref, f))
        self.check_long_names_and_strings()
        # 6.1.12 permissions.
        for key in pdf.dict(self.root.get("/Perms")):
            if key not in ("/UR3", "/DocMDP"):
                self.fail("PDF/A-2 6.1.12", "the catalog's Perms has %s" % key)
        # 6.2.3 output intents.
        profiles = self.check_output_intents()
        # 6.2.4.3 device colour spaces.
        kinds = {cs for cs, _ in self.device_spaces}
        profile_space = profiles[0] if profiles else None
        for cs in sorted(kinds):
            where = next(w for c, w in sorted(self.device_spaces) if c == cs)
            need = {"DeviceRGB": "RGB ", "DeviceCMYK": "CMYK"}.get(cs)
            if profile_space is None:
                self.fail("PDF/A-2 6.2.4.3", "%s is used (%s) but there is no PDF/A output intent" % (cs, where))
            elif need and profile_space != need:
                self.fail("PDF/A-2 6.2.4.3", "%s is used (%s) but the output intent's profile is %s"
                          % (cs, where, profile_space.strip()))
        # 6.2.10 transparency without an output intent.
        if profile_space is None:
            for index, (ref, page, _) in enumerate(self.pages, 1):
                if ref in self.transparency_pages and "/CS" not in pdf.dict(page.get("/Group")):
                    self.fail("PDF/A-2 6.2.10", "page %d uses transparency, and neither an output intent nor "
                              "a page group CS says its blending colour space" % index)
        # 6.3 annotations, 6.4 forms, 6.5 actions.
        self.check_pdfa_annotations()
        acro = pdf.dict(self.root.get("/AcroForm"))
        if acro.get("/NeedAppearances") is True:
            self.fail("PDF/A-2 6.4.1", "the AcroForm has NeedAppearances true")
        if "/XFA" in acro:
            self.fail("PDF/A-2 6.4.2", "the AcroForm has an XFA entry")
        if self.root.get("/NeedsRendering") is True:
            self.fail("PDF/A-2 6.4.2", "the catalog has NeedsRendering true")
        self.check_actions()
        if "/AA" in self.root:
            self.fail("PDF/A-2 6.5.2", "the catalog has an AA (additional actions) entry")
        for index, (ref, page, _) in enumerate(self.pages, 1):
            if "/AA" in page:
                self.fail("PDF/A-2 6.5.2", "page %d (%s) has an AA entry" % (index, ref))
            if "/PresSteps" in page:
                self.fail("PDF/A-2 6.10", "page %d (%s) has PresSteps" % (index, ref))
        if "/AlternatePresentations" in pdf.dict(self.root.get("/Names")):
            self.fail("PDF/A-2 6.10", "the Names dictionary has AlternatePresentations")
        if "/Requirements" in self.root:
            self.fail("PDF/A-2 6.11", "the catalog has Requirements")
        # 6.6 metadata.
        self.check_pdfa_metadata(level)
        # 6.7 structure, level A.
        if level == "2a":
            mark = pdf.dict(self.root.get("/MarkInfo"))
            if mark.get("/Marked") is not True:
                self.fail("PDF/A-2 6.7.2.2", "the catalog's MarkInfo Marked is not true")
            if "/StructTreeRoot" not in self.root:
                self.fail("PDF/A-2 6.7.3.3", "the catalog has no StructTreeRoot")
            for e in getattr(self, "elements", []):
                if e["type"] is None and e["raw"] not in STANDARD_TYPES:
                    self.fail("PDF/A-2 6.7.3.4", "structure type %s (element %s) is not role mapped to a "
                              "standard type" % (e["raw"], e["ref"]))
            if not text_of(self.root.get("/Lang")):
                self.fail("PDF/A-2 6.7.4", "the catalog has no Lang")

    def check_long_names_and_strings(self):
        def walk(v, where):
            if isinstance(v, dict):
                for k, x in v.items():
                    if len(k) - 1 > 127:
                        self.fail("PDF/A-2 6.1.13", "%s: a name of %d bytes (the limit is 127)" % (where, len(k) - 1))
                    walk(x, where)
            elif isinstance(v, list):
                for x in v:
                    walk(x, where)
            elif isinstance(v, str):
                if v.startswith("/") and len(v.encode("utf-8")) - 1 > 127:
                    self.fail("PDF/A-2 6.1.13", "%s: a name of %d bytes (the limit is 127)" % (where, len(v) - 1))
                elif v.startswith(("u:", "b:")):
                    b = bytes_of(v) or b""
                    if len(b) > 32767:
                        self.fail("PDF/A-2 6.1.13", "%s: a string of %d bytes (the limit is 32767)" % (where, len(b)))
            elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2147483647:
                self.fail("PDF/A-2 6.1.13", "%s: integer %d is out of range" % (where, v))
        for ref, value in self.pdf.values.items():
            walk(value, "object %s" % ref)

    def check_output_intents(self):
        """The colour spaces of the PDF/A output intents' profiles."""
        pdf = self.pdf
        found, spaces = [], []
        intents = pdf.array(self.root.get("/OutputIntents"))
        for i in intents:
            oi = pdf.dict(i)
            if name_of(oi.get("/S")) != "GTS_PDFA1":
                continue
            prof = oi.get("/DestOutputProfile")
            if not pdf.is_stream(prof):
                self.fail("PDF/A-2 6.2.3", "output intent %s (GTS_PDFA1) has no DestOutputProfile stream" % i)
                continue
            found.append(prof)
            data = pdf.data(prof)
            if len(data) < 128 or data[36:40] != b"acsp":
                self.fail("PDF/A-2 6.2.3", "DestOutputProfile %s is not an ICC profile" % prof)
                continue
            dev, space, major = data[12:16], data[16:20], data[8]
            if dev not in (b"prtr", b"mntr") or space not in (b"RGB ", b"CMYK", b"GRAY") or major >= 5:
                self.fail("PDF/A-2 6.2.3", "DestOutputProfile %s has device class %r, colour space %r, "
                          "version %d (it must be prtr or mntr, GRAY, RGB or CMYK, below 5)"
                          % (prof, dev.decode("latin-1"), space.decode("latin-1"), major))
            n = pdf.dict(prof).get("/N")
            want = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}.get(space)
            if want is not None and n != want:
                self.fail("PDF/A-2 6.2.3", "DestOutputProfile %s has N %s for a %s profile (it must be %d)"
                          % (prof, n, space.decode("latin-1").strip(), want))
            spaces.append(space.decode("latin-1"))
        if not found:
            self.fail("PDF/A-2 6.2.3", "the catalog has no OutputIntents entry with /S /GTS_PDFA1 and a "
                      "DestOutputProfile")
        if len(set(found)) > 1:
            datas = {pdf.data(f) for f in found}
            if len(datas) > 1:
                self.fail("PDF/A-2 6.2.3", "the PDF/A output intents have different DestOutputProfiles")
        for index, (ref, page, _) in enumerate(self.pages, 1):
            for i in pdf.array(page.get("/OutputIntents")):
                prof = pdf.dict(i).get("/DestOutputProfile")
                if found and prof is not None and prof not in found and pdf.data(prof) != pdf.data(found[0]):
                    self.fail("PDF/A-2 6.2.3", "page %d has an output intent with another profile" % index)
        return spaces

    def check_pdfa_annotations(self):
        pdf = self.pdf
        for index, (ref, page, _) in enumerate(self.pages, 1):
            for a in pdf.array(page.get("/Annots")):
                annot = pdf.dict(a)
                sub = name_of(annot.get("/Subtype")) or "?"
                where = "page %d: %s annotation %s" % (index, sub, a)
                if sub not in ANNOTATION_TYPES or sub in ("3D", "Sound", "Screen", "Movie"):
                    self.fail("PDF/A-2 6.3.1", "%s: the annotation type is not permitted" % where)
                f = annot.get("/F")
                if sub != "Popup":
                    if not isinstance(f, int):
                        self.fail("PDF/A-2 6.3.2", "%s has no F (flags)" % where)
                    else:
                        wrong = [n for bit, n in ((1, "Invisible"), (2, "Hidden"), (32, "NoView"),
                                                  (256, "ToggleNoView")) if f & bit]
                        if not f & 4:
                            self.fail("PDF/A-2 6.3.2", "%s: F %d has the Print flag clear" % (where, f))
                        if wrong:
                            self.fail("PDF/A-2 6.3.2", "%s: F %d sets %s" % (where, f, ", ".join(wrong)))
                rect = [x for x in pdf.array(annot.get("/Rect")) if isinstance(x, (int, float))]
                zero = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
                ap = pdf.dict(annot.get("/AP"))
                if sub not in ("Popup", "Link") and not zero and not ap:
                    self.fail("PDF/A-2 6.3.3", "%s has no appearance dictionary (AP)" % where)
                if ap and set(ap) != {"/N"}:
                    self.fail("PDF/A-2 6.3.3", "%s: its AP holds %s, not only N"
                              % (where, ", ".join(sorted(k[1:] for k in ap))))
                if sub == "Widget" and ("/A" in annot or "/AA" in annot):
                    self.fail("PDF/A-2 6.4.1", "%s has an A or AA entry" % where)

    def check_actions(self):
        """Every action dictionary in the file: under /A, /OpenAction, /Next, or in /AA."""
        pdf = self.pdf
        found = []

        def visit(v, key, where, seen):
            if is_ref(v):
                if v in seen:
                    return
                seen.add(v)
                where = v
                v = pdf.get(v)
            if isinstance(v, dict):
                if key in ("/A", "/OpenAction", "/Next", "AA") and name_of(v.get("/S")):
                    found.append((where, v))
                for k, x in v.items():
                    if k in ("/P", "/Parent", "/Pg", "/Obj", "/ParentTree", "/Prev", "/Last", "/First", "/Dest"):
                        if k != "/First":
                            continue
                    visit(x, "AA" if key == "/AA" else k, where, seen)
            elif isinstance(v, list):
                for x in v:
                    visit(x, key, where, seen)

        visit(self.root, None, "the catalog", set())
        for ref, page, _ in self.pages:
            visit(ref, None, ref, set())
        reported = set()
        for where, action in found:
            s = name_of(action.get("/S"))
            if s in FORBIDDEN_ACTIONS or s not in {"GoTo", "GoToR", "GoToE", "Thread", "URI", "Named",
                                                     "SubmitForm", "Launch", "Sound", "Movie", "Hide",
                                                     "ResetForm", "ImportData", "JavaScript", "SetOCGState",
                                                     "Rendition", "Trans", "GoTo3DView"}:
                msg = "%s: a %s action" % (where, s)
            elif s == "Named" and name_of(action.get("/N")) not in ALLOWED_NAMED_ACTIONS:
                msg = "%s: a named action /%s" % (where, name_of(action.get("/N")))
            else:
                continue
            if msg not in reported:
                reported.add(msg)
                self.fail("PDF/A-2 6.5.1", msg)

    def check_pdfa_metadata(self, level):
        pdf = self.pdf
        meta = self.root.get("/Metadata")
        if not pdf.is_stream(meta):
            self.fail("PDF/A-2 6.6.2.1", "the catalog has no Metadata stream")
            return
        md = pdf.dict(meta)
        if name_of(md.get("/Type")) != "Metadata" or name_of(md.get("/Subtype")) != "XML":
            self.fail("PDF/A-2 6.6.2.1", "Metadata %s is not /Type /Metadata /Subtype /XML" % meta)
        raw = pdf.data(meta)
        head = re.search(rb"<\?xpacket\s+begin=[^>]*\?>", raw)
        if head and re.search(rb"\b(bytes|encoding)\s*=", head.group(0)):
            self.fail("PDF/A-2 6.6.2.1", "the xpacket header has a bytes or encoding attribute")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("PDF/A-2 6.6.2.1", "the XMP is not UTF-8")
        if self.xmp is None:
            self.fail("PDF/A-2 6.6.2.1", "the XMP is not well-formed XML (%s)" % getattr(self, "xmp_error", "?"))
            return
        # 6.6.4 identification.
        part = self.xmp_value(NS_PDFAID, "part")
        conf = self.xmp_value(NS_PDFAID, "conformance")
        if part is None or str(part).strip() != "2":
            self.fail("PDF/A-2 6.6.4", "pdfaid:part is %r, not 2" % part)
        if conf is None or str(conf).strip() not in ("A", "B", "U"):
            self.fail("PDF/A-2 6.6.4", "pdfaid:conformance is %r, not A, B or U" % conf)
        elif self.options.get("pdfa") in ("2b", "2u", "2a") and str(conf).strip().lower() != self.options["pdfa"][1]:
            self.fail("PDF/A-2 6.6.4", "pdfaid:conformance is %s, but %s was expected"
                      % (conf, self.options["pdfa"][1].upper()))
        # 6.6.2.3 extension schemas.
        self.check_extension_schemas()
        # Info dictionary against the XMP.
        self.check_info_matches_xmp()

    def check_extension_schemas(self):
        declared = {}   # namespace -> set of property names
        for schemas in self.xmp.iter("{%s}schemas" % NS_PDFAEXT):
            for li in schemas.iter("{%s}li" % NS_RDF):
                fields = xmp_struct_fields(li)
                if NS_PDFASCHEMA + "namespaceURI" not in fields:
                    continue
                missing = [f for f in ("schema", "namespaceURI", "prefix", "property")
                           if NS_PDFASCHEMA + f not in fields]
                if missing:
                    self.fail("PDF/A-2 6.6.2.3", "the extension schema for %s lacks pdfaSchema:%s"
                              % (fields.get(NS_PDFASCHEMA + "namespaceURI"), ", pdfaSchema:".join(missing)))
                ns = (fields.get(NS_PDFASCHEMA + "namespaceURI") or "").strip()
                props = declared.setdefault(ns, set())
                prop_el = li.find("{%s}property" % NS_PDFASCHEMA)
                if prop_el is None:
                    continue
                for pli in prop_el.iter("{%s}li" % NS_RDF):
                    pf = xmp_struct_fields(pli)
                    if NS_PDFAPROP + "name" not in pf:
                        continue
                    lacking = [f for f in ("name", "valueType", "category", "description") if NS_PDFAPROP + f not in pf]
                    if lacking:
                        self.fail("PDF/A-2 6.6.2.3", "the extension schema for %s describes property %s without "
                                  "pdfaProperty:%s"
                                  % (ns, pf.get(NS_PDFAPROP + "name"), ", pdfaProperty:".join(lacking)))
                    cat = (pf.get(NS_PDFAPROP + "category") or "").strip()
                    if cat and cat not in ("internal", "external"):
                        self.fail("PDF/A-2 6.6.2.3", "property %s of %s has category %r (internal or external)"
                                  % (pf.get(NS_PDFAPROP + "name"), ns, cat))
                    props.add((pf.get(NS_PDFAPROP + "name") or "").strip())
        for desc in self.xmp_descriptions():
            names = [k for k in desc.attrib if k.startswith("{") and not k.startswith("{%s}" % NS_RDF)
                     and not k.startswith("{%s}" % NS_XML)]
            names += [child.tag for child in desc]
            for tag in names:
                ns, local = tag[1:].split("}", 1)
                if ns in PREDEFINED_XMP_NAMESPACES or ns == NS_RDF:
                    continue
                if local not in declared.get(ns, set()):
                    self.fail("PDF/A-2 6.6.2.3", "the XMP property %s (namespace %s) is in no predefined schema and "
                              "no pdfaExtension:schemas entry describes it" % (local, ns))

    def check_info_matches_xmp(self):
        info = self.info
        if not info:
            return
        checks = [
            ("/Title", alt_text(self.xmp_value(NS_DC, "title")), "dc:title"),
            ("/Author", seq_text(self.xmp_value(NS_DC, "creator")), "dc:creator"),
            ("/Subject", alt_text(self.xmp_value(NS_DC, "description")), "dc:description"),
            ("/Keywords", plain_text(self.xmp_value(NS_PDF, "Keywords")), "pdf:Keywords"),
            ("/Creator", plain_text(self.xmp_value(NS_XMP, "CreatorTool")), "xmp:CreatorTool"),
            ("/Producer", plain_text(self.xmp_value(NS_PDF, "Producer")), "pdf:Producer"),
        ]
        for key, xmp, prop in checks:
            value = text_of(info.get(key))
            if value is None:
                continue
            if xmp is None:
                self.fail("PDF/A Info/XMP", "the Info dictionary has %s %r, the XMP no %s" % (key[1:], value, prop))
            elif xmp != value:
                self.fail("PDF/A Info/XMP", "the Info dictionary's %s %r differs from %s %r"
                          % (key[1:], value, prop, xmp))
        for key, ns, local in (("/CreationDate", NS_XMP, "CreateDate"), ("/ModDate", NS_XMP, "ModifyDate")):
            value = text_of(info.get(key))
            if value is None:
                continue
            xmp = plain_text(self.xmp_value(ns, local))
            a, b = pdf_date(value), xmp_date(xmp) if xmp else None
            if xmp is None:
                self.fail("PDF/A Info/XMP", "the Info dictionary has %s, the XMP no xmp:%s" % (key[1:], local))
            elif a is None or b is None or a != b:
                self.fail("PDF/A Info/XMP", "the Info dictionary's %s %r differs from xmp:%s %r"
                          % (key[1:], value, local, xmp))


# ---------------------------------------------------------------- XMP helpers

def xmp_element_value(el):
    """An XMP property element's value: text, [items] or {lang: text}."""
    for kind in ("Alt", "Bag", "Seq"):
        container = el.find("{%s}%s" % (NS_RDF, kind))
        if container is not None:
            items = container.findall("{%s}li" % NS_RDF)
            if kind == "Alt":
                return {li.get("{%s}lang" % NS_XML, "x-default"): (li.text or "") for li in items}
            return [(li.text or "") for li in items]
    return el.text or ""


def xmp_struct_fields(li):
    """The fields of a structure (rdf:parseType="Resource" or an rdf:Description)."""
    fields = {}
    holders = [li] + li.findall("{%s}Description" % NS_RDF)
    for h in holders:
        for k, v in h.attrib.items():
            if k.startswith("{") and not k.startswith("{%s}" % NS_RDF):
                fields[k[1:].replace("}", "")] = v
        for child in h:
            if child.tag.startswith("{"):
                fields[child.tag[1:].replace("}", "")] = child.text if len(child) == 0 else "(structure)"
    return fields


def alt_text(value):
    if isinstance(value, dict):
        return value.get("x-default", next(iter(value.values()), None))
    if isinstance(value, list):
        return value[0] if value else None
    return value


def seq_text(value):
    if isinstance(value, list):
        return ", ".join(value) if value else None
    return value


def plain_text(value):
    if isinstance(value, (list, dict)):
        return alt_text(value)
    return value


def pdf_date(text):
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?", text or "")
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else dflt for g, dflt in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    sign, oh, om = m.group(7), int(m.group(8) or 0), int(m.group(9) or 0)
    offset = datetime.timedelta(hours=oh, minutes=om) * (-1 if sign == "-" else 1)
    tz = datetime.timezone(offset) if sign and sign not in "Zz" else datetime.timezone.utc
    try:
        return datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def xmp_date(text):
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?(Z|[+-]\d{2}:\d{2})?$",
                 (text or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else dflt for g, dflt in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    tzs = m.group(7)
    if tzs in (None, "Z"):
        tz = datetime.timezone.utc
    else:
        sign = -1 if tzs[0] == "-" else 1
        tz = datetime.timezone(sign * datetime.timedelta(hours=int(tzs[1:3]), minutes=int(tzs[4:6])))
    try:
        return datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def describe_codes(items, font=None):
    """A few codes of a list of (code, usage, ...), with their glyph ids when known and
    where the first is drawn."""
    def one(code):
        gid = font.gid(code) if font is not None else None
        return "<%s>" % code.hex() + (" (glyph %d)" % gid if gid is not None else "")
    codes = ", ".join(one(it[0]) for it in items[:6])
    more = " and %d more" % (len(items) - 6) if len(items) > 6 else ""
    first = items[0][1]
    mcid = " in marked content MCID %d" % min(first["mcids"])[1] if first["mcids"] else ""
    return "%s%s; first on %s%s" % (codes, more, first["where"], mcid)


# --------------------------------------------------------------------------- main

def main(argv):
    options = {"pdfa": "auto"}
    files = []
    for arg in argv:
        if arg == "--expect-tagged":
            options["expect_tagged"] = True
        elif arg.startswith("--pdfa="):
            options["pdfa"] = arg.split("=", 1)[1].lower().replace("pdf/a-", "")
            if options["pdfa"] not in ("auto", "off", "2b", "2u", "2a"):
                print("pdfcheck: --pdfa takes auto, off, 2b, 2u or 2a", file=sys.stderr)
                return 2
        elif arg.startswith("--qpdf="):
            options["qpdf"] = arg.split("=", 1)[1]
        elif arg == "--list":
            for code, text in CONDITIONS:
                print("%-28s %s" % (code, text))
            return 0
        elif arg in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif arg.startswith("--"):
            print("pdfcheck: unknown option %s" % arg, file=sys.stderr)
            return 2
        else:
            files.append(arg)
    if not files:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    status = 0
    for path in files:
        try:
            report = Checker(path, path, options).run()
        except (OSError, ValueError) as e:
            print("%s: cannot check: %s" % (path, e))
            status = max(status, 2)
            continue
        except Exception as e:  # a bug here, or a PDF it cannot follow: say where
            where = traceback.extract_tb(e.__traceback__)[-1]
            print("%s: cannot check: internal error %s: %s (pdfcheck.py line %d)"
                  % (path, type(e).__name__, e, where.lineno))
            status = max(status, 2)
            continue
        for line in report.summary():
            print(line)
        if report.failures:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
