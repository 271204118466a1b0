//! `show --json`: the student sheet under the keys scripts already read.

use serde_json::{Value as Json, json};

use super::text::journal_batches;
use crate::model::sheet::StudentSheet;

/// The sheet as JSON; masked domains give only how many levels they hold.
pub(super) fn to_json(sheet: &StudentSheet) -> Json {
    let s = &sheet.student;
    let code = |c: Option<&'static str>| c.map_or(Json::Null, Json::from);
    let mut domains = serde_json::Map::new();
    for domain in &sheet.reperage.domains {
        let value = if domain.masked {
            json!({ "masked": true, "assessed": sheet.masked_levels() })
        } else {
            let cells: Vec<Json> = domain
                .cells
                .iter()
                .filter_map(|c| {
                    let v = c.value.as_ref()?;
                    Some(json!({
                        "criterion": c.criterion, "level": v.level, "comment": v.comment, "source": v.source,
                    }))
                })
                .collect();
            Json::from(cells)
        };
        domains.insert(domain.domain.code().into(), value);
    }
    let place = sheet.place.as_ref();
    json!({
        "id": s.id,
        "last_name": s.last_name,
        "first_name": s.first_name,
        "section": place.map(|p| p.section_code.clone()),
        "section_name": place.map(|p| p.section_name.clone()),
        "school_year": place.map_or_else(String::new, |p| p.school_year.clone()),
        "ine": s.ine,
        "birth_date": s.birth_date,
        "bac_pro": s.bac_pro,
        "bac_pro_specialty": s.bac_pro_specialty,
        "origin_lycee": s.origin_lycee,
        "schooling": s.schooling.code(),
        "parcoursup_rank": s.parcoursup_rank,
        "parcours_differencie": code(s.parcours_differencie.map(|x| x.code())),
        "phase": s.phase().code(),
        "grid": domains,
        "life_notes": sheet.reperage.life_note_count,
        "verdict": code(s.verdict.map(|x| x.code())),
        "difficulties": sheet.reperage.difficulties.iter().map(|d| json!({"code": d.code, "label": d.label})).collect::<Vec<_>>(),
        "proposal": code(s.proposal.map(|x| x.code())),
        "pre_conseil_date": s.pre_conseil_date,
        "referent": sheet.referent.as_ref().map(|r| json!({"id": r.id, "name": r.display_name(), "role": r.role.code(), "active": r.active})),
        "modules": sheet.modules.iter().map(|f| json!({
            "code": f.module.as_ref().map(|m| m.code.clone()),
            "name": f.module.as_ref().map(|m| m.name.clone()),
            "type": f.module.as_ref().map(|m| m.module_type.code()),
            "start_date": f.enrolment.start_date,
            "end_date": f.enrolment.end_date,
            "stopped": f.enrolment.end_date.is_some(),
            "attendance": f.attendance.as_ref().map(|a| json!({
                "groups": a.groups.iter().map(|g| json!({"label": g.label, "leader": g.leader})).collect::<Vec<_>>(),
                "sessions_held": a.held,
                "present": a.present,
                "retard": a.retard,
                "absent_excuse": a.excused,
                "absent": a.absent,
                "marked": a.marked(),
                "rate": a.rate(),
                "absent_twice": a.absent_twice,
            })),
        })).collect::<Vec<_>>(),
        "commitments": s.commitments,
        "first_checkin_date": s.first_checkin_date,
        "checkins": sheet.checkins.iter().map(|c| json!({
            "date": c.date,
            "attendance": code(c.attendance.map(|x| x.code())),
            "progress": code(c.progress.map(|x| x.code())),
            "engagement": code(c.engagement.map(|x| x.code())),
            "note": c.note,
        })).collect::<Vec<_>>(),
        "bilan_s1": s.bilan_s1,
        "bilan_s1_date": s.bilan_s1_date,
        "decision_s2": code(s.decision_s2.map(|x| x.code())),
        "decision_s2_date": s.decision_s2_date,
        "exit": s.exit_date.map(|d| json!({
            "date": d,
            "cause": code(s.exit_cause.map(|x| x.code())),
            "destination": code(s.exit_destination.map(|x| x.code())),
            "referral": code(s.exit_referral.map(|x| x.code())),
            "note": s.exit_note,
        })),
        "next_checkin_date": s.next_checkin_date,
        "diploma": code(s.diploma.map(|x| x.code())),
        "journal": journal_batches(sheet).iter().map(|b| json!({
            "at": b.at, "user": b.user, "label": b.label, "changes": b.changes,
        })).collect::<Vec<_>>(),
    })
}
