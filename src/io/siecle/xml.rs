//! SIECLE XML export `ElevesSansAdresses.xml` (root `BEE_ELEVES`), plain or zipped.
//!
//! `PARAMETRES/ANNEE_SCOLAIRE` gives the year; `DONNEES/ELEVES/ELEVE[@ELEVE_ID]` the
//! pupils (`NOM_DE_FAMILLE`, `NOM_USAGE`, `PRENOM`, `DATE_NAISS`, `ID_NATIONAL`,
//! `DATE_SORTIE`, `CODE_STATUT`…); `DONNEES/STRUCTURES/STRUCTURES_ELEVE[@ELEVE_ID]/
//! STRUCTURE` with `TYPE_STRUCTURE` `D` names each pupil's division; the pupil's
//! `CODE_MEF` is looked up in the `MEFS/MEF[@CODE_MEF]` nomenclature of the file
//! (`FORMATION`, `LIBELLE_LONG`, `LIBELLE_EDITION`) for its label; `PARAMETRES/UAJ`
//! names the establishment.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::{RawPupil, RawValue};
use crate::io::Problem;
use crate::io::input;

/// What the XML export holds.
pub(super) struct XmlExport {
    /// `ANNEE_SCOLAIRE` (the year the school year starts), when readable.
    pub start_year: Option<i32>,
    /// `UAJ`: the establishment's UAI, when given.
    pub uai: Option<String>,
    pub pupils: Vec<RawPupil>,
}

/// Whether bytes look like a zip archive.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether bytes look like XML (after a BOM and blanks).
pub(super) fn is_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

/// Takes the XML export out of a zip archive.
pub(super) fn unzip(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, Problem> {
    let unreadable = |e: zip::result::ZipError| {
        Problem::new(
            path,
            None,
            None,
            format!("archive zip illisible ({e}) : décompressez-la et importez le fichier XML"),
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let xml: Vec<&String> = names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".xml"))
        .collect();
    let chosen = xml
        .iter()
        .find(|n| n.to_lowercase().contains("eleves"))
        .or_else(|| (xml.len() == 1).then(|| &xml[0]))
        .ok_or_else(|| {
            Problem::new(
                path,
                None,
                None,
                format!(
                    "l'archive ne contient pas d'export SIECLE ElevesSansAdresses.xml \
                     (fichiers : {})",
                    if names.is_empty() {
                        "aucun".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
        })?;
    let mut file = archive.by_name(chosen).map_err(unreadable)?;
    let too_big = || {
        Problem::new(
            path,
            None,
            None,
            format!(
                "l'archive contient {chosen} de plus de {} une fois décompressé : ce n'est pas \
                 un export SIECLE des élèves ; importez le fichier ElevesSansAdresses.xml",
                input::mebibytes(input::MAX_FILE_BYTES)
            ),
        )
    };
    // The size the archive announces is checked first, then what is really read.
    if file.size() > input::MAX_FILE_BYTES {
        return Err(too_big());
    }
    input::read_capped(&mut file, input::MAX_FILE_BYTES)
        .map_err(|e| {
            Problem::new(
                path,
                None,
                None,
                format!("archive zip illisible ({e}) : décompressez-la et importez le fichier XML"),
            )
        })?
        .ok_or_else(too_big)
}

/// Decodes XML bytes with the encoding its prolog declares (UTF-8 by default).
///
/// Bytes that the declared encoding cannot read are refused, never replaced.
pub(super) fn decode(path: &Path, bytes: &[u8]) -> Result<String, Problem> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        input::strict_utf8(path, rest, "le fichier commence par la marque UTF-8")?
    } else if let Some(label) = declared_encoding(bytes) {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Problem::new(
                path,
                Some(1),
                None,
                format!("encodage « {label} » inconnu : enregistrez le fichier en UTF-8"),
            )
        })?;
        if encoding == encoding_rs::UTF_8 {
            let why = format!("le fichier déclare l'encodage « {label} »");
            input::strict_utf8(path, bytes, &why)?
        } else {
            encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or_else(|| {
                    Problem::new(
                        path,
                        None,
                        None,
                        format!(
                            "le fichier déclare l'encodage « {label} » mais contient des octets \
                             illisibles dans cet encodage : exportez-le à nouveau depuis SIECLE"
                        ),
                    )
                })?
                .into_owned()
        }
    } else {
        input::decode_text(path, bytes)?
    };
    input::refuse_replacement_char(path, &text)?;
    Ok(text)
}

/// The `encoding="…"` of the `<?xml …?>` prolog.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let prolog = String::from_utf8_lossy(&head[..end]);
    let prolog = prolog.trim_start();
    if !prolog.starts_with("<?xml") {
        return None;
    }
    let after = &prolog[prolog.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next()?;
    let rest = &after[quote.len_utf8()..];
    Some(rest[..rest.find(quote)?].trim().to_string())
}

/// Line numbers of byte positions met in increasing order: each byte is counted once.
struct Lines<'t> {
    bytes: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `position`.
    fn at(&mut self, position: u64) -> usize {
        let position = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if position < self.offset {
            // Only an error may look back; counting again from the start is then fine.
            return input::line_of(self.bytes, position);
        }
        self.line += self.bytes[self.offset..position]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = position;
        self.line
    }
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The elements of a pupil that are read; the others are not kept.
const PUPIL_FIELDS: &[&str] = &[
    "NOM_DE_FAMILLE",
    "NOM_USAGE",
    "NOM",
    "PRENOM",
    "DATE_NAISS",
    "ID_NATIONAL",
    "INE_RNIE",
    "DATE_SORTIE",
    "CODE_STATUT",
    "CODE_MEF",
];

/// The label elements of a MEF of the nomenclature, best first.
const MEF_LABELS: &[&str] = &["LIBELLE_LONG", "LIBELLE_EDITION", "FORMATION"];

/// A pupil being read: its line and the text of each child element.
#[derive(Default)]
struct PupilElement {
    line: usize,
    fields: HashMap<String, (usize, String)>,
}

/// What the walk through the document has gathered so far.
#[derive(Default)]
struct Walk {
    /// Open elements and the line each was opened on.
    stack: Vec<(String, usize)>,
    /// The root element was closed: only blanks, comments and instructions may follow.
    root_closed: bool,
    text: String,
    params: HashMap<String, String>,
    order: Vec<String>,
    pupils: HashMap<String, PupilElement>,
    current: Option<(String, PupilElement)>,
    structure_of: Option<String>,
    structure: (String, String),
    divisions: HashMap<String, String>,
    /// The MEF being read (`CODE_MEF` attribute) and its labels by element.
    mef: Option<(String, HashMap<String, String>)>,
    /// Each MEF code's label: its labels joined, best first.
    mef_labels: HashMap<String, String>,
}

impl Walk {
    fn start(&mut self, element: &BytesStart, line: usize) -> Result<(), String> {
        let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        if self.root_closed {
            return Err(format!(
                "élément « {name} » après la fin de l'élément racine « BEE_ELEVES » : le fichier \
                 est fait de deux exports collés ; exportez à nouveau le fichier depuis SIECLE"
            ));
        }
        for attribute in element.attributes() {
            attribute.map_err(|e| {
                format!(
                    "XML mal formé (attribut de « {name} » : {e}) : exportez à nouveau le \
                     fichier depuis SIECLE"
                )
            })?;
        }
        if self.stack.is_empty() && name != "BEE_ELEVES" {
            return Err(format!(
                "ce fichier XML n'est pas un export SIECLE des élèves (élément racine \
                 « {name} » au lieu de « BEE_ELEVES ») : exportez ElevesSansAdresses depuis SIECLE"
            ));
        }
        self.text.clear();
        match name.as_str() {
            "ELEVE" if self.parent_is("ELEVES") => {
                // Without an id the pupil cannot have a division, but is still read.
                let id = attribute(element, "ELEVE_ID")
                    .unwrap_or_else(|| format!("sans-id-{}", self.order.len()));
                let pupil = PupilElement {
                    line,
                    ..Default::default()
                };
                self.current = Some((id, pupil));
            }
            "STRUCTURES_ELEVE" => self.structure_of = attribute(element, "ELEVE_ID"),
            "MEF" if self.parent_is("MEFS") => {
                self.mef = attribute(element, "CODE_MEF").map(|code| (code, HashMap::new()));
            }
            "STRUCTURE" => self.structure = Default::default(),
            _ => {}
        }
        self.stack.push((name, line));
        Ok(())
    }

    fn parent_is(&self, name: &str) -> bool {
        self.stack.last().is_some_and(|(p, _)| p == name)
    }

    /// Adds text to the current element, refusing a value longer than a field may be.
    fn push_text(&mut self, text: &str) -> Result<(), (Option<String>, String)> {
        if self.stack.is_empty() {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err((
                None,
                "texte en dehors de l'élément racine « BEE_ELEVES » : ce n'est pas un export \
                 SIECLE intact ; exportez à nouveau le fichier"
                    .to_string(),
            ));
        }
        self.text.push_str(text);
        input::check_length(&self.text)
            .map_err(|m| (self.stack.last().map(|(name, _)| name.clone()), m))
    }

    fn end(&mut self, line: usize) {
        let Some((name, _)) = self.stack.pop() else {
            return;
        };
        self.root_closed = self.stack.is_empty();
        let text = std::mem::take(&mut self.text).trim().to_string();
        let parent = self.stack.last().map(|(p, _)| p.as_str());
        match (parent, name.as_str()) {
            (Some("PARAMETRES"), _) => {
                self.params.insert(name, text);
            }
            (Some("ELEVES"), "ELEVE") => {
                if let Some((id, pupil)) = self.current.take() {
                    self.order.push(id.clone());
                    self.pupils.insert(id, pupil);
                }
            }
            (Some("ELEVE"), _) if PUPIL_FIELDS.contains(&name.as_str()) => {
                if let Some((_, pupil)) = self.current.as_mut() {
                    pupil.fields.insert(name, (line, text));
                }
            }
            (Some("MEF"), _) if MEF_LABELS.contains(&name.as_str()) => {
                if let Some((_, labels)) = self.mef.as_mut() {
                    labels.insert(name, text);
                }
            }
            (Some("MEFS"), "MEF") => {
                if let Some((code, labels)) = self.mef.take() {
                    let joined: Vec<&str> = MEF_LABELS
                        .iter()
                        .filter_map(|l| labels.get(*l).map(String::as_str))
                        .filter(|l| !l.is_empty())
                        .collect();
                    self.mef_labels
                        .insert(code.trim().to_string(), joined.join(" / "));
                }
            }
            (Some("STRUCTURE"), "CODE_STRUCTURE") => self.structure.0 = text,
            (Some("STRUCTURE"), "TYPE_STRUCTURE") => self.structure.1 = text,
            (Some("STRUCTURES_ELEVE"), "STRUCTURE") => {
                if self.structure.1.eq_ignore_ascii_case("D")
                    && let Some(id) = &self.structure_of
                {
                    self.divisions
                        .insert(id.clone(), std::mem::take(&mut self.structure.0));
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> XmlExport {
        let start_year = self
            .params
            .get("ANNEE_SCOLAIRE")
            .and_then(|y| y.trim().get(..4).and_then(|y| y.parse::<i32>().ok()))
            .filter(|y| (2000..=2200).contains(y));
        let pupils = self
            .order
            .iter()
            .filter_map(|id| {
                let mut p = self.pupils.remove(id)?;
                let mut take = |name: &str| {
                    p.fields.remove(name).map(|(line, text)| RawValue {
                        field: name.into(),
                        text,
                        line: Some(line),
                    })
                };
                let non_empty = |v: Option<RawValue>| v.filter(|v| !v.text.is_empty());
                let last_name = non_empty(take("NOM_DE_FAMILLE"))
                    .or_else(|| non_empty(take("NOM_USAGE")))
                    .or_else(|| take("NOM"));
                let ine = non_empty(take("ID_NATIONAL")).or_else(|| take("INE_RNIE"));
                let status = take("CODE_STATUT").map(|v| v.text.to_uppercase());
                let mef = take("CODE_MEF")
                    .map(|v| v.text.trim().to_string())
                    .filter(|m| !m.is_empty());
                let mef_label = mef.as_ref().and_then(|m| self.mef_labels.get(m).cloned());
                Some(RawPupil {
                    line: Some(p.line),
                    last_name,
                    first_name: take("PRENOM"),
                    birth_date: take("DATE_NAISS"),
                    ine,
                    division: self.divisions.get(id).cloned(),
                    exit_date: take("DATE_SORTIE"),
                    apprentice: status.and_then(|s| match s.as_str() {
                        "AP" => Some(true),
                        "ST" => Some(false),
                        _ => None,
                    }),
                    mef,
                    mef_label,
                })
            })
            .collect();
        let uai = self
            .params
            .get("UAJ")
            .map(|u| u.trim().to_uppercase())
            .filter(|u| !u.is_empty());
        XmlExport {
            start_year,
            uai,
            pupils,
        }
    }
}

/// Reads the decoded XML export, which must be well-formed to its last byte.
pub(super) fn read(path: &Path, text: &str) -> Result<XmlExport, Problem> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut walk = Walk::default();
    let mut lines = Lines::new(text);
    let malformed = |e: &dyn std::fmt::Display| {
        format!("XML mal formé ({e}) : exportez à nouveau le fichier depuis SIECLE")
    };
    loop {
        let position = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position());
                let message = if matches!(e, quick_xml::Error::Syntax(_)) {
                    // Every syntax error of quick-xml is the input ending inside markup.
                    format!(
                        "XML incomplet : le fichier s'arrête au milieu d'une balise ({e}) ; \
                         fichier coupé pendant la copie ou le téléchargement ? Rien n'a été \
                         importé, exportez à nouveau le fichier depuis SIECLE"
                    )
                } else {
                    malformed(&e)
                };
                return Err(Problem::new(path, Some(line), None, message));
            }
        };
        let line = lines.at(position);
        let problem = |message: String| Problem::new(path, Some(line), None, message);
        let in_field = |(field, message): (Option<String>, String)| {
            Problem::new(path, Some(line), field.as_deref(), message)
        };
        match event {
            Event::Start(element) => walk.start(&element, line).map_err(problem)?,
            Event::Empty(element) => {
                walk.start(&element, line).map_err(problem)?;
                walk.end(line);
            }
            Event::End(_) => walk.end(line),
            Event::Text(t) => {
                let t = t.decode().map_err(|e| problem(malformed(&e)))?;
                walk.push_text(&t).map_err(in_field)?;
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| problem(malformed(&e)))?;
                walk.push_text(&t).map_err(in_field)?;
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| problem(malformed(&e)))?;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }
                    Err(e) => return Err(problem(malformed(&e))),
                };
                let resolved = resolved.ok_or_else(|| {
                    problem(format!(
                        "XML mal formé (entité « &{name}; » inconnue) : exportez à nouveau le \
                         fichier depuis SIECLE"
                    ))
                })?;
                walk.push_text(&resolved).map_err(in_field)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let end_line = lines.at(text.len() as u64);
    if let Some((name, opened)) = walk.stack.last() {
        return Err(Problem::new(
            path,
            Some(end_line),
            None,
            format!(
                "XML incomplet : le fichier s'arrête avant la fin de l'élément « {name} » \
                 ouvert ligne {opened} (fichier coupé pendant la copie ou le téléchargement ?) ; \
                 rien n'a été importé, exportez à nouveau le fichier depuis SIECLE"
            ),
        ));
    }
    if !walk.root_closed {
        return Err(Problem::new(
            path,
            None,
            None,
            "fichier XML vide : exportez à nouveau ElevesSansAdresses depuis SIECLE",
        ));
    }
    Ok(walk.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_declared_encoding() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-15'?><A/>").as_deref(),
            Some("ISO-8859-15")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><A/>"), None);
    }

    #[test]
    fn joins_pupils_and_divisions() {
        let xml = "<BEE_ELEVES><PARAMETRES><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>\
            <DONNEES><STRUCTURES><STRUCTURES_ELEVE ELEVE_ID=\"7\"><STRUCTURE>\
            <CODE_STRUCTURE>G1</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>\
            <STRUCTURE><CODE_STRUCTURE>1NDRC</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE>\
            </STRUCTURE></STRUCTURES_ELEVE></STRUCTURES><ELEVES><ELEVE ELEVE_ID=\"7\">\
            <NOM_DE_FAMILLE>DURAND &amp; FILS</NOM_DE_FAMILLE><NOM_USAGE/><PRENOM>L&#233;a</PRENOM>\
            </ELEVE></ELEVES></DONNEES></BEE_ELEVES>";
        let export = read(Path::new("x.xml"), xml).expect("read");
        assert_eq!(export.start_year, Some(2026));
        let pupil = &export.pupils[0];
        assert_eq!(pupil.division.as_deref(), Some("1NDRC"));
        assert_eq!(
            pupil.last_name.as_ref().map(|v| v.text.as_str()),
            Some("DURAND & FILS")
        );
        assert_eq!(
            pupil.first_name.as_ref().map(|v| v.text.as_str()),
            Some("Léa")
        );
    }

    #[test]
    fn refuses_another_root() {
        let problem = read(Path::new("x.xml"), "<?xml version=\"1.0\"?>\n<STS_EDT/>")
            .err()
            .expect("refused");
        assert_eq!(problem.line, Some(2));
        assert!(problem.message.contains("BEE_ELEVES"));
    }
}
