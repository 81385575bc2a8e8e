//! Pathological inputs of about 1 MB each, shared by `tests/pathological.rs` (which bounds
//! the time to clean each) and `benches/pathological.rs` (which measures it).

/// A small deterministic generator (xorshift64*), so the texts are the same on every run
/// without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Text of `size` bytes made of pieces from `next`, cut at a character boundary.
fn fill(size: usize, mut next: impl FnMut(&mut Rng, &mut String)) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = String::with_capacity(size + 64);
    while s.len() < size {
        next(&mut rng, &mut s);
    }
    let mut end = size;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s.push('\n');
    s
}

fn letter(rng: &mut Rng, from: &[u8]) -> char {
    from[rng.below(from.len())] as char
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The cases: a name and a text of about `size` bytes.
pub fn cases(size: usize) -> Vec<(&'static str, String)> {
    vec![
        // One token of letters, no space anywhere.
        ("one_token", fill(size, |r, s| s.push(letter(r, LOWER)))),
        // Tokens of 3,000 letters, one per line: the run-together search was quadratic per token.
        ("long_tokens", fill(size, |r, s| {
            for _ in 0..3000 {
                s.push(letter(r, LOWER));
            }
            s.push('\n');
        })),
        // Capitals: one run, and short words in capitals.
        ("capitals", fill(size, |r, s| s.push(letter(r, UPPER)))),
        // Words in capitals, as a heading runs (the correction stage reads such runs). Few
        // distinct words: many distinct unknown words cost a candidate search each, which is
        // linear but slow in a debug build (the bench measures that case, "distinct_garbage").
        ("capital_words", fill(size, |r, s| {
            s.push_str(r.pick(&["THE", "TUE", "GOVERNMENT", "A", "I", "OF", "TLIE", "QCs", "USSR", "II"]));
            s.push(if r.below(9) == 0 { '\n' } else { ' ' });
        })),
        // Short words joined by hyphens into one token: each word's checks scanned the token.
        ("hyphen_joined", fill(size, |r, s| {
            s.push_str(r.pick(&["a", "of", "the", "to", "in", "is", "tlie", "ami"]));
            s.push('-');
        })),
        // Punctuation only, and punctuation glued between words.
        ("punctuation", fill(size, |r, s| s.push(letter(r, b".,;:!?-'\"()[]&#*/")))),
        ("glued_punctuation", fill(size, |r, s| {
            s.push_str(r.pick(&["hereof", "and", "the", "said", "tbe"]));
            s.push(letter(r, b",.;'"));
        })),
        // Line-end hyphens and short lines, which the layout stages weigh against each other.
        ("broken_lines", fill(size, |r, s| s.push_str(r.pick(&["con-\n", "a-\n", "the\n", "-\n", "\n", "- 2 -\n", "I\n"])))),
    ]
}

/// Distinct unknown words: the candidate search's worst case, linear in the number of word
/// types (for the bench only: too slow for a debug-build test).
pub fn distinct_garbage(size: usize) -> String {
    fill(size, |r, s| {
        for _ in 0..2 + r.below(8) {
            s.push(letter(r, b"abcdefghijklmnopqrstuvwxyzIlAB.,-'"));
        }
        s.push(if r.below(12) == 0 { '\n' } else { ' ' });
    })
}
