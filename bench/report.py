#!/usr/bin/env python3
"""Writes the figures of one bench/run.sh run into docs/benchmarks.md, between the generated markers.

usage: report.py SIZE RESULTS_DIR MARKDOWN
"""
import datetime
import glob
import json
import os
import platform
import subprocess
import sys

size, results, markdown = sys.argv[1:4]
START, END = "<!-- generated:start -->", "<!-- generated:end -->"


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load(name):
    path = os.path.join(results, f"{name}.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    load_path = os.path.join(results, f"{name}.load")
    data["_load"] = open(load_path, encoding="utf-8").read().strip() if os.path.exists(load_path) else "?"
    return data


def ms(value):
    return "—" if value is None or value != value else f"{value:,.1f} ms"


def p(report, key, field):
    return None if report is None else report[key][field.lower()] if field.lower() in report[key] else report[key][field]


def pct(report, key):
    if report is None:
        return "not measured"
    d = report[key]
    get = lambda k: d.get(k, d.get(k.lower()))
    if not get("Count"):
        return "none delivered"
    return f"p50 {ms(get('P50'))}, p95 {ms(get('P95'))}, p99 {ms(get('P99'))}"


def lower_keys(d):
    """A nested record from the generator's JSON, with its keys' first letter lower case."""
    return {k[0].lower() + k[1:]: v for k, v in d.items()} if isinstance(d, dict) else None


def get(report, key, default=None):
    if report is None:
        return default
    return report.get(key, report.get(key[0].lower() + key[1:], default))


def pct_field(report, key, field):
    if report is None:
        return None
    d = get(report, key)
    return d.get(field, d.get(field.lower()))


def write_section(start, end, generated):
    """Puts GENERATED between the START and END markers of the markdown file (appended when they are missing)."""
    if os.path.exists(markdown):
        text = open(markdown, encoding="utf-8").read()
    else:
        text = "# Benchmarks\n\n" + start + "\n" + end + "\n"
    if start in text and end in text:
        text = text[: text.index(start)] + generated + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + generated + "\n"
    with open(markdown, "w", encoding="utf-8") as f:
        f.write(text)


def machine():
    meminfo = sh("free", "-g").splitlines()
    memory = meminfo[1].split()[1] + " GB" if len(meminfo) > 1 else "unknown"
    return (f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {memory} memory, "
            f"Linux `{platform.release()}`, .NET SDK {sh('dotnet', '--version')}")


def mb(value):
    return f"{value / 1024 / 1024:,.1f} MB"


def signed(value):
    return f"{value:+.1f} %"


def save_rows(sv, note=""):
    """The save path's two rows of "Against the targets"."""
    missing = "not measured" + (" (full size only)" if size == "smoke" else "")
    return [
        "| persisted edits/s through the full save path | ≥ 1,000/s, p99 ≤ 50 ms | %s | %s |" % (
            missing if sv is None else f"{sv['editsPerSecond']:,.0f}/s, p99 {ms(sv['p99'])} ({sv['concurrency']} concurrent editors){note}",
            "" if sv is None else sv["_load"]),
        "| 40 people editing one goal at once | p99 ≤ 100 ms, 0 lost | %s | %s |" % (
            missing if sv is None or "oneGoal" not in sv else f"p99 {ms(sv['oneGoal']['p99'])}, {sv['oneGoal']['lost']} lost of {sv['oneGoal']['edits']}{note}",
            "" if sv is None else sv["_load"]),
    ]


def save_paragraph(sv, note=""):
    og = sv.get("oneGoal", {})
    return (
        f"**save path**{note} (load before: {sv['_load']}): {sv['editsPerSecond']:,.0f} saves/s with {sv['concurrency']} concurrent editors on their own goals, "
        f"p50 {ms(sv['p50'])}, p99 {ms(sv['p99'])}, {sv.get('cpuMsPerSave', float('nan')):.2f} ms CPU per save"
        + (f", {sv['kbAllocatedPerSave']:,.1f} KB allocated and {sv['commandsPerSave']:.1f} SQL commands per save" if "commandsPerSave" in sv else "")
        + (f"; one editor alone: {sv['single']['editsPerSecond']:,.0f} saves/s, p99 {ms(sv['single']['p99'])}, {sv['single']['cpuMsPerSave']:.2f} ms CPU per save" if "single" in sv else "")
        + "; "
        f"{og.get('people')} people saving one goal's title at once: {og.get('saved')} saved, {og.get('conflicts')} came back as conflicts (shown to the person), "
        f"{og.get('lost')} lost, p50 {ms(og.get('p50'))}, p99 {ms(og.get('p99'))}")


if size == "saves":
    # The save path alone: its rows and paragraph in "Latest run" are replaced, each saying when it was
    # taken, and the other figures of that run stay.
    sv = load("saves")
    if sv is None:
        sys.exit("no save-path results")
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
    note = (f" (re-run alone with `bench/run.sh saves` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC "
            f"at `{commit}`{', with uncommitted changes' if dirty else ''})")
    text = open(markdown, encoding="utf-8").read()
    if START not in text or END not in text:
        sys.exit("docs/benchmarks.md has no latest run to update")
    head, rest = text.split(START, 1)
    section, tail = rest.split(END, 1)
    rows = save_rows(sv, note)
    out, seen = [], set()
    for line in section.split("\n"):
        if line.startswith("| persisted edits/s through the full save path |"):
            line = rows[0]
        elif line.startswith("| 40 people editing one goal at once |"):
            line = rows[1]
        elif line.startswith("**save path**"):
            line = save_paragraph(sv, note)
            seen.add("paragraph")
        out.append(line)
    if "paragraph" not in seen:
        at = out.index("### Circuit runs") if "### Circuit runs" in out else len(out)
        out[at + 2:at + 2] = [save_paragraph(sv, note), ""]
    with open(markdown, "w", encoding="utf-8") as f:
        f.write(head + START + "\n".join(out) + END + tail)
    sys.exit(0)


if size.startswith("cotype-"):
    # bench/cotype.sh: typists in one goal description (issue 21); only its own section is written.
    which = size.split("-", 1)[1]
    r = load("cotype")
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")

    def pctl(key):
        d = get(r, key) or {}
        if not d.get("Count", d.get("count")):
            return "none"
        f = lambda k: d.get(k, d.get(k.lower()))
        return f"p50 {ms(f('P50'))}, p95 {ms(f('P95'))}, p99 {ms(f('P99'))}, max {ms(f('Max'))}"

    def fmt_ms(v):
        return "—" if v is None else f"{v:.2f} ms"

    cpu = get(r, "ServerCpuMsPerKeystroke")
    cpu_viewer = get(r, "ServerCpuMsPerKeystrokePerViewer")
    share = get(r, "ServerCpuShareOfOneCore")
    p99 = pct_field(r, "KeystrokeToOtherScreen", "P99")
    out = [
        "<!-- cotype:start -->",
        f"## Co-typing: `bench/cotype.sh {which}`",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- commit: `{commit}`{' (with uncommitted changes)' if dirty else ''}",
        f"- machine: {machine()}",
        "- app: Release build, Development environment (demo data, bench endpoints), SQLite file, a fresh app; app and generator pinned to separate cores with `taskset`",
        "- typists: `--page cotype` in the generator, N real circuits on one goal page, each signed in as one of the four demo accounts that may edit, "
        "each clicking \"Edit description\", answering the editor's calls into co-text.js as the module does (attach, start, reset) and joining the text on "
        "the co-text hub (`/hubs/co-text`), whose group messages bring the others' operations, ordered by revision as the browser does; every keystroke "
        "inserts one character at the typist's caret and goes through the component's `Submit` (which answers with its ack) with ot.js's client logic (one "
        "operation in flight, the rest buffered and composed). Latency runs from the keystroke (so it includes waiting behind the operation in flight) to the "
        "hub message that brings it to each other typist's editor. At the end a late editor opens the text: every typist must hold exactly its text and revision",
        f"- warm-up: {get(r, 'WarmupSeconds', 0):.0f} s typed first at the same rate and left out of the figures except its own row: a freshly started app "
        "compiles its hot code again, optimised (tiered compilation), during its first minute or so of typing, on the same core",
        f"- load average (1, 5, 15 min) before the run: {r['_load'] if r else '?'}, after: {get(r, 'LoadAverageAfter', '?')} — above ~1 the machine was shared and the figures are pessimistic",
        "",
    ]
    if r is None:
        out += ["The run wrote no report.", ""]
    else:
        out += [
            "| figure | target | measured |",
            "| --- | --- | --- |",
            f"| keystroke → other screens p99, {get(r, 'TypistsReady')} typists × {get(r, 'KeystrokesPerSecondPerTypist'):.2f} keystrokes/s | ≤ 100 ms | {ms(p99)} |",
            f"| keystroke → other screens | | {pctl('KeystrokeToOtherScreen')} |",
            f"| the same during the {get(r, 'WarmupSeconds', 0):.0f} s of warm-up before (a freshly started app) | | {pctl('WarmupKeystrokeToOtherScreen')}; server CPU {fmt_ms(get(r, 'WarmupServerCpuMsPerKeystroke'))} per keystroke |",
            f"| keystroke → the last other screen | | {pctl('KeystrokeToLastOtherScreen')} |",
            f"| keystroke → own ack | | {pctl('KeystrokeToOwnAck')} |",
            f"| keystrokes typed / acknowledged / lost | 0 lost | {get(r, 'KeystrokesTyped'):,} / {get(r, 'KeystrokesAcknowledged'):,} / {get(r, 'KeystrokesLost'):,} (in {get(r, 'OperationsSent'):,} operations) |",
            f"| deliveries to other screens | all | {get(r, 'Delivered'):,} / {get(r, 'DeliveriesExpected'):,} |",
            f"| converged (every typist = the stored text) | yes | {'yes' if get(r, 'Converged') else 'NO'} ({get(r, 'TypistsDiverged')} differ; revision {get(r, 'ServerRevision'):,}, {get(r, 'ServerTextLength'):,} characters) |",
            f"| server CPU per keystroke | | {'—' if cpu is None else f'{cpu:.2f} ms'} |",
            f"| server CPU per keystroke per viewer | | {'—' if cpu_viewer is None else f'{cpu_viewer:.3f} ms'} ({'—' if share is None else f'{share:.0%}'} of one core while typing) |",
            f"| errors / connect errors / resends / pages opened again | 0 | {get(r, 'Errors')} / {get(r, 'ConnectErrors')} / {get(r, 'Retries')} / {get(r, 'PagesReopened', 0)} |",
            "",
        ]
    out.append("<!-- cotype:end -->")
    write_section("<!-- cotype:start -->", "<!-- cotype:end -->", "\n".join(out))
    sys.exit(0)


if size.startswith("watchers-"):
    # bench/watchers.sh: circuits against the live hub's watchers in one sitting; only its own section is written.
    which = size.split("-", 1)[1]
    names = ["circuit-200", "circuit-1000", "hub-200", "hub-1000", "hub-5000", "hub-held"]
    w = {name: load(name) for name in names + ["browser-wall"]}
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
    missing = "not measured"

    def errors(r):
        return get(r, "ConnectErrors", 0) + get(r, "CircuitErrors", 0) + get(r, "EditErrors", 0)

    def latency_row(name, field="ViewerLatency"):
        r = w[name]
        if r is None:
            return missing, ""
        socket = (f", at the watchers' sockets p99 {ms(pct_field(r, 'ViewerLatencyAtSocket', 'P99'))}"
                  if field == "ViewerLatency" and get(r, "ViewerLatencyAtSocket") else "")
        return (f"p99 {ms(pct_field(r, field, 'P99'))} ({get(r, 'ViewersConnected'):,} watchers, {get(r, 'EditsPerSecondAchieved'):.1f} edits/s, "
                f"{get(r, 'Delivered'):,}/{get(r, 'DeliveriesExpected'):,} delivered, {errors(r)} errors{socket})"), r["_load"]

    def per(r, key):
        v = get(r, key)
        return "—" if v is None else f"{v:,.1f} KB"

    held = w["hub-held"]
    view = next((get(r, "Scenario") for r in (w["hub-200"], w["hub-held"]) if r is not None), "the wall (hub)")
    out = [
        "<!-- watchers:start -->",
        f"## Watchers: `bench/watchers.sh {which}`",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- commit: `{commit}`{' (with uncommitted changes)' if dirty else ''}",
        f"- machine: {machine()}",
        "- app: Release build, Development environment (demo data, bench endpoints), SQLite file, a fresh app per run; app and generator pinned to separate cores with `taskset`",
        f"- watchers: `--page {view.split(' ')[0]}` in the generator, N SignalR connections to `/hubs/live` (JSON protocol, WebSockets without negotiate), "
        "each signed in as one of the five demo accounts, each joined to the view; circuits: `--page dashboard`. Every edit records a decision "
        "carrying a nonce, which all three pages show in \"Recent decisions\"; latency runs from just before the edit's request to the arrival of the "
        "update (or render batch) holding the nonce, so it includes the save",
        "- warm-up: before the watchers of each latency run join (not the held run), its app takes `BENCH_HUB_WARMUP_SECONDS` of edits at 20/s to 50 warm-up watchers, outside "
        "the figures (each run's paragraph below says how long); the runtime recompiles the hot code optimised during the first ~90 s of such traffic "
        "(docs/benchmarks-journal.md, section 42), so a run without it measures a freshly started app. The circuit runs start from a fresh app",
        "- heap per watcher is the growth of the server's heap after a forced GC (`/_bench/heap`) from before the watchers connect to after, "
        "divided by the watchers; working set likewise",
        "- load average (1, 5, 15 min) before each run is given beside it: above ~1 the machine was shared and the figures are pessimistic",
        "",
        "### Against the targets",
        "",
        "| target | goal | measured | load before |",
        "| --- | --- | --- | --- |",
        "| edit → watcher p99, 200 watchers × 20 edits/s | ≤ 12 ms | %s | %s |" % latency_row("hub-200"),
        "| same, 1,000 watchers × 10 edits/s | ≤ 55 ms | %s | %s |" % latency_row("hub-1000"),
        "| the last of 5,000 watchers, p99 over the edits | ≤ 300 ms | %s | %s |" % latency_row("hub-5000", "LastViewerLatency"),
    ]
    if held is None:
        out += ["| watchers held by one node | 20,000 | not measured | |", "| memory per watcher | ≤ 20 KB | not measured | |"]
    else:
        out += [
            f"| watchers held by one node | 20,000 | {get(held, 'StillConnected'):,} of {get(held, 'ViewersRequested'):,} asked still connected after "
            f"{get(held, 'HoldSeconds') or 0:.0f} s ({get(held, 'ViewersConnected'):,} joined at {get(held, 'CircuitsPerSecond'):,.0f}/s, {errors(held)} errors) | {held['_load']} |",
            f"| memory per watcher | ≤ 20 KB | heap {per(held, 'HeapPerCircuitKb')} after joining, {per(held, 'HeapPerWatcherAfterHoldKb')} after the hold; "
            f"working set {per(held, 'WorkingSetPerCircuitKb')} / {per(held, 'WorkingSetPerWatcherAfterHoldKb')} ({get(held, 'ViewersConnected'):,} watchers) | {held['_load']} |",
        ]
    br = w["browser-wall"]
    out.append("| browsers on the wall, edit → screen p99 | 20 browsers | %s | %s |" % (
        missing if br is None else f"p99 {ms(br.get('p99'))} ({br.get('observers')} Chromium pages, {br.get('count')} samples, {br.get('missing')} not seen)",
        "" if br is None else br["_load"]))
    out += [
        "",
        "### Circuits and watchers side by side",
        "",
        "| run | path | viewers | edits/s | edit → viewer p50 / p99 | last viewer p99 | heap per viewer | working set per viewer | server CPU per edit | errors | load before |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in names:
        r = w[name]
        if r is None:
            continue
        cpu = get(r, "ServerCpuMsPerEdit")
        out.append(
            f"| {name} | {get(r, 'Scenario')} | {get(r, 'ViewersConnected'):,}/{get(r, 'ViewersRequested'):,} | {get(r, 'EditsPerSecondAchieved'):.1f} | "
            f"{ms(pct_field(r, 'ViewerLatency', 'P50'))} / {ms(pct_field(r, 'ViewerLatency', 'P99'))} | {ms(pct_field(r, 'LastViewerLatency', 'P99'))} | "
            f"{per(r, 'HeapPerCircuitKb')} | {per(r, 'WorkingSetPerCircuitKb')} | "
            + ("—" if cpu is None else f"{cpu:,.1f} ms ({cpu * 1000 / max(1, get(r, 'ViewersConnected')):,.0f} µs per viewer)")
            + f" | {errors(r)} | {r['_load']} |")
    out.append("")
    for name in names:
        r = w[name]
        if r is None:
            continue
        hub = get(r, "Transport") == "hub"
        unit = "watchers" if hub else "circuits"
        gc = lower_keys(get(r, "EditPhaseGc"))
        out += [
            f"**{name}** (load before: {r['_load']}): {get(r, 'ViewersConnected')}/{get(r, 'ViewersRequested')} {unit} on the {get(r, 'Scenario')} "
            f"connected in {get(r, 'ConnectSeconds'):.1f} s ({get(r, 'CircuitsPerSecond'):.1f}/s), {get(r, 'ConnectErrors')} connect errors, "
            f"{get(r, 'CircuitErrors')} {unit[:-1]} errors; {get(r, 'EditsSent')} edits at {get(r, 'EditsPerSecondAchieved'):.1f}/s "
            f"({get(r, 'EditErrors')} refused), save round trip {pct(r, 'SaveLatency')}; {get(r, 'Delivered')}/{get(r, 'DeliveriesExpected')} delivered "
            f"({get(r, 'Superseded')} superseded, {get(r, 'Missing')} missing); edit → viewer {pct(r, 'ViewerLatency')}; edit → last viewer {pct(r, 'LastViewerLatency')}; "
            + (f"at the watchers' sockets, before this generator's client parsed the update: {pct(r, 'ViewerLatencyAtSocket')}; " if get(r, "ViewerLatencyAtSocket") else "")
            + (f"{get(r, 'RenderBatchesPerViewerPerEdit'):.2f} updates and {get(r, 'RenderBytesPerViewerPerEdit'):,.0f} characters of fragments per watcher per edit"
               if hub else f"{get(r, 'RenderBatchesPerViewerPerEdit'):.2f} render batches and {get(r, 'RenderBytesPerViewerPerEdit'):,.0f} bytes per viewer per edit")
            + (f"; server GC during the edits: {gc['gen0']} gen0 / {gc['gen1']} gen1 / {gc['gen2']} gen2 collections, {gc['pauseMilliseconds']:,.0f} ms paused, "
               f"{gc['allocatedBytesPerViewerPerEdit'] / 1024:,.1f} KB allocated per viewer per edit" if gc else "")
            + (f"; held {get(r, 'HoldSeconds'):.0f} s, {get(r, 'StillConnected')} still connected" if get(r, "HoldSeconds") is not None else "")
            + (f"; after {get(r, 'WarmupEditSeconds'):.0f} s of warm-up edits" if get(r, "WarmupEditSeconds", 0) else "; from a freshly started app"),
            "",
        ]
        samples = get(r, "ErrorSamples") or []
        if samples:
            out += ["First errors:", ""] + [f"- `{e}`" for e in samples[:5]] + [""]
    out.append("<!-- watchers:end -->")
    write_section("<!-- watchers:start -->", "<!-- watchers:end -->", "\n".join(out))
    sys.exit(0)


if size == "soak":
    # The soak writes its own section only, so the figures of the last smoke or full run stay.
    r = load("soak")
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
    out = ["<!-- soak:start -->", "## Soak: `bench/run.sh soak`", ""]
    if r is None:
        out += ["The soak run did not finish (no report).", ""]
    else:
        samples = get(r, "Samples")
        minutes = get(r, "SoakMinutes")
        circuits = get(r, "CircuitsRequested")
        loads = [float(get(s, "LoadAverage").split()[0]) for s in samples if get(s, "LoadAverage", "?") != "?"]
        drift = get(r, "DriftPercent")
        max_drift = get(r, "MaxDriftPercent")
        out += [
            f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC (the run's end)",
            f"- commit: `{commit}`{' (with uncommitted changes)' if dirty else ''}",
            f"- machine: {machine()}",
            f"- command: `bench/run.sh soak`, i.e. the generator with `--soak {minutes:.0f} --viewers {circuits} "
            f"--churn-per-second {get(r, 'ChurnPerSecondRequested'):g} --rate 1 --sample-seconds 60 --settle 60 --warmup 20 --connect-concurrency 16` "
            "against a fresh app (Release, Development environment, demo data, SQLite file) pinned to one core, the generator to the other",
            f"- load average before the run: {r['_load']}; 1-minute load average at the samples: "
            + (f"{min(loads):.1f}–{max(loads):.1f} (mean {sum(loads) / len(loads):.1f})" if loads else "not read"),
            "- circuits are closed as a browser leaving the page closes them (connection stopped, then `POST _blazor/disconnect`), so the "
            "server disposes each at once and none waits in the disconnected-circuit cache (`DisconnectedCircuitRetentionPeriod`, "
            "`DisconnectedCircuitMaxRetained`); the server's own count of open circuits in every sample shows it",
            "- heap is `GC.GetTotalMemory(true)` on the server (`/_bench/heap`, a forced full collection), working set is the process's",
            "",
            "| target | goal | measured |",
            "| --- | --- | --- |",
            f"| heap drift over {minutes:.0f} minutes of circuit churn at {circuits:,} circuits | ≤ 10 % | {signed(drift)} "
            f"({mb(get(r, 'BaselineHeapBytes'))} at the baseline → {mb(get(r, 'LastOpenHeapBytes'))} at the end, {circuits:,} open; "
            f"largest sample {signed(max_drift)}): {'met' if drift <= 10 else 'not met'} |",
            f"| heap once every circuit is closed, against before any opened (leak check) | back to where it started | "
            f"{mb(get(r, 'HeapBeforeBytes'))} → {mb(get(r, 'HeapAfterCloseBytes'))} ({signed(get(r, 'LeakPercent'))}), "
            f"{get(r, 'ServerCircuitsAfterClose')} circuits left on the server |",
            "",
            f"{get(r, 'CircuitsReady')}/{circuits} circuits ready in {get(r, 'ConnectSeconds'):.1f} s; over {minutes:.1f} minutes "
            f"{get(r, 'CircuitsOpened'):,} circuits opened and {get(r, 'CircuitsClosed'):,} closed in all (warm-up and the final close included), "
            f"replaced at {get(r, 'ChurnPerSecondAchieved'):.2f}/s (asked {get(r, 'ChurnPerSecondRequested'):g}/s), "
            f"{get(r, 'ClosedBeforeReady')} closed before they showed the page; errors: {get(r, 'ConnectErrors')} connect, "
            f"{get(r, 'CloseErrors')} close, {get(r, 'CircuitErrors')} circuit, {get(r, 'EditErrors')} edit; "
            f"{get(r, 'EditsSent'):,} edits (1/s), edit → viewer {pct(r, 'EditToViewer')}.",
            "",
            "| sample | minute | heap | working set | circuits on the server | held by the generator | opened so far | closed so far | errors | load (1, 5, 15 min) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for smp in samples:
            out.append(f"| {get(smp, 'Phase')} | {get(smp, 'Minutes'):.1f} | {mb(get(smp, 'HeapBytes'))} | {mb(get(smp, 'WorkingSetBytes'))} | "
                       f"{get(smp, 'ServerCircuits')} | {get(smp, 'ClientCircuits')} | {get(smp, 'Opened'):,} | {get(smp, 'Closed'):,} | "
                       f"{get(smp, 'Errors')} | {get(smp, 'LoadAverage')} |")
        out.append("")
        errors = get(r, "ErrorSamples") or []
        if errors:
            out += ["First errors:", ""] + [f"- `{e}`" for e in errors[:10]] + [""]
    out.append("<!-- soak:end -->")
    write_section("<!-- soak:start -->", "<!-- soak:end -->", "\n".join(out))
    sys.exit(0)


CIRCUIT_RUNS = ["fanout-100", "fanout-100-uncompressed", "fanout-200", "fanout-1000", "broadcast",
                "dashboard-100", "dashboard-1000", "workshop-40", "workshop-40-fast"]
runs = {name: load(name) for name in CIRCUIT_RUNS + ["browser", "saves"]}
meminfo = sh("free", "-g").splitlines()
memory = meminfo[1].split()[1] + " GB" if len(meminfo) > 1 else "unknown"
commit = sh("git", "rev-parse", "--short", "HEAD")
dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
lines = [
    START,
    f"## Latest run: `bench/run.sh {size}`",
    "",
    f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
    f"- commit: `{commit}`{' (with uncommitted changes)' if dirty else ''}",
    f"- machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), {memory} memory, Linux `{platform.release()}`, .NET SDK {sh('dotnet', '--version')}",
    "- app: Release build, Development environment (demo data, bench endpoints), SQLite file; app and generator pinned to separate cores with `taskset`",
    "- load average (1, 5, 15 min) before each run is given beside it: above ~1 the machine was shared and the figures are pessimistic",
    "",
    "### Against the targets",
    "",
    "| target | goal | measured | load before |",
    "| --- | --- | --- | --- |",
]


def heap_row():
    best = next((r for r in (runs["fanout-1000"], runs["fanout-200"], runs["fanout-100"]) if get(r, "HeapPerCircuitKb") is not None), None)
    if best is None:
        return "not measured", ""
    return f"{get(best, 'HeapPerCircuitKb'):,.0f} KB per circuit on the goal page ({get(best, 'ViewersConnected')} circuits, after a forced GC)", best["_load"]


def viewers_row(run):
    r = runs[run]
    if r is None:
        return "not measured" + (" (full size only)" if size == "smoke" else ""), ""
    return (f"p99 {ms(pct_field(r, 'ViewerLatency', 'P99'))} ({get(r, 'ViewersConnected')} viewers, {get(r, 'EditsPerSecondAchieved'):.1f} edits/s, "
            f"{get(r, 'Delivered')}/{get(r, 'DeliveriesExpected')} delivered, {get(r, 'CircuitErrors') + get(r, 'ConnectErrors')} errors)"), r["_load"]


heap, heap_load = heap_row()
lines.append(f"| heap per idle circuit on the goals page | ≤ 120 KB | {heap} | {heap_load} |")
b = runs["broadcast"]
if b is None:
    lines.append(f"| live circuits held by one node, 0 errors | 10,000 | not measured{' (full size only)' if size == 'smoke' else ''} | |")
else:
    lines.append(f"| live circuits held by one node, 0 errors | 10,000 | {get(b, 'ViewersConnected')} held (the most tried), {get(b, 'ConnectErrors') + get(b, 'CircuitErrors')} errors | {b['_load']} |")
lines.append("| edit → other viewers p99, 200 viewers × 20 edits/s | ≤ 30 ms | %s | %s |" % viewers_row("fanout-200"))
lines.append("| same, 1,000 viewers × 10 edits/s | ≤ 150 ms | %s | %s |" % viewers_row("fanout-1000"))
if b is None:
    lines.append(f"| broadcast to 5,000 viewers, last viewer p99 | ≤ 500 ms | not measured{' (full size only)' if size == 'smoke' else ''} | |")
else:
    lines.append(f"| broadcast to 5,000 viewers, last viewer p99 | ≤ 500 ms | p99 {ms(pct_field(b, 'LastViewerLatency', 'P99'))} ({get(b, 'ViewersConnected')} viewers) | {b['_load']} |")
br = runs["browser"]
lines.append("| browser edit → screen p99, 20 observers | ≤ 50 ms | %s | %s |" % (
    ("not measured" + (" (full size only)" if size == "smoke" else "")) if br is None else f"p99 {ms(br.get('p99'))} ({br.get('observers')} observers, {br.get('count')} samples)",
    "" if br is None else br["_load"]))
lines += save_rows(runs["saves"])
micro = sorted(glob.glob(os.path.join(results, "bdn", "results", "*-report-full-compressed.json")) +
               glob.glob(os.path.join(results, "bdn", "results", "*-report-full.json")))
micro_load = open(os.path.join(results, "micro.load"), encoding="utf-8").read().strip() if os.path.exists(os.path.join(results, "micro.load")) else ""
micro_benches = []
for path in micro:
    with open(path, encoding="utf-8") as f:
        micro_benches += json.load(f).get("Benchmarks", [])


def micro_mean(type_name, method, parameters):
    for bench in micro_benches:
        if bench.get("Type") == type_name and bench.get("Method") == method and bench.get("Parameters") == parameters:
            mean = (bench.get("Statistics") or {}).get("Mean")
            return ms(mean / 1e6) if mean else None
    return None


dash = {goals: micro_mean("DashboardRender", method, f"Goals={goals}") for goals in (1000, 10000) for method in ("Render",)}
every = micro_mean("DashboardRender", "RenderEveryRow", "Goals=1000")
if dash[1000] is None and dash[10000] is None:
    lines.append("| dashboard server render, 1,000 goals / 10,000 virtualised | ≤ 10 ms / ≤ 5 ms | not measured | |")
else:
    lines.append(f"| dashboard server render, 1,000 goals / 10,000 virtualised | ≤ 10 ms / ≤ 5 ms | {dash[1000] or '—'} / {dash[10000] or '—'} (mean, goals and indicators tables virtualised as on the page); "
                 f"the goals table with all 1,000 rows, as printed: {every or '—'} | {micro_load} |")

lines += ["", "### Circuit runs", ""]
any_run = False
for name in CIRCUIT_RUNS:
    r = runs[name]
    if r is None:
        continue
    any_run = True
    lines += [
        f"**{name}** (load before: {r['_load']}): {get(r, 'ViewersConnected')}/{get(r, 'ViewersRequested')} circuits on the {get(r, 'Scenario')} "
        f"connected in {get(r, 'ConnectSeconds'):.1f} s ({get(r, 'CircuitsPerSecond'):.1f}/s), {get(r, 'ConnectErrors')} connect errors, {get(r, 'CircuitErrors')} circuit errors; "
        f"{get(r, 'EditsSent')} edits at {get(r, 'EditsPerSecondAchieved'):.1f}/s ({get(r, 'EditErrors')} refused), save round trip {pct(r, 'SaveLatency')}; "
        f"{get(r, 'Delivered')}/{get(r, 'DeliveriesExpected')} delivered ({get(r, 'Superseded')} superseded, {get(r, 'Missing')} missing); "
        f"edit → viewer {pct(r, 'ViewerLatency')}; edit → last viewer {pct(r, 'LastViewerLatency')}; "
        f"{get(r, 'RenderBatchesPerViewerPerEdit'):.2f} render batches and {get(r, 'RenderBytesPerViewerPerEdit'):,.0f} bytes per viewer per edit"
        + (f"; heap {get(r, 'HeapPerCircuitKb'):,.0f} KB and working set {get(r, 'WorkingSetPerCircuitKb') or 0:,.0f} KB per circuit" if get(r, 'HeapPerCircuitKb') is not None else "")
        + (f"; server CPU {get(r, 'ServerCpuMsPerEdit'):,.1f} ms per edit ({get(r, 'ServerCpuMsPerEdit') * 1000 / max(1, get(r, 'ViewersConnected')):,.0f} µs per viewer)" if get(r, 'ServerCpuMsPerEdit') is not None else "")
        + (f"; server GC during the edits: {gc['gen0']} gen0 / {gc['gen1']} gen1 / {gc['gen2']} gen2 collections, {gc['pauseMilliseconds']:,.0f} ms paused, {gc['allocatedBytesPerViewerPerEdit'] / 1024:,.1f} KB allocated per viewer per edit" if (gc := lower_keys(get(r, 'EditPhaseGc'))) else "")
        + (f"; edits started {get(r, 'SettleSeconds'):.0f} s after connecting, " + ("once the server was quiet" if get(r, 'Settled') else "with the server still busy") if get(r, 'SettleSeconds') is not None else ""),
        "",
    ]
if runs["saves"] is not None:
    lines += [save_paragraph(runs["saves"]), ""]
if not any_run:
    lines += ["No circuit run finished.", ""]

if micro_benches:
    lines += ["### Micro-benchmarks (BenchmarkDotNet, short job; the smoke size runs the dashboard render only)", "", f"Load before: {micro_load or '?'}.", "",
              "| benchmark | mean | p95 | allocated |", "| --- | --- | --- | --- |"]
    seen = set()
    for bench in micro_benches:
        title = bench.get("DisplayInfo") or bench.get("FullName")
        if title in seen:
            continue
        seen.add(title)
        stats = bench.get("Statistics") or {}
        mem = bench.get("Memory") or {}
        mean = stats.get("Mean")
        p95 = (stats.get("Percentiles") or {}).get("P95")
        alloc = mem.get("BytesAllocatedPerOperation")
        lines.append(f"| {title} | {ms(mean / 1e6) if mean else '—'} | {ms(p95 / 1e6) if p95 else '—'} | {f'{alloc / 1024:,.1f} KB' if alloc is not None else '—'} |")
    lines.append("")
elif size == "full":
    lines += ["### Micro-benchmarks", "", "Not measured in this run.", ""]

lines.append(END)
generated = "\n".join(lines)

write_section(START, END, generated)
