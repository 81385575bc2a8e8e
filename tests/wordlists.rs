//! The word lists the rules read (`data/wordlists/*.txt`): each opens with a header naming
//! what it holds and which code reads it, then one entry a line, sorted and unique, in
//! lowercase, so a diff of a list shows exactly what a change adds or drops.

use std::path::Path;

#[test]
fn word_lists_have_a_header_and_are_sorted_unique_lowercase() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wordlists");
    let mut lists = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        let reader = header
            .iter()
            .find_map(|l| l.split("Read by ").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_else(|| panic!("{name}: the header names the code that reads it (Read by src/...)"));
        let reader = reader.trim_end_matches(|c: char| !c.is_alphanumeric());
        let code = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(reader))
            .unwrap_or_else(|e| panic!("{name}: its reader {reader}: {e}"));
        assert!(code.contains(&format!("= \"{name}\")")), "{name}: {reader} does not declare it with word_list!");
        let stem = name.trim_end_matches(".txt");
        assert!(header[0].starts_with(&format!("# {stem}: ")), "{name}: the header opens with the list's name");
        let entries: Vec<&str> = text.lines().skip(header.len()).collect();
        assert!(!entries.is_empty(), "{name} is empty");
        for pair in entries.windows(2) {
            assert!(pair[0] < pair[1], "{name}: {:?} then {:?} (sorted and unique)", pair[0], pair[1]);
        }
        for e in &entries {
            assert!(!e.is_empty() && *e == e.trim() && *e == e.to_lowercase(), "{name}: entry {e:?}");
        }
        lists += 1;
    }
    assert!(lists >= 20, "{lists} lists");
}

#[test]
fn no_word_list_remains_in_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                assert!(!code.contains(": &[&str] = &["), "{}: a word list in code; move it to data/wordlists/", path.display());
            }
        }
    }
}
