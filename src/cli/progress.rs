//! A bulk run's progress on stderr: a bar with rate and ETA on a terminal, a quiet line at most
//! once a second otherwise. One-time keys are never shown: they are in the keys file.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::bulk::{Observer, Progress, State};
use crate::error::Error;

/// Shows progress as a run goes.
pub(crate) enum Display {
    Bar(ProgressBar),
    Lines { last: Option<Instant> },
}

fn summary(p: &Progress) -> String {
    format!(
        "{} done, {} failed, {} need attention, {} left",
        p.count(State::Done),
        p.count(State::Failed),
        p.count(State::NeedsAttention),
        p.remaining()
    )
}

/// The counts that matter on a bar: what went wrong, what is left.
fn short_summary(p: &Progress) -> String {
    format!(
        "{} failed, {} attention",
        p.count(State::Failed),
        p.count(State::NeedsAttention)
    )
}

/// A rate with one decimal below 10 per second, none above.
fn rate(per_second: f64) -> String {
    if per_second < 10.0 {
        format!("{per_second:.1}")
    } else {
        format!("{per_second:.0}")
    }
}

fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s / 60 % 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

impl Display {
    /// A bar when stderr is a terminal, lines otherwise.
    pub(crate) fn new() -> Display {
        if std::io::stderr().is_terminal() {
            // Rate and ETA are written by `progress` (indicatif's `{per_sec}` shows 0.9697/s),
            // and the line stays short enough for an 80-column terminal.
            let style = ProgressStyle::with_template("{bar:20} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            Display::Bar(ProgressBar::new(0).with_style(style))
        } else {
            Display::Lines { last: None }
        }
    }

    /// Ends the display.
    pub(crate) fn finish(&self) {
        if let Display::Bar(bar) = self {
            bar.finish();
        }
    }
}

impl Observer for Display {
    fn stopping(&mut self, why: &Error) {
        let note = match why {
            Error::Interrupted => "interrupted".to_owned(),
            other => other.to_string(),
        };
        let line = format!("stopping ({note}): operations under way finish first");
        match self {
            Display::Bar(bar) => bar.println(line),
            Display::Lines { .. } => {
                let _ = writeln!(std::io::stderr().lock(), "certcentral: {line}");
            }
        }
    }

    fn progress(&mut self, p: &Progress) -> Result<(), Error> {
        let settled = p.total - p.remaining();
        match self {
            Display::Bar(bar) => {
                bar.set_length(p.total as u64);
                bar.set_position(settled as u64);
                let eta = p.eta().map_or_else(|| "?".to_owned(), duration);
                bar.set_message(format!(
                    "{} · {}/s · ETA {eta}",
                    short_summary(p),
                    rate(p.rate())
                ));
            }
            Display::Lines { last } => {
                let due = last.is_none_or(|t| t.elapsed() >= Duration::from_secs(1));
                if due || p.remaining() == 0 {
                    *last = Some(Instant::now());
                    let eta = p.eta().map_or_else(|| "unknown".to_owned(), duration);
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(
                        err,
                        "progress: {settled}/{} ({}) in {:.2}s, {}/s, ETA {eta}",
                        p.total,
                        summary(p),
                        p.elapsed.as_secs_f64(),
                        rate(p.rate())
                    );
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_durations_read_as_a_person_writes_them() {
        assert_eq!(rate(0.969_7), "1.0");
        assert_eq!(rate(0.25), "0.2");
        assert_eq!(rate(28.44), "28");
        assert_eq!(duration(Duration::from_secs(3725)), "1h02m");
        assert_eq!(duration(Duration::from_secs(75)), "1m15s");
    }
}
