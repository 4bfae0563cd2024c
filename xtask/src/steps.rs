//! Named, timed steps run in order: each is announced with a one-line header, the run stops at the first failure and
//! names it, and a table of timings is printed at the end either way.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// One step: a short name for headers and the summary, and the work.
pub struct Step<'a> {
    pub name: &'static str,
    pub work: Box<dyn FnOnce() -> Result<()> + 'a>,
}

impl<'a> Step<'a> {
    pub fn new(name: &'static str, work: impl FnOnce() -> Result<()> + 'a) -> Step<'a> {
        Step { name, work: Box::new(work) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    NotRun,
}

/// Runs `steps` in order until one fails; prints headers to stderr and the summary at the end.
pub fn run_all(steps: Vec<Step<'_>>) -> Result<()> {
    let total = steps.len();
    let names: Vec<&str> = steps.iter().map(|step| step.name).collect();
    let mut timings = Vec::new();
    let mut failure = None;
    for (index, step) in steps.into_iter().enumerate() {
        eprintln!("\n==> [{}/{total}] {}", index + 1, step.name);
        let started = Instant::now();
        let result = (step.work)();
        let elapsed = started.elapsed();
        timings.push((step.name, elapsed, if result.is_ok() { Outcome::Passed } else { Outcome::Failed }));
        if let Err(error) = result {
            failure = Some(Error::new(format!("step {}/{total} `{}` failed: {error}", index + 1, step.name)));
            break;
        }
    }
    for name in &names[timings.len()..] {
        timings.push((name, Duration::ZERO, Outcome::NotRun));
    }
    eprintln!("\n{}", summary(&timings));
    match failure {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The table printed at the end: one line per step with its time and outcome, then the total.
fn summary(timings: &[(&str, Duration, Outcome)]) -> String {
    let width = timings.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    let mut text = String::from("summary:\n");
    for (name, elapsed, outcome) in timings {
        let (time, outcome) = match outcome {
            Outcome::Passed => (seconds(*elapsed), "ok"),
            Outcome::Failed => (seconds(*elapsed), "FAILED"),
            Outcome::NotRun => (String::new(), "not run"),
        };
        text.push_str(&format!("  {name:<width$}  {time:>8}  {outcome}\n"));
    }
    let total: Duration = timings.iter().map(|(_, elapsed, _)| *elapsed).sum();
    text.push_str(&format!("  {:<width$}  {:>8}", "total", seconds(total)));
    text
}

fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn stops_at_the_first_failure_and_names_it() {
        let ran = RefCell::new(Vec::new());
        let steps = vec![
            Step::new("first", || {
                ran.borrow_mut().push("first");
                Ok(())
            }),
            Step::new("second", || Err(Error::new("`cargo fmt` failed (exit status: 1)"))),
            Step::new("third", || {
                ran.borrow_mut().push("third");
                Ok(())
            }),
        ];
        let error = run_all(steps).unwrap_err();
        assert_eq!(error.to_string(), "step 2/3 `second` failed: `cargo fmt` failed (exit status: 1)");
        assert_eq!(*ran.borrow(), ["first"]);
    }

    #[test]
    fn the_summary_lines_up_times_and_outcomes() {
        let timings = [
            ("fmt", Duration::from_millis(400), Outcome::Passed),
            ("clippy (host)", Duration::from_millis(12_340), Outcome::Failed),
            ("test", Duration::ZERO, Outcome::NotRun),
        ];
        let expected = [
            "summary:",
            "  fmt                0.4s  ok",
            "  clippy (host)     12.3s  FAILED",
            "  test                     not run",
            "  total             12.7s",
        ];
        assert_eq!(summary(&timings), expected.join("\n"));
    }
}
