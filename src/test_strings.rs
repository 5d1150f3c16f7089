//! Strings for the tests that hold two ways of doing one thing equal: a seeded
//! walk (xorshift), so every run reads the same strings.

/// `count` strings, each of up to `max_pieces` of `pieces` joined by `separator`.
pub fn strings(
    pieces: &[&str],
    separator: &str,
    max_pieces: usize,
    count: usize,
    seed: u64,
) -> Vec<String> {
    let mut seed = seed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|_| {
            let n = (next() % (max_pieces as u64 + 1)) as usize;
            (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(separator)
        })
        .collect()
}

/// The characters of `text`, each as a piece for [`strings`].
pub fn chars(text: &str) -> Vec<&str> {
    text.char_indices()
        .map(|(i, c)| &text[i..i + c.len_utf8()])
        .collect()
}
