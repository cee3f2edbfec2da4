//! One row of a benchmark table: ours against a reference, the ratio and the goal.

use std::time::Duration;

/// What the ratio `ours / reference` must be for the goal to be met.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// Higher is better (throughput): the ratio must be at least this.
    AtLeast(f64),
    /// Lower is better (cost): the ratio must be at most this.
    AtMost(f64),
    /// Shown for information.
    None,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub ours: f64,
    pub reference: f64,
    pub unit: &'static str,
    pub goal: Goal,
}

impl Row {
    /// A cost in microseconds (lower is better).
    pub fn micros(
        name: impl Into<String>,
        ours: Duration,
        reference: Duration,
        goal: Goal,
    ) -> Self {
        Self {
            name: name.into(),
            ours: ours.as_secs_f64() * 1e6,
            reference: reference.as_secs_f64() * 1e6,
            unit: "µs",
            goal,
        }
    }

    /// A rate (higher is better), from the time one operation takes.
    pub fn per_second(
        name: impl Into<String>,
        ours: Duration,
        reference: Duration,
        goal: Goal,
    ) -> Self {
        Self {
            name: name.into(),
            ours: 1.0 / ours.as_secs_f64(),
            reference: 1.0 / reference.as_secs_f64(),
            unit: "/s",
            goal,
        }
    }

    /// Decoding speed (higher is better) of `bytes` in the time one decode takes.
    pub fn mib_per_second(
        name: impl Into<String>,
        bytes: usize,
        ours: Duration,
        reference: Duration,
        goal: Goal,
    ) -> Self {
        let rate = |time: Duration| bytes as f64 / time.as_secs_f64() / (1024.0 * 1024.0);
        Self {
            name: name.into(),
            ours: rate(ours),
            reference: rate(reference),
            unit: "MiB/s",
            goal,
        }
    }

    pub fn ratio(&self) -> f64 {
        self.ours / self.reference
    }

    /// Two decimals, or three where two would round across the goal (0.899 is not 0.90).
    fn ratio_text(&self) -> String {
        let ratio = self.ratio();
        let rounded = (ratio * 100.0).round() / 100.0;
        let crosses = match self.goal {
            Goal::AtLeast(goal) => (ratio >= goal) != (rounded >= goal),
            Goal::AtMost(goal) => (ratio <= goal) != (rounded <= goal),
            Goal::None => false,
        };
        if crosses {
            format!("{ratio:.3}")
        } else {
            format!("{ratio:.2}")
        }
    }

    fn goal_text(&self) -> (String, &'static str) {
        let ratio = self.ratio();
        match self.goal {
            Goal::AtLeast(goal) => (format!("≥ {goal}×"), met(ratio >= goal)),
            Goal::AtMost(goal) => (format!("≤ {goal}×"), met(ratio <= goal)),
            Goal::None => ("—".to_owned(), ""),
        }
    }
}

fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "MISSED" }
}

fn number(value: f64, unit: &str) -> String {
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

/// Prints the rows as a Markdown table (so it can be pasted into `benches/RESULTS.md`).
pub fn print(rows: &[Row]) {
    println!("| measure | ours | reference | ratio | goal | |");
    println!("|---|---:|---:|---:|---|---|");
    for row in rows {
        let (goal, met) = row.goal_text();
        println!(
            "| {} | {} | {} | {}× | {goal} | {met} |",
            row.name,
            number(row.ours, row.unit),
            number(row.reference, row.unit),
            row.ratio_text(),
        );
    }
}

pub fn median<T: Copy + PartialOrd>(values: Vec<T>) -> T {
    quantile(values, 0.5)
}

/// The value below which a share `q` of `values` lie.
pub fn quantile<T: Copy + PartialOrd>(mut values: Vec<T>, q: f64) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = ((values.len() - 1) as f64 * q).round() as usize;
    values[at]
}
