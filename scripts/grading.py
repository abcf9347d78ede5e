"""The instructor scripts' Python side (scripts/grade.mjs runs it with the project's Python):

  grading.py paths                  the course folders, as JSON
  grading.py check-release ID...    checks the released notebooks of assignments, as JSON
  grading.py nbgrader [--jobs N] STEP ID... [-- ARGS]   nbgrader's generate_assignment, autograde
                                    or generate_feedback on each assignment, in this one process
                                    (importing nbgrader takes seconds), or generate_feedback in N
                                    forked workers; JSON: the ids that failed
  grading.py autograde-pairs --jobs N STUDENT/ID... [-- ARGS]   nbgrader autograde of each
                                    submission, in N worker processes side by side, then a check
                                    that the gradebook holds every score; JSON: what failed
  grading.py check-scores STUDENT/ID...   that check alone; JSON: the differences
  grading.py report [--out DIR]     writes grades.csv and tests.csv from the gradebook
  grading.py learner-copies         makes learner copies (scripts/workspace.mjs): JSON jobs on stdin
  grading.py solutions FILE         the solution cells of a course notebook, as JSON (scripts/solution.mjs)

The course's settings come from nbgrader_config.py, so folders and delimiters have one source of
truth. Only `nbgrader`, `autograde-pairs` and `report` import nbgrader (slow to import); the others
need just the config.
"""
import argparse
import csv
import functools
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=ROOT).load_config()


def course_paths(config):
    """The course folders: CourseDirectory's settings and defaults, read without importing nbgrader."""
    course = config.CourseDirectory
    root = os.path.abspath(course.get("root", os.getcwd()))
    folder = lambda key, default: os.path.join(root, course.get(key, default))  # noqa: E731
    return {
        "root": root,
        "course_id": course.get("course_id", ""),
        "db_url": course.get("db_url", "sqlite:///" + os.path.join(root, "gradebook.db")),
        "source": folder("source_directory", "source"),
        "release": folder("release_directory", "release"),
        "submitted": folder("submitted_directory", "submitted"),
        "autograded": folder("autograded_directory", "autograded"),
        "feedback": folder("feedback_directory", "feedback"),
        "reports": os.path.join(root, "reports"),
    }


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def check_release(config, assignment):
    """Looks at every released notebook of an assignment: each exercise shows the stub, and no
    solution or hidden-test delimiter is left (nbgrader removes the regions with their markers).
    One result per notebook, with the assignment it belongs to."""
    import nbformat

    paths = course_paths(config)
    stub = config.ClearSolutions.code_stub["typescript"]
    markers = [
        config.ClearSolutions.begin_solution_delimeter,
        config.ClearSolutions.end_solution_delimeter,
        config.ClearHiddenTests.begin_test_delimeter,
        config.ClearHiddenTests.end_test_delimeter,
    ]
    folder = os.path.join(paths["release"], assignment)
    results = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        nb = nbformat.read(os.path.join(folder, name), as_version=4)
        problems = []
        exercises = tests = 0
        points = 0.0
        for index, cell in enumerate(nb.cells):
            meta = _nbgrader(cell)
            for marker in markers:
                if marker.lstrip("/# ") in cell.source:
                    problems.append(f"cell {index} still contains {marker!r}")
            if meta.get("solution"):
                exercises += 1
                lines = [line.strip() for line in cell.source.split("\n")]
                if not all(line.strip() in lines for line in stub.split("\n")):
                    problems.append(f"cell {index} ({meta.get('grade_id')}) does not show the stub")
            if meta.get("grade"):
                tests += 1
                points += float(meta.get("points", 0))
        results.append({"assignment": assignment, "notebook": name, "exercises": exercises, "tests": tests, "points": points, "problems": problems})
    return results


# The steps of nbgrader's generate_assignment that shape what a student gets, in its order, without
# the ones that need a gradebook (SaveCells) or a header file: a learner copy in workspace/ is what
# `npm run grade:release` gives a student (test/grading/workspace.test.ts compares them).
LEARNER_STEPS = [
    "LockCells",
    "ClearSolutions",
    "ClearOutput",
    "CheckCellMetadata",
    "ComputeChecksums",
    "ClearHiddenTests",
    "ClearMarkScheme",
    "ComputeChecksums",
    "CheckCellMetadata",
]


def learner_copies(config, jobs):
    """Writes a learner copy for each job {source, dest, notice?}: the source notebook through
    LEARNER_STEPS, with `notice` (markdown) as a first cell when given. Each file is written next
    to its destination first and renamed into place, so a copy is never half-written."""
    import nbformat
    from nbformat.v4 import new_markdown_cell
    from nbgrader import preprocessors

    steps = [getattr(preprocessors, name)(config=config) for name in LEARNER_STEPS]
    for job in jobs:
        nb = nbformat.read(job["source"], as_version=4)
        resources = {}
        for step in steps:
            nb, resources = step.preprocess(nb, resources)
        if job.get("notice"):
            nb.cells.insert(0, new_markdown_cell(job["notice"], id="gradlab-course-update"))
        tmp = job["dest"] + ".tmp"
        nbformat.write(nb, tmp)
        os.replace(tmp, job["dest"])
    return {"written": len(jobs)}


def solutions(config, notebook):
    """The solution cells of an instructor notebook: grade id, cell index and the cell's text with
    the solution delimiter lines taken out (what a learner's cell looks like when answered)."""
    import nbformat

    delimiters = {config.ClearSolutions.begin_solution_delimeter, config.ClearSolutions.end_solution_delimeter}
    nb = nbformat.read(notebook, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not _nbgrader(cell).get("solution"):
            continue
        lines = [line for line in cell.source.split("\n") if line.strip() not in delimiters]
        found.append({"grade_id": _nbgrader(cell).get("grade_id"), "cell": index, "source": "\n".join(lines)})
    return found


@functools.lru_cache(maxsize=None)
def _grade_order_cached(file):
    import nbformat

    if not os.path.exists(file):
        return {}
    nb = nbformat.read(file, as_version=4)
    ids = [_nbgrader(c).get("grade_id") for c in nb.cells if _nbgrader(c).get("grade")]
    return {grade_id: i for i, grade_id in enumerate(ids)}


def _grade_order(paths, assignment, notebook):
    """Grade ids in the order of their cells in the source notebook."""
    return _grade_order_cached(os.path.join(paths["source"], assignment, notebook + ".ipynb"))


# The nbgrader steps `nbgrader` runs, by the name of its command.
NBGRADER_APPS = {
    "generate_assignment": ("nbgrader.apps.generateassignmentapp", "GenerateAssignmentApp"),
    "autograde": ("nbgrader.apps.autogradeapp", "AutogradeApp"),
    "generate_feedback": ("nbgrader.apps.generatefeedbackapp", "GenerateFeedbackApp"),
}


def _forked_map(workers, fn, jobs, lost, initializer=None, initargs=()):
    """fn(*args) for each (name, args) of jobs, in `workers` processes forked from this one (what
    it imported, nbgrader above all, comes along); the results in the order of jobs. A job whose
    worker process died (killed, out of memory) gives lost(name)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    sys.stdout.flush()
    sys.stderr.flush()
    fork = multiprocessing.get_context("fork")
    results = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=fork, initializer=initializer, initargs=initargs) as pool:
        futures = [(name, pool.submit(fn, *args)) for name, args in jobs]
        for name, future in futures:
            try:
                results.append(future.result())
            except BrokenProcessPool:
                results.append(lost(name))
    return results


def run_nbgrader(step, assignments, args, jobs=1):
    """`nbgrader STEP ID ARGS` for each assignment, as nbgrader's command line runs it (a fresh app
    reads nbgrader_config.py and ARGS each time), in this one process, or with jobs > 1 (feedback
    only: it reads the gradebook and writes each assignment's own folders) in that many worker
    processes forked once nbgrader is imported. Returns the ids it failed on."""
    import importlib

    module, name = NBGRADER_APPS[step]
    app_class = getattr(importlib.import_module(module), name)
    workers = min(jobs, len(assignments))
    if workers > 1:
        if step != "generate_feedback":
            raise SystemExit(f"--jobs is for generate_feedback only (every other step writes the gradebook); got {step}")

        def lost(assignment):
            _say(f"[grade] a worker process ended before nbgrader {step} {assignment} was done")
            return [assignment]

        results = _forked_map(workers, run_nbgrader, [(a, (step, [a], args)) for a in assignments], lost)
        return [assignment for failed in results for assignment in failed]
    failed = []
    for assignment in assignments:
        print(f"[grade] nbgrader {' '.join([step, assignment, *args])}", file=sys.stderr, flush=True)
        app_class.clear_instance()
        app = app_class.instance()
        try:
            app.initialize([assignment, *args])
            app.start()
        except SystemExit as stop:  # nbgrader's apps exit 1 when a step fails
            if stop.code not in (None, 0):
                failed.append(assignment)
        finally:
            sys.stderr.flush()
    return failed


def _autograde_one(assignment, student, args):
    """`nbgrader autograde ASSIGNMENT --student STUDENT ARGS` in this process, as run_nbgrader runs
    a step. When it fails because SQLite reported the gradebook locked (another worker writing for
    longer than the busy timeout of nbgrader_config.py's db_url), nbgrader has removed the
    submission's autograded files, and it is graded again, up to LOCK_ATTEMPTS times in all.
    Returns {"pair": "student/assignment", "ok": bool, "attempts": n, "locked": bool}."""
    import logging
    import time
    import traceback

    from nbgrader.apps.autogradeapp import AutogradeApp

    class LockSeen(logging.Handler):
        seen = False

        def emit(self, record):
            text = record.getMessage() + (record.exc_text or "")
            if "database is locked" in text:
                self.seen = True

    pair = f"{student}/{assignment}"
    worker = f"worker {_WORKER}: " if _WORKER else ""
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        _say(f"[grade] {worker}nbgrader autograde {' '.join([assignment, '--student', student, *args])}")
        lock = LockSeen()
        code = 0
        AutogradeApp.clear_instance()
        app = AutogradeApp.instance()
        try:
            app.initialize([assignment, "--student", student, *args])
            app.log.addHandler(lock)
            app.start()
        except SystemExit as stop:  # nbgrader's apps exit 1 when a step fails
            code = stop.code or 0
        except Exception:  # noqa: BLE001 (an unexpected error fails this submission, not the others)
            _say(traceback.format_exc().rstrip())
            code = 1
            lock.seen = lock.seen or "database is locked" in traceback.format_exc()
        finally:
            app.log.removeHandler(lock)
            sys.stderr.flush()
        if code == 0:
            return {"pair": pair, "ok": True, "attempts": attempt, "locked": False}
        if not lock.seen:
            break
        if attempt < LOCK_ATTEMPTS:
            _say(f"[grade] the gradebook was locked while grading {pair}; grading it again")
            time.sleep(attempt)
    return {"pair": pair, "ok": False, "attempts": attempt, "locked": lock.seen}


def _say(line):
    """A line on stderr in one write: workers share the terminal, and a line written in pieces
    (print writes the text and its newline apart) can be cut by another worker's line."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


# How many times a submission is graded when SQLite keeps reporting the gradebook locked.
LOCK_ATTEMPTS = 3
# The number of this worker process (1, 2, ...), named in its log lines; 0 when grading in-process.
_WORKER = 0


def _start_worker(counter):
    global _WORKER
    with counter.get_lock():
        counter.value += 1
        _WORKER = counter.value


def _register_students(paths, students):
    """Adds the students to the gradebook as autograde does (update_or_create_student, no names),
    here once, before the workers start: two workers grading one student's assignments would both
    try to add the student. A student another process added meanwhile is found on the next try."""
    from nbgrader.api import Gradebook, InvalidEntry

    for attempt in range(3):
        gb = Gradebook(paths["db_url"], paths["course_id"])
        try:
            for student in sorted(students):
                gb.update_or_create_student(student)
            return
        except InvalidEntry:
            gb.db.rollback()
            if attempt == 2:
                raise
        finally:
            gb.close()
            # No connection carried into the worker processes (SQLite forbids that across fork).
            gb.engine.dispose()


def unsaved_scores(paths, pairs):
    """Checks the gradebook against the autograded notebooks of submissions graded without error:
    every test cell's score in the notebook (what nbgrader's SaveAutoGrades computes from its
    outputs) must be the gradebook's auto score of that cell. Returns one line per difference, so
    a score a worker did not get into the gradebook cannot go unnoticed."""
    import nbformat
    from nbgrader import utils
    from nbgrader.api import Gradebook, MissingEntry

    problems = []
    with Gradebook(paths["db_url"], paths["course_id"]) as gb:
        for pair in pairs:
            student, assignment = pair.split("/")
            folder = os.path.join(paths["autograded"], student, assignment)
            names = sorted(n for n in os.listdir(folder) if n.endswith(".ipynb")) if os.path.isdir(folder) else []
            if not names:
                problems.append(f"{pair}: no autograded notebook")
            for name in names:
                notebook = name[: -len(".ipynb")]
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    nb = nbformat.from_dict(json.load(f))
                try:
                    saved = {g.name: g.auto_score for g in gb.find_submission_notebook(notebook, assignment, student).grades}
                except MissingEntry:
                    problems.append(f"{pair}: {notebook} is not in the gradebook")
                    continue
                for cell in nb.cells:
                    if not utils.is_grade(cell):
                        continue
                    grade_id = _nbgrader(cell).get("grade_id")
                    score, _ = utils.determine_grade(cell)
                    if grade_id not in saved:
                        problems.append(f"{pair}: {notebook} {grade_id} has no row in the gradebook")
                    elif saved[grade_id] != score:
                        said = lambda value: "no score" if value is None else _number(value)  # noqa: E731
                        problems.append(f"{pair}: {notebook} {grade_id} scores {said(score)} in the notebook, {said(saved[grade_id])} in the gradebook")
        gb.engine.dispose()
    return problems


def autograde_pairs(pairs, jobs, args):
    """Autogrades submissions ("student/assignment") in `jobs` worker processes side by side, each
    submission by itself (`nbgrader autograde ASSIGNMENT --student STUDENT ARGS`, as serial grading
    runs it), then checks that the gradebook has every score the autograded notebooks show. The
    workers are forked from this process once nbgrader is imported (seconds saved per worker); each
    writes only the gradebook rows of the submissions it grades, and SQLite's busy timeout (the
    db_url of nbgrader_config.py) makes a worker wait while another writes.
    Returns {"failed": [assignment ids], "failed_pairs": [...], "unsaved": [...]}."""
    import importlib

    importlib.import_module("nbgrader.apps.autogradeapp")
    paths = course_paths(load_config())
    _register_students(paths, {pair.split("/")[0] for pair in pairs})
    results = []
    workers = min(jobs, len(pairs))
    if workers <= 1:
        results = [_autograde_one(*reversed(pair.split("/")), args) for pair in pairs]
    else:
        import multiprocessing

        def lost(pair):
            # A worker process died (killed, out of memory): its submissions are not graded.
            _say(f"[grade] a worker process ended before it graded {pair}")
            return {"pair": pair, "ok": False, "attempts": 0, "locked": False}

        counter = multiprocessing.get_context("fork").Value("i", 0)
        tasks = [(pair, (*reversed(pair.split("/")), args)) for pair in pairs]
        results = _forked_map(workers, _autograde_one, tasks, lost, initializer=_start_worker, initargs=(counter,))
    failed_pairs = [r["pair"] for r in results if not r["ok"]]
    graded = [r["pair"] for r in results if r["ok"]]
    return {
        "failed": sorted({pair.split("/")[1] for pair in failed_pairs}),
        "failed_pairs": failed_pairs,
        "unsaved": unsaved_scores(paths, graded),
    }


def _number(value):
    return "" if value is None else f"{value:g}"


# The flags of the score table (README, "What the flags mean"), in the order they are shown.
FLAGS = {
    "deleted": "the test cell was missing from the submission; nbgrader put it back from the release and ran it",
    "edited": "the student changed this read-only test cell; the original from the release was run instead",
    "timeout": "a cell ran longer than the per-cell limit and was stopped (score 0)",
    "manual": "nbgrader could not score this cell automatically; grade it by hand (Formgrader) or autograde again",
}


@functools.lru_cache(maxsize=None)
def _cells_by_id(file):
    """Grade id -> cell of a notebook file (read once per report: every test cell of a submission asks)."""
    import nbformat

    if not os.path.exists(file):
        return None
    nb = nbformat.read(file, as_version=4)
    return {_nbgrader(c).get("grade_id"): c for c in nb.cells if _nbgrader(c).get("grade_id")}


def _flags(gb, paths, student, assignment, notebook, grade):
    """What the instructor should know about one test cell of one submission (see FLAGS)."""
    from nbgrader.utils import compute_checksum

    flags = []
    submitted = _cells_by_id(os.path.join(paths["submitted"], student, assignment, notebook + ".ipynb"))
    released = _cells_by_id(os.path.join(paths["release"], assignment, notebook + ".ipynb")) or {}
    if submitted is not None:
        cell = submitted.get(grade.name)
        if cell is None:
            flags.append("deleted")
        elif grade.name in released and _is_locked(released[grade.name]):
            # Against the released cell (without its hidden tests), not the gradebook's source
            # cell, whose checksum includes them and so differs for every student.
            if compute_checksum(cell) != compute_checksum(released[grade.name]):
                flags.append("edited")
    autograded = _cells_by_id(os.path.join(paths["autograded"], student, assignment, notebook + ".ipynb")) or {}
    cell = autograded.get(grade.name)
    if cell is not None and any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
        flags.append("timeout")
    if grade.needs_manual_grade:
        flags.append("manual")
    return flags


def _is_locked(cell):
    return bool(_nbgrader(cell).get("locked") or _nbgrader(cell).get("grade"))


def report(config, out_dir):
    """Writes grades.csv (a row per student, a column per assignment) and tests.csv (a row per
    student and test cell, with its flags) from the gradebook; returns a summary for grade.mjs to
    print, with every flagged test cell."""
    from nbgrader.api import Gradebook, MissingEntry

    paths = course_paths(config)
    db_file = paths["db_url"][len("sqlite:///"):].split("?")[0] if paths["db_url"].startswith("sqlite:///") else None
    if db_file and not os.path.exists(db_file):
        raise SystemExit(f"no gradebook yet ({os.path.relpath(db_file)}); release an assignment first (npm run grade:release)")
    os.makedirs(out_dir, exist_ok=True)
    totals = []
    tests = []
    with Gradebook(paths["db_url"], paths["course_id"]) as gb:
        assignments = sorted(a.name for a in gb.assignments)
        students = sorted(s.id for s in gb.students)
        for student in students:
            row = {"student": student}
            score = max_score = 0.0
            for assignment in assignments:
                try:
                    submission = gb.find_submission(assignment, student)
                except MissingEntry:
                    row[assignment] = ""
                    continue
                row[assignment] = _number(submission.score)
                score += submission.score
                max_score += submission.max_score
                for notebook in sorted(submission.notebooks, key=lambda n: n.name):
                    order = _grade_order(paths, assignment, notebook.name)
                    for grade in sorted(notebook.grades, key=lambda g: (order.get(g.name, len(order)), g.name)):
                        tests.append(
                            {
                                "student": student,
                                "assignment": assignment,
                                "notebook": notebook.name,
                                "test": grade.name,
                                "score": _number(grade.score),
                                "max_score": _number(grade.max_score),
                                "needs_manual_grade": "yes" if grade.needs_manual_grade else "no",
                                "flags": ";".join(_flags(gb, paths, student, assignment, notebook.name, grade)),
                            }
                        )
            row["total"] = _number(score)
            row["max_total"] = _number(max_score)
            totals.append(row)
    with open(os.path.join(out_dir, "grades.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["student", *assignments, "total", "max_total"])
        writer.writeheader()
        writer.writerows(totals)
    with open(os.path.join(out_dir, "tests.csv"), "w", newline="", encoding="utf-8") as f:
        fields = ["student", "assignment", "notebook", "test", "score", "max_score", "needs_manual_grade", "flags"]
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(tests)
    flagged = [t for t in tests if t["flags"]]
    return {"assignments": assignments, "rows": totals, "tests": len(tests), "flagged": flagged, "flag_meanings": FLAGS}


def main(argv=None):
    parser = argparse.ArgumentParser(description="gradlab's helpers around nbgrader (used by scripts/grade.mjs)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("paths", help="the course folders, as JSON")
    check = sub.add_parser("check-release", help="check the released notebooks of assignments")
    check.add_argument("assignment", nargs="+")
    run = sub.add_parser("nbgrader", help="an nbgrader step on each assignment, in one process")
    run.add_argument("step", choices=sorted(NBGRADER_APPS))
    run.add_argument("--jobs", type=int, default=1, help="worker processes (generate_feedback only)")
    run.add_argument("assignment", nargs="+", help="assignment ids; after them, -- and nbgrader's own options")
    pairs = sub.add_parser("autograde-pairs", help="autograde submissions in worker processes side by side")
    pairs.add_argument("--jobs", type=int, default=1, help="worker processes")
    pairs.add_argument("pair", nargs="+", help="student/assignment; after them, -- and nbgrader's own options")
    check_scores = sub.add_parser("check-scores", help="compare the gradebook with autograded notebooks (what autograde-pairs checks)")
    check_scores.add_argument("pair", nargs="+", help="student/assignment")
    rep = sub.add_parser("report", help="write grades.csv and tests.csv")
    rep.add_argument("--out", help="folder for the CSV files (default: <course>/reports)")
    sub.add_parser("learner-copies", help="make learner copies; a JSON list of {source, dest, notice} on stdin")
    sol = sub.add_parser("solutions", help="the solution cells of a course notebook")
    sol.add_argument("notebook")
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: len(argv) - len(extra) - (1 if "--" in argv else 0)])
    config = load_config()
    if args.command == "paths":
        result = course_paths(config)
    elif args.command == "solutions":
        result = solutions(config, args.notebook)
    elif args.command == "learner-copies":
        result = learner_copies(config, json.load(sys.stdin))
    elif args.command == "check-release":
        result = [r for assignment in args.assignment for r in check_release(config, assignment)]
    elif args.command == "nbgrader":
        result = {"failed": run_nbgrader(args.step, args.assignment, extra, args.jobs)}
    elif args.command == "autograde-pairs":
        result = autograde_pairs(args.pair, args.jobs, extra)
    elif args.command == "check-scores":
        result = unsaved_scores(course_paths(config), args.pair)
    else:
        result = report(config, args.out or course_paths(config)["reports"])
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
