//! The module layers of `src/` (see `src/lib.rs`): imports point down only. A stage never
//! imports another stage (a judgement two stages share lives in `words` or `lm`), and the
//! layers below the stages import neither a stage nor the pipeline, so the module graph has
//! no cycles through them.

use std::path::Path;

const STAGES: &[&str] = &["layout", "dehyphen", "join", "segment", "columns", "marks", "correct"];

/// Modules below the stages, in layer order: each may import only those before it.
const BELOW: &[&str] = &["hash", "bytes", "edit", "error", "input", "tokens", "doc", "lexicon", "names", "channel", "lm", "words", "stage"];

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

/// The files of a stage: `src/stages/<stage>.rs` and the files of a folder of the same name
/// (the corrector's misreading index, the column stage's run reading, moved-out tests).
fn stage_files(stage: &str) -> Vec<std::path::PathBuf> {
    let stages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stages");
    let mut files: Vec<_> = [stages.join(format!("{stage}.rs"))].into_iter().filter(|f| f.is_file()).collect();
    if let Ok(folder) = std::fs::read_dir(stages.join(stage)) {
        files.extend(folder.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "rs")));
    }
    assert!(!files.is_empty(), "no source for the stage {stage}");
    files
}

#[test]
fn no_stage_imports_another_stage() {
    for stage in STAGES {
        for file in stage_files(stage) {
            let text = std::fs::read_to_string(&file).unwrap();
            let shown = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string();
            for name in named(&text) {
                assert!(
                    name == *stage || !STAGES.contains(&name.as_str()),
                    "{shown} names the stage `{name}`: move what they share into words.rs or lm.rs"
                );
            }
            // Tests may build a pipeline around the stage; the stage's own code may not.
            let tests = file.file_name().is_some_and(|n| n == "tests.rs");
            let code = if tests { "" } else { text.split("#[cfg(test)]").next().unwrap() };
            assert!(!named(code).iter().any(|n| n == "pipeline"), "{shown} names the pipeline");
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
