//! `tjansteskrivelse:` in berattelse.yaml: the officer's memo that carries the report to
//! the committee agenda (written by render/tjansteskrivelse.rs).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Default Markdown file of the Sammanfattning.
pub const DEFAULT_SUMMARY: &str = "texts/tjansteskrivelse.md";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Memo {
    /// The ärende (agenda item title); default "<report title> <year>".
    #[serde(default, alias = "ärende", alias = "rubrik")]
    pub arende: Option<String>,
    /// Default: the report's diarienummer.
    #[serde(default)]
    pub diarienummer: Option<String>,
    /// Default: the report's date.
    #[serde(default, alias = "date")]
    pub datum: Option<NaiveDate>,
    #[serde(alias = "handläggare")]
    pub handlaggare: Person,
    /// Who decides; default the nämnd ("Socialnämnden beslutar").
    #[serde(default)]
    pub beslutande: Option<String>,
    /// The att-satser, with or without the leading "att".
    #[serde(alias = "förslag_till_beslut", alias = "forslag")]
    pub forslag_till_beslut: Vec<String>,
    /// Markdown file with the Sammanfattning; default texts/tjansteskrivelse.md.
    #[serde(default)]
    pub sammanfattning: Option<String>,
    /// Documents the decision rests on; default the report and this memo.
    #[serde(default)]
    pub beslutsunderlag: Option<Vec<String>>,
    #[serde(default)]
    pub underskrifter: Vec<Person>,
    #[serde(default)]
    pub expedieras_till: Vec<String>,
    #[serde(default, alias = "för_kännedom")]
    pub for_kannedom: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(alias = "name")]
    pub namn: String,
    #[serde(default, alias = "title")]
    pub titel: Option<String>,
    #[serde(default, alias = "e-post", alias = "email")]
    pub epost: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_block_parses_with_swedish_keys() {
        let m: Memo = crate::formats::yaml::parse(
            "b.yaml",
            "ärende: Kvalitetsberättelse 2024\nhandläggare: {namn: A B, titel: MAS}\n\
             förslag_till_beslut: [att godkänna]\nunderskrifter: [{namn: C D, titel: förvaltningschef}]\n\
             expedieras_till: [Kommunstyrelsen]\n",
        )
        .unwrap();
        assert_eq!(m.handlaggare.titel.as_deref(), Some("MAS"));
        assert_eq!(m.forslag_till_beslut, ["att godkänna"]);
        let e = crate::formats::yaml::parse::<Memo>(
            "b.yaml",
            "handlaggare: {namn: A}\nforslag: []\nexpedieras: [x]\n",
        )
        .unwrap_err();
        assert!(e.message.contains("expedieras"), "{}", e.message);
    }
}
