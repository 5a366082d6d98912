//! Checks shared by the Kolada, goal, egenkontroll and survey sources: encoding sniffing the
//! decoder cannot do, qualifiers, value ranges by unit, indicator ids with did-you-mean,
//! periods.

use crate::diag::{Diagnostic, Location, did_you_mean};

use crate::model::period::Period;

use crate::model::catalogue::{Catalogue, Indicator};
use crate::model::observation::YEAR_RANGE;

/// Read a file of the project as bytes, with the UTF-16 check; `None` after an error.
pub fn read_bytes(
    project: &crate::project::ProjectDir,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    match project.read_optional(file) {
        Ok(Some(b)) => match crate::project::decode::utf16_without_bom(file, &b) {
            Some(d) => {
                diags.push(d);
                None
            }
            None => Some(b),
        },
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The catalogue entry for `id`, or an error with a did-you-mean pushed to `diags`.
pub fn indicator<'c>(
    catalogue: &'c Catalogue,
    id: &str,
    at: Location,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'c Indicator> {
    if let Some(i) = catalogue.get(id) {
        return Some(i);
    }
    let mut d = Diagnostic::error("data.unknown-indicator", format!("unknown indicator \"{id}\""))
        .at(at)
        .note("expected an id from the built-in catalogue or data/indikatorer.yaml");
    if let Some(s) = did_you_mean(id, catalogue.keys().map(String::as_str)) {
        d = d.note(format!("did you mean \"{s}\"?"));
    }
    diags.push(d);
    None
}

/// A period in the years the tool accepts, or an error.
pub fn period(text: &str, at: Location, diags: &mut Vec<Diagnostic>) -> Option<Period> {
    match Period::parse(text) {
        Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
        _ => {
            diags.push(
                Diagnostic::error("data.bad-period", format!("invalid period \"{text}\""))
                    .at(at)
                    .note(format!("expected {}", Period::EXPECTED)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn utf16_without_bom_is_caught_but_not_with_bom() {
        use crate::project::decode::utf16_without_bom;
        let mut le = Vec::new();
        for u in "kpi;värde".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert!(utf16_without_bom("a.csv", &le).is_some());
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&le);
        assert!(utf16_without_bom("a.csv", &with_bom).is_none());
        assert!(utf16_without_bom("a.csv", "kpi;värde".as_bytes()).is_none());
    }

    #[test]
    fn qualifiers_and_ranges() {
        use crate::format::Unit;
        use crate::model::observation::Qualifier;
        assert_eq!(Qualifier::parse(" Ca "), Ok(Some(Qualifier::Ca)));
        assert_eq!(Qualifier::parse("prel."), Ok(Some(Qualifier::Preliminar)));
        assert_eq!(Qualifier::parse(""), Ok(None));
        assert!(Qualifier::parse("ungefär").is_err());
        assert!(crate::model::observation::range_problem(100.5, Unit::Procent).is_some());
        assert!(crate::model::observation::range_problem(100.0, Unit::Procent).is_none());
        assert!(crate::model::observation::range_problem(-1.0, Unit::Antal).is_some());
        assert!(crate::model::observation::range_problem(-1.0, Unit::Kronor).is_none());
    }
}
