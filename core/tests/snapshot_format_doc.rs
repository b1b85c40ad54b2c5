//! `docs/snapshot-format.md` documents every fixed-size record of the snapshot
//! layout; this test keeps it in step with `snapshot::layout` (names, offsets,
//! sizes), so the code stays the one source of truth.

use gannet::snapshot::layout::*;

/// (record name, size in bytes, (field, size) in order)
type Record = (&'static str, usize, &'static [(&'static str, usize)]);

#[test]
fn record_tables_match_the_layout() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/snapshot-format.md");
    let doc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let records: &[Record] = &[
        ("Header", Header::SIZE, Header::FIELDS),
        ("SectionEntry", SectionEntry::SIZE, SectionEntry::FIELDS),
        ("StrEntry", StrEntry::SIZE, StrEntry::FIELDS),
        ("FuncRecord", FuncRecord::SIZE, FuncRecord::FIELDS),
        ("HandlerRecord", HandlerRecord::SIZE, HandlerRecord::FIELDS),
        ("PosRecord", PosRecord::SIZE, PosRecord::FIELDS),
        ("UnitRecord", UnitRecord::SIZE, UnitRecord::FIELDS),
        ("DynRecord", DynRecord::SIZE, DynRecord::FIELDS),
        ("SrcEntry", SrcEntry::SIZE, SrcEntry::FIELDS),
        ("AsmRecord", AsmRecord::SIZE, AsmRecord::FIELDS),
    ];
    for (name, size, fields) in records {
        let heading = format!(" {name} ({size} bytes)\n");
        let Some(at) = doc.find(&heading) else { panic!("docs/snapshot-format.md lacks a heading '{}'", heading.trim()) };
        let mut rest = &doc[at..];
        let mut offset = 0;
        for (field, bytes) in fields.iter() {
            let row = format!("| {offset} | {bytes} | {field} |");
            let Some(p) = rest.find(&row) else { panic!("{name}: docs lack the row '{row}' (in order)") };
            rest = &rest[p + row.len()..];
            offset += bytes;
        }
    }
    for kind in SECTIONS {
        assert!(doc.contains(&format!("| `{}` |", kind.name)), "section {} is not documented", kind.name);
    }
    assert!(doc.contains("89 47 4E 54 0D 0A 1A 0A"));
    assert_eq!(MAGIC, [0x89, 0x47, 0x4E, 0x54, 0x0D, 0x0A, 0x1A, 0x0A]);
    assert!(doc.contains(&format!("# The Gannet snapshot format (version {FORMAT_VERSION})")));
}
