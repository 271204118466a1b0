//! Schema 12: CHECK constraints written with `IN (…)` lists are rewritten as chains of
//! `=` joined by `OR` (same meaning, NULL included), because SQLite evaluates a list of
//! more than two values through a temporary table built again for every row inserted:
//! with the nine lists of `student`, that was half of a SIECLE import's time.
//!
//! Only the text of the constraints changes and every stored row satisfies both forms,
//! so the table definitions are edited in place (`PRAGMA writable_schema`, then a new
//! `schema_version`), the way SQLite's documentation of ALTER TABLE describes for
//! changes that leave the stored rows valid, inside the migration's transaction: if the
//! edited schema did not read back, nothing would be kept.

use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult};

/// The migration hook: rewrites every table holding an `IN (…)` list.
pub(crate) fn rewrite_in_lists(tx: &Transaction) -> HookResult {
    let tables = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let changed: Vec<(String, String)> = tables
        .into_iter()
        .filter_map(|(name, sql)| {
            let new = without_in_lists(&sql);
            (new != sql).then_some((name, new))
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    for (name, sql) in &changed {
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
            [sql, name],
        )?;
    }
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", false)?;
    // Read the new schema back: a table that would not parse fails the migration here.
    for (name, _) in &changed {
        tx.query_row(
            &format!("SELECT count(*) FROM \"{name}\" WHERE 0"),
            [],
            |_| Ok(()),
        )
        .map_err(|e| HookError::Hook(format!("table {name} après réécriture : {e}")))?;
    }
    Ok(())
}

/// `sql` with each `column IN (literal, …)` written `(column = literal OR …)`.
/// Anything else, or a list it cannot read, is left as it is.
pub(crate) fn without_in_lists(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() * 2);
    let mut rest = sql;
    while let Some(at) = rest.find(" IN (") {
        let (before, after) = rest.split_at(at);
        let column_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let column = &before[column_start..];
        let list = &after[" IN (".len()..];
        match literals(list) {
            Some((values, used)) if !column.is_empty() && !in_quotes(&out, before) => {
                out.push_str(&before[..column_start]);
                let alternatives: Vec<String> =
                    values.iter().map(|v| format!("{column} = {v}")).collect();
                out.push('(');
                out.push_str(&alternatives.join(" OR "));
                out.push(')');
                rest = &list[used..];
            }
            _ => {
                out.push_str(before);
                out.push_str(" IN (");
                rest = list;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the text written so far plus `before` ends inside a quoted string.
fn in_quotes(out: &str, before: &str) -> bool {
    (out.matches('\'').count() + before.matches('\'').count()) % 2 == 1
}

/// Reads `'a', 'b''c', 0, …)`: the literals as written, and the bytes read up to
/// and including the closing parenthesis. `None` if it is anything else.
fn literals(text: &str) -> Option<(Vec<&str>, usize)> {
    let bytes = text.as_bytes();
    let mut values = Vec::new();
    let mut i = 0;
    loop {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let start = i;
        match bytes.get(i)? {
            b'\'' => {
                i += 1;
                loop {
                    match bytes.get(i)? {
                        b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                        b'\'' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'0'..=b'9' | b'-' => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => return None,
        }
        values.push(&text[start..i]);
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b')' => return Some((values, i + 1)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_in_lists;

    #[test]
    fn lists_become_chains_of_equalities() {
        assert_eq!(
            without_in_lists(
                "verdict TEXT CHECK (verdict IN ('repere', 'non_repere', 'a_revoir')),"
            ),
            "verdict TEXT CHECK ((verdict = 'repere' OR verdict = 'non_repere' OR verdict = 'a_revoir')),"
        );
        assert_eq!(
            without_in_lists("b INTEGER CHECK (b IN (0, 1)), c TEXT CHECK (c IN ('l''a', 'b'))"),
            "b INTEGER CHECK ((b = 0 OR b = 1)), c TEXT CHECK ((c = 'l''a' OR c = 'b'))"
        );
    }

    #[test]
    fn anything_else_is_left_alone() {
        for sql in [
            "x TEXT DEFAULT 'a IN (b)'",
            "CHECK (x IN (SELECT y FROM t))",
            "CHECK (x IN ('a', b))",
            "CHECK (x IN ('a'",
        ] {
            assert_eq!(without_in_lists(sql), sql);
        }
    }
}
