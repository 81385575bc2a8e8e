//! The module layers of `src/` (see `src/lib.rs`): imports point down only. A stage never
//! imports another stage (a judgement two stages share lives in `words` or `lm`), and the
//! layers below the stages import neither a stage nor the pipeline, so the module graph has
//! no cycles through them.

use std::path::Path;

const STAGES: &[&str] = &["layout", "dehyphen", "join", "segment", "columns", "marks", "correct"];

/// Modules below the stages, in layer order: each may import only those before it.
const BELOW: &[&str] = &["hash", "edit", "error", "input", "tokens", "doc", "lexicon", "names", "channel", "lm", "words", "stage"];

fn source(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)).unwrap()
}

/// The modules of this crate that the code of `text` names (`crate::x`, `crate::stages::x`,
/// `super::x`); comments, where doc links name other modules, are left out.
fn named(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut out = Vec::new();
    for prefix in ["crate::stages::", "crate::", "super::"] {
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            let tail = &rest[at + prefix.len()..];
            let name: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push(name);
            rest = tail;
        }
    }
    out
}

#[test]
fn no_stage_imports_another_stage() {
    for stage in STAGES {
        // A stage is a file, or a folder of files (the corrector and its misreading index).
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stages").join(stage);
        let text = if folder.is_dir() {
            let mut all = String::new();
            for e in std::fs::read_dir(&folder).unwrap() {
                all.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
            }
            all
        } else {
            source(&format!("stages/{stage}.rs"))
        };
        for name in named(&text) {
            assert!(
                name == *stage || !STAGES.contains(&name.as_str()),
                "src/stages/{stage}.rs names the stage `{name}`: move what they share into words.rs or lm.rs"
            );
            assert!(name != "pipeline" || text.contains("mod tests"), "src/stages/{stage}.rs names the pipeline");
        }
    }
}

#[test]
fn the_layers_below_the_stages_import_only_lower_layers() {
    for (level, module) in BELOW.iter().enumerate() {
        let text = source(&format!("{module}.rs"));
        let code = text.split("#[cfg(test)]").next().unwrap();
        for name in named(code) {
            let known = BELOW.iter().position(|m| *m == name);
            assert!(
                !STAGES.contains(&name.as_str()) && name != "pipeline" && name != "stages" && name != "adapt",
                "src/{module}.rs imports `{name}`, a layer above it"
            );
            if let Some(k) = known {
                assert!(k <= level, "src/{module}.rs imports `{name}`, a later layer");
            }
        }
    }
}
