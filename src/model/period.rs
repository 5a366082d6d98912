//! Reporting periods: calendar year, halvår, tertial, kvartal, month, and delår (from
//! 1 January up to a date). Parsed from the spellings exports and coordinators use.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Period {
    Year {
        year: i32,
    },
    Half {
        year: i32,
        half: u8,
    },
    Tertial {
        year: i32,
        tertial: u8,
    },
    Quarter {
        year: i32,
        quarter: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    /// Delår: 1 January up to and including `through`.
    ToDate {
        year: i32,
        through: NaiveDate,
    },
}

impl Period {
    pub fn year(self) -> i32 {
        match self {
            Period::Year { year }
            | Period::Half { year, .. }
            | Period::Tertial { year, .. }
            | Period::Quarter { year, .. }
            | Period::Month { year, .. }
            | Period::ToDate { year, .. } => year,
        }
    }

    pub fn is_year(self) -> bool {
        matches!(self, Period::Year { .. })
    }

    /// The same period one year earlier (for "samma period föregående år").
    pub fn previous_year(self) -> Option<Period> {
        Some(match self {
            Period::Year { year } => Period::Year { year: year - 1 },
            Period::Half { year, half } => Period::Half { year: year - 1, half },
            Period::Tertial { year, tertial } => Period::Tertial {
                year: year - 1,
                tertial,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year: year - 1,
                quarter,
            },
            Period::Month { year, month } => Period::Month {
                year: year - 1,
                month,
            },
            Period::ToDate { year, through } => {
                // 29 February has no counterpart: compare with 28 February.
                let d = NaiveDate::from_ymd_opt(year - 1, through.month(), through.day())
                    .or_else(|| NaiveDate::from_ymd_opt(year - 1, through.month(), 28))?;
                Period::ToDate {
                    year: year - 1,
                    through: d,
                }
            }
        })
    }

    /// First and last day of the period.
    pub fn dates(self) -> Option<(NaiveDate, NaiveDate)> {
        let ymd = NaiveDate::from_ymd_opt;
        let month_end = |y: i32, m: u32| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            ymd(ny, nm, 1)?.pred_opt()
        };
        let span = |y: i32, first: u32, last: u32| Some((ymd(y, first, 1)?, month_end(y, last)?));
        match self {
            Period::Year { year } => span(year, 1, 12),
            Period::Half { year, half } => span(year, u32::from(half) * 6 - 5, u32::from(half) * 6),
            Period::Tertial { year, tertial } => {
                span(year, u32::from(tertial) * 4 - 3, u32::from(tertial) * 4)
            }
            Period::Quarter { year, quarter } => {
                span(year, u32::from(quarter) * 3 - 2, u32::from(quarter) * 3)
            }
            Period::Month { year, month } => span(year, u32::from(month), u32::from(month)),
            Period::ToDate { year, through } => Some((ymd(year, 1, 1)?, through)),
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.dates().is_some_and(|(a, b)| a <= date && date <= b)
    }

    /// Swedish label as printed in reports: "2024", "halvår 1 2024", "januari–augusti 2024".
    pub fn label(self) -> String {
        match self {
            Period::Year { year } => year.to_string(),
            Period::Half { year, half } => format!("halvår {half} {year}"),
            Period::Tertial { year, tertial } => format!("tertial {tertial} {year}"),
            Period::Quarter { year, quarter } => format!("kvartal {quarter} {year}"),
            Period::Month { year, month } => {
                format!("{} {year}", crate::format::MONTHS[usize::from(month) - 1])
            }
            Period::ToDate { year, through } => {
                format!(
                    "1 januari–{} {} {year}",
                    through.day(),
                    crate::format::MONTHS[through.month0() as usize]
                )
            }
        }
    }

    /// The period as a report title names it: "2024", "första halvåret 2024", "andra
    /// tertialet 2024", "tredje kvartalet 2024", "mars 2024", "1 januari–31 augusti 2024".
    pub fn long_label(self) -> String {
        const ORDINALS: [&str; 4] = ["första", "andra", "tredje", "fjärde"];
        let nth = |n: u8| ORDINALS[usize::from(n.clamp(1, 4)) - 1];
        match self {
            Period::Half { year, half } => format!("{} halvåret {year}", nth(half)),
            Period::Tertial { year, tertial } => format!("{} tertialet {year}", nth(tertial)),
            Period::Quarter { year, quarter } => format!("{} kvartalet {year}", nth(quarter)),
            other => other.label(),
        }
    }

    /// Parse a period. Accepted: `2024`; halvår `2024-H1`, `2024H2`, `2024 H1`; tertial
    /// `2024-T1`; kvartal `2024-Q3` or `2024-K3`; month `2024-03`; delår up to a date
    /// `2024-08-31`. Case and the separator (`-`, space, none) do not matter.
    pub fn parse(s: &str) -> Option<Period> {
        let t = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Some(Period::ToDate {
                year: d.year(),
                through: d,
            });
        }
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return None;
        }
        let year: i32 = digits.parse().ok()?;
        let rest = t[4..].trim_start_matches(['-', ' ', '_']).to_ascii_uppercase();
        if rest.is_empty() {
            return Some(Period::Year { year });
        }
        let number = |p: &str, max: u8| -> Option<u8> {
            let n: u8 = rest.strip_prefix(p)?.parse().ok()?;
            (1..=max).contains(&n).then_some(n)
        };
        if let Some(half) = number("H", 2) {
            return Some(Period::Half { year, half });
        }
        if let Some(tertial) = number("T", 3) {
            return Some(Period::Tertial { year, tertial });
        }
        if let Some(quarter) = number("Q", 4).or_else(|| number("K", 4)) {
            return Some(Period::Quarter { year, quarter });
        }
        if rest.len() == 2 && rest.chars().all(|c| c.is_ascii_digit()) {
            let month: u8 = rest.parse().ok()?;
            return (1..=12).contains(&month).then_some(Period::Month { year, month });
        }
        None
    }

    pub const EXPECTED: &'static str = "a year (2024), halvår (2024-H1), tertial (2024-T2), kvartal (2024-Q3), month (2024-03) or delår up to a date (2024-08-31)";
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year { year } => write!(f, "{year}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::Tertial { year, tertial } => write!(f, "{year}-T{tertial}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::ToDate { through, .. } => write!(f, "{}", through.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        assert_eq!(Period::parse("2024"), Some(Period::Year { year: 2024 }));
        assert_eq!(
            Period::parse("2024-H1"),
            Some(Period::Half { year: 2024, half: 1 })
        );
        assert_eq!(
            Period::parse("2024h2"),
            Some(Period::Half { year: 2024, half: 2 })
        );
        assert_eq!(
            Period::parse("2024 T3"),
            Some(Period::Tertial {
                year: 2024,
                tertial: 3
            })
        );
        assert_eq!(
            Period::parse("2024-K2"),
            Some(Period::Quarter {
                year: 2024,
                quarter: 2
            })
        );
        assert_eq!(
            Period::parse("2024-Q4"),
            Some(Period::Quarter {
                year: 2024,
                quarter: 4
            })
        );
        assert_eq!(
            Period::parse("2024-03"),
            Some(Period::Month { year: 2024, month: 3 })
        );
        let d = NaiveDate::from_ymd_opt(2024, 8, 31).unwrap();
        assert_eq!(
            Period::parse("2024-08-31"),
            Some(Period::ToDate {
                year: 2024,
                through: d
            })
        );
    }

    #[test]
    fn long_labels_for_titles() {
        let l = |s: &str| Period::parse(s).unwrap().long_label();
        assert_eq!(l("2024-H1"), "första halvåret 2024");
        assert_eq!(l("2024-T2"), "andra tertialet 2024");
        assert_eq!(l("2024-Q4"), "fjärde kvartalet 2024");
        assert_eq!(l("2024"), "2024");
        assert_eq!(l("2024-03"), "mars 2024");
    }

    #[test]
    fn rejects_impossible_periods() {
        for bad in [
            "2024-H3",
            "2024-T4",
            "2024-Q5",
            "2024-13",
            "2024-13-01",
            "2024-02-30",
            "24",
            "år 2024",
            "",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in ["2024", "2024-H1", "2024-T2", "2024-Q3", "2024-03", "2024-08-31"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn dates_and_previous_year() {
        let h1 = Period::parse("2024-H1").unwrap();
        let (a, b) = h1.dates().unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2024-01-01".into(), "2024-06-30".into())
        );
        assert_eq!(h1.previous_year(), Period::parse("2023-H1"));
        let leap = Period::parse("2024-02-29").unwrap();
        assert_eq!(leap.previous_year(), Period::parse("2023-02-28"));
        assert!(
            Period::parse("2024-T1")
                .unwrap()
                .contains(NaiveDate::from_ymd_opt(2024, 4, 30).unwrap())
        );
        assert_eq!(
            Period::parse("2024-08-31").unwrap().label(),
            "1 januari–31 augusti 2024"
        );
    }
}
