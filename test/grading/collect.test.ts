// `npm run grade:collect` and the scripts' messages: the folder layouts instructors get students'
// notebooks in, copied into nbgrader's submitted/ folder without touching the originals, and clear
// errors for what cannot work. No kernel runs here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { courseDir, freshCourse, grade, gradeOk } from "../support/grading";

describe("grade:collect and the scripts' errors", function () {
  this.timeout(5 * 60 * 1000);
  const course = courseDir("collect");
  const inbox = path.join(path.dirname(course), "inbox");
  const released = path.join(course, "release", "00-start-here", "00-start-here.ipynb");
  const submitted = (student: string) => path.join(course, "submitted", student, "00-start-here", "00-start-here.ipynb");
  const put = (relative: string, content = fs.readFileSync(released, "utf8")) => {
    const file = path.join(inbox, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  before(() => freshCourse("collect"));

  it("says that it checks the installation first, unless told --skip-setup", () => {
    const run = (extra: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "scripts", "grade.mjs"), "report", ...extra], {
        cwd: ROOT,
        env: { ...process.env, GRADLAB_COURSE_DIR: course },
        encoding: "utf8",
      });
    const checked = run([]);
    assert.match(checked.stdout, /^\[grade\] checking the installation first \(seconds when nothing changed; --skip-setup skips this\)\n/);
    assert.match(checked.stderr, /no gradebook yet/, "then it does what it was asked");
    assert.doesNotMatch(run(["--skip-setup"]).stdout, /installation/);
  });

  it("refuses to collect or report before anything is released", async () => {
    put("ada/00-start-here.ipynb", "{}");
    const result = await grade(course, ["collect", inbox]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /collect: nothing is released yet; run npm run grade:release first/);
    const report = await grade(course, ["report"]);
    assert.equal(report.code, 1);
    assert.match(report.stderr, /no gradebook yet \(.*gradebook\.db\); release an assignment first \(npm run grade:release\)/);
    fs.rmSync(inbox, { recursive: true });
  });

  it("names the notebooks it has when asked to release one it does not", async () => {
    const result = await grade(course, ["release", "99-no-such-notebook"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no notebook "99-no-such-notebook" \(looked in notebooks\/; it has: 00-start-here/);
  });

  it("collects one folder per student, nbgrader's own layout and loose files; skips the rest", async () => {
    await gradeOk(course, ["release", "00-start-here"]);
    put("ada/00-start-here.ipynb");
    put("grace/00-start-here/00-start-here.ipynb"); // <student>/<assignment>/<notebook>
    put("grace/.ipynb_checkpoints/00-start-here-checkpoint.ipynb");
    put("alan/notes.ipynb");
    const before = fs.readdirSync(inbox, { recursive: true }).map(String).sort();
    const result = await gradeOk(course, ["collect", inbox]);
    assert.match(result.stdout, /collected ada\/00-start-here: ada\/00-start-here\.ipynb/);
    assert.match(result.stdout, /collected grace\/00-start-here: grace\/00-start-here\/00-start-here\.ipynb/);
    assert.match(result.stdout, /skipped alan\/notes\.ipynb: not a released notebook/);
    assert.match(result.stdout, /2 submissions from 2 students/);
    assert.equal(fs.readFileSync(submitted("ada"), "utf8"), fs.readFileSync(released, "utf8"));
    assert.ok(fs.existsSync(path.join(course, "submitted", "ada", "00-start-here", "timestamp.txt")));
    assert.ok(!fs.existsSync(path.join(course, "submitted", "alan")));
    assert.deepEqual(fs.readdirSync(inbox, { recursive: true }).map(String).sort(), before, "the inbox is left as it was");
  });

  it("with --assignment, takes <student>.ipynb files and a renamed notebook of a one-notebook assignment", async () => {
    fs.rmSync(inbox, { recursive: true, force: true });
    put("linus.ipynb");
    put("barbara/00-start-here (1).ipynb");
    const result = await gradeOk(course, ["collect", inbox, "--assignment", "00-start-here"]);
    assert.match(result.stdout, /collected barbara\/00-start-here: barbara\/00-start-here \(1\)\.ipynb/);
    assert.match(result.stdout, /collected linus\/00-start-here: linus\.ipynb/);
    assert.ok(fs.existsSync(submitted("linus")) && fs.existsSync(submitted("barbara")));
  });

  it("refuses student names that cannot be folder names, and unknown assignments", async () => {
    fs.rmSync(inbox, { recursive: true, force: true });
    put("ada lovelace/00-start-here.ipynb");
    const bad = await grade(course, ["collect", inbox]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /student "ada lovelace" is not a valid id: use letters, digits and \. _ @ \+ - \(no spaces, no slashes\)/);
    const unknown = await grade(course, ["collect", inbox, "--assignment", "week9"]);
    assert.match(unknown.stderr, /collect: assignment "week9" is not released \(released: 00-start-here\)/);
  });

  it("rejects unknown options and a bad timeout with a message", async () => {
    const option = await grade(course, ["report", "--csv"]);
    assert.match(option.stderr, /unknown option --csv; this command takes --out, --skip-setup/);
    const timeout = await grade(course, ["autograde", "--timeout", "0"]);
    assert.match(timeout.stderr, /--timeout must be a whole number of seconds >= 1; got 0/);
  });

  it("rejects a bad --jobs, and submissions that cannot be graded side by side, with a message", async () => {
    for (const bad of ["0", "two", "1.5", "-1", "33", ""]) {
      const result = await grade(course, ["autograde", `--jobs=${bad}`]);
      assert.equal(result.code, 1, bad);
      assert.match(
        result.stderr,
        /--jobs must be a whole number of worker processes from 1 to 32 \(1 grades one submission at a time; about one per CPU core, e\.g\. --jobs 2 on a two-core machine\); got "/,
        bad,
      );
      assert.ok(result.stderr.includes(`got "${bad}"`), bad);
    }
    assert.match((await grade(course, ["autograde", "--jobs"])).stderr, /--jobs needs a value/);
    const feedbackJobs = await grade(course, ["feedback", "--jobs=0"]);
    assert.equal(feedbackJobs.code, 1);
    assert.match(
      feedbackJobs.stderr,
      /--jobs must be a whole number of worker processes from 1 to 32 \(1 makes one assignment's feedback at a time; .*got "0"/,
    );
    const missing = await grade(course, ["autograde", "nobody/00-start-here", "--jobs", "2"]);
    assert.match(
      missing.stderr,
      /autograde: no submission nobody\/00-start-here in .*submitted \(collect it first: npm run grade:collect\)/,
    );
    const both = await grade(course, ["autograde", "ada/00-start-here", "--student", "ada"]);
    assert.match(both.stderr, /autograde: name a submission \(ada\/00-start-here\) or use --student, not both/);
    const badId = await grade(course, ["autograde", "ada lovelace/00-start-here"]);
    assert.match(badId.stderr, /student "ada lovelace" is not a valid id/);
  });

  it("refuses a course folder outside the project", async () => {
    const outside = path.join(path.parse(ROOT).root, "tmp", "gradlab-course-outside");
    fs.rmSync(outside, { recursive: true, force: true });
    const result = await grade(outside, ["report"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the course folder must be inside the project/);
    assert.equal(fs.existsSync(outside), false, "nothing is created there (not even nbgrader's exchange)");
  });
});
