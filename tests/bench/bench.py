#!/usr/bin/env python3
"""make bench: briefpack beside WeasyPrint, Chromium, wkhtmltopdf and the Pango floor.

Usage: tests/bench/bench.py [BUILD_DIR]   (run from the top of the repository, as
`make bench` does through tests/bench/bench.sh, which installs what this needs)

Generates the inputs into BUILD_DIR/bench/work (a one-page note, 60- and 600-page
reports, the seed's HTML, 200 programme files made from the seed), then measures:
  - HTML to PDF by briefpack render, WeasyPrint, Chromium, wkhtmltopdf and the floor;
  - briefpack build end to end for the seed and for the batch of 200 (-j1, -j2);
  - instruction counts under callgrind, with the seed build's profile.
Each case is run once under GNU time (peak RSS, the PDF for pdfinfo, and a check that it
works), then timed by hyperfine: the median of BENCH_RUNS runs (default 5) after a
warm-up run. The cases compared with each other (the engines on one page; -j1 and -j2)
are timed in turns, one run each per round, so that a change in the machine's load
falls on all of them alike rather than on whichever ran last.
Writes tests/bench/RESULTS.md. Environment: BENCH_RUNS, BENCH_SLOW_RUNS (runs for the
600-page WeasyPrint case, default 3), BENCH_SKIP (space-separated engines to leave out),
BENCH_REPORT_ONLY=1 (write RESULTS.md again from the last run's saved measurements).
"""
import datetime
import glob
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = "input/rce-shared-services.xml"
RESULTS = os.path.join(HERE, "RESULTS.md")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SLOW_RUNS = int(os.environ.get("BENCH_SLOW_RUNS", "3"))
SKIP = set(os.environ.get("BENCH_SKIP", "").split())
TIMEOUT = 1200          # seconds for the first, checking run of any case
BATCH = 200             # programme files in the batch

DOCS = [("note", "One-page note"), ("seed", "Seed briefing pack"),
        ("styled", "2,000 elements, 500 rules of today's CSS"),
        ("p60", "60-page report"), ("p600", "600-page report")]
SECTIONS = {"p60": 20, "p600": 200}   # report sections: about 3 A4 pages each
# briefpack as it runs by default (a tagged PDF), and untagged (--no-tags), which is
# what the other engines write: the difference is the structure tree's cost.
ENGINES = ["briefpack", "briefpack-untagged", "weasyprint", "chromium", "wkhtmltopdf",
           "floor"]
ENGINE_NAMES = {"briefpack": "briefpack", "briefpack-untagged": "briefpack --no-tags",
                "weasyprint": "WeasyPrint",
                "chromium": "Chromium", "wkhtmltopdf": "wkhtmltopdf",
                "floor": "Pango floor"}
OTHERS = ["weasyprint", "chromium", "wkhtmltopdf"]


def log(msg):
    print("bench: " + msg, flush=True)


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def bounded(argv, limit):
    """Runs argv in a process group of its own, killed whole after limit seconds.
    Returns (exit status or None for a timeout, standard output and error)."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, start_new_session=True)
    try:
        output = p.communicate(timeout=limit)[0]
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, "no result within %.0f s" % limit
    return p.returncode, output


def first_line(argv):
    try:
        p = run(argv, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in (p.stdout + "\n" + p.stderr).splitlines():
        line = line.strip()
        if line and not line.startswith("/usr/bin/") and "unexpected operator" not in line:
            return line
    return None


def pages_of(pdf):
    p = run(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", p.stdout, flags=re.M)
    return int(m.group(1)) if m else None


def tail(text, n=3):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return " / ".join(lines[-n:])[:300]


class Bench:
    def __init__(self, build):
        self.build = build
        self.bp = os.path.join(build, "briefpack")
        self.floor = os.path.join(build, "bench", "floor")
        self.work = os.path.join(build, "bench", "work")
        self.results = {}        # (doc, engine) or case name -> dict
        self.notes = []
        self.bp_help = run([self.bp, "--help"]).stdout
        self.jobs = re.search(r"^\s*-j, --jobs", self.bp_help, flags=re.M) is not None

    # ---------------------------------------------------------------- measuring

    def check(self, key, argv, out, runs=None, warmup=1, prepare=None, pdfs=None):
        """Runs argv once under GNU time: does it work, its peak RSS, its pages. out: the
        PDF it writes (or None); pdfs: a glob of the PDFs a build writes; prepare: an
        argv run before every run, untimed. Returns the case's result, to be timed by
        rounds() unless it has an error."""
        res = {"argv": argv, "runs": runs or RUNS, "warmup": warmup, "prepare": prepare,
               "times": []}
        self.results[key] = res
        name = key if isinstance(key, str) else "%s %s" % key
        res["tag"] = re.sub(r"[^A-Za-z0-9]+", "-", name)
        if out and os.path.exists(out):
            os.remove(out)
        if prepare:
            run(prepare)
        rss_file = os.path.join(self.work, "rss-%s.txt" % res["tag"])
        started = time.time()
        rc, err = bounded(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, TIMEOUT)
        res["first_run"] = time.time() - started
        if rc is None or rc != 0 or (out and not os.path.exists(out)):
            if rc is None:
                res["error"] = err
            elif rc > 128:
                res["error"] = "crashed (signal %d) %s" % (rc - 128, tail(err))
            else:
                res["error"] = "exit status %d %s" % (rc, tail(err))
            res["error"] = res["error"].strip()
            log("%s: FAILED (%s)" % (name, res["error"]))
            return res
        try:
            with open(rss_file) as f:
                res["rss_kib"] = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        if out:
            res["pages"] = pages_of(out)
        elif pdfs:
            files = sorted(glob.glob(pdfs))
            res["pdfs"] = len(files)
            res["pages"] = sum(pages_of(f) or 0 for f in files)
        return res

    def rounds(self, keys):
        """Times the cases in turn, one hyperfine run each per round, so that a change
        in the machine's load falls on all of them alike; a case's first round has its
        warm-up run. Keeps every case's times in hyperfine-TAG.json."""
        cases = [k for k in keys if "error" not in self.results[k]
                 and "missing" not in self.results[k]]
        for r in range(max([self.results[k]["runs"] for k in cases] or [0])):
            for key in cases:
                res = self.results[key]
                if "error" in res or r >= res["runs"]:
                    continue
                warmup = res["warmup"] if r == 0 else 0
                one = os.path.join(self.work, "hyperfine-round.json")
                cmd = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup),
                       "--runs", "1", "--export-json", one]
                if res["prepare"]:
                    cmd += ["--prepare", shlex.join(res["prepare"])]
                cmd.append(shlex.join(res["argv"]))
                # Bounded from the checking run's time, against a run that hangs.
                rc, output = bounded(cmd, max(300.0, 4 * (1 + warmup) * res["first_run"]))
                if rc != 0:
                    res["error"] = "hyperfine: " + tail(output)
                    log("%s: FAILED under hyperfine (%s)" % (res["tag"], res["error"]))
                    continue
                with open(one) as f:
                    res["times"] += json.load(f)["results"][0]["times"]
        for key in cases:
            res = self.results[key]
            if "error" in res:
                continue
            t = res["times"]
            res.update(median=statistics.median(t), mean=statistics.mean(t),
                       stddev=statistics.stdev(t) if len(t) > 1 else 0.0,
                       min=min(t), max=max(t))
            with open(os.path.join(self.work, "hyperfine-%s.json" % res["tag"]), "w") as f:
                json.dump({"results": [dict(command=shlex.join(res["argv"]), times=t,
                                            median=res["median"], mean=res["mean"],
                                            stddev=res["stddev"], min=res["min"],
                                            max=res["max"])]}, f, indent=1)
            log("%s: median %s over %d runs, peak RSS %s, %s pages"
                % (res["tag"], fmt_time(res["median"]), len(t), fmt_mem(res.get("rss_kib")),
                   res.get("pages")))

    # ---------------------------------------------------------------- inputs

    def inputs(self):
        if os.path.isdir(self.work):
            shutil.rmtree(self.work)
        os.makedirs(self.work)
        py = sys.executable
        docs = {}
        gen = os.path.join(HERE, "gen-doc.py")
        docs["note"] = os.path.join(self.work, "note.html")
        subprocess.run([py, gen, "note", docs["note"]], check=True)
        docs["styled"] = os.path.join(self.work, "styled.html")
        subprocess.run([py, gen, "styled", docs["styled"]], check=True)
        for doc, sections in SECTIONS.items():
            docs[doc] = os.path.join(self.work, "%s.html" % doc)
            subprocess.run([py, gen, "report", str(sections), docs[doc]], check=True)
        seed_dir = os.path.join(self.work, "seed")
        p = run([self.bp, "build", "-o", seed_dir, SEED])
        if p.returncode != 0:
            sys.exit("bench: briefpack build of the seed failed: " + tail(p.stderr))
        docs["seed"] = glob.glob(os.path.join(seed_dir, "*.html"))[0]
        self.docs = docs
        for doc, path in docs.items():
            subprocess.run([py, os.path.join(HERE, "floor-text.py"), path,
                            os.path.join(self.work, "%s.floor.txt" % doc)], check=True)
        self.batch = os.path.join(self.work, "batch")
        subprocess.run([py, os.path.join(HERE, "gen-programmes.py"), SEED, str(BATCH),
                        self.batch], check=True)
        p = run([self.bp, "check", self.batch])
        self.batch_valid = p.returncode == 0
        if not self.batch_valid:
            self.notes.append("The generated batch did not validate (`briefpack check`): "
                              + tail(p.stderr) + "; the batch was not measured.")
        log("inputs in %s: %s; %d programme files%s" % (
            self.work, ", ".join("%s %d KB" % (d, os.path.getsize(p) // 1024)
                                 for d, p in docs.items()),
            BATCH, "" if self.batch_valid else " (INVALID)"))

    # ---------------------------------------------------------------- engines

    def available(self):
        self.have = {}
        self.versions = {}
        found = {"briefpack": self.bp, "briefpack-untagged": self.bp, "floor": self.floor,
                 "weasyprint": shutil.which("weasyprint"),
                 "chromium": shutil.which("chromium"),
                 "wkhtmltopdf": shutil.which("wkhtmltopdf")}
        for engine in ENGINES:
            path = found[engine]
            if engine in SKIP:
                self.have[engine] = "left out (BENCH_SKIP)"
            elif not path or not os.access(path, os.X_OK):
                self.have[engine] = "not installed"
            else:
                self.have[engine] = None
        self.versions["briefpack"] = first_line([self.bp, "--version"])
        self.versions["WeasyPrint"] = found["weasyprint"] and first_line(
            ["weasyprint", "--version"])
        self.versions["Chromium"] = found["chromium"] and first_line(
            ["chromium", "--version"])
        self.versions["wkhtmltopdf"] = found["wkhtmltopdf"] and first_line(
            ["wkhtmltopdf", "--version"])
        for name, engine in (("WeasyPrint", "weasyprint"), ("Chromium", "chromium"),
                             ("wkhtmltopdf", "wkhtmltopdf")):
            if found[engine] and not self.versions[name]:
                self.versions[name] = "installed, but `--version` printed nothing"
        self.versions["hyperfine"] = first_line(["hyperfine", "--version"])
        self.versions["valgrind"] = first_line(["valgrind", "--version"])
        libs = []
        for lib in ("pango", "cairo", "harfbuzz", "fontconfig", "librsvg-2.0", "libxml-2.0",
                    "libxslt"):
            v = first_line(["pkg-config", "--modversion", lib])
            if v:
                libs.append("%s %s" % (lib, v))
        self.versions["libraries"] = ", ".join(libs)

    def render_argv(self, engine, doc):
        src = self.docs[doc]
        out = os.path.join(self.work, "out", "%s.%s.pdf" % (doc, engine))
        prepare = None
        if engine == "briefpack":
            argv = [self.bp, "render", "-o", out, src]
        elif engine == "briefpack-untagged":
            argv = [self.bp, "render", "--no-tags", "-o", out, src]
        elif engine == "weasyprint":
            argv = ["weasyprint", src, out]
        elif engine == "chromium":
            profile = os.path.join(self.work, "chromium-profile")
            argv = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    "--user-data-dir=" + profile, "--print-to-pdf=" + out,
                    "file://" + os.path.abspath(src)]
            prepare = ["rm", "-rf", profile]
        elif engine == "wkhtmltopdf":
            argv = ["wkhtmltopdf", "--quiet", "--page-size", "A4", "--margin-top", "20mm",
                    "--margin-bottom", "22mm", "--margin-left", "16mm", "--margin-right",
                    "16mm", src, out]
        else:
            argv = [self.floor, os.path.join(self.work, "%s.floor.txt" % doc), out]
        return argv, out, prepare

    def renders(self):
        os.makedirs(os.path.join(self.work, "out"), exist_ok=True)
        for doc, _ in DOCS:
            keys = []
            for engine in ENGINES:
                keys.append((doc, engine))
                if self.have[engine]:
                    self.results[(doc, engine)] = {"missing": self.have[engine]}
                    continue
                argv, out, prepare = self.render_argv(engine, doc)
                runs, warmup = RUNS, 1
                if engine == "weasyprint" and doc == "p600":
                    # About a minute a run: the checking run stands in for the warm-up.
                    runs, warmup = SLOW_RUNS, 0
                self.check((doc, engine), argv, out, runs=runs, warmup=warmup,
                           prepare=prepare)
            self.rounds(keys)

    def builds(self):
        out = os.path.join(self.work, "build-seed")
        one_job = ["-j1"] if self.jobs else []
        r = self.check("build seed", [self.bp, "build"] + one_job + ["-o", out, SEED],
                       None, prepare=["rm", "-rf", out], pdfs=os.path.join(out, "*.pdf"))
        r["shown"] = " ".join(["briefpack build"] + one_job + ["-o DIR", SEED])
        self.rounds(["build seed"])
        if not self.batch_valid:
            return
        variants = [("batch -j1", ["-j1"]), ("batch -j2", ["-j2"])] if self.jobs else \
            [("batch", [])]
        for name, flags in variants:
            out = os.path.join(self.work, "build-" + name.replace(" ", ""))
            r = self.check(name, [self.bp, "build"] + flags + ["-o", out, self.batch],
                           None, prepare=["rm", "-rf", out],
                           pdfs=os.path.join(out, "*.pdf"))
            r["shown"] = " ".join(["briefpack build"] + flags + ["-o DIR", "BATCH/"])
        self.rounds([name for name, _ in variants])
        if not self.jobs:
            self.notes.append("`briefpack build` has no -j option in this version "
                              "(checked with --help): the batch was built sequentially "
                              "only, and the -j2 target could not be measured.")

    # ---------------------------------------------------------------- callgrind

    def callgrind(self):
        self.cg = {}
        if not shutil.which("valgrind"):
            self.notes.append("valgrind is not installed: no instruction counts.")
            return
        one_job = ["-j1"] if self.jobs else []
        cases = [
            ("build seed", [self.bp, "build"] + one_job +
             ["-o", os.path.join(self.work, "cg-build"), SEED]),
            ("render seed", self.render_argv("briefpack", "seed")[0]),
            ("render styled", self.render_argv("briefpack", "styled")[0]),
            ("floor seed", self.render_argv("floor", "seed")[0]),
            ("render 60-page", self.render_argv("briefpack", "p60")[0]),
            ("floor 60-page", self.render_argv("floor", "p60")[0]),
        ]
        for name, argv in cases:
            if "floor" in name and self.have["floor"]:
                continue
            out = os.path.join(self.work, "callgrind-%s.out" % name.replace(" ", "-"))
            p = run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv)
            if p.returncode != 0 or not os.path.exists(out):
                self.cg[name] = {"error": tail(p.stderr)}
                log("callgrind %s: FAILED" % name)
                continue
            self.analyse(name, out)
            log("callgrind %s: %s instructions" % (name, fmt_count(self.cg[name]["total"])))

    def analyse(self, name, out):
        """Totals, shares by library, and for the seed build its top functions."""
        excl = run(["callgrind_annotate", "--auto=no", "--threshold=100", out]).stdout
        m = re.search(r"^\s*([\d,]+)\s.*PROGRAM TOTALS", excl, flags=re.M)
        total = int(m.group(1).replace(",", "")) if m else None
        rows = function_rows(excl)
        self.cg[name] = {"total": total, "file": out, "objects": by_object(rows)}
        if name == "build seed":
            incl = run(["callgrind_annotate", "--auto=no", "--inclusive=yes",
                        "--threshold=100", out]).stdout
            self.cg[name]["exclusive"] = rows[:20]
            self.cg[name]["inclusive"] = inclusive_top(function_rows(incl), total, 25)
            self.cg[name]["folders"] = by_folder(rows)

    # ---------------------------------------------------------------- report

    SAVED = ("notes", "versions", "cg", "docs", "have", "batch_valid")

    def save(self):
        """What the report is made from, for BENCH_REPORT_ONLY."""
        saved = {k: getattr(self, k) for k in self.SAVED}
        saved["results"] = {k if isinstance(k, str) else "|".join(k): v
                            for k, v in self.results.items()}
        return saved

    def load(self, saved):
        for k in self.SAVED:
            setattr(self, k, saved[k])
        self.results = {tuple(k.split("|")) if "|" in k else k: v
                        for k, v in saved["results"].items()}
        for name, c in self.cg.items():
            if os.path.exists(c.get("file", "")):
                self.analyse(name, c["file"])

    def machine(self):
        cpu = None
        p = run(["lscpu"])
        m = re.search(r"^Model name:\s*(.+)$", p.stdout, flags=re.M)
        if m:
            cpu = m.group(1).strip()
        mem = None
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s+(\d+)", f.read())
            if m:
                mem = "%.0f GiB" % (int(m.group(1)) / 1024 / 1024)
        debian = open("/etc/debian_version").read().strip() \
            if os.path.exists("/etc/debian_version") else "?"
        return "%d × %s, %s memory; Debian %s, Linux %s" % (
            os.cpu_count() or 0, cpu or platform.processor() or "?", mem or "?", debian,
            platform.release())

    def commit(self):
        p = run(["git", "-C", ROOT, "log", "-1", "--format=%h %ad %s", "--date=short"])
        if p.returncode != 0:
            return "not a git checkout"
        head = p.stdout.strip()
        dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "stylesheets",
                     "Makefile", SEED]).stdout.strip()
        return head + (" (plus uncommitted changes to src/, stylesheets/ or the seed)"
                       if dirty else "")


def fmt_time(s):
    if s is None:
        return "–"
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def fmt_mem(kib):
    if kib is None:
        return "–"
    return "%.1f MB" % (kib * 1024 / 1e6)


def fmt_count(n):
    if n is None:
        return "–"
    return "{:,}".format(n)


FUNCTION_LINE = re.compile(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(\S.*)$")


def function_rows(annotate):
    """callgrind_annotate's function lines as (count, 'file:function [object]')."""
    rows = []
    body = annotate.split("PROGRAM TOTALS", 1)[-1]
    for line in body.splitlines():
        m = FUNCTION_LINE.match(line)
        if m and ":" in m.group(2):
            rows.append((int(m.group(1).replace(",", "")), m.group(2).strip()))
    return rows


def split_name(name):
    """'file.c:function [/path/object]' -> (file, function, object basename or None)."""
    m = re.match(r"^(.*?):(.+?)(?:\s+\[(.+)\])?$", name)
    if not m:
        return None, name, None
    where, fn, obj = m.groups()
    return where, fn.strip(), os.path.basename(obj) if obj else None


def library(obj):
    """'libpango-1.0.so.0.5000.12' -> 'libpango-1.0'; the program stays as it is.
    callgrind_annotate names no object for code inlined from another file."""
    return re.sub(r"\.so(\.[\d.]+)?$", "", obj) if obj else "(inlined, unattributed)"


def by_object(rows):
    """Exclusive instructions summed per program or library."""
    sums = {}
    for n, name in rows:
        obj = library(split_name(name)[2])
        sums[obj] = sums.get(obj, 0) + n
    return sums


def by_folder(rows):
    """briefpack's own exclusive instructions summed per source folder."""
    sums = {}
    for n, name in rows:
        where, _, obj = split_name(name)
        if obj != "briefpack" or not where or where == "???":
            continue
        folder = os.path.dirname(where.replace("/work/main/", "")) or where
        sums[folder] = sums.get(folder, 0) + n
    return sums


def inclusive_top(rows, total, n):
    """The n largest inclusive costs of named functions, once each: no recursion
    entries ('2), unnamed addresses, start-up frames or counts over the total."""
    out, seen = [], set()
    for count, name in rows:
        _, fn, obj = split_name(name)
        if (total and count > total) or re.search(r"'\d+$", fn) or fn.startswith("0x") \
                or fn in ("(below main)", "main", "__libc_start_main@@GLIBC_2.34",
                          "__libc_start_call_main") or fn in seen or not obj:
            continue
        seen.add(fn)
        out.append((count, name))
        if len(out) >= n:
            break
    return out


def short_function(name):
    """'file.c:function [/path/lib.so]' -> '`function` (file.c, lib)'."""
    where, fn, obj = split_name(name)
    src = os.path.basename(where) if where and where != "???" else None
    if fn.startswith("0x"):
        fn = "(unnamed)"
    if len(fn) > 60:
        fn = fn[:57] + "..."
    return "`%s` (%s)" % (fn, ", ".join(x for x in (src, library(obj) if obj else None)
                                        if x) or "?")


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def write_report(b, started, finished, load_start, load_end):
    R = b.results
    out = []
    w = out.append
    w("# make bench: briefpack beside WeasyPrint, Chromium, wkhtmltopdf and the Pango floor")
    w("")
    w("Written by `make bench` (tests/bench/bench.sh, then bench.py), which regenerates "
      "this file. Every number below comes from the one run described here. Wall "
      "times are medians of %d runs timed by hyperfine after one warm-up run, unless "
      "the table says otherwise; the engines on one page, and -j1 and -j2, are timed "
      "in turns (one run of each per round), so that a change in the machine's load "
      "falls on all of them alike. Peak RSS is GNU time's maximum resident set size of "
      "one more run; pages are pdfinfo's count of that run's PDF. Times are benchmark "
      "results on a small shared machine, not timed tests: `make test` checks none of "
      "them." % RUNS)
    w("")
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    w("| date | %s to %s |" % (started.strftime("%Y-%m-%d %H:%M"),
                             finished.strftime("%H:%M UTC")))
    w("| machine | %s |" % b.machine())
    w("| load average | %s at the start, %s at the end (1, 5, 15 min) |"
      % (load_start, load_end))
    w("| briefpack | %s, commit %s |" % (b.versions.get("briefpack") or "?", b.commit()))
    for name in ("WeasyPrint", "Chromium", "wkhtmltopdf", "hyperfine", "valgrind"):
        w("| %s | %s |" % (name, b.versions.get(name) or "not installed"))
    w("| libraries | %s |" % b.versions.get("libraries", "?"))
    w("")

    w("## HTML to PDF")
    w("")
    w("The same HTML file given to each engine. *briefpack/other* is briefpack's median "
      "divided by the other's (below 1: briefpack is faster; the speed-up is its "
      "inverse). The Pango floor lays out the same text (see below).")
    w("")
    sizes = {d: os.path.getsize(p) for d, p in b.docs.items()}
    w("| document | engine | median | σ | min–max | runs | peak RSS | pages | "
      "briefpack/other |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for doc, title in DOCS:
        bp = R.get((doc, "briefpack"), {})
        label = "%s (%s KB of HTML)" % (title, (sizes[doc] + 512) // 1024)
        for engine in ENGINES:
            r = R.get((doc, engine), {})
            name = ENGINE_NAMES[engine]
            if "missing" in r:
                w("| %s | %s | %s | | | | | | |" % (label, name, r["missing"]))
            elif "error" in r:
                w("| %s | %s | failed: %s | | | | | | |"
                  % (label, name, r["error"].replace("|", "\\|")))
            else:
                rr = ratio(bp.get("median"), r.get("median")) if engine != "briefpack" \
                    else None
                rtxt = "–" if rr is None else ("%.3f (%.1f× faster)" % (rr, 1 / rr)
                                               if rr < 1 else "%.2f (%.2f× slower)" % (rr, rr))
                runs = "%d%s" % (len(r["times"]), "" if r["warmup"] else ", no warm-up")
                w("| %s | %s | %s | %s | %s–%s | %s | %s | %s | %s |" % (
                    label, name, fmt_time(r.get("median")), fmt_time(r.get("stddev")),
                    fmt_time(r.get("min")), fmt_time(r.get("max")), runs,
                    fmt_mem(r.get("rss_kib")), r.get("pages", "–"), rtxt))
            label = ""
    w("")

    w("## Build end to end (XML to HTML to PDF)")
    w("")
    w("`briefpack build` from programme XML: validation, XSLT, HTML written, layout, PDF "
      "written, into a folder emptied before every run (so nothing is up to date). The "
      "batch is %d programme files generated from the seed by gen-programmes.py (other "
      "councils, titles and figures; all valid: `briefpack check`)." % BATCH)
    w("")
    w("| case | median | σ | min–max | runs | peak RSS | output | per document |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("build seed", "batch -j1", "batch -j2", "batch"):
        r = R.get(name)
        if r is None:
            continue
        if "error" in r:
            w("| %s | failed: %s | | | | | | |" % (name, r["error"].replace("|", "\\|")))
            continue
        n = r.get("pdfs") or 1
        w("| `%s` | %s | %s | %s–%s | %d | %s | %s PDF%s, %s pages | %s |" % (
            r["shown"], fmt_time(r["median"]), fmt_time(r["stddev"]), fmt_time(r["min"]),
            fmt_time(r["max"]), len(r["times"]), fmt_mem(r.get("rss_kib")),
            r.get("pdfs", "–"), "" if n == 1 else "s", r.get("pages", "–"),
            fmt_time(r["median"] / n)))
    j1, j2 = R.get("batch -j1", {}), R.get("batch -j2", {})
    if j1.get("median") and j2.get("median"):
        w("")
        w("-j2 is %.2f× as fast as -j1 on %d programmes." % (j1["median"] / j2["median"],
                                                            BATCH))
        if j1["median"] / j2["median"] > 2.0:
            w(" Two workers cannot be more than twice as fast as one: the machine's "
              "load changed between the two series, and this ratio says more about "
              "that than about briefpack.")
    w("")

    w("## Targets")
    w("")
    w("| target | measured | met? |")
    w("|---|---|---|")
    for target, measured, met in targets(b):
        w("| %s | %s | %s |" % (target, measured, met))
    w("")

    w("## Instruction counts (callgrind)")
    w("")
    w("Instructions executed (valgrind --tool=callgrind, Ir). They hardly move with the "
      "machine's load, so compare these between changes rather than the wall times.")
    w("")
    if b.cg:
        cg = b.cg
        w("| case | instructions | briefpack/floor |")
        w("|---|---:|---:|")
        for name, c in cg.items():
            if "error" in c:
                w("| %s | failed: %s | |" % (name, c["error"].replace("|", "\\|")))
                continue
            floor = cg.get(name.replace("render", "floor"), {}).get("total") \
                if name.startswith("render") else None
            w("| %s | %s | %s |" % (name, fmt_count(c.get("total")),
                                    "%.2f" % (c["total"] / floor) if floor else ""))
        w("")
        cases = [n for n, c in cg.items() if c.get("objects")]
        if cases:
            w("Exclusive instructions by program and library, in millions:")
            w("")
            w("| | %s |" % " | ".join(cases))
            w("|---|%s|" % "|".join("---:" for _ in cases))
            libs = sorted({l for n in cases for l in cg[n]["objects"]},
                          key=lambda l: -max(cg[n]["objects"].get(l, 0) for n in cases))
            for lib in libs:
                counts = [cg[n]["objects"].get(lib, 0) for n in cases]
                if max(counts) < 0.005 * max(cg[n]["total"] for n in cases):
                    continue
                w("| %s | %s |" % (lib, " | ".join(
                    "%.1f (%.0f%%)" % (c / 1e6, 100.0 * c / cg[n]["total"])
                    for c, n in zip(counts, cases))))
            w("")
        seed = cg.get("build seed", {})
        if seed.get("inclusive"):
            total = seed["total"]
            w("### Where the seed build's time goes")
            w("")
            w("From `callgrind_annotate` on `%s`. Inclusive: the function and all it calls; "
              "exclusive: its own instructions. The Debian libraries carry no symbols for "
              "their internal functions, which show as (unnamed)."
              % R.get("build seed", {}).get("shown", "briefpack build " + SEED))
            w("")
            w(profile_note(seed))
            w("")
            w("briefpack's own exclusive instructions by source folder: " + ", ".join(
                "%s %.1f M (%.0f%%)" % (f, n / 1e6, 100.0 * n / total)
                for f, n in sorted(seed["folders"].items(), key=lambda p: -p[1])
                if n >= total * 0.001) + ".")
            w("")
            w("Inclusive, top %d:" % len(seed["inclusive"]))
            w("")
            w("| instructions | % | function |")
            w("|---:|---:|---|")
            for n, fn in seed["inclusive"]:
                w("| %s | %.1f | %s |" % (fmt_count(n), 100.0 * n / total,
                                          short_function(fn)))
            w("")
            w("Exclusive, top %d:" % len(seed["exclusive"]))
            w("")
            w("| instructions | % | function |")
            w("|---:|---:|---|")
            for n, fn in seed["exclusive"]:
                w("| %s | %.1f | %s |" % (fmt_count(n), 100.0 * n / total,
                                          short_function(fn)))
            w("")

    w("## How it was measured")
    w("")
    w("- Inputs (generated afresh by every run, deterministically; none is committed): "
      "the one-page note and the reports come from `gen-doc.py` (%s report sections "
      "for the 60-page and 600-page documents; each section has paragraphs, a nested "
      "list, an inline `<svg>` bar chart and a 26-row table with a repeated header, and "
      "the page has an @page rule with margin boxes); the seed's HTML is the output of "
      "`briefpack build -o DIR %s`." % (" and ".join(str(v) for v in SECTIONS.values()),
                                        SEED))
    for engine in ENGINES:
        if engine == "floor":
            continue
        argv, pdf, prepare = b.render_argv(engine, "note")
        shown = " ".join(argv).replace(b.bp, "briefpack").replace(pdf, "OUT.pdf")
        shown = shown.replace("file://" + os.path.abspath(b.docs["note"]), "file://IN")
        shown = shown.replace(b.docs["note"], "IN")
        shown = shown.replace(os.path.join(b.work, "chromium-profile"), "PROFILE")
        w("- %s: `%s`%s" % (ENGINE_NAMES[engine], shown,
                           "; PROFILE is a fresh folder, removed before every run "
                           "(hyperfine --prepare)" if prepare else ""))
    w("- Chromium's peak RSS is that of its largest process (GNU time reports the "
      "largest child); its processes together use more. Its time includes starting the "
      "browser and a fresh profile, as a command-line user pays them. "
      "`--no-pdf-header-footer` keeps the date and URL off its pages, as the others "
      "print none.")
    w("- wkhtmltopdf (the Debian build, without the patched Qt) does not read `@page`: "
      "the page size and margins are given as options to match; it still prints smaller "
      "(a 96 dpi layout scaled to the page), hence fewer pages.")
    w("- The 600-page WeasyPrint case runs %d times without a separate warm-up run (about "
      "a minute each), the first, checking run serving as the warm-up; every other "
      "case has one warm-up and %d timed runs." % (SLOW_RUNS, RUNS))
    w("- The Pango floor (`tests/bench/floor.c`) reads the text of the same page, cut "
      "into paragraphs by `floor-text.py` with their widths (A4, 16 mm margins, list "
      "indents, table columns sized from their text) and fonts (Liberation Sans at the "
      "page's sizes, bold for headings and table heads), makes one PangoLayout per "
      "paragraph or table cell, wraps it at its width, draws it on a Cairo PDF surface "
      "and writes \"Page N\" at each foot. No HTML or CSS, no boxes, borders, charts, "
      "outline or links: no engine on Pango can do less for the same text, so "
      "briefpack/floor says how much of briefpack's time is its own.")
    w("- Build cases use `-j1` and `-j2` where `briefpack build --help` lists -j; the "
      "output folder is removed before every run.")
    busy = float(load_start.split(",")[0])
    if busy >= 0.5:
        w("- The machine was not idle: the load average was %s when the run started, "
          "so other work shared its 2 cores and the wall times are higher and noisier "
          "than on a quiet machine. The instruction counts are not affected." % load_start)
    w("- hyperfine's JSON for every case, the generated inputs, the PDFs and the "
      "callgrind profiles stay in `%s` until the next run." % b.work)
    for note in b.notes:
        w("- " + note)
    w("")
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    log("wrote " + os.path.relpath(RESULTS, ROOT))


def profile_note(cg):
    """A sentence naming the largest inclusive costs and the libraries' shares."""
    total = cg["total"]
    parts = ["`%s` %.0f%%" % (split_name(name)[1], 100.0 * n / total)
             for n, name in cg["inclusive"][:10]]
    objs = sorted(cg["objects"].items(), key=lambda p: -p[1])[:6]
    return ("Total %s instructions. Largest inclusive costs: %s. Own instructions by "
            "program and library: %s." % (
                fmt_count(total), ", ".join(parts),
                ", ".join("%s %.0f%%" % (o, 100.0 * n / total) for o, n in objs)))


def targets(b):
    R = b.results

    def med(key):
        return R.get(key, {}).get("median")

    def yes(ok):
        return "yes" if ok else "**no**"
    rows = []
    bp = med(("seed", "briefpack"))
    others = [(med(("seed", e)), ENGINE_NAMES[e]) for e in OTHERS if med(("seed", e))]
    if bp and others:
        fastest, who = min(others)
        rows.append(("Seed HTML→PDF ≥ 10× faster than the fastest of the three",
                     "%.1f× (briefpack %s, fastest other %s %s)"
                     % (fastest / bp, fmt_time(bp), who, fmt_time(fastest)),
                     yes(fastest / bp >= 10)))
    else:
        rows.append(("Seed HTML→PDF ≥ 10× faster than the fastest of the three",
                     "not measured", "–"))
    s = med("build seed")
    rows.append(("End to end from XML (seed build) < 40 ms wall",
                 fmt_time(s) if s else "not measured", yes(s < 0.040) if s else "–"))
    for doc, title in (("p60", "60 pages"), ("p600", "600 pages")):
        bp = med((doc, "briefpack"))
        others = [(med((doc, e)), ENGINE_NAMES[e]) for e in OTHERS if med((doc, e))]
        if bp and others:
            fastest, who = min(others)
            rows.append(("%s: ≥ 4× faster than the fastest other" % title,
                         "%.1f× (briefpack %s, %s %s)" % (fastest / bp, fmt_time(bp), who,
                                                          fmt_time(fastest)),
                         yes(fastest / bp >= 4)))
        w = med((doc, "weasyprint"))
        if bp and w:
            rows.append(("%s: ≥ 40× faster than WeasyPrint" % title,
                         "%.1f× (WeasyPrint %s)" % (w / bp, fmt_time(w)), yes(w / bp >= 40)))
    a, c = med(("p60", "briefpack")), med(("p600", "briefpack"))
    if a and c:
        rows.append(("600 pages ≤ 11× the 60-page time",
                     "%.2f× (%s vs %s; pages %s vs %s)" % (
                         c / a, fmt_time(c), fmt_time(a),
                         R[("p600", "briefpack")].get("pages"),
                         R[("p60", "briefpack")].get("pages")), yes(c / a <= 11)))
    for doc, limit in (("p60", 30), ("p600", 60)):
        kib = R.get((doc, "briefpack"), {}).get("rss_kib")
        if kib:
            mb = kib * 1024 / 1e6
            rows.append(("Peak memory < %d MB at %s pages" % (limit, doc[1:]),
                         "%.1f MB" % mb, yes(mb < limit)))
    for doc, title in DOCS:
        bp, fl = med((doc, "briefpack")), med((doc, "floor"))
        if bp and fl:
            rows.append(("Within 1.5× of the Pango floor: %s" % title.lower(),
                         "%.2f× (floor %s)" % (bp / fl, fmt_time(fl)), yes(bp / fl <= 1.5)))
    j1, j2 = med("batch -j1"), med("batch -j2")
    if j1 and j2:
        rows.append(("Batch of %d: -j2 ≥ 1.8× faster than -j1" % BATCH,
                     "%.2f× (%s vs %s)" % (j1 / j2, fmt_time(j1), fmt_time(j2)),
                     yes(j1 / j2 >= 1.8) if j1 / j2 <= 2.0 else
                     "not known: over 2× on two workers means the load changed"))
    else:
        rows.append(("Batch of %d: -j2 ≥ 1.8× faster than -j1" % BATCH,
                     "not measured (%s)" % ("no -j in this version" if not b.jobs
                                            else "a batch run failed"), "–"))
    return rows


def loadavg():
    with open("/proc/loadavg") as f:
        return ", ".join(f.read().split()[:3])


def main(argv):
    build = argv[1] if len(argv) > 1 else "build"
    os.chdir(ROOT)
    for tool in ("hyperfine", "pdfinfo", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit("bench: %s is needed (tests/bench/bench.sh installs it)" % tool)
    b = Bench(build)
    for path in (b.bp, b.floor):
        if not os.access(path, os.X_OK):
            sys.exit("bench: %s is missing: run `make bench`" % path)
    state = os.path.join(b.work, "state.json")
    if os.environ.get("BENCH_REPORT_ONLY"):
        # Writes RESULTS.md again from the last run's measurements (to work on the report).
        with open(state) as f:
            saved = json.load(f)
        b.load(saved)
        write_report(b, *(datetime.datetime.fromisoformat(saved[k])
                          for k in ("started", "finished")), saved["load_start"],
                     saved["load_end"])
        return 0
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()
    log("started %s; load average %s" % (started.strftime("%Y-%m-%d %H:%M UTC"), load_start))
    b.available()
    for engine, why in b.have.items():
        if why:
            b.notes.append("%s: %s; its cases are marked as such." % (ENGINE_NAMES[engine],
                                                                      why))
            log("%s: %s" % (engine, why))
    b.inputs()
    b.renders()
    b.builds()
    b.callgrind()
    finished = datetime.datetime.now(datetime.timezone.utc)
    load_end = loadavg()
    with open(state, "w") as f:
        json.dump(dict(b.save(), started=started.isoformat(), finished=finished.isoformat(),
                       load_start=load_start, load_end=load_end), f)
    write_report(b, started, finished, load_start, load_end)
    log("took %.1f minutes" % ((finished - started).total_seconds() / 60))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
