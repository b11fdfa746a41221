//! Punycode (RFC 3492): the `xn--` form of an internationalized host, to suggest in an error.

use super::host::split_authority;

/// The punycode (`xn--`) form of a host (with optional port), lower-cased first.
pub(super) fn punycode_authority(authority: &str) -> Option<String> {
    let (host, port) = split_authority(authority).unwrap_or((authority, None));
    let labels: Option<Vec<String>> = host
        .to_lowercase()
        .split('.')
        .map(|label| match label.is_ascii() {
            true => Some(label.to_string()),
            false => punycode_encode(label).map(|p| format!("xn--{p}")),
        })
        .collect();
    let host = labels?.join(".");
    Some(match port {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// RFC 3492 punycode encoding of one label.
fn punycode_encode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    let input: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(punycode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(punycode_digit(q));
                bias = punycode_adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

fn punycode_digit(d: u32) -> char {
    char::from(if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    })
}

fn punycode_adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 35;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
}
