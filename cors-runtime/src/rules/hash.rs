//! The compile-time hash table of exact origins: the macro builds it, the runtime probes it.

/// The hash that places exact origins in their table (`OriginList::slots`): the length and
/// the bytes eight at a time, each word mixed by a multiply and a shift, then a 64-bit
/// finalizer so that the low bits (the slot) depend on every bit of the input and of the seed.
/// Shared so that the macro builds, at compile time, the very table the runtime probes.
pub fn origin_hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |hash: u64, word: u64| {
        let hash = (hash ^ word).wrapping_mul(K);
        hash ^ (hash >> 29)
    };
    let n = bytes.len();
    let mut hash = seed.wrapping_mul(K) ^ (n as u64);
    let word = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    if n >= 8 {
        // Whole words, the last one ending at the last byte (it may overlap the one before):
        // fixed-size loads only, no copy of a remainder.
        let mut at = 0;
        while at + 8 < n {
            hash = mix(hash, word(at));
            at += 8;
        }
        hash = mix(hash, word(n - 8));
    } else {
        let short = bytes
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, b)| w | (u64::from(*b) << (8 * i)));
        hash = mix(hash, short);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

/// A collision-free table for `origins`: `(seed, slots)` where `slots[origin_hash(o, seed) &
/// (slots.len() - 1)]` is `1 + index of o` and empty slots are 0. The table has a power-of-two
/// size of at least twice the count; seeds are tried until no two origins share a slot, and the
/// table doubles if a few thousand seeds are not enough (duplicates never get a table). No
/// origins, no table: `(0, [])`, which tells the runtime not to hash at all.
pub fn origin_table(origins: &[&str]) -> (u64, Vec<u16>) {
    if origins.is_empty() {
        return (0, Vec::new());
    }
    let mut size = (origins.len() * 2).next_power_of_two().max(2);
    loop {
        let mask = size as u64 - 1;
        for seed in 0..4096u64 {
            let mut slots = vec![0u16; size];
            let placed = origins.iter().enumerate().all(|(i, o)| {
                let slot = &mut slots[(origin_hash(o.as_bytes(), seed) & mask) as usize];
                let free = *slot == 0;
                *slot = i as u16 + 1;
                free
            });
            if placed {
                return (seed, slots);
            }
        }
        assert!(size < 1 << 20, "origin_table: the list has duplicates");
        size *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_tables_place_every_origin_alone() {
        for n in [1usize, 2, 3, 10, 100, 1000] {
            let owned: Vec<String> = (0..n)
                .map(|i| format!("https://app{i}.example.com"))
                .collect();
            let origins: Vec<&str> = owned.iter().map(String::as_str).collect();
            let (seed, slots) = origin_table(&origins);
            assert!(slots.len().is_power_of_two() && slots.len() >= 2 * n);
            let mask = slots.len() as u64 - 1;
            for (i, o) in origins.iter().enumerate() {
                let slot = slots[(origin_hash(o.as_bytes(), seed) & mask) as usize];
                assert_eq!(slot as usize, i + 1, "{o} in a table of {n}");
            }
            assert_eq!(slots.iter().filter(|s| **s != 0).count(), n);
        }
        assert_eq!(origin_table(&[]), (0, Vec::new()));
        // A pair whose bytes agree in their low bits: with a hash whose low bits ignored the
        // seed's high bits, no seed would ever separate them (the search never ended).
        let pair = ["https://app.example.com", "https://admin.example.com"];
        let (seed, slots) = origin_table(&pair);
        let slot =
            |o: &str| slots[(origin_hash(o.as_bytes(), seed) & (slots.len() as u64 - 1)) as usize];
        assert_eq!((slot(pair[0]), slot(pair[1])), (1, 2));
    }
}
