# nbgrader configuration for the gradlab course (TypeScript notebooks on the tslab kernel).
# nbgrader reads this file when it runs from the project folder, which is what the
# `npm run grade:*` scripts do (scripts/grade.mjs); see README, "For instructors".
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
# scripts/gradlab_nbgrader.py (GradlabExecute), imported by name when autograding.
if os.path.join(HERE, "scripts") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "scripts"))

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

# The course folder (source/, release/, submitted/, autograded/, feedback/, gradebook.db).
# It stays inside the project (gitignored), never in $HOME; tests point it elsewhere.
c.CourseDirectory.root = os.environ.get("GRADLAB_COURSE_DIR") or os.path.join(HERE, "course")
c.CourseDirectory.course_id = "gradlab"
# The gradebook, where nbgrader puts it by default, with a busy timeout: a process that finds it
# being written (another autograde worker, `npm run grade:autograde -- --jobs N`, or Formgrader)
# waits up to 60 s instead of SQLite's default 5 s before "database is locked".
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(os.path.abspath(c.CourseDirectory.root), "gradebook.db") + "?timeout=60"

# nbgrader's exchange (release/fetch/submit between accounts, used by Formgrader and the
# Assignment List in `npm start -- --instructor`): inside the course folder, where this user can
# write, instead of nbgrader's default /usr/local/share/nbgrader/exchange.
c.Exchange.root = os.path.join(c.CourseDirectory.root, "exchange")
# Made here: without it the Assignment List reports that the exchange "could not be created" in a
# new course folder. A course folder outside the project (which the scripts refuse) gets nothing.
if not os.path.relpath(c.Exchange.root, HERE).startswith(".."):
    os.makedirs(c.Exchange.root, exist_ok=True)

# What a student sees in place of a solution: a comment and a line that fails loudly when the
# exercise is run unanswered. lib/check turns "not implemented" into a friendly message.
c.ClearSolutions.code_stub = {"typescript": '// YOUR CODE HERE\nthrow new Error("not implemented");'}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# The delimiters, whole TypeScript comment lines (CONTRIBUTING.md, "Exercises").
c.ClearSolutions.begin_solution_delimeter = "// BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "// END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "// BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "// END HIDDEN TESTS"

# Every cell of a submission gets this many seconds; then the kernel is interrupted (SIGINT,
# which stops even a `while (true) {}`), the cell scores 0 and grading goes on with the next
# cell. Generous, because a cell slower than this fails for every student; the notebook tests
# report each notebook's slowest cell.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 120
# After a cell's reply, how long its last outputs may take to arrive. nbgrader's 4 s failed the
# whole submission (not graded) when a figure's output came later on a machine busy with other
# work (a load of 17 on 2 cores); a kernel still sending is not a wrong answer.
c.Execute.iopub_timeout = 60

# Figures in autograded notebooks and feedback without the 4.8 MB copy of plotly.js that lib/plot
# otherwise embeds in a kernel session's first figure (the kernel inherits nbgrader's environment).
# `npm run grade:autograde -- --with-plots` sets GRADLAB_PLOTLY_EMBED=once to keep it.
if os.path.basename(sys.argv[0] if sys.argv else "").startswith("nbgrader"):
    os.environ.setdefault("GRADLAB_PLOTLY_EMBED", "never")

# A test cell a student deleted is put back from the release (and run), so a deleted cell neither
# scores 0 for a right answer nor waits for manual grading; GradlabOverwriteCells writes the notice
# it starts with as a TypeScript comment, and `npm run grade:report` flags the cell "deleted".
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "gradlab_nbgrader.GradlabOverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# `nbgrader validate` (and JupyterLab's Validate button) runs the same GradlabExecute, so it agrees
# with autograde: a correct answer that writes to stderr passes both. nbgrader's command-line apps
# have imported its validator by the time they read this file; other readers (scripts/grading.py)
# skip this and do not pay for importing nbgrader.
if "nbgrader.validator" in sys.modules:
    import gradlab_nbgrader

    gradlab_nbgrader.use_for_validate()

# nbgrader 0.9's gradebook code makes SQLAlchemy 2 warn on every autograde ("Object of type
# <SubmittedAssignment> not in session, add operation along 'Student.submissions' will not
# proceed", three blocks that say nothing to an instructor; the grades are saved all the same).
warnings.filterwarnings("ignore", message=r"Object of type <\w+> not in session, add operation along")

# Autograde with GradlabExecute instead of nbgrader's Execute (scripts/gradlab_nbgrader.py):
# a test cell's score follows the kernel's reply, so stderr noise from a library never costs
# points and a cell that did not run never scores. The other steps are nbgrader 0.9's defaults
# (test/grading/execute.test.ts compares them), named rather than imported: importing nbgrader
# takes seconds, and every script that reads this file would pay for it.
c.Autograde.autograde_preprocessors = [
    "gradlab_nbgrader.GradlabExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
